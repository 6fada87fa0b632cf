package org.fleetmesh.rp.mesh.domain;

import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cilium's rules for a cluster's identity in a mesh: an id in 1..255 (0 is reserved, and 255 is the
 * {@code max-connected-clusters} every member is given) and a name of at most 32 characters matching
 * Cilium's regex, never {@code default}. Both must be unique in the mesh.
 */
public final class CiliumIdentities {

    public static final int MAX_CONNECTED_CLUSTERS = 255;
    static final int MAX_NAME_LENGTH = 32;
    private static final Pattern NAME = Pattern.compile("^([a-z0-9][-a-z0-9]*)?[a-z0-9]$");

    /** The lowest id no member of the mesh holds, or empty when all 255 are taken. */
    public static OptionalInt lowestFreeId(Set<Integer> taken) {
        for (int id = 1; id <= MAX_CONNECTED_CLUSTERS; id++) {
            if (!taken.contains(id)) {
                return OptionalInt.of(id);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * The member name with the cluster id appended, as Azure's Fleet names a member's Cilium cluster
     * ({@code cm1-000003} with id 1 is {@code cm1-0000031}). Member names already follow Cilium's pattern (lower
     * case, letters, digits and '-', alphanumeric at both ends); the id suffix makes the name end in a digit and
     * never {@code default}. Where Azure's form would pass Cilium's 32 characters, the member name is cut to leave
     * room for the id: a departure from Azure's form that Cilium forces. Two members can derive the same name
     * ({@code m1} with 11, {@code m11} with 1): {@link MeshPlan} gives the later one another id.
     */
    public static String clusterName(String memberName, int clusterId) {
        if (clusterId < 1 || clusterId > MAX_CONNECTED_CLUSTERS) {
            throw new IllegalArgumentException("cluster id " + clusterId + " is outside 1.." + MAX_CONNECTED_CLUSTERS);
        }
        String suffix = Integer.toString(clusterId);
        String prefix = memberName.toLowerCase(Locale.ROOT).replaceAll("[^-a-z0-9]", "-");
        prefix = prefix.substring(0, Math.min(prefix.length(), MAX_NAME_LENGTH - suffix.length()));
        prefix = prefix.replaceAll("^-+", "");
        String name = (prefix.isEmpty() ? "member" : prefix) + suffix;
        if (!isValidClusterName(name)) {
            throw new IllegalStateException("derived an invalid Cilium cluster name '" + name + "'");
        }
        return name;
    }

    public static boolean isValidClusterName(String name) {
        return name.length() <= MAX_NAME_LENGTH && NAME.matcher(name).matches() && !name.equals("default");
    }

    private CiliumIdentities() {
    }
}
