package org.fleetmesh.rp.mesh;

import static org.fleetmesh.rp.mesh.DesiredMemberConfig.identity;
import static org.fleetmesh.rp.mesh.DesiredMemberConfig.peersOf;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import org.fleetmesh.domain.MeshMemberState;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.persistence.member.MemberRepository;
import org.fleetmesh.persistence.operation.OperationEntity;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.mesh.domain.CiliumAgents;
import org.fleetmesh.rp.mesh.domain.MemberMeshConfig;
import org.fleetmesh.rp.mesh.domain.MeshObjects;
import org.fleetmesh.rp.mesh.domain.MeshPeer;
import org.fleetmesh.rp.operation.StepResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The apply's steps that write to members: their certificates, their clustermesh-apiservers and the addresses the
 * cloud gives them, their peers, their Cilium agents' identity, and the removal of the mesh from members that left.
 */
@Component
class MeshDelivery {

    private static final Logger log = LoggerFactory.getLogger(ApplyStep.LOGGER);
    private static final Duration FIRST_ADDRESS_POLL = Duration.ofMillis(250);
    private static final Duration LAST_ADDRESS_POLL = Duration.ofSeconds(5);

    private final MemberRepository memberRows;
    private final MeshMembers members;
    private final MeshCertificates certificates;
    private final MemberClusters clusters;
    private final MeshSettings settings;
    private final TransactionTemplate transactions;
    private final MemberFanOut fanOut;
    private final ApplyMembers applyMembers;
    private final DesiredMemberConfig config;

    MeshDelivery(MemberRepository memberRows, MeshMembers members, MeshCertificates certificates, MemberClusters clusters,
            MeshSettings settings, TransactionTemplate transactions, MemberFanOut fanOut, ApplyMembers applyMembers,
            DesiredMemberConfig config) {
        this.memberRows = memberRows;
        this.members = members;
        this.certificates = certificates;
        this.clusters = clusters;
        this.settings = settings;
        this.transactions = transactions;
        this.fanOut = fanOut;
        this.applyMembers = applyMembers;
        this.config = config;
    }

    StepResult issueCertificates(OperationEntity operation) {
        UUID profileId = operation.getTargetId();
        List<MeshCertificates.Holder> holders = members.inMesh(profileId).stream().filter(ApplyMembers::goingAhead)
                .map(m -> new MeshCertificates.Holder(m.getId(), m.getMesh().getCiliumClusterName())).toList();
        MeshCertificates.Issued issued = certificates.issueMissingOrDue(profileId, holders);
        return StepResult.doneAfter(issued::store);
    }

    /**
     * Every member runs its clustermesh-apiserver, and the cloud has given it an address the peers can reach. A member
     * whose Service has no address yet does not hold a thread: the step is tried again a little later, until the
     * Service has waited the load-balancer wait since its creation; then the member fails saying what to check.
     */
    StepResult exposeApiServers(OperationEntity operation) {
        UUID profileId = operation.getTargetId();
        List<MemberEntity> joining = members.inMesh(profileId).stream().filter(ApplyMembers::goingAhead).toList();
        Map<UUID, String> material = certificates.publicMaterial(profileId);
        List<MemberEntity> exposed = applyMembers.exposedMembers(operation);
        Set<String> awaitingAddress = new ConcurrentSkipListSet<>();
        StepResult result = fanOut.forEachMember(operation, ApplyStep.apiServersExposed, joining, member -> {
            if (!member.getMesh().getApiServerAddresses().isEmpty()
                    && AppliedDigest.of(member).filter(d -> d.apiServer().equals(config.apiServerDigest(member, material)))
                            .isPresent()) {
                followAddressChange(member);
                return;
            }
            // The peers known so far: an existing member whose apiserver changes keeps resolving them. A joining
            // member's pod waits for the peers step, which knows every peer, so it starts once and is not restarted.
            MeshCertificates.Held held = certificates.held(profileId, member.getId());
            MeshObjects desired = MemberMeshConfig.apiServer(identity(member), config.release(member), held.secrets(),
                    peersOf(member, exposed));
            if (AppliedDigest.of(member).isEmpty()) {
                desired = desired.withoutApiServerDeployment();
            }
            try (MemberCluster cluster = clusters.connect(applyMembers.snapshot(member))) {
                cluster.ensure(desired);
                MemberCluster.ApiServerService service = cluster.apiServerService();
                if (!service.addresses().isEmpty()) {
                    members.exposed(member.getId(), service.addresses(), held.earliestNotAfter());
                } else if (mayStillWait(service, operation)) {
                    awaitingAddress.add(member.getName());
                } else {
                    throw new ArmException(ErrorCode.MEMBER_CLUSTER_NOT_READY, "The clustermesh-apiserver Service of member '"
                            + member.getName() + "' got no internal load-balancer address within "
                            + settings.loadBalancerWait().toSeconds() + " seconds. Give the cluster's identity the Network "
                            + "Contributor role on its virtual network (az role assignment create --role \"Network "
                            + "Contributor\" ...), check 'kubectl -n kube-system describe service clustermesh-apiserver', "
                            + "then apply again.", member.getName());
                }
            }
        }, true);
        if (awaitingAddress.isEmpty() || !(result instanceof StepResult.Done)) {
            return result;
        }
        return StepResult.retryLater(addressPoll(), awaitingAddress.size() + " member(s) wait for the cloud to give their "
                + "clustermesh-apiserver a load-balancer address: " + String.join(", ", awaitingAddress));
    }

    /**
     * Every member lists every other exposed member as its peer, existing members included, and holds everything else
     * of the mesh as it was given: each member is reconciled against what is on it now (read in one call per kind), so
     * an object deleted or changed behind the service's back is put back, and an object of the service's that is no
     * longer wanted is deleted. A member that needed nothing gets no write; one that was repaired is read back again
     * by the verification, as if it had changed.
     */
    StepResult configurePeers(OperationEntity operation) {
        List<MemberEntity> exposed = applyMembers.exposedMembers(operation);
        UUID profileId = operation.getTargetId();
        Map<UUID, String> material = certificates.publicMaterial(profileId);
        return fanOut.forEachMember(operation, ApplyStep.peersConfigured, exposed, member -> {
            List<MeshPeer> peers = peersOf(member, exposed);
            boolean unchanged = AppliedDigest.of(member)
                    .filter(d -> d.peers().equals(config.peersDigest(member, material, peers))).isPresent();
            int writes;
            try (MemberCluster cluster = clusters.connect(applyMembers.snapshot(member))) {
                writes = cluster.reconcile(config.everything(profileId, member, peers));
            }
            if (unchanged && writes > 0) {
                log.info("member={} step={} event=driftRepaired writes={}", member.getName(),
                        ApplyStep.peersConfigured.name(), writes);
                members.repaired(member.getId());
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
    StepResult restartAgents(OperationEntity operation) {
        List<MemberEntity> exposed = applyMembers.exposedMembers(operation);
        Map<UUID, String> material = certificates.publicMaterial(operation.getTargetId());
        List<MemberEntity> goingAhead = exposed.stream().filter(ApplyMembers::goingAhead).toList();
        return fanOut.forEachMember(operation, ApplyStep.agentsRestarted, goingAhead, member -> {
            if (AppliedDigest.of(member).filter(config.desiredDigest(member, material, peersOf(member, exposed))::equals)
                    .isPresent()) {
                return;
            }
            MemberMeshConfig.Identity identity = identity(member);
            try (MemberCluster cluster = clusters.connect(applyMembers.snapshot(member))) {
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
    StepResult disconnectDeparted(OperationEntity operation) {
        List<MemberEntity> departing = members.inMesh(operation.getTargetId()).stream()
                .filter(m -> m.inMeshState(MeshMemberState.Disconnecting)).toList();
        return fanOut.forEachMember(operation, ApplyStep.departedMembersDisconnected, departing, member -> {
            try (MemberCluster cluster = clusters.connect(applyMembers.snapshot(member))) {
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
                            row.getMesh() == null ? null : row.getMesh().getProfile().getName());
                    row.leaveMesh();
                });
                certificates.forget(member.getId());
            });
        }, false);
    }

    /**
     * A member left as it was still gets its load-balancer address read: the cloud may have given its Service another
     * one (the Service was recreated, its frontend IP released), and then its peers are told the new one.
     */
    private void followAddressChange(MemberEntity member) {
        List<String> addresses;
        try (MemberCluster cluster = clusters.connect(applyMembers.snapshot(member))) {
            addresses = cluster.apiServerService().addresses();
        }
        if (!addresses.isEmpty() && !addresses.equals(member.getMesh().getApiServerAddresses())) {
            log.info("member={} step={} event=addressChanged from={} to={}", member.getName(),
                    ApplyStep.apiServersExposed.name(), member.getMesh().getApiServerAddresses(), addresses);
            members.exposed(member.getId(), addresses, member.getMesh().getCertificatesNotAfter());
        }
    }

    /**
     * Whether a Service without an address may wait for one: for the load-balancer wait from its creation (so a slow
     * apply does not shorten it), within the apply's deadline.
     */
    private boolean mayStillWait(MemberCluster.ApiServerService service, OperationEntity operation) {
        Instant now = Instant.now();
        Instant since = service.created() == null ? now : service.created();
        return now.isBefore(since.plus(settings.loadBalancerWait())) && now.isBefore(operation.getDeadline());
    }

    /** How often the addresses are looked for again: a twentieth of the wait, between a quarter second and 5 seconds. */
    private Duration addressPoll() {
        Duration twentieth = settings.loadBalancerWait().dividedBy(20);
        return twentieth.compareTo(FIRST_ADDRESS_POLL) < 0 ? FIRST_ADDRESS_POLL
                : twentieth.compareTo(LAST_ADDRESS_POLL) > 0 ? LAST_ADDRESS_POLL : twentieth;
    }
}
