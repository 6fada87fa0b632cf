package org.fleetmesh.rp.mesh.domain;

import java.util.List;

/** A peer as the other members of a mesh reach it: its Cilium cluster name and the addresses of its clustermesh-apiserver. */
public record MeshPeer(String clusterName, List<String> addresses) {
    public MeshPeer {
        addresses = List.copyOf(addresses);
    }
}
