package org.fleetmesh.rp.mesh;

import static org.fleetmesh.rp.mesh.DesiredMemberConfig.peersOf;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;
import org.fleetmesh.domain.MeshMemberState;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.persistence.operation.OperationEntity;
import org.fleetmesh.rp.arm.ArmError;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ArmModels;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.mesh.domain.AgentsMeshView;
import org.fleetmesh.rp.mesh.domain.KvstoreMeshReport;
import org.fleetmesh.rp.mesh.domain.MeshObjects;
import org.fleetmesh.rp.mesh.domain.MeshPeer;
import org.fleetmesh.rp.operation.StepResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The apply's {@code meshVerified} step: each member read back until it holds what it was given and its KVStoreMesh
 * reports its peers ready, within the connectivity wait; and the summary of the members that failed.
 */
@Component
class MeshVerification {

    private static final Logger log = LoggerFactory.getLogger(ApplyStep.LOGGER);

    private final MeshMembers members;
    private final MeshCertificates certificates;
    private final MemberClusters clusters;
    private final MeshSettings settings;
    private final ArmModels models;
    private final MemberFanOut fanOut;
    private final ApplyMembers applyMembers;
    private final DesiredMemberConfig config;

    MeshVerification(MeshMembers members, MeshCertificates certificates, MemberClusters clusters, MeshSettings settings,
            ArmModels models, MemberFanOut fanOut, ApplyMembers applyMembers, DesiredMemberConfig config) {
        this.members = members;
        this.certificates = certificates;
        this.clusters = clusters;
        this.settings = settings;
        this.models = models;
        this.fanOut = fanOut;
        this.applyMembers = applyMembers;
        this.config = config;
    }

    /**
     * Reads every member back: a member whose objects are all as desired, whose clustermesh-apiserver Deployment has
     * rolled out and is Available (its pod's readiness probes pass) and whose KVStoreMesh reports every peer ready is
     * Connected, once its Cilium agents (those that report the mesh on their metrics port) have every peer ready too.
     * Until its peers are ready it stays Connecting with a {@code PartialConnectivity} error naming them,
     * kept current at each look, and the step looks again until the connectivity wait ends; then it is Failed with
     * {@code PartialConnectivity} (a detail per peer not ready), or {@code ConnectivityTimeout} when it saw none. A
     * Connected member that this apply would have given exactly what the last one did is not read again.
     */
    StepResult verifyMesh(OperationEntity operation) {
        String operationId = operation.getId().toString();
        UUID profileId = operation.getTargetId();
        List<MemberEntity> exposed = applyMembers.exposedMembers(operation);
        Map<UUID, String> material = certificates.publicMaterial(profileId);
        Map<String, String> memberByClusterName = new TreeMap<>();
        exposed.forEach(m -> memberByClusterName.put(m.getMesh().getCiliumClusterName(), m.getName()));
        Map<UUID, Waiting> waiting = new ConcurrentSkipListMap<>();
        // A peer that failed on its own is reported on its own; its peers are not held back by it.
        Set<String> failedAtStart = failedClusterNames(exposed);
        StepResult verified = fanOut.forEachMember(operation, ApplyStep.meshVerified, exposed, member -> {
            List<MeshPeer> peers = peersOf(member, exposed);
            AppliedDigest desiredDigest = config.desiredDigest(member, material, peers);
            Optional<AppliedDigest> applied = AppliedDigest.of(member);
            if (applied.filter(desiredDigest::equals).isPresent()) {
                return;
            }
            MeshObjects desired = applied.filter(d -> d.apiServer().equals(desiredDigest.apiServer())).isPresent()
                    ? config.peerObjects(profileId, member, peers) : config.everything(profileId, member, peers);
            List<String> differences;
            Optional<String> notRunning = Optional.empty();
            Map<String, KvstoreMeshReport.PeerReadiness> reported = Map.of();
            AgentsMeshView agents = new AgentsMeshView(Map.of());
            try (MemberCluster cluster = clusters.connect(applyMembers.snapshot(member))) {
                differences = cluster.differences(desired);
                if (differences.isEmpty()) {
                    notRunning = cluster.apiServerProblem();
                }
                if (differences.isEmpty() && notRunning.isEmpty() && !peers.isEmpty()) {
                    reported = cluster.kvstoreMeshPeers();
                    Map<String, KvstoreMeshReport.PeerReadiness> kvstoreMesh = reported;
                    // The agents read every peer through KVStoreMesh: asked once it has them all.
                    if (peers.stream().allMatch(peer -> kvstoreMesh.containsKey(peer.clusterName())
                            && kvstoreMesh.get(peer.clusterName()).ready())) {
                        agents = cluster.agentsMeshView();
                    }
                }
            }
            if (!differences.isEmpty()) {
                throw new ArmException(ErrorCode.MEMBER_CLUSTER_NOT_READY, "Member '" + member.getName() + "' does not "
                        + "hold the mesh configuration it was given: " + String.join(", ", differences) + " differ. Something "
                        + "else on the cluster changes them; find it ('kubectl -n kube-system get secret,configmap -o yaml' "
                        + "shows managedFields), then apply again.", member.getName());
            }
            if (notRunning.isPresent()) {
                throw new ArmException(ErrorCode.MEMBER_CLUSTER_NOT_READY, "The clustermesh-apiserver of member '"
                        + member.getName() + "' is not available: " + notRunning.get() + ". See 'kubectl -n kube-system "
                        + "describe pods -l app.kubernetes.io/name=clustermesh-apiserver' and the containers' logs, fix "
                        + "what they report, then apply again.", member.getName());
            }
            Map<String, KvstoreMeshReport.PeerReadiness> seen = reported;
            AgentsMeshView agentsSeen = agents;
            List<ArmError> notReady = peers.stream().map(MeshPeer::clusterName).sorted()
                    .filter(peer -> !failedAtStart.contains(peer))
                    .map(peer -> Optional.ofNullable(seen.get(peer)).orElse(new KvstoreMeshReport.PeerReadiness(peer, false,
                            "KVStoreMesh does not report this peer yet")))
                    .map(peer -> peer.ready() ? agentsReadiness(peer.clusterName(), agentsSeen) : peer)
                    .filter(peer -> !peer.ready())
                    .map(peer -> ArmError.of(ErrorCode.PARTIAL_CONNECTIVITY, peer.reason(),
                            memberByClusterName.getOrDefault(peer.clusterName(), peer.clusterName())))
                    .toList();
            if (notReady.isEmpty()) {
                members.connected(member.getId(), operationId, desiredDigest);
                return;
            }
            int judged = (int) peers.stream().filter(peer -> !failedAtStart.contains(peer.clusterName())).count();
            waiting.put(member.getId(), new Waiting(member.getName(), judged, notReady, desiredDigest));
            members.connecting(member.getId(), new ArmError(ErrorCode.PARTIAL_CONNECTIVITY.code(), "KVStoreMesh on member '"
                    + member.getName() + "' does not report " + notReady.size() + " of its " + judged + " peer(s) "
                    + "ready yet: " + notReady.stream().map(ArmError::target).collect(Collectors.joining(", "))
                    + ". The service waits for them.", member.getName(), notReady), operationId);
        }, false);
        if (!waiting.isEmpty()) {
            Set<String> failedNow = failedClusterNames(members.inMesh(profileId));
            Map<String, String> clusterByMember = new TreeMap<>();
            memberByClusterName.forEach((cluster, name) -> clusterByMember.put(name, cluster));
            for (Map.Entry<UUID, Waiting> entry : List.copyOf(waiting.entrySet())) {
                Waiting w = entry.getValue();
                List<ArmError> still = w.notReady().stream()
                        .filter(peer -> !failedNow.contains(clusterByMember.getOrDefault(peer.target(), peer.target()))).toList();
                if (still.isEmpty()) {
                    members.connected(entry.getKey(), operationId, w.digest());
                    waiting.remove(entry.getKey());
                } else {
                    waiting.put(entry.getKey(), new Waiting(w.member(), w.peers() - (w.notReady().size() - still.size()),
                            still, w.digest()));
                }
            }
        }
        if (!waiting.isEmpty()) {
            Instant until = connectivityUntil(operation);
            if (Instant.now().isBefore(until)) {
                waiting.values().forEach(w -> log.info("member={} step={} event=waitingForPeers notReady={} until={}",
                        w.member(), ApplyStep.meshVerified.name(), w.notReady().stream().map(ArmError::target).toList(), until));
                return StepResult.retryLater(connectivityPoll(), waiting.size() + " member(s) wait for their peers: "
                        + waiting.values().stream().map(Waiting::member).collect(Collectors.joining(", ")));
            }
            if (verified instanceof StepResult.RetryLater) {
                // Peers a dependency failure keeps in the retry window may still come up (or fail on their own).
                return verified;
            }
            String waited = KvstoreMeshReport.goDuration(settings.connectivityWait());
            waiting.forEach((id, w) -> members.failed(id, w.notReady().size() == w.peers()
                    ? new ArmError(ErrorCode.CONNECTIVITY_TIMEOUT.code(), "No peers visible to Cilium for " + waited
                            + " (timeout: " + waited + ")", w.member(), w.notReady())
                    : new ArmError(ErrorCode.PARTIAL_CONNECTIVITY.code(), "KVStoreMesh on member '" + w.member() + "' did not "
                            + "reach " + w.notReady().size() + " of its " + w.peers() + " peer(s) within " + waited + ": "
                            + w.notReady().stream().map(ArmError::target).collect(Collectors.joining(", ")) + ". Each "
                            + "detail says what it reported; allow TCP 2379 between the members' networks (NSGs, VNet "
                            + "peering) or fix what it names, then apply again.", w.member(), w.notReady()),
                    operationId, false));
        }
        if (verified instanceof StepResult.RetryLater) {
            return verified;
        }
        List<MemberEntity> inMesh = members.inMesh(profileId);
        if (!inMesh.isEmpty() && inMesh.stream().noneMatch(m -> m.inMeshState(MeshMemberState.Connected))) {
            return StepResult.failed(summary(inMesh).orElseThrow());
        }
        return StepResult.done();
    }

    /**
     * A peer KVStoreMesh has ready, as the member's agents see it: not ready while the agent on some node (of those
     * that report the mesh) does not have it yet, e.g. because it was not restarted with the member's identity.
     */
    private static KvstoreMeshReport.PeerReadiness agentsReadiness(String peer, AgentsMeshView agents) {
        List<String> without = agents.nodesWithout(peer);
        if (without.isEmpty()) {
            return new KvstoreMeshReport.PeerReadiness(peer, true, null);
        }
        return new KvstoreMeshReport.PeerReadiness(peer, false, "KVStoreMesh has this peer ready, but the Cilium agents on "
                + without.size() + " of " + agents.readinessByNode().size() + " node(s) do not report it ready yet ("
                + String.join(", ", without.subList(0, Math.min(3, without.size()))) + (without.size() > 3 ? ", ..." : "")
                + "; cilium_clustermesh_remote_cluster_readiness_status). See 'cilium-dbg status' in the agent pods there.");
    }

    /** One error whose details name each member that failed, when any did. */
    Optional<ArmError> summary(List<MemberEntity> inMesh) {
        List<ArmError> failures = inMesh.stream().filter(m -> m.inMeshState(MeshMemberState.Failed))
                .map(m -> m.getMesh().getError() == null ? ArmError.of(ErrorCode.INTERNAL_SERVER_ERROR, "failed", m.getName())
                        : models.read(m.getMesh().getError()))
                .toList();
        if (failures.isEmpty()) {
            return Optional.empty();
        }
        long connected = inMesh.stream().filter(m -> m.inMeshState(MeshMemberState.Connected)).count();
        return Optional.of(new ArmError(ErrorCode.MESH_MEMBERS_FAILED.code(), failures.size() + " of " + inMesh.size()
                + " member(s) could not be connected (" + connected + " connected). Each member's "
                + "meshProperties.status.error says why and what to do; fix them and apply again.", null, failures));
    }

    /** A member whose KVStoreMesh does not report all its peers ready yet. */
    private record Waiting(String member, int peers, List<ArmError> notReady, AppliedDigest digest) {
    }

    private static Set<String> failedClusterNames(List<MemberEntity> inMesh) {
        return inMesh.stream().filter(m -> m.inMeshState(MeshMemberState.Failed))
                .map(m -> m.getMesh().getCiliumClusterName()).collect(Collectors.toSet());
    }

    /** Until when members wait for their peers: the connectivity wait from the apply's start, within its deadline. */
    private Instant connectivityUntil(OperationEntity operation) {
        Instant wait = operation.getStartTime().plus(settings.connectivityWait());
        return wait.isBefore(operation.getDeadline()) ? wait : operation.getDeadline();
    }

    /** How often KVStoreMesh is asked again: a tenth of the wait, between half a second and 15 seconds. */
    private Duration connectivityPoll() {
        Duration tenth = settings.connectivityWait().dividedBy(10);
        return tenth.compareTo(Duration.ofMillis(500)) < 0 ? Duration.ofMillis(500)
                : tenth.compareTo(Duration.ofSeconds(15)) > 0 ? Duration.ofSeconds(15) : tenth;
    }
}
