package org.fleetmesh.rp.mesh;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fleetmesh.rp.mesh.domain.AgentsMeshView;
import org.fleetmesh.rp.mesh.domain.CiliumAgents;
import org.fleetmesh.rp.mesh.domain.KvstoreMeshReport;
import org.fleetmesh.rp.mesh.domain.MeshObjects;
import org.jspecify.annotations.Nullable;

/**
 * One member's Kubernetes API, as far as the mesh touches it. Writes are server-side applies under the service's
 * field manager and change only what the service owns; nothing is written that is already as desired.
 */
public interface MemberCluster extends AutoCloseable {

    /** Makes the cluster hold the objects; the number of writes it took (0 when all were in place). */
    int ensure(MeshObjects desired);

    /**
     * Makes the cluster hold exactly {@code everything} of what the service owns on it: the objects as {@link #ensure},
     * and the service's own objects that are not in the set deleted. Reads what the service owns in one call per kind.
     */
    int reconcile(MeshObjects everything);

    /** The objects that differ from the desired ones, by kind and name; empty when all are in place. */
    List<String> differences(MeshObjects desired);

    /**
     * How the cluster drifted from {@code everything} the service gave it: each object deleted or changed by someone
     * else, by kind and name, and each of the service's own objects the set does not include; empty when none did.
     */
    List<String> drift(MeshObjects everything);

    /** The clustermesh-apiserver's load-balancer Service as the cloud has provisioned it so far. */
    ApiServerService apiServerService();

    /**
     * @param addresses its load-balancer addresses; empty while the cloud has not assigned one (or there is no Service)
     * @param created   when the Service was created; null when there is none
     */
    record ApiServerService(List<String> addresses, @Nullable Instant created) {
        public ApiServerService {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * Why the clustermesh-apiserver is not running as its Deployment wants, from the Deployment's status and its pods'
     * (a container crash-looping with its last log line, a volume that cannot be mounted); empty once the Deployment
     * has rolled out its current template and is Available.
     */
    Optional<String> apiServerProblem();

    /**
     * What KVStoreMesh in the running clustermesh-apiserver pod reports about each peer, by Cilium cluster name: its
     * Prometheus metrics read through the API server's pod proxy (port 9964), and for a peer that is not ready the
     * error its container last logged for it. Reads only; a peer it does not name is not connected yet.
     */
    Map<String, KvstoreMeshReport.PeerReadiness> kvstoreMeshPeers();

    /**
     * What the cluster's Cilium agents report of the mesh: each running agent pod's metrics (AKS's port 9962) read
     * through the API server's pod proxy, as for KVStoreMesh. An agent that cannot be read is left out.
     */
    AgentsMeshView agentsMeshView();

    /** The cluster's Cilium agents; empty when it runs no {@code cilium} DaemonSet. */
    Optional<CiliumAgents> ciliumAgents();

    /**
     * Restarts the Cilium agents and operator, as {@code kubectl rollout restart} does, so they read the identity now in
     * {@code cilium-config}; writes nothing when they were last restarted for {@code identity}. The number of writes.
     */
    int restartCiliumAgents(String identity);

    /** Removes everything the service put on the cluster; the number of writes it took. */
    int removeMesh();

    @Override
    void close();
}
