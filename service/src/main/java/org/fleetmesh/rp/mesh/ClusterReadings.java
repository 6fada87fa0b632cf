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
import org.fleetmesh.rp.mesh.checks.domain.MeshPrerequisites;
import org.fleetmesh.rp.mesh.checks.domain.SelectedMember;
import org.fleetmesh.rp.mesh.checks.domain.VirtualNetwork;
import org.fleetmesh.rp.mesh.checks.domain.VirtualNetworkId;
import org.fleetmesh.rp.mesh.domain.CiliumAgents;
import org.springframework.stereotype.Component;

/**
 * Reads what the prerequisite checks need, in parallel: each member's cluster from Azure once and, where the cluster
 * runs Cilium, its agents from its Kubernetes API (their image says the Cilium version); then each virtual network
 * those clusters' agent pools sit in once, however many members share it.
 */
@Component
class ClusterReadings {

    private final AksClusters aks;
    private final VirtualNetworks networks;
    private final MemberClusters memberClusters;
    private final MeshWorkers workers;

    ClusterReadings(AksClusters aks, VirtualNetworks networks, MemberClusters memberClusters, MeshWorkers workers) {
        this.aks = aks;
        this.networks = networks;
        this.memberClusters = memberClusters;
        this.workers = workers;
    }

    /**
     * The clusters read, by member; their Cilium agents, by member, for the clusters that run Cilium (a cluster
     * {@link MeshPrerequisites#runsCiliumAgents runs Cilium} without an entry here has no {@code cilium} DaemonSet);
     * the members whose cluster could not be read, with why; the networks.
     */
    record Reading(Map<UUID, AksCluster> clusters, Map<UUID, CiliumAgents> agents, Map<UUID, ArmError> failures,
            List<VirtualNetwork> networks) {

        /** What the checks take of one member that was read. */
        SelectedMember member(MemberEntity member, boolean connected, String otherMeshProfile) {
            return new SelectedMember(member.getName(), connected, clusters.get(member.getId()), otherMeshProfile,
                    agents.get(member.getId()));
        }
    }

    Reading read(Collection<MemberEntity> members) {
        List<Callable<Object>> reads = new ArrayList<>();
        for (MemberEntity member : members) {
            reads.add(() -> {
                try {
                    AksCluster cluster = aks.get(member.getClusterResourceId());
                    if (!MeshPrerequisites.runsCiliumAgents(cluster)) {
                        return cluster;
                    }
                    try (MemberCluster kubernetes = memberClusters.connect(cluster)) {
                        return new ReadCluster(cluster, kubernetes.ciliumAgents().orElse(null));
                    }
                } catch (ArmException unreadable) {
                    ArmError error = unreadable.toError();
                    return new ArmError(error.code(), error.message(), member.getName(), error.details());
                }
            });
        }
        List<Object> outcomes = workers.all(reads);
        Map<UUID, AksCluster> clusters = new LinkedHashMap<>();
        Map<UUID, CiliumAgents> agents = new LinkedHashMap<>();
        Map<UUID, ArmError> failures = new LinkedHashMap<>();
        int index = 0;
        for (MemberEntity member : members) {
            Object outcome = outcomes.get(index++);
            if (outcome instanceof AksCluster cluster) {
                clusters.put(member.getId(), cluster);
            } else if (outcome instanceof ReadCluster read) {
                clusters.put(member.getId(), read.cluster());
                if (read.agents() != null) {
                    agents.put(member.getId(), read.agents());
                }
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
        return new Reading(clusters, agents, failures, found);
    }

    /** A cluster that runs Cilium, with its agents (null when it has no {@code cilium} DaemonSet). */
    private record ReadCluster(AksCluster cluster, CiliumAgents agents) {
    }

    private static Optional<VirtualNetworkId> subnetNetwork(String subnetId) {
        return subnetId == null ? Optional.empty() : VirtualNetworkId.parseSubnet(subnetId).map(VirtualNetworkId.Subnet::network);
    }
}
