package org.fleetmesh.rp.member;

import java.util.List;
import org.fleetmesh.persistence.member.MemberRepository;
import org.fleetmesh.rp.operation.DefinedOperation;
import org.fleetmesh.rp.operation.OperationStep;
import org.fleetmesh.rp.operation.OperationType;
import org.fleetmesh.rp.operation.ResourceOutcomes;
import org.fleetmesh.rp.operation.StepResult;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The operations of a fleet member. Checking the AKS cluster on join is part of the cluster-access work to come. */
@Configuration
class MemberOperationTypes {

    static final String CREATE = "FleetMembers_Create";
    static final String UPDATE = "FleetMembers_Update";
    static final String DELETE = "FleetMembers_Delete";

    @Bean
    OperationType memberCreate(MemberRepository members, ResourceOutcomes outcomes) {
        return DefinedOperation.of(CREATE, List.of(),
                (operation, error) -> members.findById(operation.getTargetId()).ifPresent(m -> outcomes.record(m, error)));
    }

    @Bean
    OperationType memberUpdate(MemberRepository members, ResourceOutcomes outcomes, MemberModels models) {
        return DefinedOperation.of(UPDATE, List.of(),
                        (operation, error) -> members.findById(operation.getTargetId()).ifPresent(m -> outcomes.record(m, error)))
                .withResult(operation -> members.findById(operation.getTargetId()).map(models::toModel));
    }

    @Bean
    OperationType memberDelete(MemberRepository members, ResourceOutcomes outcomes) {
        OperationStep deleted = OperationStep.of("memberDeleted", operation -> StepResult.doneAfter(
                () -> members.findById(operation.getTargetId()).ifPresent(members::delete)));
        return DefinedOperation.of(DELETE, List.of(deleted), (operation, error) -> {
            if (error != null) {
                members.findById(operation.getTargetId()).ifPresent(m -> outcomes.record(m, error));
            }
        });
    }
}
