package org.fleetmesh.rp.mesh;

import org.fleetmesh.persistence.fleet.FleetEntity;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileEntity;
import org.fleetmesh.rp.api.model.ClusterMeshProfile;
import org.fleetmesh.rp.api.model.ClusterMeshProfileListResult;
import org.fleetmesh.rp.api.model.ClusterMeshProfileProperties;
import org.fleetmesh.rp.api.model.ClusterMeshProfileStatus;
import org.fleetmesh.rp.api.model.MemberSelector;
import org.fleetmesh.rp.arm.ArmModels;
import org.fleetmesh.rp.arm.Paging;
import org.fleetmesh.rp.arm.Stored;
import org.fleetmesh.rp.arm.domain.ResourceIds;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/** A stored profile as the wire model; GET and the apply's final result show the same. */
@Component
class ClusterMeshProfileModels {

    private final ArmModels models;

    ClusterMeshProfileModels(ArmModels models) {
        this.models = models;
    }

    ClusterMeshProfile toModel(ClusterMeshProfileEntity profile) {
        FleetEntity fleet = profile.getFleet();
        ClusterMeshProfileStatus status = new ClusterMeshProfileStatus()
                .state(profile.getState().name())
                .lastOperationId(profile.getLastOperationId())
                .lastOperationError(models.errorDetail(profile.getLastOperationError()));
        if (profile.getLastAppliedMemberSelector() != null) {
            status.lastAppliedMemberSelector(new MemberSelector().byLabel(profile.getLastAppliedMemberSelector()));
        }
        return new ClusterMeshProfile()
                .id(ClusterMeshProfileIds.resourceId(profile))
                .name(profile.getName())
                .type(ResourceIds.CLUSTER_MESH_PROFILE_TYPE)
                .eTag(ClusterMeshProfileIds.etag(profile))
                .systemData(ArmModels.systemData(profile.getSystemData()))
                .properties(new ClusterMeshProfileProperties()
                        .provisioningState(profile.getProvisioningState().name())
                        .memberSelector(new MemberSelector().byLabel(profile.getMemberSelector()))
                        .status(status));
    }

    ResponseEntity<ClusterMeshProfile> respond(HttpStatus status, ClusterMeshProfileEntity profile) {
        return ResponseEntity.status(status).eTag(ClusterMeshProfileIds.etag(profile)).body(toModel(profile));
    }

    /** A PUT's answer: the profile as stored, 201 when the PUT created it. */
    ResponseEntity<ClusterMeshProfile> stored(Stored<ClusterMeshProfileEntity> stored) {
        return respond(stored.created() ? HttpStatus.CREATED : HttpStatus.OK, stored.resource());
    }

    ClusterMeshProfileListResult list(Paging.Listing<ClusterMeshProfileEntity> listing) {
        return new ClusterMeshProfileListResult().value(listing.items().stream().map(this::toModel).toList())
                .nextLink(listing.nextLink());
    }
}
