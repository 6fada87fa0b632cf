package org.fleetmesh.rp.mesh;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.persistence.member.MemberRepository;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileEntity;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileRepository;
import org.fleetmesh.persistence.operation.OperationEntity;
import org.fleetmesh.rp.arm.ArmError;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ArmModels;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.member.AksClusters;
import org.fleetmesh.rp.member.MemberService;
import org.fleetmesh.rp.member.domain.AksCluster;
import org.fleetmesh.rp.mesh.checks.domain.MeshPrerequisites;
import org.fleetmesh.rp.mesh.checks.domain.PrerequisiteReport;
import org.fleetmesh.rp.member.domain.LabelSelector;
import org.fleetmesh.rp.mesh.domain.CiliumAgents;
import org.fleetmesh.rp.mesh.domain.CiliumVersion;
import org.fleetmesh.rp.mesh.domain.KvstoreMeshReport;
import org.fleetmesh.rp.mesh.domain.MemberMeshConfig;
import org.fleetmesh.rp.mesh.domain.MeshMemberState;
import org.fleetmesh.rp.mesh.domain.MeshObjects;
import org.fleetmesh.rp.mesh.domain.RolloverPhase;
import org.fleetmesh.rp.mesh.domain.Sha256;
import org.fleetmesh.rp.mesh.domain.MeshPlan;
import org.fleetmesh.rp.mesh.domain.MeshState;
import org.fleetmesh.rp.operation.OperationProgress;
import org.fleetmesh.rp.operation.OperationStep;
import org.fleetmesh.rp.operation.OperationType;
import org.fleetmesh.rp.operation.StepResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * POST apply: makes the member clusters form the mesh the profile's selector chose when apply was called. Each
 * step ensures one state across all members, in parallel up to the configured bound; a member that fails is
 * reported on its own {@code meshProperties} and left out of what follows, and the others go ahead.
 */
@Component
class ClusterMeshApply implements OperationType {

    static final String KIND = "ClusterMeshProfiles_Apply";
    private static final Logger log = LoggerFactory.getLogger(ClusterMeshApply.class);
    private static final Duration FIRST_ADDRESS_POLL = Duration.ofMillis(100);
    private static final Duration LAST_ADDRESS_POLL = Duration.ofSeconds(2);

    private final ClusterMeshProfileRepository profiles;
    private final MemberRepository memberRows;
    private final MeshMembers members;
    private final MeshCertificates certificates;
    private final AksClusters aks;
    private final MemberClusters clusters;
    private final MeshSettings settings;
    private final OperationProgress progress;
    private final TransactionTemplate transactions;
    private final ArmModels models;
    private final ClusterMeshProfileModels profileModels;
    private final MeshWorkers workers;
    private final ClusterReadings readings;
    private final JsonMapper json;
    private final List<OperationStep> steps;

    ClusterMeshApply(ClusterMeshProfileRepository profiles, MemberRepository memberRows, MeshMembers members,
            MeshCertificates certificates, AksClusters aks, MemberClusters clusters, MeshSettings settings,
            OperationProgress progress, TransactionTemplate transactions, ArmModels models,
            ClusterMeshProfileModels profileModels, MeshWorkers workers, ClusterReadings readings, JsonMapper json) {
        this.profiles = profiles;
        this.memberRows = memberRows;
        this.members = members;
        this.certificates = certificates;
        this.aks = aks;
        this.clusters = clusters;
        this.settings = settings;
        this.progress = progress;
        this.transactions = transactions;
        this.models = models;
        this.profileModels = profileModels;
        this.workers = workers;
        this.readings = readings;
        this.json = json;
        this.steps = List.of(
                OperationStep.of("membershipPlanned", this::planMembership),
                OperationStep.of("prerequisitesChecked", this::checkPrerequisites),
                OperationStep.of("certificatesIssued", this::issueCertificates),
                OperationStep.of("apiServersExposed", this::exposeApiServers),
                OperationStep.of("peersConfigured", this::configurePeers),
                OperationStep.of("agentsRestarted", this::restartAgents),
                OperationStep.of("departedMembersDisconnected", this::disconnectDeparted),
                OperationStep.of("meshVerified", this::verifyMesh),
                OperationStep.of("rolledOverCertificatesDelivered", this::deliverRolledOverCertificates),
                OperationStep.of("previousAuthorityRetired", this::retirePreviousAuthority));
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<OperationStep> steps() {
        return steps;
    }

    @Override
    public Optional<Object> result(OperationEntity operation) {
        return profiles.findById(operation.getTargetId()).map(profileModels::toModel);
    }

    /** Who joins (with which Cilium identity), who stays and who leaves, from the selector apply snapshotted. */
    private StepResult planMembership(OperationEntity operation) {
        ClusterMeshProfileEntity profile = profile(operation);
        MeshPlan plan;
        try {
            plan = transactions.execute(status -> MeshPlan.of(profile.getId(),
                    LabelSelector.parse(profile.getLastAppliedMemberSelector()),
                    memberRows.findAllInFleet(profile.getFleet().getId()).stream().map(ClusterMeshApply::candidate).toList()));
        } catch (MeshPlan.TooManyMembersException tooMany) {
            return StepResult.failed(ArmError.of(ErrorCode.TOO_MANY_MESH_MEMBERS, tooMany.getMessage(),
                    "properties.memberSelector.byLabel"));
        }
        String operationId = operation.getId().toString();
        return StepResult.doneAfter(() -> {
            Instant now = Instant.now();
            for (MeshPlan.Joining joining : plan.joining()) {
                memberRows.findById(joining.memberId()).ifPresent(member -> {
                    member.joinMesh(profile, joining.clusterId(), joining.clusterName(), MeshMemberState.Connecting.name(),
                            operationId, now);
                    log.info("member={} profile={} event=meshStateChanged from=null to=Connecting clusterId={}",
                            member.getName(), profile.getName(), joining.clusterId());
                });
            }
            plan.staying().forEach(id -> memberRows.findById(id).ifPresent(member -> {
                if (!MeshMemberState.Connected.name().equals(member.getMeshState())) {
                    members.change(member, MeshMemberState.Connecting, null, operationId);
                }
            }));
            plan.leaving().forEach(id -> memberRows.findById(id)
                    .ifPresent(member -> members.change(member, MeshMemberState.Disconnecting, null, operationId)));
            log.info("profile={} event=planned joining={} staying={} leaving={} blocked={}", profile.getName(),
                    plan.joining().size(), plan.staying().size(), plan.leaving().size(), plan.blocked().size());
        });
    }

    /**
     * Reads every member that stays in the mesh from Azure, once, and checks every prerequisite on that reading. A
     * member that fails any check is Failed with each failed check in its error's details and is not pushed; the
     * reading of the others is kept, and the later steps reach their clusters through it.
     */
    private StepResult checkPrerequisites(OperationEntity operation) {
        String operationId = operation.getId().toString();
        List<MemberEntity> staying = members.inMesh(operation.getTargetId()).stream()
                .filter(ClusterMeshApply::staysInMesh).toList();
        ClusterReadings.Reading reading = readings.read(staying);
        List<MeshPrerequisites.Member> checked = staying.stream().filter(m -> reading.clusters().containsKey(m.getId()))
                .map(m -> reading.member(m, MeshMemberState.Connected.name().equals(m.getMeshState()), null))
                .toList();
        Map<String, ArmError> unavailable = new TreeMap<>();
        staying.stream().filter(m -> reading.failures().containsKey(m.getId())
                        && ErrorCode.isTransient(reading.failures().get(m.getId()).code()))
                .forEach(m -> unavailable.put(m.getName(), reading.failures().get(m.getId())));
        if (!unavailable.isEmpty() && Instant.now().isBefore(retryUntil(operation))) {
            unavailable.forEach((name, error) -> log.info("member={} step={} event=retrying code={} attempt={} reason=\"{}\"",
                    name, steps.get(1).name(), error.code(), operation.getAttempts() + 1, error.message()));
            return retryMembers(unavailable);
        }
        PrerequisiteReport report = MeshPrerequisites.check(checked, reading.networks());
        progress.report(operation.getId(), 1, steps.size(), staying.size(), staying.size());
        return StepResult.doneAfter(() -> staying.forEach(member -> memberRows.findById(member.getId()).ifPresent(row -> {
            ArmError unreadable = reading.failures().get(member.getId());
            if (unreadable != null) {
                withdraw(row, unreadable, operationId);
            } else if (report.excludedMembers().contains(member.getName())) {
                withdraw(row, PrerequisiteErrors.of(member.getName(), report.failures(member.getName())), operationId);
            } else {
                row.setMeshClusterSnapshot(json.writeValueAsString(reading.clusters().get(member.getId())));
                row.setCiliumVersion(reading.agents().get(member.getId()).version().orElseThrow().toString());
            }
        })));
    }

    /** The member fails this apply and leaves its peers' lists until it is fixed. */
    private void withdraw(MemberEntity member, ArmError error, String operationId) {
        member.setMeshApiServerAddresses(List.of());
        members.change(member, MeshMemberState.Failed, error, operationId);
    }

    /** The member's cluster as this apply read it; a member that left before any reading is read now. */
    private AksCluster snapshot(MemberEntity member) {
        return member.getMeshClusterSnapshot() == null ? aks.get(member.getClusterResourceId())
                : json.readValue(member.getMeshClusterSnapshot(), AksCluster.class);
    }

    private StepResult issueCertificates(OperationEntity operation) {
        UUID profileId = operation.getTargetId();
        List<MeshCertificates.Holder> holders = members.inMesh(profileId).stream().filter(ClusterMeshApply::goingAhead)
                .map(m -> new MeshCertificates.Holder(m.getId(), m.getCiliumClusterName())).toList();
        MeshCertificates.Issued issued = certificates.issueMissingOrDue(profileId, holders);
        return StepResult.doneAfter(issued::store);
    }

    /** Every member runs its clustermesh-apiserver, and the cloud has given it an address the peers can reach. */
    private StepResult exposeApiServers(OperationEntity operation) {
        UUID profileId = operation.getTargetId();
        List<MemberEntity> joining = members.inMesh(profileId).stream().filter(ClusterMeshApply::goingAhead).toList();
        Map<UUID, String> material = certificates.publicMaterial(profileId);
        List<MemberEntity> exposed = exposedMembers(operation);
        return forEachMember(operation, 3, joining, member -> {
            if (!member.getMeshApiServerAddresses().isEmpty()
                    && AppliedDigest.of(member).filter(d -> d.apiServer().equals(apiServerDigest(member, material))).isPresent()) {
                return;
            }
            // The peers known so far: an existing member whose apiserver changes keeps resolving them. A joining
            // member's pod waits for the peers step, which knows every peer, so it starts once and is not restarted.
            MeshCertificates.Held held = certificates.held(profileId, member.getId());
            MeshObjects desired = MemberMeshConfig.apiServer(identity(member), release(member), held.secrets(),
                    peersOf(member, exposed));
            if (AppliedDigest.of(member).isEmpty()) {
                desired = desired.withoutApiServerDeployment();
            }
            try (MemberCluster cluster = clusters.connect(snapshot(member))) {
                cluster.ensure(desired);
                List<String> addresses = awaitAddress(cluster);
                if (addresses.isEmpty()) {
                    throw new ArmException(ErrorCode.MEMBER_CLUSTER_NOT_READY, "The clustermesh-apiserver Service of member '"
                            + member.getName() + "' got no internal load-balancer address within "
                            + settings.loadBalancerWait().toSeconds() + " seconds. Give the cluster's identity the Network "
                            + "Contributor role on its virtual network (az role assignment create --role \"Network "
                            + "Contributor\" ...), check 'kubectl -n kube-system describe service clustermesh-apiserver', "
                            + "then apply again.", member.getName());
                }
                members.exposed(member.getId(), addresses, held.earliestNotAfter());
            }
        }, true);
    }

    /** Every member lists every other exposed member as its peer, existing members included. */
    private StepResult configurePeers(OperationEntity operation) {
        List<MemberEntity> exposed = exposedMembers(operation);
        UUID profileId = operation.getTargetId();
        Map<UUID, String> material = certificates.publicMaterial(profileId);
        return forEachMember(operation, 4, exposed, member -> {
            List<MemberMeshConfig.Peer> peers = peersOf(member, exposed);
            if (AppliedDigest.of(member).filter(d -> d.peers().equals(peersDigest(member, material, peers))).isPresent()) {
                return;
            }
            try (MemberCluster cluster = clusters.connect(snapshot(member))) {
                cluster.ensure(peerObjects(profileId, member, peers));
            }
        }, false);
    }

    /**
     * Every member's Cilium agents and operator run with the identity now in its {@code cilium-config}: they read it
     * only at start, so a member that got its identity (a first join) has them restarted, as {@code kubectl rollout
     * restart} would, and this step waits until the agents' DaemonSet has rolled. Pods of workloads keep the security
     * identities they were created with until they are restarted themselves (Cilium's documentation says so), which
     * whatIf tells beforehand. A member left as the last apply left it is not read.
     */
    private StepResult restartAgents(OperationEntity operation) {
        List<MemberEntity> exposed = exposedMembers(operation);
        Map<UUID, String> material = certificates.publicMaterial(operation.getTargetId());
        return forEachMember(operation, 5, exposed.stream().filter(ClusterMeshApply::goingAhead).toList(), member -> {
            if (AppliedDigest.of(member).filter(desiredDigest(member, material, peersOf(member, exposed))::equals).isPresent()) {
                return;
            }
            MemberMeshConfig.Identity identity = identity(member);
            try (MemberCluster cluster = clusters.connect(snapshot(member))) {
                CiliumAgents agents = cluster.ciliumAgents().orElseThrow(() -> new ArmException(
                        ErrorCode.MEMBER_CLUSTER_NOT_READY, "Member '" + member.getName() + "' has no cilium DaemonSet in "
                        + "kube-system any more, so its agents cannot take their mesh identity. Let AKS restore it (az aks "
                        + "update), then apply again.", member.getName()));
                if (agents.needRestartFor(identity)) {
                    cluster.restartCiliumAgents(identity.text());
                    log.info("member={} event=agentsRestarted identity={}", member.getName(), identity.text());
                    agents = cluster.ciliumAgents().orElseThrow();
                }
                if (!agents.rolledOut()) {
                    throw new ArmException(ErrorCode.MEMBER_CLUSTER_NOT_READY, "The Cilium agents of member '"
                            + member.getName() + "' have not all restarted with its mesh identity (cluster " + identity.text()
                            + "). See 'kubectl -n kube-system rollout status daemonset cilium' and the agent pods' events, "
                            + "then apply again.", member.getName());
                }
            }
        }, false);
    }

    /** Members the selector no longer selects hold nothing of the mesh, and their Cilium identity is free again. */
    private StepResult disconnectDeparted(OperationEntity operation) {
        List<MemberEntity> departing = members.inMesh(operation.getTargetId()).stream()
                .filter(m -> MeshMemberState.Disconnecting.name().equals(m.getMeshState())).toList();
        return forEachMember(operation, 6, departing, member -> {
            try (MemberCluster cluster = clusters.connect(snapshot(member))) {
                cluster.removeMesh();
            } catch (ArmException failure) {
                if (failure.code() != ErrorCode.CLUSTER_NOT_FOUND) {
                    throw failure;
                }
                // The cluster is gone from Azure, and with it everything the mesh had put there.
            }
            transactions.executeWithoutResult(status -> {
                memberRows.findById(member.getId()).ifPresent(row -> {
                    log.info("member={} profile={} event=meshStateChanged from=Disconnecting to=null", row.getName(),
                            row.getMeshProfile() == null ? null : row.getMeshProfile().getName());
                    row.leaveMesh();
                });
                certificates.forget(member.getId());
            });
        }, false);
    }

    /**
     * Reads every member back: a member whose objects are all as desired, whose clustermesh-apiserver Deployment has
     * rolled out and is Available (its pod's readiness probes pass) and whose KVStoreMesh reports every peer ready is
     * Connected. Until its peers are ready it stays Connecting with a {@code PartialConnectivity} error naming them,
     * kept current at each look, and the step looks again until the connectivity wait ends; then it is Failed with
     * {@code PartialConnectivity} (a detail per peer not ready), or {@code ConnectivityTimeout} when it saw none. A
     * Connected member that this apply would have given exactly what the last one did is not read again.
     */
    private StepResult verifyMesh(OperationEntity operation) {
        String operationId = operation.getId().toString();
        UUID profileId = operation.getTargetId();
        List<MemberEntity> exposed = exposedMembers(operation);
        Map<UUID, String> material = certificates.publicMaterial(profileId);
        Map<String, String> memberByClusterName = new TreeMap<>();
        exposed.forEach(m -> memberByClusterName.put(m.getCiliumClusterName(), m.getName()));
        Map<UUID, Waiting> waiting = new ConcurrentSkipListMap<>();
        // A peer that failed on its own is reported on its own; its peers are not held back by it.
        Set<String> failedAtStart = failedClusterNames(exposed);
        StepResult verified = forEachMember(operation, 7, exposed, member -> {
            List<MemberMeshConfig.Peer> peers = peersOf(member, exposed);
            AppliedDigest desiredDigest = desiredDigest(member, material, peers);
            Optional<AppliedDigest> applied = AppliedDigest.of(member);
            if (applied.filter(desiredDigest::equals).isPresent()) {
                return;
            }
            MeshObjects desired = peerObjects(profileId, member, peers);
            if (applied.filter(d -> d.apiServer().equals(desiredDigest.apiServer())).isEmpty()) {
                desired = MemberMeshConfig.apiServer(identity(member), release(member),
                        certificates.tlsSecrets(profileId, member.getId()), peers).with(desired);
            }
            List<String> differences;
            Optional<String> notRunning = Optional.empty();
            Map<String, KvstoreMeshReport.PeerReadiness> reported = Map.of();
            try (MemberCluster cluster = clusters.connect(snapshot(member))) {
                differences = cluster.differences(desired);
                if (differences.isEmpty()) {
                    notRunning = cluster.apiServerProblem();
                }
                if (differences.isEmpty() && notRunning.isEmpty() && !peers.isEmpty()) {
                    reported = cluster.kvstoreMeshPeers();
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
            List<ArmError> notReady = peers.stream().map(MemberMeshConfig.Peer::clusterName).sorted()
                    .filter(peer -> !failedAtStart.contains(peer))
                    .map(peer -> Optional.ofNullable(seen.get(peer)).orElse(new KvstoreMeshReport.PeerReadiness(peer, false,
                            "KVStoreMesh does not report this peer yet")))
                    .filter(peer -> !peer.ready())
                    .map(peer -> ArmError.of(ErrorCode.PARTIAL_CONNECTIVITY, peer.reason(),
                            memberByClusterName.getOrDefault(peer.clusterName(), peer.clusterName())))
                    .toList();
            if (notReady.isEmpty()) {
                members.connected(member.getId(), operationId, desiredDigest.text());
                return;
            }
            int judged = (int) peers.stream().filter(peer -> !failedAtStart.contains(peer.clusterName())).count();
            waiting.put(member.getId(), new Waiting(member.getName(), judged, notReady, desiredDigest.text()));
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
                        w.member(), steps.get(7).name(), w.notReady().stream().map(ArmError::target).toList(), until));
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
        if (!inMesh.isEmpty() && inMesh.stream().noneMatch(m -> MeshMemberState.Connected.name().equals(m.getMeshState()))) {
            return StepResult.failed(summary(inMesh).orElseThrow());
        }
        return StepResult.done();
    }

    /** A member whose KVStoreMesh does not report all its peers ready yet. */
    /**
     * A CA rollover that every member trusts both CAs for (its first phase, which the steps before delivered as the
     * trust bundle) moves on to certificates from the next CA: they are issued, delivered and verified like any change.
     * While some member does not yet hold the first phase (unreachable, say), the rollover waits where it is, every
     * member still trusting the current CA, and the next apply resumes it.
     */
    private StepResult deliverRolledOverCertificates(OperationEntity operation) {
        UUID profileId = operation.getTargetId();
        Optional<RolloverPhase> phase = certificates.rolloverPhase(profileId);
        if (phase.isEmpty()) {
            return StepResult.done();
        }
        if (phase.get() == RolloverPhase.TrustBoth) {
            if (!everyMemberHoldsWhatItIsGiven(operation)) {
                return StepResult.done();
            }
            Optional<StepResult> syncing = awaitSecretPropagation(profileId);
            if (syncing.isPresent()) {
                return syncing.get();
            }
            transactions.executeWithoutResult(status -> certificates.advanceRollover(profileId, RolloverPhase.TrustBoth));
        }
        return inTurn(operation, List.of(this::issueCertificates, this::exposeApiServers, this::configurePeers,
                this::verifyMesh));
    }

    /**
     * Once every member holds certificates from the next CA, the previous CA is dropped from what members trust and
     * the next one becomes the mesh's CA. A member that misses this keeps trusting both, which still includes the CA
     * of everyone else's certificates.
     */
    private StepResult retirePreviousAuthority(OperationEntity operation) {
        UUID profileId = operation.getTargetId();
        if (certificates.rolloverPhase(profileId).filter(RolloverPhase.NewLeaves::equals).isEmpty()
                || !everyMemberHoldsWhatItIsGiven(operation)) {
            return StepResult.done();
        }
        Optional<StepResult> syncing = awaitSecretPropagation(profileId);
        if (syncing.isPresent()) {
            return syncing.get();
        }
        transactions.executeWithoutResult(status -> certificates.advanceRollover(profileId, RolloverPhase.NewLeaves));
        return inTurn(operation, List.of(this::exposeApiServers, this::configurePeers, this::verifyMesh));
    }

    /**
     * A phase moves on only once every member's pods can have its Secrets: Kubernetes writes a changed Secret into the
     * running pods' volumes within the kubelet's sync period, not when the API has it, and certificates reach
     * Cilium's agents and KVStoreMesh only through those files. Until then the step looks again.
     */
    private Optional<StepResult> awaitSecretPropagation(UUID profileId) {
        Instant heldSince = transactions.execute(status -> certificates.rolloverPhaseHeldSince(profileId));
        Duration left = Duration.between(Instant.now(), heldSince.plus(settings.secretPropagationWait()));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(StepResult.retryLater(left,
                "every member holds the rollover's phase; its pods get the Secrets within " + settings.secretPropagationWait()));
    }

    /**
     * Whether every member of the mesh is Connected with exactly what it would be given now: the condition for a CA
     * rollover to move on. A member that failed, or left with an older state, holds it back.
     */
    private boolean everyMemberHoldsWhatItIsGiven(OperationEntity operation) {
        List<MemberEntity> staying = members.inMesh(operation.getTargetId()).stream().filter(ClusterMeshApply::staysInMesh)
                .toList();
        List<MemberEntity> exposed = exposedMembers(operation);
        Map<UUID, String> material = certificates.publicMaterial(operation.getTargetId());
        List<String> behind = staying.stream().filter(member -> AppliedDigest.of(member)
                .filter(desiredDigest(member, material, peersOf(member, exposed))::equals).isEmpty())
                .map(MemberEntity::getName).toList();
        if (!behind.isEmpty()) {
            log.info("profile={} event=caRolloverWaiting members={}", operation.getTargetId(), behind);
        }
        return behind.isEmpty();
    }

    /**
     * Runs steps' work one after the other within one step, each one's database effect committed before the next
     * starts; the first that is not done is the outcome. Each is idempotent, so a retry runs them all again.
     */
    private StepResult inTurn(OperationEntity operation, List<Function<OperationEntity, StepResult>> work) {
        for (Function<OperationEntity, StepResult> part : work) {
            StepResult result = part.apply(operation);
            if (!(result instanceof StepResult.Done done)) {
                return result;
            }
            transactions.executeWithoutResult(status -> done.databaseEffect().run());
        }
        return StepResult.done();
    }

    private record Waiting(String member, int peers, List<ArmError> notReady, String digest) {
    }

    private static Set<String> failedClusterNames(List<MemberEntity> inMesh) {
        return inMesh.stream().filter(m -> MeshMemberState.Failed.name().equals(m.getMeshState()))
                .map(MemberEntity::getCiliumClusterName).collect(Collectors.toSet());
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

    @Override
    public void finished(OperationEntity operation, ArmError error) {
        ClusterMeshProfileEntity profile = profiles.findById(operation.getTargetId()).orElse(null);
        if (profile == null) {
            return;
        }
        List<MemberEntity> inMesh = memberRows.findInMesh(profile.getId());
        if (error != null) {
            // Whatever the apply had not finished with did not get there.
            inMesh.stream().filter(m -> MeshMemberState.Connecting.name().equals(m.getMeshState())
                    || MeshMemberState.Disconnecting.name().equals(m.getMeshState()))
                    .forEach(m -> members.change(m, MeshMemberState.Failed, error, operation.getId().toString()));
        }
        List<MeshMemberState> states = inMesh.stream().map(m -> MeshMemberState.of(m.getMeshState())).toList();
        MeshState state = error != null && states.isEmpty() ? MeshState.Failed : MeshState.after(states);
        profile.setState(state.name());
        profile.setProvisioningState(error == null ? "Succeeded" : "Failed");
        ArmError blocked = blockedSummary(profile).orElse(null);
        ArmError reported = error != null ? error : summary(inMesh).orElse(blocked);
        profile.setLastOperationError(models.store(reported));
        log.info("profile={} event=applied state={} members={}", profile.getName(), state, states.size());
    }

    /**
     * Runs the work for each member in parallel. A member whose work fails because a dependency failed (its API server
     * unreachable, Azure timing out) is left as it is while the member retry window is open, and the step is tried
     * again after a backoff; any other failure, or one after the window, marks the member Failed with the reason.
     */
    private StepResult forEachMember(OperationEntity operation, int step, List<MemberEntity> targets,
            Consumer<MemberEntity> work, boolean failureWithdrawsMember) {
        String operationId = operation.getId().toString();
        boolean retryable = Instant.now().isBefore(retryUntil(operation));
        Map<String, ArmError> retrying = new ConcurrentSkipListMap<>();
        AtomicInteger done = new AtomicInteger();
        progress.report(operation.getId(), step, steps.size(), 0, targets.size());
        workers.all(targets.stream().<Callable<Void>>map(member -> () -> {
            try {
                work.accept(member);
            } catch (ArmException failure) {
                ArmError error = failure.toError();
                ArmError memberError = new ArmError(error.code(), error.message(), member.getName(), error.details());
                if (retryable && failure.code().isTransient()) {
                    log.info("member={} step={} event=retrying code={} attempt={} reason=\"{}\"", member.getName(),
                            steps.get(step).name(), error.code(), operation.getAttempts() + 1, error.message());
                    retrying.put(member.getName(), memberError);
                } else {
                    members.failed(member.getId(), memberError, operationId, failureWithdrawsMember);
                }
            } finally {
                int finished = done.incrementAndGet();
                // About one update per percent of the step: enough for a watcher, few writes in a large mesh.
                if (finished == targets.size() || finished % Math.max(1, targets.size() / 100 * steps.size()) == 0) {
                    progress.report(operation.getId(), step, steps.size(), finished, targets.size());
                }
            }
            return null;
        }).toList());
        return retrying.isEmpty() ? StepResult.done() : retryMembers(retrying);
    }

    /** The step again, later, for members a dependency failed: the first one's error ends the apply at its deadline. */
    private static StepResult retryMembers(Map<String, ArmError> retrying) {
        ArmError first = retrying.values().iterator().next();
        return StepResult.retryAfterDependencyFailure("members " + String.join(", ", retrying.keySet())
                + " failed with a dependency's error (" + first.code() + "); trying again", first);
    }

    /** Until when members' dependency failures are retried: the retry window from the apply's start, within its deadline. */
    private Instant retryUntil(OperationEntity operation) {
        Instant window = operation.getStartTime().plus(settings.memberRetryWindow());
        return window.isBefore(operation.getDeadline()) ? window : operation.getDeadline();
    }

    private List<String> awaitAddress(MemberCluster cluster) {
        Instant giveUp = Instant.now().plus(settings.loadBalancerWait());
        Duration poll = FIRST_ADDRESS_POLL;
        List<String> addresses = cluster.apiServerAddresses();
        while (addresses.isEmpty() && Instant.now().isBefore(giveUp)) {
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return List.of();
            }
            poll = poll.multipliedBy(2).compareTo(LAST_ADDRESS_POLL) > 0 ? LAST_ADDRESS_POLL : poll.multipliedBy(2);
            addresses = cluster.apiServerAddresses();
        }
        return addresses;
    }

    /** Members of the mesh that stay and whose clustermesh-apiserver has an address: the ones that peer. */
    private List<MemberEntity> exposedMembers(OperationEntity operation) {
        return members.inMesh(operation.getTargetId()).stream()
                .filter(ClusterMeshApply::staysInMesh)
                .filter(m -> !m.getMeshApiServerAddresses().isEmpty())
                .toList();
    }

    private static boolean staysInMesh(MemberEntity member) {
        return !MeshMemberState.Disconnecting.name().equals(member.getMeshState());
    }

    /** Staying, and not failed by this apply's checks: the members that get pushed. */
    private static boolean goingAhead(MemberEntity member) {
        return MeshMemberState.Connecting.name().equals(member.getMeshState())
                || MeshMemberState.Connected.name().equals(member.getMeshState());
    }

    /**
     * What a Connected member was last left with, as digests of its clustermesh-apiserver (identity, image, public TLS
     * material) and of its peer list; empty for a member that is not Connected.
     */
    record AppliedDigest(String apiServer, String peers) {

        static Optional<AppliedDigest> of(MemberEntity member) {
            if (!MeshMemberState.Connected.name().equals(member.getMeshState()) || member.getMeshAppliedDigest() == null) {
                return Optional.empty();
            }
            String[] parts = member.getMeshAppliedDigest().split(" ");
            return parts.length == 2 ? Optional.of(new AppliedDigest(parts[0], parts[1])) : Optional.empty();
        }

        String text() {
            return apiServer + " " + peers;
        }
    }

    /** What the member holds once this apply has left it Connected. */
    private AppliedDigest desiredDigest(MemberEntity member, Map<UUID, String> material, List<MemberMeshConfig.Peer> peers) {
        return new AppliedDigest(apiServerDigest(member, material), peersDigest(member, material, peers));
    }

    private String apiServerDigest(MemberEntity member, Map<UUID, String> material) {
        MemberMeshConfig.Release release = release(member);
        return Sha256.hex(member.getCiliumClusterName() + "\n" + member.getCiliumClusterId() + "\n" + release.repository()
                + "\n" + release.version() + "\n" + material.getOrDefault(member.getId(), ""));
    }

    /**
     * What the peers step writes: the peers, and with them the Deployment (its {@code hostAliases}) and the local
     * certificate in {@code cilium-clustermesh}, which follow the apiserver's state.
     */
    private String peersDigest(MemberEntity member, Map<UUID, String> material, List<MemberMeshConfig.Peer> peers) {
        return Sha256.hex(apiServerDigest(member, material) + "\n" + peers.stream()
                .sorted(Comparator.comparing(MemberMeshConfig.Peer::clusterName))
                .map(peer -> peer.clusterName() + "=" + String.join(",", peer.addresses())).collect(Collectors.joining("\n")));
    }

    private MeshObjects peerObjects(UUID profileId, MemberEntity member, List<MemberMeshConfig.Peer> peers) {
        return MemberMeshConfig.peers(identity(member), release(member),
                certificates.tlsSecrets(profileId, member.getId()).get(MemberMeshConfig.LOCAL_CERT_SECRET), peers);
    }

    /**
     * The release whose chart the member's objects follow: the supported release of the minor version its agents run,
     * as the prerequisite step read them (which excluded every member on another minor version).
     */
    private MemberMeshConfig.Release release(MemberEntity member) {
        CiliumVersion running = member.getCiliumVersion() == null ? CiliumVersion.DEFAULT
                : CiliumVersion.parse(member.getCiliumVersion());
        return new MemberMeshConfig.Release(settings.apiserverImage(), running.supportedRelease().orElse(CiliumVersion.DEFAULT));
    }

    private static List<MemberMeshConfig.Peer> peersOf(MemberEntity member, List<MemberEntity> exposed) {
        return exposed.stream().filter(other -> !other.getId().equals(member.getId()))
                .map(other -> new MemberMeshConfig.Peer(other.getCiliumClusterName(), other.getMeshApiServerAddresses()))
                .toList();
    }

    private static MemberMeshConfig.Identity identity(MemberEntity member) {
        return new MemberMeshConfig.Identity(member.getCiliumClusterName(), member.getCiliumClusterId());
    }

    static MeshPlan.Candidate candidate(MemberEntity member) {
        return new MeshPlan.Candidate(member.getId(), member.getName(), member.getLabels(),
                member.getMeshProfile() == null ? null : member.getMeshProfile().getId(),
                member.getMeshProfile() == null ? null : member.getMeshProfile().getName(), member.getCiliumClusterId(),
                member.getCiliumClusterName(), MemberService.LEAVING.equals(member.getProvisioningState()));
    }

    private ClusterMeshProfileEntity profile(OperationEntity operation) {
        return profiles.findById(operation.getTargetId()).orElseThrow(() -> new IllegalStateException(
                "profile " + operation.getTargetId() + " is gone"));
    }

    /** One error whose details name each member that failed, when any did. */
    private Optional<ArmError> summary(List<MemberEntity> inMesh) {
        List<ArmError> failures = inMesh.stream().filter(m -> MeshMemberState.Failed.name().equals(m.getMeshState()))
                .map(m -> m.getMeshError() == null ? ArmError.of(ErrorCode.INTERNAL_SERVER_ERROR, "failed", m.getName())
                        : models.read(m.getMeshError()))
                .toList();
        if (failures.isEmpty()) {
            return Optional.empty();
        }
        long connected = inMesh.stream().filter(m -> MeshMemberState.Connected.name().equals(m.getMeshState())).count();
        return Optional.of(new ArmError(ErrorCode.MESH_MEMBERS_FAILED.code(), failures.size() + " of " + inMesh.size()
                + " member(s) could not be connected (" + connected + " connected). Each member's "
                + "meshProperties.status.error says why and what to do; fix them and apply again.", null, failures));
    }

    /** Members the selector chose that another mesh holds: they are not part of this one. */
    private Optional<ArmError> blockedSummary(ClusterMeshProfileEntity profile) {
        LabelSelector selector = LabelSelector.parse(profile.getLastAppliedMemberSelector());
        List<ArmError> blocked = memberRows.findAllInFleet(profile.getFleet().getId()).stream()
                .filter(m -> selector.matches(m.getLabels()) && m.getMeshProfile() != null
                        && !m.getMeshProfile().getId().equals(profile.getId()))
                .map(m -> ArmError.of(ErrorCode.MEMBER_IN_CLUSTER_MESH, "Member '" + m.getName() + "' is already in "
                        + "cluster mesh '" + m.getMeshProfile().getName() + "'; a member can be in one mesh only. Remove it "
                        + "from that mesh (change its labels and apply that profile) before it can join this one.", m.getName()))
                .toList();
        return blocked.isEmpty() ? Optional.empty() : Optional.of(new ArmError(ErrorCode.MESH_MEMBERS_FAILED.code(),
                blocked.size() + " selected member(s) are in another cluster mesh and were left out.", null, blocked));
    }
}
