package org.fleetmesh.rp.member;

import java.util.List;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.persistence.member.MemberRepository;
import org.fleetmesh.rp.operation.OperationType;
import org.fleetmesh.rp.operation.ResourceOperationTypes;
import org.fleetmesh.rp.operation.ResourceOutcomes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The operations of a fleet member. Checking the AKS cluster on join is part of the cluster-access work to come. */
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
    OperationType memberCreate(ResourceOperationTypes<MemberEntity> memberOperations) {
        return memberOperations.createOrReplace(CREATE, List.of());
    }

    @Bean
    OperationType memberUpdate(ResourceOperationTypes<MemberEntity> memberOperations, MemberModels models) {
        return memberOperations.update(UPDATE, List.of(), models::toModel);
    }

    @Bean
    OperationType memberDelete(ResourceOperationTypes<MemberEntity> memberOperations) {
        return memberOperations.delete(DELETE, "memberDeleted");
    }
}
