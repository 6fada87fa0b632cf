package org.fleetmesh.rp.arm;

import org.fleetmesh.persistence.SystemDataColumns;

/**
 * ARM's systemData rules: created* is set once, by the first write; last* follows every accepted change.
 * Values ARM sends in its header win over the authenticated caller.
 */
public final class SystemDataStamp {

    public static SystemDataColumns stamp(SystemDataColumns existing, ArmCall call) {
        ArmCall.SystemDataHeader header = call.systemData();
        Actor caller = call.caller();
        String modifiedBy = header != null && header.lastModifiedBy() != null ? header.lastModifiedBy() : caller.name();
        String modifiedByType = header != null && header.lastModifiedByType() != null ? header.lastModifiedByType() : caller.type();
        var modifiedAt = header != null && header.lastModifiedAt() != null ? header.lastModifiedAt() : caller.at();
        if (existing != null && existing.getCreatedAt() != null) {
            return new SystemDataColumns(existing.getCreatedBy(), existing.getCreatedByType(), existing.getCreatedAt(),
                    modifiedBy, modifiedByType, modifiedAt);
        }
        String createdBy = header != null && header.createdBy() != null ? header.createdBy() : modifiedBy;
        String createdByType = header != null && header.createdByType() != null ? header.createdByType() : modifiedByType;
        var createdAt = header != null && header.createdAt() != null ? header.createdAt() : modifiedAt;
        return new SystemDataColumns(createdBy, createdByType, createdAt, modifiedBy, modifiedByType, modifiedAt);
    }

    private SystemDataStamp() {
    }
}
