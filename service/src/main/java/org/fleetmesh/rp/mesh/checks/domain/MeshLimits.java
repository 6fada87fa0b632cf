package org.fleetmesh.rp.mesh.checks.domain;

import org.fleetmesh.rp.mesh.domain.CiliumIdentities;

/**
 * The limits every cluster mesh is held to: how many members it holds and the Kubernetes version they run. Its own
 * class because the checks, the codes that name them ({@link CheckCode}) and the orchestration in
 * {@link MeshPrerequisites} all quote them, and had they stayed on {@link MeshPrerequisites} each check would import
 * back the class that runs it.
 */
public final class MeshLimits {

    /** Fleet's limit, which is Cilium's default {@code max-connected-clusters}. */
    public static final int MAX_MEMBERS = CiliumIdentities.MAX_CONNECTED_CLUSTERS;
    static final String MINIMUM_KUBERNETES_VERSION_TEXT = "1.32";
    /** Fleet cross-cluster networking needs Kubernetes 1.32 with ACNS and Cilium. */
    public static final KubernetesVersion MINIMUM_KUBERNETES_VERSION =
            KubernetesVersion.parse(MINIMUM_KUBERNETES_VERSION_TEXT).orElseThrow();

    private MeshLimits() {
    }
}
