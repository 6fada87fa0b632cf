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
import org.fleetmesh.persistence.mesh.MeshConnectivityRepository;
import org.fleetmesh.rp.mesh.domain.ConnectivityMatrix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each mesh's health on the actuator's Prometheus endpoint, read from the database on every replica once a minute
 * (and after each renewal check), so all replicas agree:
 * <ul>
 *   <li>{@code fleetmesh_mesh_certificates_expiration_seconds{mesh,certificate="member"|"ca"}}: the Unix time at which
 *       the first certificate its members hold (as last written to them), or its CA, expires; alert on it minus
 *       {@code time()};</li>
 *   <li>{@code fleetmesh_mesh_members{mesh,state}}: its members by mesh state;</li>
 *   <li>{@code fleetmesh_mesh_peers_not_ready{mesh}}: the member-to-peer pairs its last observation (health check or
 *       listConnectivity) found not ready;</li>
 *   <li>{@code fleetmesh_mesh_drifted_objects{mesh}}: the objects its members hold that the last observation found
 *       deleted or changed by someone else since an apply gave them.</li>
 * </ul>
 * {@code mesh} is the profile's resource id.
 */
@Component
class MeshMetrics implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MeshMetrics.class);
    private static final Duration REFRESH = Duration.ofMinutes(1);

    private final MultiGauge expiration;
    private final MultiGauge membersByState;
    private final MultiGauge peersNotReady;
    private final MultiGauge driftedObjects;
    private final MemberRepository members;
    private final MeshCertificateAuthorityRepository authorities;
    private final ClusterMeshProfileRepository profiles;
    private final MeshConnectivityRepository observations;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private volatile ScheduledExecutorService refresher;

    MeshMetrics(MeterRegistry registry, MemberRepository members, MeshCertificateAuthorityRepository authorities,
            ClusterMeshProfileRepository profiles, MeshConnectivityRepository observations, TransactionTemplate transactions,
            JsonMapper json) {
        this.expiration = MultiGauge.builder("fleetmesh.mesh.certificates.expiration")
                .description("Unix time at which the first certificate of the kind expires in the mesh")
                .baseUnit("seconds")
                .register(registry);
        this.membersByState = MultiGauge.builder("fleetmesh.mesh.members")
                .description("Members of the mesh in the state").register(registry);
        this.peersNotReady = MultiGauge.builder("fleetmesh.mesh.peers.not.ready")
                .description("Member-to-peer pairs of the mesh that the last observation found not ready").register(registry);
        this.driftedObjects = MultiGauge.builder("fleetmesh.mesh.drifted.objects")
                .description("Objects the mesh's members hold that the last observation found not as an apply gave them")
                .register(registry);
        this.members = members;
        this.authorities = authorities;
        this.profiles = profiles;
        this.observations = observations;
        this.transactions = transactions;
        this.json = json;
    }

    /** Reads every mesh's figures and replaces the gauges' rows with them (meshes gone drop out). */
    void refresh() {
        transactions.executeWithoutResult(status -> {
            Map<UUID, String> meshes = profiles.findAll().stream().collect(Collectors.toMap(ClusterMeshProfileEntity::getId,
                    ClusterMeshProfileIds::resourceId));
            List<MultiGauge.Row<?>> expiries = new ArrayList<>();
            members.findEarliestCertificateExpiryByMesh().stream().filter(e -> meshes.containsKey(e.getProfileId()))
                    .forEach(e -> expiries.add(row(meshes.get(e.getProfileId()), "member", e.getNotAfter())));
            authorities.findAll().stream().filter(ca -> meshes.containsKey(ca.getProfileId()))
                    .forEach(ca -> expiries.add(row(meshes.get(ca.getProfileId()), "ca", ca.getNotAfter())));
            expiration.register(expiries, true);
            membersByState.register(members.countByMeshAndState().stream().filter(c -> meshes.containsKey(c.getProfileId()))
                    .<MultiGauge.Row<?>>map(c -> MultiGauge.Row.of(Tags.of("mesh", meshes.get(c.getProfileId()), "state",
                            c.getState().name()), c.getMembers())).toList(), true);
            List<MultiGauge.Row<?>> notReady = new ArrayList<>();
            List<MultiGauge.Row<?>> drifted = new ArrayList<>();
            observations.findAll().stream().filter(o -> meshes.containsKey(o.getProfileId())).forEach(o -> {
                ConnectivityMatrix matrix = json.readValue(o.getObservation(), ConnectivityMatrix.class);
                Tags mesh = Tags.of("mesh", meshes.get(o.getProfileId()));
                notReady.add(MultiGauge.Row.of(mesh, matrix.notReady()));
                drifted.add(MultiGauge.Row.of(mesh, matrix.drifted()));
            });
            peersNotReady.register(notReady, true);
            driftedObjects.register(drifted, true);
        });
    }

    private static MultiGauge.Row<?> row(String mesh, String certificate, Instant notAfter) {
        return MultiGauge.Row.of(Tags.of("mesh", mesh, "certificate", certificate), notAfter.getEpochSecond());
    }

    @Override
    public void start() {
        refresher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "mesh-metrics");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(() -> {
            try {
                refresh();
            } catch (RuntimeException e) {
                // The next refresh tries again; until then the gauges keep their last values.
                log.warn("event=meshMetricsRefreshFailed reason=\"{}\"", e.toString());
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
