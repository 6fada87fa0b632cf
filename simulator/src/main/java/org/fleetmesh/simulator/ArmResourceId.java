package org.fleetmesh.simulator;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parts of a top-level ARM resource id; ARM compares ids ignoring case, so {@link #key()} does too. */
record ArmResourceId(String subscriptionId, String resourceGroup, String provider, String type, String name) {

    private static final Pattern TOP_LEVEL =
            Pattern.compile(
                    "/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/([^/]+)/([^/]+)/([^/]+)/?",
                    Pattern.CASE_INSENSITIVE);

    static ArmResourceId parse(String resourceId) {
        Matcher matcher = TOP_LEVEL.matcher(resourceId);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Not a top-level ARM resource id: " + resourceId);
        }
        return new ArmResourceId(matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4), matcher.group(5));
    }

    static ArmResourceId parse(String resourceId, String expectedProvider, String expectedType) {
        ArmResourceId id = parse(resourceId);
        if (!id.provider().equalsIgnoreCase(expectedProvider) || !id.type().equalsIgnoreCase(expectedType)) {
            throw new IllegalArgumentException("Not a " + expectedProvider + "/" + expectedType + " id: " + resourceId);
        }
        return id;
    }

    /** Case-folded form of an id, for lookups. */
    static String key(String resourceId) {
        return stripTrailingSlash(resourceId).toLowerCase(Locale.ROOT);
    }

    String key() {
        return key(toString());
    }

    @Override
    public String toString() {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup + "/providers/" + provider + "/"
                + type + "/" + name;
    }

    private static String stripTrailingSlash(String value) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
