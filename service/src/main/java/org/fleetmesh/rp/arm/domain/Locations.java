package org.fleetmesh.rp.arm.domain;

import java.util.Locale;

/** ARM treats "West US" and "westus" as the same location; this service stores the compact lower-case form. */
public final class Locations {

    public static String normalize(String location) {
        return location.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
    }

    private Locations() {
    }
}
