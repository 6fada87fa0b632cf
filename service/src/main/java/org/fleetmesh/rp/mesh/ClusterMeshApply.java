package org.fleetmesh.rp.mesh;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.fleetmesh.domain.MeshMemberState;
import org.fleetmesh.domain.MeshState;
import org.fleetmesh.domain.ProvisioningState;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.persistence.member.MemberRepository;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileEntity;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileRepository;
import org.fleetmesh.persistence.operation.OperationEntity;
import org.fleetmesh.rp.arm.ArmError;
import org.fleetmesh.rp.arm.ArmModels;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.member.domain.LabelSelector;
import org.fleetmesh.rp.operation.OperationStep;
import org.fleetmesh.rp.operation.OperationType;
import org.fleetmesh.rp.operation.StepResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * POST apply: makes the member clusters form the mesh the profile's selector chose when apply was called. Each
 * step ensures one state across all members, in parallel up to the configured bound; a member that fails is
 * reported on its own {@code meshProperties} and left out of what follows, and the others go ahead.
 */
@Component
class ClusterMeshApply implements OperationType {

    static final String KIND = "ClusterMeshProfiles_Apply";
    private static final Logger log = LoggerFactory.getLogger(ClusterMeshApply.class);

    private final ClusterMeshProfileRepository profiles;
    private final MemberRepository memberRows;
    private final MeshMembers members;
    private final ArmModels models;
    private final ClusterMeshProfileModels profileModels;
    private final MembershipPlanning planning;
    private final MeshDelivery delivery;
    private final MeshVerification verification;
    private final CertificateAuthorityRollover rollover;
    private final List<OperationStep> steps;

    ClusterMeshApply(ClusterMeshProfileRepository profiles, MemberRepository memberRows, MeshMembers members,
            ArmModels models, ClusterMeshProfileModels profileModels, MembershipPlanning planning, MeshDelivery delivery,
            MeshVerification verification, CertificateAuthorityRollover rollover) {
        this.profiles = profiles;
        this.memberRows = memberRows;
        this.members = members;
        this.models = models;
        this.profileModels = profileModels;
        this.planning = planning;
        this.delivery = delivery;
        this.verification = verification;
        this.rollover = rollover;
        this.steps = Stream.of(ApplyStep.values()).map(step -> OperationStep.of(step.name(), work(step))).toList();
    }

    /** What each step does; the switch names every step, so none is left without its work. */
    private Function<OperationEntity, StepResult> work(ApplyStep step) {
        return switch (step) {
            case membershipPlanned -> planning::planMembership;
            case prerequisitesChecked -> planning::checkPrerequisites;
            case certificatesIssued -> delivery::issueCertificates;
            case apiServersExposed -> delivery::exposeApiServers;
            case peersConfigured -> delivery::configurePeers;
            case agentsRestarted -> delivery::restartAgents;
            case departedMembersDisconnected -> delivery::disconnectDeparted;
            case meshVerified -> verification::verifyMesh;
            case rolledOverCertificatesDelivered -> rollover::deliverRolledOverCertificates;
            case previousAuthorityRetired -> rollover::retirePreviousAuthority;
        };
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

    @Override
    public void finished(OperationEntity operation, @Nullable ArmError error) {
        ClusterMeshProfileEntity profile = profiles.findById(operation.getTargetId()).orElse(null);
        if (profile == null) {
            return;
        }
        List<MemberEntity> inMesh = memberRows.findInMesh(profile.getId());
        if (error != null) {
            // Whatever the apply had not finished with did not get there.
            inMesh.stream().filter(m -> m.inMeshState(MeshMemberState.Connecting)
                    || m.inMeshState(MeshMemberState.Disconnecting))
                    .forEach(m -> members.change(m, MeshMemberState.Failed, error, operation.getId().toString()));
        }
        List<MeshMemberState> states = inMesh.stream().map(m -> m.getMesh().getState()).toList();
        MeshState state = error != null && states.isEmpty() ? MeshState.Failed : MeshState.after(states);
        profile.setState(state);
        profile.setProvisioningState(error == null ? ProvisioningState.Succeeded : ProvisioningState.Failed);
        ArmError blocked = blockedSummary(profile).orElse(null);
        ArmError reported = error != null ? error : verification.summary(inMesh).orElse(blocked);
        profile.setLastOperationError(models.store(reported));
        log.info("profile={} event=applied state={} members={}", profile.getName(), state, states.size());
    }

    /** Members the selector chose that another mesh holds: they are not part of this one. */
    private Optional<ArmError> blockedSummary(ClusterMeshProfileEntity profile) {
        LabelSelector selector = LabelSelector.parse(profile.getLastAppliedMemberSelector());
        List<ArmError> blocked = memberRows.findAllInFleet(profile.getFleet().getId()).stream()
                .filter(m -> selector.matches(m.getLabels()) && m.getMesh() != null && !m.getMesh().isIn(profile))
                .map(m -> ArmError.of(ErrorCode.MEMBER_IN_CLUSTER_MESH, "Member '" + m.getName() + "' is already in "
                        + "cluster mesh '" + m.getMesh().getProfile().getName() + "'; a member can be in one mesh only. Remove "
                        + "it from that mesh (change its labels and apply that profile) before it can join this one.", m.getName()))
                .toList();
        return blocked.isEmpty() ? Optional.empty() : Optional.of(new ArmError(ErrorCode.MESH_MEMBERS_FAILED.code(),
                blocked.size() + " selected member(s) are in another cluster mesh and were left out.", null, blocked));
    }
}
