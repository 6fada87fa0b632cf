package org.fleetmesh.rp.mesh;

import org.fleetmesh.rp.api.model.ClusterMeshConnectivityMember;
import org.fleetmesh.rp.api.model.ClusterMeshConnectivityPeer;
import org.fleetmesh.rp.api.model.ClusterMeshConnectivityResult;
import org.fleetmesh.rp.arm.ArmModels;
import org.fleetmesh.rp.mesh.domain.ConnectivityMatrix;
import org.springframework.stereotype.Component;

/** The connectivity matrix of a mesh as listConnectivity's wire result. */
@Component
class ClusterMeshConnectivityModels {

    ClusterMeshConnectivityResult toModel(ConnectivityMatrix matrix) {
        return new ClusterMeshConnectivityResult()
                .observedAt(ArmModels.time(matrix.observedAt()))
                .members(matrix.members().stream().map(member -> new ClusterMeshConnectivityMember()
                        .name(member.name())
                        .memberResourceId(member.resourceId())
                        .state(member.state())
                        .ciliumClusterId(member.ciliumClusterId())
                        .certificatesNotAfter(ArmModels.time(member.certificatesNotAfter()))
                        .error(member.error())
                        .driftedObjects(member.drifted().isEmpty() ? null : member.drifted())
                        .peers(member.peers().stream().map(peer -> new ClusterMeshConnectivityPeer().name(peer.name())
                                .ready(peer.ready()).message(peer.message())).toList()))
                        .toList());
    }
}
