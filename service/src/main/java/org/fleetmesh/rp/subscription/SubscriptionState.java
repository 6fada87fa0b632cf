package org.fleetmesh.rp.subscription;

import java.util.Arrays;
import java.util.Optional;

/** ARM subscription lifecycle states and what each allows (RPC subscription lifecycle API reference). */
public enum SubscriptionState {
    REGISTERED("Registered", true, true),
    WARNED("Warned", false, true),
    SUSPENDED("Suspended", false, true),
    UNREGISTERED("Unregistered", false, false),
    DELETED("Deleted", false, false);

    private final String wireName;
    private final boolean allowsWrites;
    private final boolean allowsDeletes;

    SubscriptionState(String wireName, boolean allowsWrites, boolean allowsDeletes) {
        this.wireName = wireName;
        this.allowsWrites = allowsWrites;
        this.allowsDeletes = allowsDeletes;
    }

    public String wireName() {
        return wireName;
    }

    public boolean allowsWrites() {
        return allowsWrites;
    }

    public boolean allowsDeletes() {
        return allowsDeletes;
    }

    public static Optional<SubscriptionState> fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equalsIgnoreCase(name)).findFirst();
    }
}
