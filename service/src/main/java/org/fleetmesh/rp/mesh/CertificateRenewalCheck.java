package org.fleetmesh.rp.mesh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.fleetmesh.persistence.mesh.MeshCertificateAuthorityRepository;
import org.fleetmesh.persistence.mesh.MeshCertificateRepository;
import org.fleetmesh.rp.operation.RecurringWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Renewal nobody has to think about: at every check (one replica at a time), each mesh holding a certificate past its
 * renewal point, or whose CA needs rolling over, is re-applied with the selector it was last applied with. The apply's {@code certificatesIssued} step
 * renews what is due, and its later steps write only the Secrets that changed, so members whose certificates are not
 * due are left alone. A mesh that is busy (an apply or a member write running) is tried again at the next check.
 */
@Component
public class CertificateRenewalCheck implements RecurringWork {

    private static final Logger log = LoggerFactory.getLogger(CertificateRenewalCheck.class);

    private final MeshCertificateRepository certificates;
    private final MeshCertificateAuthorityRepository authorities;
    private final ObjectProvider<ClusterMeshProfileService> profiles;
    private final MeshMetrics metrics;
    private final MeshSettings settings;
    private final Clock clock;

    /** The profiles are looked up when first needed: they start operations, whose scheduler runs this check. */
    CertificateRenewalCheck(MeshCertificateRepository certificates, MeshCertificateAuthorityRepository authorities,
            ObjectProvider<ClusterMeshProfileService> profiles,
            MeshMetrics metrics, MeshSettings settings, Clock clock) {
        this.certificates = certificates;
        this.authorities = authorities;
        this.profiles = profiles;
        this.metrics = metrics;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "mesh-certificate-renewal";
    }

    @Override
    public Duration interval() {
        return settings.certificateRenewalCheck();
    }

    @Override
    public void run() {
        renewDue();
    }

    /**
     * Starts a re-apply on every mesh that needs one: with member certificates due, with a CA past its renewal point
     * (which begins its rollover), or with a rollover under way that no operation is moving on (an earlier apply left
     * it waiting for a member). Returns the profiles it started one on.
     */
    public List<UUID> renewDue() {
        Instant now = clock.instant();
        Set<UUID> authorityDue = new LinkedHashSet<>(authorities.findProfilesWithAuthorityDue(
                settings.certificateRenewalPoint(), now));
        Set<UUID> due = new LinkedHashSet<>(authorityDue);
        due.addAll(authorities.findProfilesInRollover());
        due.addAll(certificates.findProfilesWithCertificatesDue(settings.certificateRenewalPoint(), now));
        List<UUID> started = due.stream().filter(profileId -> profiles.getObject()
                .reapply(profileId, authorityDue.contains(profileId)).isPresent()).toList();
        if (!due.isEmpty()) {
            log.info("event=certificateRenewalCheck meshesDue={} authoritiesDue={} reapplied={}", due.size(),
                    authorityDue.size(), started.size());
        }
        metrics.refresh();
        return started;
    }
}
