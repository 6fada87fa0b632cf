package org.fleetmesh.rp.arm.domain;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds and reads the ARM resource ids of the types this service owns and refers to. */
public final class ResourceIds {

    public static final String NAMESPACE = "Microsoft.ContainerService";
    public static final String FLEET_TYPE = NAMESPACE + "/fleets";
    public static final String MEMBER_TYPE = NAMESPACE + "/fleets/members";
    public static final String CLUSTER_MESH_PROFILE_TYPE = NAMESPACE + "/fleets/clusterMeshProfiles";

    private static final Pattern MANAGED_CLUSTER = Pattern.compile(
            "^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.ContainerService/managedClusters/([^/]+)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CLUSTER_MESH_PROFILE = Pattern.compile(
            "^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.ContainerService/fleets/([^/]+)"
                    + "/clusterMeshProfiles/([^/]+)$",
            Pattern.CASE_INSENSITIVE);

    public static String fleet(String subscriptionId, String resourceGroup, String fleet) {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup + "/providers/" + FLEET_TYPE + "/" + fleet;
    }

    public static String member(String subscriptionId, String resourceGroup, String fleet, String member) {
        return fleet(subscriptionId, resourceGroup, fleet) + "/members/" + member;
    }

    public static String clusterMeshProfile(String subscriptionId, String resourceGroup, String fleet, String profile) {
        return fleet(subscriptionId, resourceGroup, fleet) + "/clusterMeshProfiles/" + profile;
    }

    /** The AKS cluster an id names, if it is the id of a managed cluster. */
    public static Optional<ManagedCluster> managedCluster(String id) {
        Matcher m = MANAGED_CLUSTER.matcher(id == null ? "" : id);
        return m.matches() ? Optional.of(new ManagedCluster(m.group(1), m.group(2), m.group(3))) : Optional.empty();
    }

    public static Optional<ClusterMeshProfile> clusterMeshProfile(String id) {
        Matcher m = CLUSTER_MESH_PROFILE.matcher(id == null ? "" : id);
        return m.matches()
                ? Optional.of(new ClusterMeshProfile(m.group(1), m.group(2), m.group(3), m.group(4)))
                : Optional.empty();
    }

    public record ManagedCluster(String subscriptionId, String resourceGroup, String name) {
    }

    public record ClusterMeshProfile(String subscriptionId, String resourceGroup, String fleet, String name) {
    }

    private ResourceIds() {
    }
}
