package org.fleetmesh.persistence;

import java.util.Locale;

/** ARM names match case-insensitively; their lower-case form is what the database indexes. */
public final class ResourceNames {

    private ResourceNames() {
    }

    public static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
