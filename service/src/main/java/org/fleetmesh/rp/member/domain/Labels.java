package org.fleetmesh.rp.member.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Member labels follow Kubernetes label syntax, because selectors and Cilium use them the same way. Labels
 * under {@code fleet.azure.com/} belong to the service.
 */
public final class Labels {

    public static final String SYSTEM_PREFIX = "fleet.azure.com/";

    /**
     * The most labels a caller may give one member, besides the system labels. Kubernetes sets no count, only
     * sizes (enforced below); ARM allows 50 tags per resource, and selectors need a handful, so 50 is ample.
     */
    public static final int MAX_USER_LABELS = 50;

    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(
            "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    private static final Pattern VALUE = Pattern.compile("^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$");

    public static final String LOCATION = SYSTEM_PREFIX + "location";

    /**
     * The labels the service sets on every member, derived from its identity, its update group and its cluster, as
     * Azure's service sets them (already in a create's response).
     *
     * @param group the member's update group; null leaves the group label out
     * @param clusterLocation null while the service has not read the cluster from Azure
     */
    public static Map<String, String> system(String memberName, String group, String clusterSubscriptionId,
            String clusterResourceGroup, String clusterName, String clusterLocation) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(SYSTEM_PREFIX + "member-name", memberName);
        if (group != null) {
            labels.put(SYSTEM_PREFIX + "group", group);
        }
        labels.put(SYSTEM_PREFIX + "cluster-name", clusterName);
        labels.put(SYSTEM_PREFIX + "resource-group", clusterResourceGroup);
        labels.put(SYSTEM_PREFIX + "subscription-id", clusterSubscriptionId);
        if (clusterLocation != null) {
            labels.put(LOCATION, clusterLocation);
        }
        return labels;
    }

    public static boolean isSystem(String key) {
        return key.startsWith(SYSTEM_PREFIX);
    }

    /** Why a label key is not valid Kubernetes syntax, or empty. */
    public static Optional<String> keyProblem(String key) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (prefix != null && (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches())) {
            return Optional.of("The label key prefix '" + prefix + "' must be a DNS subdomain of at most 253 characters.");
        }
        if (!NAME.matcher(name).matches()) {
            return Optional.of("The label key '" + key + "' must be at most 63 characters of letters, digits, '-', '_' "
                    + "or '.', starting and ending with a letter or digit, optionally after a DNS-subdomain prefix and '/'.");
        }
        return Optional.empty();
    }

    /** Why a member cannot have this many labels of the caller's, or empty. */
    public static Optional<String> countProblem(int userLabels) {
        if (userLabels > MAX_USER_LABELS) {
            return Optional.of("A member can have at most " + MAX_USER_LABELS + " labels besides those under '" + SYSTEM_PREFIX
                    + "'; this request would give it " + userLabels + ". Remove some.");
        }
        return Optional.empty();
    }

    public static Optional<String> valueProblem(String key, String value) {
        if (value == null || !VALUE.matcher(value).matches()) {
            return Optional.of("The value of label '" + key + "' must be empty or at most 63 characters of letters, digits, "
                    + "'-', '_' or '.', starting and ending with a letter or digit.");
        }
        return Optional.empty();
    }

    private Labels() {
    }
}
