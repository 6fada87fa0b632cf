package org.fleetmesh.rp.mesh;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.fleetmesh.domain.MeshMemberState;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.persistence.member.MemberRepository;
import org.fleetmesh.persistence.member.MeshMembership;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileEntity;
import org.fleetmesh.rp.arm.ArmError;
import org.fleetmesh.rp.member.domain.LabelSelector;
import org.fleetmesh.rp.mesh.checks.domain.CheckResult;
import org.fleetmesh.rp.mesh.checks.domain.MeshPrerequisites;
import org.fleetmesh.rp.mesh.checks.domain.PrerequisiteReport;
import org.fleetmesh.rp.mesh.domain.CiliumAgents;
import org.fleetmesh.rp.mesh.domain.CiliumVersion;
import org.fleetmesh.rp.mesh.domain.MemberMeshConfig;
import org.fleetmesh.rp.mesh.domain.MeshPlan;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the next apply of a profile would do to each member, computed the way apply computes it (the same plan and
 * the same checks on one fresh reading of every cluster and network) without changing anything.
 */
@Component
class ClusterMeshWhatIf {

    private final MemberRepository memberRows;
    private final ClusterReadings readings;
    private final TransactionTemplate transactions;

    ClusterMeshWhatIf(MemberRepository memberRows, ClusterReadings readings, TransactionTemplate transactions) {
        this.memberRows = memberRows;
        this.readings = readings;
        this.transactions = transactions;
    }

    /** The next apply's action on one member. */
    enum Action { Add, Remove, None, Error }

    /** A check as what-if reports it; a cluster that could not be read is one failed check, named by its error. */
    record Check(String code, boolean passed, String message, String target, String remediation) {
        static Check of(CheckResult result) {
            return new Check(result.code().name(), result.passed(), result.message(), result.target(), result.remediation());
        }
    }

    /**
     * Something the next apply does to the member's cluster that its users notice, beyond its mesh objects.
     * {@code AgentRestart}: its Cilium agents and operator restart to take the member's mesh identity.
     */
    record Effect(String code, String message) {

        static Effect agentRestart(MemberMeshConfig.Identity identity) {
            return new Effect("AgentRestart", "The next apply restarts the cluster's Cilium agents (DaemonSet "
                    + "kube-system/cilium) and operator, as kubectl rollout restart does, so they take cluster name '"
                    + identity.clusterName() + "' and cluster id " + identity.clusterId() + " from cilium-config; Cilium "
                    + "reads them only at start. As Cilium's documentation warns, pods that exist already keep the "
                    + "security identities they were given until they are restarted themselves; restart them afterwards "
                    + "(kubectl rollout restart) so policies and global services treat them by their new identity.");
        }
    }

    /** @param ciliumVersion the Cilium the member's agents run, or null when it was not read */
    record Outcome(MemberEntity member, Action action, Integer clusterId, ClusterMeshProfileEntity otherProfile,
            List<Check> checks, @Nullable String ciliumVersion, List<Effect> effects) {
    }

    List<Outcome> of(ClusterMeshProfileEntity profile) {
        List<MemberEntity> fleetMembers = transactions.execute(status -> memberRows.findAllInFleet(profile.getFleet().getId()));
        LabelSelector selector = LabelSelector.parse(profile.getMemberSelector());
        Map<UUID, MeshPlan.Joining> joiningIds = new LinkedHashMap<>();
        try {
            MeshPlan.of(profile.getId(), selector, fleetMembers.stream().map(MembershipPlanning::candidate).toList()).joining()
                    .forEach(joining -> joiningIds.put(joining.memberId(), joining));
        } catch (MeshPlan.TooManyMembersException tooMany) {
            // The checks report it, on the profile and on every member that would join.
        }
        List<MemberEntity> selected = fleetMembers.stream().filter(m -> selector.matches(m.getLabels())).toList();
        ClusterReadings.Reading reading = readings.read(selected);
        PrerequisiteReport report = MeshPrerequisites.check(selected.stream()
                .filter(m -> reading.clusters().containsKey(m.getId()))
                .map(m -> reading.member(m, inThisMesh(m, profile) && m.inMeshState(MeshMemberState.Connected),
                        otherProfile(m, profile).map(ClusterMeshProfileEntity::getName).orElse(null)))
                .toList(), reading.networks());

        List<Outcome> outcomes = new ArrayList<>();
        for (MemberEntity member : fleetMembers) {
            boolean inMesh = inThisMesh(member, profile);
            if (!selector.matches(member.getLabels())) {
                if (inMesh) {
                    outcomes.add(new Outcome(member, Action.Remove, member.getMesh().getCiliumClusterId(), null, List.of(),
                            member.getMesh().getCiliumVersion(), List.of()));
                }
                continue;
            }
            ArmError unreadable = reading.failures().get(member.getId());
            List<Check> checks = unreadable != null
                    ? List.of(new Check(unreadable.code(), false, unreadable.message(), member.getClusterResourceId(), null))
                    : report.memberResults().getOrDefault(member.getName(), List.of()).stream().map(Check::of).toList();
            Optional<ClusterMeshProfileEntity> other = otherProfile(member, profile);
            MeshPlan.Joining joining = joiningIds.get(member.getId());
            Integer clusterId = inMesh ? Integer.valueOf(member.getMesh().getCiliumClusterId())
                    : joining == null ? null : Integer.valueOf(joining.clusterId());
            Action action;
            if (unreadable != null || other.isPresent() || report.excludedMembers().contains(member.getName())) {
                action = Action.Error;
            } else if (inMesh && member.inMeshState(MeshMemberState.Connected)) {
                action = Action.None;
            } else {
                action = Action.Add;
            }
            CiliumAgents agents = reading.agents().get(member.getId());
            List<Effect> effects = new ArrayList<>();
            if (action != Action.Error && agents != null) {
                MemberMeshConfig.Identity identity = inMesh
                        ? DesiredMemberConfig.identity(member)
                        : new MemberMeshConfig.Identity(joining.clusterName(), joining.clusterId());
                if (agents.needRestartFor(identity)) {
                    effects.add(Effect.agentRestart(identity));
                }
            }
            outcomes.add(new Outcome(member, action, action == Action.Error && !inMesh ? null : clusterId, other.orElse(null),
                    checks, agents == null ? null : agents.version().map(CiliumVersion::toString).orElse(null), effects));
        }
        outcomes.sort(Comparator.comparing(outcome -> outcome.member().getNameKey()));
        return outcomes;
    }

    private static boolean inThisMesh(MemberEntity member, ClusterMeshProfileEntity profile) {
        return member.getMesh() != null && member.getMesh().isIn(profile);
    }

    private static Optional<ClusterMeshProfileEntity> otherProfile(MemberEntity member, ClusterMeshProfileEntity profile) {
        return Optional.ofNullable(member.getMesh()).filter(mesh -> !mesh.isIn(profile)).map(MeshMembership::getProfile);
    }
}
