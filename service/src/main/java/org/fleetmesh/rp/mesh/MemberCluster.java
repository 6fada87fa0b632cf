package org.fleetmesh.rp.mesh;

import java.util.List;
import org.fleetmesh.rp.mesh.domain.MeshObjects;

/**
 * One member's Kubernetes API, as far as the mesh touches it. Writes are server-side applies under the service's
 * field manager and change only what the service owns; nothing is written that is already as desired.
 */
public interface MemberCluster extends AutoCloseable {

    /** Makes the cluster hold the objects; the number of writes it took (0 when all were in place). */
    int ensure(MeshObjects desired);

    /** The objects that differ from the desired ones, by kind and name; empty when all are in place. */
    List<String> differences(MeshObjects desired);

    /** The clustermesh-apiserver's load-balancer addresses; empty while the cloud has not assigned one. */
    List<String> apiServerAddresses();

    /** Removes everything the service put on the cluster; the number of writes it took. */
    int removeMesh();

    @Override
    void close();
}
