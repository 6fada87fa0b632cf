package org.fleetmesh.simulator;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
  * The network the simulated clusters of one {@link SimulatedAzure} share: which cluster answers at each internal
  * load-balancer address, and which pairs of clusters cannot reach each other's clustermesh-apiserver on TCP 2379 (an
  * NSG rule that denies it). A cluster started on its own has a network of its own.
  */
final class SimulatedNetwork {

    private final Map<String, SimulatedKubernetes> byAddress = new ConcurrentHashMap<>();
    private final Set<Set<SimulatedKubernetes>> blocked2379 = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();

    /** The cloud gave {@code cluster}'s load balancer this address. */
    void assigned(String address, SimulatedKubernetes cluster) {
        changes.incrementAndGet();
        byAddress.put(address, cluster);
    }

    /** The cloud took the address back: nobody answers there any more. */
    void released(String address) {
        changes.incrementAndGet();
        byAddress.remove(address);
    }

    /** The cluster is gone, and with it its addresses. */
    void removed(SimulatedKubernetes cluster) {
        changes.incrementAndGet();
        byAddress.values().removeIf(cluster::equals);
        blocked2379.removeIf(pair -> pair.contains(cluster));
    }

    /**
     * A number that changes whenever anything a KVStoreMesh judgement reads may have changed: the network itself, or
     * the store of any cluster on it.
     */
    long state() {
        long state = changes.get();
        for (SimulatedKubernetes cluster : new java.util.HashSet<>(byAddress.values())) {
            state = state * 31 + cluster.changes();
        }
        return state;
    }

    /** The cluster whose load balancer answers at {@code address}, if any. */
    Optional<SimulatedKubernetes> at(String address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    /** TCP 2379 between the two clusters is dropped, both ways, as a deny rule in an NSG drops it. */
    void block2379(SimulatedKubernetes a, SimulatedKubernetes b) {
        changes.incrementAndGet();
        blocked2379.add(Set.of(a, b));
    }

    void unblock2379(SimulatedKubernetes a, SimulatedKubernetes b) {
        changes.incrementAndGet();
        blocked2379.remove(Set.of(a, b));
    }

    boolean blocks2379(SimulatedKubernetes from, SimulatedKubernetes to) {
        return !from.equals(to) && blocked2379.contains(Set.of(from, to));
    }
}
