package org.fleetmesh.rp.mesh;

import java.util.List;
import org.fleetmesh.domain.MeshMemberState;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.persistence.operation.OperationEntity;
import org.fleetmesh.rp.member.AksClusters;
import org.fleetmesh.rp.member.domain.AksCluster;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The members of the mesh each step of an apply works on, and their clusters as the apply read them. */
@Component
class ApplyMembers {

    private final MeshMembers members;
    private final AksClusters aks;
    private final JsonMapper json;

    ApplyMembers(MeshMembers members, AksClusters aks, JsonMapper json) {
        this.members = members;
        this.aks = aks;
        this.json = json;
    }

    /** Members of the mesh that stay and whose clustermesh-apiserver has an address: the ones that peer. */
    List<MemberEntity> exposedMembers(OperationEntity operation) {
        return members.inMesh(operation.getTargetId()).stream()
                .filter(ApplyMembers::staysInMesh)
                .filter(m -> !m.getMesh().getApiServerAddresses().isEmpty())
                .toList();
    }

    /** The member's cluster as this apply read it; a member that left before any reading is read now. */
    AksCluster snapshot(MemberEntity member) {
        return member.getMesh().getClusterSnapshot() == null ? aks.get(member.getClusterResourceId())
                : json.readValue(member.getMesh().getClusterSnapshot(), AksCluster.class);
    }

    static boolean staysInMesh(MemberEntity member) {
        return !member.inMeshState(MeshMemberState.Disconnecting);
    }

    /** Staying, and not failed by this apply's checks: the members that get pushed. */
    static boolean goingAhead(MemberEntity member) {
        return member.inMeshState(MeshMemberState.Connecting)
                || member.inMeshState(MeshMemberState.Connected);
    }
}
