package org.fleetmesh.rp.arm.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * ARM treats "West US" and "westus" as the same location; this service stores the compact lower-case form. A
 * location must be an Azure region: it ends up in URLs (the operation monitors' paths) and in every resource.
 * The regions are data, in {@code azure-regions.txt} beside this class.
 */
public final class Locations {

    private static final String REGIONS_FILE = "azure-regions.txt";
    private static final Set<String> REGIONS = load();

    public static String normalize(String location) {
        return location.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
    }

    /** Whether a location, in any casing and spacing, names an Azure region. */
    public static boolean isRegion(String location) {
        return location != null && REGIONS.contains(normalize(location));
    }

    public static Set<String> regions() {
        return REGIONS;
    }

    private static Set<String> load() {
        try (InputStream in = Locations.class.getResourceAsStream(REGIONS_FILE)) {
            if (in == null) {
                throw new IllegalStateException(REGIONS_FILE + " is missing from the classpath");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Locations() {
    }
}
