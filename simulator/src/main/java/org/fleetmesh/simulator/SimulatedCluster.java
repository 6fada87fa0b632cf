package org.fleetmesh.simulator;

import java.util.concurrent.atomic.AtomicReference;

/** A managed cluster registered with {@link SimulatedAzure}: its current spec and its member API server. */
public final class SimulatedCluster {

    private final AtomicReference<SimulatedClusterSpec> spec;
    private final SimulatedKubernetes kubernetes;

    SimulatedCluster(SimulatedClusterSpec spec, SimulatedKubernetes kubernetes) {
        this.spec = new AtomicReference<>(spec);
        this.kubernetes = kubernetes;
    }

    /** What ARM reports for the cluster now, including changes made with {@link SimulatedAzure#updateCluster}. */
    public SimulatedClusterSpec spec() {
        return spec.get();
    }

    /** The cluster's ARM resource id, as registered. */
    public String resourceId() {
        return spec.get().resourceId();
    }

    /** The cluster's Kubernetes API server, which the kubeconfigs from the credential actions point at. */
    public SimulatedKubernetes kubernetes() {
        return kubernetes;
    }

    void replaceSpec(SimulatedClusterSpec updated) {
        spec.set(updated);
    }
}
