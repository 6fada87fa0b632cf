package org.fleetmesh.rp.mesh;

import java.util.Optional;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.rp.mesh.domain.MeshMemberState;

/**
 * What a Connected member was last left with, as digests of its clustermesh-apiserver (identity, image, public TLS
 * material) and of its peer list; empty for a member that is not Connected.
 */
record AppliedDigest(String apiServer, String peers) {

    static Optional<AppliedDigest> of(MemberEntity member) {
        if (!MeshMemberState.Connected.name().equals(member.getMeshState()) || member.getMeshAppliedDigest() == null) {
            return Optional.empty();
        }
        String[] parts = member.getMeshAppliedDigest().split(" ");
        return parts.length == 2 ? Optional.of(new AppliedDigest(parts[0], parts[1])) : Optional.empty();
    }

    String text() {
        return apiServer + " " + peers;
    }
}
