package org.fleetmesh.rp.mesh;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.fleetmesh.persistence.member.MemberRepository;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileEntity;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileRepository;
import org.fleetmesh.persistence.mesh.MeshCertificateAuthorityRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * When each mesh's certificates expire, on the actuator's Prometheus endpoint as
 * {@code fleetmesh_mesh_certificates_expiration_seconds{mesh="<profile resource id>",certificate="member"|"ca"}}: the
 * Unix time at which the first certificate its members hold (as last pushed to them), or its CA, expires. Alert on it
 * minus {@code time()}.
 * Every replica reads it from the database, once a minute and after each renewal check, so all replicas agree.
 */
@Component
class MeshCertificateMetrics implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MeshCertificateMetrics.class);
    private static final Duration REFRESH = Duration.ofMinutes(1);

    private final MultiGauge expiration;
    private final MemberRepository members;
    private final MeshCertificateAuthorityRepository authorities;
    private final ClusterMeshProfileRepository profiles;
    private final TransactionTemplate transactions;
    private volatile ScheduledExecutorService refresher;

    MeshCertificateMetrics(MeterRegistry registry, MemberRepository members,
            MeshCertificateAuthorityRepository authorities, ClusterMeshProfileRepository profiles,
            TransactionTemplate transactions) {
        this.expiration = MultiGauge.builder("fleetmesh.mesh.certificates.expiration")
                .description("Unix time at which the first certificate of the kind expires in the mesh")
                .baseUnit("seconds")
                .register(registry);
        this.members = members;
        this.authorities = authorities;
        this.profiles = profiles;
        this.transactions = transactions;
    }

    /** Reads every mesh's earliest expiries and replaces the gauges' rows with them (meshes gone drop out). */
    void refresh() {
        List<MultiGauge.Row<?>> rows = transactions.execute(status -> {
            Map<UUID, String> meshes = profiles.findAll().stream().collect(Collectors.toMap(ClusterMeshProfileEntity::getId,
                    ClusterMeshProfileIds::resourceId));
            List<MultiGauge.Row<?>> read = new ArrayList<>();
            members.findEarliestCertificateExpiryByMesh().stream().filter(e -> meshes.containsKey(e.getProfileId()))
                    .forEach(e -> read.add(row(meshes.get(e.getProfileId()), "member", e.getNotAfter())));
            authorities.findAll().stream().filter(ca -> meshes.containsKey(ca.getProfileId()))
                    .forEach(ca -> read.add(row(meshes.get(ca.getProfileId()), "ca", ca.getNotAfter())));
            return read;
        });
        expiration.register(rows, true);
    }

    private static MultiGauge.Row<?> row(String mesh, String certificate, Instant notAfter) {
        return MultiGauge.Row.of(Tags.of("mesh", mesh, "certificate", certificate), notAfter.getEpochSecond());
    }

    @Override
    public void start() {
        refresher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "certificate-metrics");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(() -> {
            try {
                refresh();
            } catch (RuntimeException e) {
                // The next refresh tries again; until then the gauges keep their last values.
                log.warn("event=certificateMetricsRefreshFailed reason=\"{}\"", e.toString());
            }
        }, 0, REFRESH.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        refresher.shutdownNow();
        refresher = null;
    }

    @Override
    public boolean isRunning() {
        return refresher != null;
    }
}
