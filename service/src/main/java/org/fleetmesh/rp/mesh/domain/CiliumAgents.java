package org.fleetmesh.rp.mesh.domain;

import org.jspecify.annotations.Nullable;
import java.util.Optional;

/**
 * A member's Cilium agents as its API server shows them: the {@code cilium} DaemonSet in {@code kube-system}.
 *
 * <p>The agents read {@code cluster-name} and {@code cluster-id} from {@code cilium-config} only when they start, so a
 * member that gets its mesh identity must restart them (and the operator) before they use it. The service restarts
 * them the way {@code kubectl rollout restart} does, by changing their pod templates, and writes the identity it
 * restarted them for into the templates as {@link #RESTARTED_FOR}: that is how a later apply tells whether the agents
 * run with the identity they should, and why a repeated restart of the same identity writes nothing.
 *
 * @param image        the image of the agent container, whose tag is the Cilium version the member runs
 * @param restartedFor the identity ({@link MemberMeshConfig.Identity#text()}) the service last restarted the agents
 *                     for, or null if it never did
 * @param rolledOut    whether the DaemonSet's controller has replaced every agent pod with one of its current template
 */
public record CiliumAgents(@Nullable String image, @Nullable String restartedFor, boolean rolledOut) {

    public static final String DAEMON_SET = "cilium";
    public static final String OPERATOR = "cilium-operator";
    public static final String AGENT_CONTAINER = "cilium-agent";
    /** The pod-template annotation that records the identity the agents were last restarted for. */
    public static final String RESTARTED_FOR = "fleet.azure.com/cilium-cluster";

    /** The Cilium release the agents run, if their image tag says. */
    public Optional<CiliumVersion> version() {
        return CiliumVersion.ofImage(image);
    }

    /** Whether agents with this identity in their {@code cilium-config} must be restarted to use it. */
    public boolean needRestartFor(MemberMeshConfig.Identity identity) {
        return !identity.text().equals(restartedFor);
    }
}
