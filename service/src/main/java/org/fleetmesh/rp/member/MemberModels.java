package org.fleetmesh.rp.member;

import java.util.LinkedHashMap;
import java.util.function.Function;
import org.fleetmesh.persistence.fleet.FleetEntity;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.persistence.member.MeshMembership;
import org.fleetmesh.rp.api.model.CiliumProperties;
import org.fleetmesh.rp.api.model.FleetMember;
import org.fleetmesh.rp.api.model.FleetMemberListResult;
import org.fleetmesh.rp.api.model.FleetMemberProperties;
import org.fleetmesh.rp.api.model.FleetMemberStatus;
import org.fleetmesh.rp.api.model.MeshMemberStatus;
import org.fleetmesh.rp.api.model.MeshProperties;
import org.fleetmesh.rp.arm.ArmModels;
import org.fleetmesh.rp.arm.Paging;
import org.fleetmesh.rp.arm.domain.ResourceIds;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * A stored member as the wire model of the newest api-version, and the answers that carry it; the front door cuts it
 * to the caller's version. The controller sees only what these return.
 */
@Component
class MemberModels {

    private final ArmModels models;

    MemberModels(ArmModels models) {
        this.models = models;
    }

    FleetMember toModel(MemberEntity member) {
        FleetEntity fleet = member.getFleet();
        FleetMemberProperties properties = new FleetMemberProperties(member.getClusterResourceId())
                .group(member.getGroup())
                .provisioningState(member.getProvisioningState().name())
                .labels(new LinkedHashMap<>(member.getLabels()))
                .meshProperties(meshProperties(member));
        if (member.getLastOperationId() != null || member.getLastOperationError() != null) {
            properties.status(new FleetMemberStatus().lastOperationId(member.getLastOperationId())
                    .lastOperationError(models.errorDetail(member.getLastOperationError())));
        }
        return new FleetMember()
                .id(MemberIds.resourceId(member))
                .name(member.getName())
                .type(ResourceIds.MEMBER_TYPE)
                .eTag(MemberIds.etag(member))
                .systemData(ArmModels.systemData(member.getSystemData()))
                .properties(properties);
    }

    private @Nullable MeshProperties meshProperties(MemberEntity member) {
        MeshMembership mesh = member.getMesh();
        if (mesh == null) {
            return null;
        }
        FleetEntity fleet = member.getFleet();
        return new MeshProperties()
                .ciliumProperties(new CiliumProperties().id(mesh.getCiliumClusterId()).name(mesh.getCiliumClusterName()))
                .status(new MeshMemberStatus()
                        .state(mesh.getState().name())
                        .lastUpdatedAt(ArmModels.time(mesh.getLastUpdatedAt()))
                        .lastOperationId(mesh.getLastOperationId())
                        .certificatesNotAfter(ArmModels.time(mesh.getCertificatesNotAfter()))
                        .error(models.errorDetail(mesh.getError())))
                .clusterMeshProfileResourceId(ResourceIds.clusterMeshProfile(fleet.getSubscriptionId(),
                        fleet.getResourceGroup(), fleet.getName(), mesh.getProfile().getName()));
    }

    /** {@link #respond} with this status, for a write that answers with the resource as its operation left it. */
    Function<MemberEntity, ResponseEntity<FleetMember>> responder(HttpStatus status) {
        return member -> respond(status, member);
    }

    ResponseEntity<FleetMember> respond(HttpStatus status, MemberEntity member) {
        return ResponseEntity.status(status).eTag(MemberIds.etag(member)).body(toModel(member));
    }

    FleetMemberListResult list(Paging.Listing<MemberEntity> listing) {
        return new FleetMemberListResult().value(listing.items().stream().map(this::toModel).toList())
                .nextLink(listing.nextLink());
    }
}
