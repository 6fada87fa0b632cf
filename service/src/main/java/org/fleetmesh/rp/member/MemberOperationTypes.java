package org.fleetmesh.rp.member;

import java.util.List;
import java.util.Optional;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.persistence.member.MemberRepository;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.member.domain.AksCluster;
import org.fleetmesh.rp.operation.OperationStep;
import org.fleetmesh.rp.operation.OperationType;
import org.fleetmesh.rp.operation.ResourceOperationTypes;
import org.fleetmesh.rp.operation.ResourceOutcomes;
import org.fleetmesh.rp.operation.StepResult;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The operations of a fleet member. Joining reads the AKS cluster from Azure: a member whose cluster does not exist
 * or that the service may not read ends Failed with the reason, instead of failing later, in a mesh.
 */
@Configuration
class MemberOperationTypes {

    static final String CREATE = "FleetMembers_Create";
    static final String UPDATE = "FleetMembers_Update";
    static final String DELETE = "FleetMembers_Delete";

    @Bean
    ResourceOperationTypes<MemberEntity> memberOperations(MemberRepository members, ResourceOutcomes outcomes) {
        return new ResourceOperationTypes<>(members, outcomes);
    }

    @Bean
    OperationType memberCreate(ResourceOperationTypes<MemberEntity> memberOperations, MemberRepository members,
            AksClusters aks, TransactionTemplate transactions) {
        OperationStep clusterVerified = OperationStep.of("clusterVerified", operation -> {
            MemberEntity member = transactions.execute(status -> members.findById(operation.getTargetId()).orElse(null));
            if (member == null) {
                return StepResult.done();
            }
            AksCluster cluster;
            try {
                cluster = aks.get(member.getClusterResourceId());
            } catch (ArmException unreadable) {
                if (unreadable.code() == ErrorCode.CLUSTER_NOT_FOUND || unreadable.code() == ErrorCode.AUTHORIZATION_FAILED) {
                    // A cluster the service cannot read is not this member's: it must not lock the owner's own join out.
                    transactions.executeWithoutResult(status -> members.findById(member.getId())
                            .ifPresent(MemberEntity::releaseClusterClaim));
                }
                throw unreadable;
            }
            return StepResult.doneAfter(() -> members.findById(member.getId())
                    .ifPresent(row -> MemberLabels.clusterRead(row, cluster.location())));
        });
        return memberOperations.createOrReplace(CREATE, List.of(clusterVerified));
    }

    @Bean
    OperationType memberUpdate(ResourceOperationTypes<MemberEntity> memberOperations, MemberModels models) {
        return memberOperations.update(UPDATE, List.of(), models::toModel);
    }

    @Bean
    OperationType memberDelete(ResourceOperationTypes<MemberEntity> memberOperations) {
        return memberOperations.delete(DELETE, "memberDeleted",
                member -> inMeshProblem(member).map(ArmException::toError));
    }

    /** Why the member cannot leave the fleet now: it is in a mesh. Checked when a delete is accepted and when it runs. */
    static Optional<ArmException> inMeshProblem(MemberEntity member) {
        if (member.getMesh() == null) {
            return Optional.empty();
        }
        return Optional.of(new ArmException(ErrorCode.MEMBER_IN_CLUSTER_MESH, "Member '" + member.getName() + "' is in cluster "
                + "mesh '" + member.getMesh().getProfile().getName() + "'. Change its labels so that the profile no longer "
                + "selects it, apply the profile, then delete the member.", member.getName()));
    }
}
