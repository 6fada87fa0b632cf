package org.fleetmesh.rp.mesh;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fleetmesh.domain.MeshMemberState;
import org.fleetmesh.domain.ProvisioningState;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.persistence.member.MemberRepository;
import org.fleetmesh.persistence.member.MeshMembership;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileEntity;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileRepository;
import org.fleetmesh.persistence.operation.OperationEntity;
import org.fleetmesh.rp.arm.ArmError;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.member.MemberService;
import org.fleetmesh.rp.member.domain.LabelSelector;
import org.fleetmesh.rp.mesh.checks.domain.MeshPrerequisites;
import org.fleetmesh.rp.mesh.checks.domain.PrerequisiteReport;
import org.fleetmesh.rp.mesh.checks.domain.SelectedMember;
import org.fleetmesh.rp.mesh.domain.MeshPlan;
import org.fleetmesh.rp.operation.OperationProgress;
import org.fleetmesh.rp.operation.StepResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The apply's first two steps: which members join, stay and leave, and which of those that stay meet every
 * prerequisite; no member's cluster is written to before both.
 */
@Component
class MembershipPlanning {

    private static final Logger log = LoggerFactory.getLogger(ApplyStep.LOGGER);

    private final ClusterMeshProfileRepository profiles;
    private final MemberRepository memberRows;
    private final MeshMembers members;
    private final ClusterReadings readings;
    private final OperationProgress progress;
    private final TransactionTemplate transactions;
    private final MemberFanOut fanOut;
    private final JsonMapper json;

    MembershipPlanning(ClusterMeshProfileRepository profiles, MemberRepository memberRows, MeshMembers members,
            ClusterReadings readings, OperationProgress progress, TransactionTemplate transactions, MemberFanOut fanOut,
            JsonMapper json) {
        this.profiles = profiles;
        this.memberRows = memberRows;
        this.members = members;
        this.readings = readings;
        this.progress = progress;
        this.transactions = transactions;
        this.fanOut = fanOut;
        this.json = json;
    }

    /** Who joins (with which Cilium identity), who stays and who leaves, from the selector apply snapshotted. */
    StepResult planMembership(OperationEntity operation) {
        ClusterMeshProfileEntity profile = profile(operation);
        MeshPlan plan;
        try {
            plan = transactions.execute(status -> MeshPlan.of(profile.getId(),
                    LabelSelector.parse(profile.getLastAppliedMemberSelector()),
                    memberRows.findAllInFleet(profile.getFleet().getId()).stream().map(MembershipPlanning::candidate).toList()));
        } catch (MeshPlan.TooManyMembersException tooMany) {
            return StepResult.failed(ArmError.of(ErrorCode.TOO_MANY_MESH_MEMBERS, tooMany.getMessage(),
                    "properties.memberSelector.byLabel"));
        }
        String operationId = operation.getId().toString();
        return StepResult.doneAfter(() -> {
            Instant now = Instant.now();
            for (MeshPlan.Joining joining : plan.joining()) {
                memberRows.findById(joining.memberId()).ifPresent(member -> {
                    member.joinMesh(profile, joining.clusterId(), joining.clusterName(), MeshMemberState.Connecting,
                            operationId, now);
                    log.info("member={} profile={} event=meshStateChanged from=null to=Connecting clusterId={}",
                            member.getName(), profile.getName(), joining.clusterId());
                });
            }
            plan.staying().forEach(id -> memberRows.findById(id).ifPresent(member -> {
                if (!member.inMeshState(MeshMemberState.Connected)) {
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
    StepResult checkPrerequisites(OperationEntity operation) {
        String operationId = operation.getId().toString();
        List<MemberEntity> staying = members.inMesh(operation.getTargetId()).stream()
                .filter(ApplyMembers::staysInMesh).toList();
        ClusterReadings.Reading reading = readings.read(staying);
        List<SelectedMember> checked = staying.stream().filter(m -> reading.clusters().containsKey(m.getId()))
                .map(m -> reading.member(m, m.inMeshState(MeshMemberState.Connected), null))
                .toList();
        Map<String, ArmError> unavailable = new TreeMap<>();
        staying.stream().filter(m -> reading.failures().containsKey(m.getId())
                        && ErrorCode.isTransient(reading.failures().get(m.getId()).code()))
                .forEach(m -> unavailable.put(m.getName(), reading.failures().get(m.getId())));
        if (!unavailable.isEmpty() && Instant.now().isBefore(fanOut.retryUntil(operation))) {
            unavailable.forEach((name, error) -> log.info("member={} step={} event=retrying code={} attempt={} reason=\"{}\"",
                    name, ApplyStep.prerequisitesChecked.name(), error.code(), operation.getAttempts() + 1, error.message()));
            return MemberFanOut.retryMembers(unavailable);
        }
        PrerequisiteReport report = MeshPrerequisites.check(checked, reading.networks());
        progress.report(operation.getId(), ApplyStep.prerequisitesChecked.ordinal(), ApplyStep.COUNT, staying.size(),
                staying.size());
        return StepResult.doneAfter(() -> staying.forEach(member -> memberRows.findById(member.getId()).ifPresent(row -> {
            ArmError unreadable = reading.failures().get(member.getId());
            if (unreadable != null) {
                withdraw(row, unreadable, operationId);
            } else if (report.excludedMembers().contains(member.getName())) {
                withdraw(row, PrerequisiteErrors.of(member.getName(), report.failures(member.getName())), operationId);
            } else {
                row.getMesh().setClusterSnapshot(json.writeValueAsString(reading.clusters().get(member.getId())));
                row.getMesh().setCiliumVersion(reading.agents().get(member.getId()).version().orElseThrow().toString());
            }
        })));
    }

    /** The member fails this apply and leaves its peers' lists until it is fixed. */
    private void withdraw(MemberEntity member, ArmError error, String operationId) {
        member.getMesh().setApiServerAddresses(List.of());
        members.change(member, MeshMemberState.Failed, error, operationId);
    }

    static MeshPlan.Candidate candidate(MemberEntity member) {
        MeshMembership mesh = member.getMesh();
        boolean leavingFleet = member.getProvisioningState() == ProvisioningState.Leaving;
        return mesh == null ? new MeshPlan.Candidate(member.getId(), member.getName(), member.getLabels(), null, null, null, null,
                leavingFleet)
                : new MeshPlan.Candidate(member.getId(), member.getName(), member.getLabels(), mesh.getProfile().getId(),
                        mesh.getProfile().getName(), mesh.getCiliumClusterId(), mesh.getCiliumClusterName(), leavingFleet);
    }

    private ClusterMeshProfileEntity profile(OperationEntity operation) {
        return profiles.findById(operation.getTargetId()).orElseThrow(() -> new IllegalStateException(
                "profile " + operation.getTargetId() + " is gone"));
    }
}
