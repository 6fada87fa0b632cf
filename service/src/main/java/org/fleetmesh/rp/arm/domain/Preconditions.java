package org.fleetmesh.rp.arm.domain;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * ARM's If-Match / If-None-Match rules (RPC addendum "ETags for Resources"). The service, not ARM's front
 * door, owns the check.
 */
public final class Preconditions {

    /** The write being attempted. */
    public enum Write { PUT, PATCH, DELETE, ACTION }

    /** Why the precondition failed; null when it holds. */
    public static @Nullable String failure(Write write, String currentEtag, String ifMatch, String ifNoneMatch) {
        boolean exists = currentEtag != null;
        if (ifMatch != null && !ifMatch.isBlank()) {
            if (!exists && write == Write.DELETE) {
                return null;
            }
            if (!exists) {
                return "If-Match was given but the resource does not exist.";
            }
            if (!matches(ifMatch, currentEtag)) {
                return "If-Match " + ifMatch.trim() + " does not match the resource's current ETag " + currentEtag + ".";
            }
        }
        if (ifNoneMatch != null && !ifNoneMatch.isBlank() && exists && write == Write.PUT
                && matches(ifNoneMatch, currentEtag)) {
            return "If-None-Match " + ifNoneMatch.trim() + " was given but the resource exists with ETag " + currentEtag + ".";
        }
        return null;
    }

    private static boolean matches(String header, String currentEtag) {
        return Arrays.stream(header.split(","))
                .map(String::trim)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals("*") || tag.equals(currentEtag) || unquote(tag).equals(unquote(currentEtag)));
    }

    private static String unquote(String tag) {
        return tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"") ? tag.substring(1, tag.length() - 1) : tag;
    }

    private Preconditions() {
    }
}
