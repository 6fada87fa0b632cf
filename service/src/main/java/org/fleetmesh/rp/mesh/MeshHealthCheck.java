package org.fleetmesh.rp.mesh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.fleetmesh.domain.MeshMemberState;
import org.fleetmesh.domain.MeshState;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.persistence.member.MemberRepository;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileEntity;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileRepository;
import org.fleetmesh.rp.arm.ArmError;
import org.fleetmesh.rp.arm.ArmModels;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.mesh.domain.ConnectivityMatrix;
import org.fleetmesh.rp.operation.Operations;
import org.fleetmesh.rp.operation.RecurringWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Mesh health kept current after an apply: at every check (one replica at a time) each mesh with members
 * {@code Connected} is observed as {@code listConnectivity} observes it, and its members' status follows. A member
 * that no longer holds what it was given (an object deleted or edited behind the service's back, its apiserver given
 * another address) becomes {@code Failed} with {@code MeshConfigurationDrifted} naming the objects; one whose
 * KVStoreMesh has lost a peer becomes {@code Failed} with {@code PartialConnectivity} naming it; a member failed that
 * way whose objects and peers are all well again is {@code Connected}; the profile's state follows its members. It
 * never writes to a member cluster (the next apply repairs), and it leaves a mesh alone while an operation runs on it.
 */
@Component
public class MeshHealthCheck implements RecurringWork {

    private static final Logger log = LoggerFactory.getLogger(MeshHealthCheck.class);
    /** What a health check may turn back into Connected: a failure it could have found itself. */
    private static final Set<String> OBSERVABLE_FAILURES = Set.of(ErrorCode.PARTIAL_CONNECTIVITY.code(),
            ErrorCode.CONNECTIVITY_TIMEOUT.code(), ErrorCode.MESH_CONFIGURATION_DRIFTED.code());

    private final ClusterMeshProfileRepository profiles;
    private final MemberRepository memberRows;
    private final MeshMembers members;
    private final ObjectProvider<MeshConnectivity> connectivity;
    private final ObjectProvider<Operations> operations;
    private final ArmModels models;
    private final TransactionTemplate transactions;
    private final MeshSettings settings;
    private final MeshMetrics metrics;

    /** Connectivity and operations are looked up when first needed: both reach the scheduler that runs this check. */
    MeshHealthCheck(ClusterMeshProfileRepository profiles, MemberRepository memberRows, MeshMembers members,
            ObjectProvider<MeshConnectivity> connectivity, ObjectProvider<Operations> operations, ArmModels models,
            TransactionTemplate transactions, MeshSettings settings, MeshMetrics metrics) {
        this.profiles = profiles;
        this.memberRows = memberRows;
        this.members = members;
        this.connectivity = connectivity;
        this.operations = operations;
        this.models = models;
        this.transactions = transactions;
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return "mesh-health-check";
    }

    @Override
    public Duration interval() {
        return settings.healthCheckInterval();
    }

    @Override
    public void run() {
        checkAll();
    }

    /** Checks every mesh with Connected or Degraded state; returns how many it checked. */
    public int checkAll() {
        List<ClusterMeshProfileEntity> meshes = profiles.findByStateIn(List.of(MeshState.Connected, MeshState.Degraded));
        int checked = 0;
        for (ClusterMeshProfileEntity profile : meshes) {
            String resourceId = ClusterMeshProfileIds.resourceId(profile);
            if (!operations.getObject().runningWithin(resourceId).isEmpty()) {
                continue;
            }
            ConnectivityMatrix matrix = connectivity.getObject().observeAndKeep(profile);
            transactions.executeWithoutResult(status -> follow(profile, matrix, resourceId));
            checked++;
        }
        metrics.refresh();
        return checked;
    }

    /** The members' status and the profile's state as the observation shows them, unless an operation began meanwhile. */
    private void follow(ClusterMeshProfileEntity observed, ConnectivityMatrix matrix, String resourceId) {
        if (!operations.getObject().runningWithin(resourceId).isEmpty()) {
            return;
        }
        Map<String, MemberEntity> byName = memberRows.findInMesh(observed.getId()).stream()
                .collect(Collectors.toMap(MemberEntity::getName, Function.identity()));
        for (ConnectivityMatrix.Member seen : matrix.members()) {
            MemberEntity member = byName.get(seen.name());
            if (member == null) {
                continue;
            }
            List<ConnectivityMatrix.Peer> notReady = seen.peers().stream().filter(peer -> !peer.ready()).toList();
            boolean healthy = seen.error() == null && notReady.isEmpty() && seen.drifted().isEmpty();
            if (!healthy && (member.inMeshState(MeshMemberState.Connected) || failedAsObserved(member))) {
                ArmError error = seen.drifted().isEmpty() ? lost(seen, notReady) : drifted(seen, notReady);
                if (!models.store(error).equals(member.getMesh().getError())) {
                    members.change(member, MeshMemberState.Failed, error, member.getMesh().getLastOperationId());
                }
            } else if (healthy && failedAsObserved(member)) {
                members.change(member, MeshMemberState.Connected, null, member.getMesh().getLastOperationId());
            }
        }
        profiles.findById(observed.getId()).ifPresent(profile -> {
            MeshState state = MeshState.after(byName.values().stream().map(m -> m.getMesh().getState()).toList());
            if (state != profile.getState()) {
                log.info("profile={} event=healthChanged from={} to={}", profile.getName(), profile.getState(), state);
                profile.setState(state);
            }
        });
    }

    /** Failed for a reason a health check observes, so the next one may find it different, or gone. */
    private boolean failedAsObserved(MemberEntity member) {
        return member.inMeshState(MeshMemberState.Failed) && member.getMesh().getError() != null
                && OBSERVABLE_FAILURES.contains(models.read(member.getMesh().getError()).code());
    }

    /**
     * What a member that no longer holds what it was given is failed with: one detail per object, then one per peer
     * not ready (often because of them).
     */
    private static ArmError drifted(ConnectivityMatrix.Member seen, List<ConnectivityMatrix.Peer> notReady) {
        List<ArmError> details = new ArrayList<>();
        seen.drifted().forEach(object -> details.add(ArmError.of(ErrorCode.MESH_CONFIGURATION_DRIFTED, object
                + " is not as the service gave it", object)));
        notReady.forEach(peer -> details.add(ArmError.of(ErrorCode.PARTIAL_CONNECTIVITY, String.valueOf(peer.message()),
                peer.name())));
        return new ArmError(ErrorCode.MESH_CONFIGURATION_DRIFTED.code(), "Member '" + seen.name() + "' no longer holds "
                + "the mesh configuration it was given: " + String.join(", ", seen.drifted()) + ". Something else on the "
                + "cluster deleted or changed them; find it ('kubectl -n kube-system get <kind> <name> -o yaml' shows "
                + "managedFields), then apply again to put them back.", seen.name(), details);
    }

    /** What a member that lost peers, or could not be read, is failed with; one detail per peer not ready. */
    private static ArmError lost(ConnectivityMatrix.Member seen, List<ConnectivityMatrix.Peer> notReady) {
        List<ArmError> details = notReady.stream()
                .map(peer -> ArmError.of(ErrorCode.PARTIAL_CONNECTIVITY, String.valueOf(peer.message()), peer.name())).toList();
        String why = seen.error() != null ? "could not be read by the health check: " + seen.error()
                : "does not report " + notReady.size() + " of its " + seen.peers().size() + " peer(s) ready any more: "
                        + notReady.stream().map(ConnectivityMatrix.Peer::name).collect(Collectors.joining(", "));
        return new ArmError(ErrorCode.PARTIAL_CONNECTIVITY.code(), "KVStoreMesh on member '" + seen.name() + "' " + why
                + ". Each detail says what it reported; fix what they name (allow TCP 2379 between the members' networks, "
                + "check the peers' clustermesh-apiserver), then apply again.", seen.name(), details);
    }
}
