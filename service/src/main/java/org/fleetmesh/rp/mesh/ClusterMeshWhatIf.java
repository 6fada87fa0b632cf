package org.fleetmesh.rp.mesh;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.persistence.member.MemberRepository;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileEntity;
import org.fleetmesh.rp.arm.ArmError;
import org.fleetmesh.rp.mesh.checks.domain.CheckResult;
import org.fleetmesh.rp.mesh.checks.domain.MeshPrerequisites;
import org.fleetmesh.rp.mesh.checks.domain.PrerequisiteReport;
import org.fleetmesh.rp.member.domain.LabelSelector;
import org.fleetmesh.rp.mesh.domain.MeshMemberState;
import org.fleetmesh.rp.mesh.domain.MeshPlan;
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

    record Outcome(MemberEntity member, Action action, Integer clusterId, ClusterMeshProfileEntity otherProfile,
            List<Check> checks) {
    }

    List<Outcome> of(ClusterMeshProfileEntity profile) {
        List<MemberEntity> fleetMembers = transactions.execute(status -> memberRows.findAllInFleet(profile.getFleet().getId()));
        LabelSelector selector = LabelSelector.parse(profile.getMemberSelector());
        Map<UUID, Integer> joiningIds = new LinkedHashMap<>();
        try {
            MeshPlan.of(profile.getId(), selector, fleetMembers.stream().map(ClusterMeshApply::candidate).toList()).joining()
                    .forEach(joining -> joiningIds.put(joining.memberId(), joining.clusterId()));
        } catch (MeshPlan.TooManyMembersException tooMany) {
            // The checks report it, on the profile and on every member that would join.
        }
        List<MemberEntity> selected = fleetMembers.stream().filter(m -> selector.matches(m.getLabels())).toList();
        ClusterReadings.Reading reading = readings.read(selected);
        PrerequisiteReport report = MeshPrerequisites.check(selected.stream()
                .filter(m -> reading.clusters().containsKey(m.getId()))
                .map(m -> new MeshPrerequisites.Member(m.getName(), inThisMesh(m, profile)
                        && MeshMemberState.Connected.name().equals(m.getMeshState()), reading.clusters().get(m.getId()),
                        otherProfile(m, profile).map(ClusterMeshProfileEntity::getName).orElse(null)))
                .toList(), reading.networks());

        List<Outcome> outcomes = new ArrayList<>();
        for (MemberEntity member : fleetMembers) {
            boolean inMesh = inThisMesh(member, profile);
            if (!selector.matches(member.getLabels())) {
                if (inMesh) {
                    outcomes.add(new Outcome(member, Action.Remove, member.getCiliumClusterId(), null, List.of()));
                }
                continue;
            }
            ArmError unreadable = reading.failures().get(member.getId());
            List<Check> checks = unreadable != null
                    ? List.of(new Check(unreadable.code(), false, unreadable.message(), member.getClusterResourceId(), null))
                    : report.memberResults().getOrDefault(member.getName(), List.of()).stream().map(Check::of).toList();
            Optional<ClusterMeshProfileEntity> other = otherProfile(member, profile);
            Integer clusterId = inMesh ? member.getCiliumClusterId() : joiningIds.get(member.getId());
            Action action;
            if (unreadable != null || other.isPresent() || report.excludedMembers().contains(member.getName())) {
                action = Action.Error;
            } else if (inMesh && MeshMemberState.Connected.name().equals(member.getMeshState())) {
                action = Action.None;
            } else {
                action = Action.Add;
            }
            outcomes.add(new Outcome(member, action, action == Action.Error && !inMesh ? null : clusterId, other.orElse(null),
                    checks));
        }
        outcomes.sort(Comparator.comparing(outcome -> outcome.member().getNameKey()));
        return outcomes;
    }

    private static boolean inThisMesh(MemberEntity member, ClusterMeshProfileEntity profile) {
        return member.getMeshProfile() != null && member.getMeshProfile().getId().equals(profile.getId());
    }

    private static Optional<ClusterMeshProfileEntity> otherProfile(MemberEntity member, ClusterMeshProfileEntity profile) {
        return Optional.ofNullable(member.getMeshProfile()).filter(p -> !p.getId().equals(profile.getId()));
    }
}
