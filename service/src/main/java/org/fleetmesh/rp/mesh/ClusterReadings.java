package org.fleetmesh.rp.mesh;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.rp.arm.ArmError;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.member.AksClusters;
import org.fleetmesh.rp.member.domain.AksCluster;
import org.fleetmesh.rp.mesh.checks.domain.VirtualNetwork;
import org.fleetmesh.rp.mesh.checks.domain.VirtualNetworkId;
import org.springframework.stereotype.Component;

/**
 * Reads what the prerequisite checks need from Azure, in parallel: each member's cluster once, then each virtual
 * network those clusters' agent pools sit in once, however many members share it.
 */
@Component
class ClusterReadings {

    private final AksClusters aks;
    private final VirtualNetworks networks;
    private final MeshWorkers workers;

    ClusterReadings(AksClusters aks, VirtualNetworks networks, MeshWorkers workers) {
        this.aks = aks;
        this.networks = networks;
        this.workers = workers;
    }

    /** The clusters read, by member; the members whose cluster could not be read, with why; the networks. */
    record Reading(Map<UUID, AksCluster> clusters, Map<UUID, ArmError> failures, List<VirtualNetwork> networks) {
    }

    Reading read(Collection<MemberEntity> members) {
        List<Callable<Object>> reads = new ArrayList<>();
        for (MemberEntity member : members) {
            reads.add(() -> {
                try {
                    return aks.get(member.getClusterResourceId());
                } catch (ArmException unreadable) {
                    ArmError error = unreadable.toError();
                    return new ArmError(error.code(), error.message(), member.getName(), error.details());
                }
            });
        }
        List<Object> outcomes = workers.all(reads);
        Map<UUID, AksCluster> clusters = new LinkedHashMap<>();
        Map<UUID, ArmError> failures = new LinkedHashMap<>();
        int index = 0;
        for (MemberEntity member : members) {
            Object outcome = outcomes.get(index++);
            if (outcome instanceof AksCluster cluster) {
                clusters.put(member.getId(), cluster);
            } else {
                failures.put(member.getId(), (ArmError) outcome);
            }
        }
        Set<VirtualNetworkId> networkIds = new LinkedHashSet<>();
        clusters.values().forEach(cluster -> cluster.agentPools().forEach(pool -> {
            subnetNetwork(pool.vnetSubnetId()).ifPresent(networkIds::add);
            subnetNetwork(pool.podSubnetId()).ifPresent(networkIds::add);
        }));
        List<Callable<Optional<VirtualNetwork>>> networkReads = networkIds.stream()
                .<Callable<Optional<VirtualNetwork>>>map(id -> () -> networks.get(id)).toList();
        List<VirtualNetwork> found = workers.all(networkReads).stream().flatMap(Optional::stream).toList();
        return new Reading(clusters, failures, found);
    }

    private static Optional<VirtualNetworkId> subnetNetwork(String subnetId) {
        return subnetId == null ? Optional.empty() : VirtualNetworkId.parseSubnet(subnetId).map(VirtualNetworkId.Subnet::network);
    }
}
