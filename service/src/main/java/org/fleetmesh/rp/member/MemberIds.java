package org.fleetmesh.rp.member;

import org.fleetmesh.persistence.fleet.FleetEntity;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.rp.arm.domain.ETags;
import org.fleetmesh.rp.arm.domain.ResourceIds;

/**
 * A stored member's ARM identity: its resource id and ETag. The service checks preconditions with them and the
 * converter shows them, so they live apart from both and neither depends on the other for them.
 */
final class MemberIds {

    static String resourceId(MemberEntity member) {
        FleetEntity fleet = member.getFleet();
        return ResourceIds.member(fleet.getSubscriptionId(), fleet.getResourceGroup(), fleet.getName(), member.getName());
    }

    static String etag(MemberEntity member) {
        return ETags.of(member.getId(), member.getVersion());
    }

    private MemberIds() {
    }
}
