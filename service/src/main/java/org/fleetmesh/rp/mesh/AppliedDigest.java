package org.fleetmesh.rp.mesh;

import java.util.Optional;
import org.fleetmesh.domain.MeshMemberState;
import org.fleetmesh.persistence.member.MemberEntity;

/**
 * What a Connected member was last left with, as digests of its clustermesh-apiserver (identity, image, public TLS
 * material) and of its peer list; empty for a member that is not Connected.
 */
record AppliedDigest(String apiServer, String peers) {

    static Optional<AppliedDigest> of(MemberEntity member) {
        if (!member.inMeshState(MeshMemberState.Connected) || member.getMesh().getAppliedApiServerDigest() == null) {
            return Optional.empty();
        }
        return Optional.of(new AppliedDigest(member.getMesh().getAppliedApiServerDigest(),
                member.getMesh().getAppliedPeersDigest()));
    }
}
