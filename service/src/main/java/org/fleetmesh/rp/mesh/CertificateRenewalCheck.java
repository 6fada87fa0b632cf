package org.fleetmesh.rp.mesh;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileEntity;
import org.fleetmesh.persistence.mesh.MeshCertificateRepository;
import org.fleetmesh.rp.operation.RecurringWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Renewal nobody has to think about: at every check (one replica at a time), each mesh holding a certificate past its
 * renewal point is re-applied with the selector it was last applied with. The apply's {@code certificatesIssued} step
 * renews what is due, and its later steps write only the Secrets that changed, so members whose certificates are not
 * due are left alone. A mesh that is busy (an apply or a member write running) is tried again at the next check.
 */
@Component
public class CertificateRenewalCheck implements RecurringWork {

    private static final Logger log = LoggerFactory.getLogger(CertificateRenewalCheck.class);

    private final MeshCertificateRepository certificates;
    private final ObjectProvider<ClusterMeshProfileService> profiles;
    private final MeshCertificateMetrics metrics;
    private final MeshSettings settings;
    private final Clock clock;

    /** The profiles are looked up when first needed: they start operations, whose scheduler runs this check. */
    CertificateRenewalCheck(MeshCertificateRepository certificates, ObjectProvider<ClusterMeshProfileService> profiles,
            MeshCertificateMetrics metrics, MeshSettings settings, Clock clock) {
        this.certificates = certificates;
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

    /** Starts a renewing re-apply on every mesh with certificates due; returns the profiles it started one on. */
    public List<UUID> renewDue() {
        List<UUID> due = certificates.findProfilesWithCertificatesDue(settings.certificateRenewalPoint(), clock.instant());
        List<UUID> started = due.stream().filter(profileId -> profiles.getObject().reapply(profileId).map(ClusterMeshProfileEntity::getId)
                .isPresent()).toList();
        if (!due.isEmpty()) {
            log.info("event=certificateRenewalCheck meshesDue={} reapplied={}", due.size(), started.size());
        }
        metrics.refresh();
        return started;
    }
}
