package org.fleetmesh.simulator;

import java.util.Optional;

/**
 * Where a simulated cluster's clustermesh-apiserver pod really runs: a test that runs the pod's containers as
 * processes (Cilium's own binaries in a network namespace) answers the API server's pod proxy and log requests for
 * them, as the kubelet answers for a real pod, instead of the simulation.
 */
public interface RunningPods {

    /** The body of {@code GET http://<pod>:<port><path>}; empty when nothing answers there (connection refused). */
    Optional<String> get(int port, String path);

    /** What the container has logged so far. */
    String log(String container);
}
