package org.fleetmesh.rp.mesh;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.fleetmesh.persistence.fleet.FleetEntity;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.persistence.member.MeshMembership;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileEntity;
import org.fleetmesh.persistence.mesh.MeshConnectivityRepository;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.domain.ResourceIds;
import org.fleetmesh.rp.mesh.domain.ConnectivityMatrix;
import org.fleetmesh.rp.mesh.domain.MeshObjects;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which members of a mesh reach which, and whether they still hold what they were given: each member's KVStoreMesh
 * asked, through the member's Kubernetes API, what it has of every peer (as {@code meshVerified} asks it), and what the
 * service owns on it compared with what the last apply gave it, all members at once. The last observation is kept, so
 * that asking again costs nothing until a fresh one is wanted. Writes nothing to the members.
 */
@Component
class MeshConnectivity {

    private final ClusterMeshProfileService profiles;
    private final MeshMembers members;
    private final MemberClusters clusters;
    private final ApplyMembers applyMembers;
    private final DesiredMemberConfig config;
    private final MeshWorkers workers;
    private final MeshConnectivityRepository observations;
    private final JsonMapper json;
    private final Clock clock;

    MeshConnectivity(ClusterMeshProfileService profiles, MeshMembers members, MemberClusters clusters,
            ApplyMembers applyMembers, DesiredMemberConfig config, MeshWorkers workers,
            MeshConnectivityRepository observations, JsonMapper json, Clock clock) {
        this.profiles = profiles;
        this.members = members;
        this.clusters = clusters;
        this.applyMembers = applyMembers;
        this.config = config;
        this.workers = workers;
        this.observations = observations;
        this.json = json;
        this.clock = clock;
    }

    /** The last observation of the profile's mesh; a new one, kept as the last, when {@code refresh} or none was made. */
    ConnectivityMatrix of(String subscriptionId, String resourceGroup, String fleetName, String profileName, boolean refresh) {
        ClusterMeshProfileEntity profile = profiles.get(subscriptionId, resourceGroup, fleetName, profileName);
        if (!refresh) {
            var last = observations.findById(profile.getId());
            if (last.isPresent()) {
                return json.readValue(last.get().getObservation(), ConnectivityMatrix.class);
            }
        }
        return observeAndKeep(profile);
    }

    /** A new observation of the profile's mesh, kept as the last. */
    ConnectivityMatrix observeAndKeep(ClusterMeshProfileEntity profile) {
        ConnectivityMatrix observed = observe(profile);
        observations.keep(profile.getId(), json.writeValueAsString(observed), observed.observedAt());
        return observed;
    }

    private ConnectivityMatrix observe(ClusterMeshProfileEntity profile) {
        List<MemberEntity> inMesh = members.inMesh(profile.getId()).stream()
                .filter(ApplyMembers::staysInMesh)
                .sorted(Comparator.comparing(MemberEntity::getName)).toList();
        List<Callable<ConnectivityMatrix.Member>> reads = inMesh.stream()
                .<Callable<ConnectivityMatrix.Member>>map(member -> () -> read(member, inMesh, profile.getId())).toList();
        return new ConnectivityMatrix(clock.instant(), workers.all(reads));
    }

    private ConnectivityMatrix.Member read(MemberEntity member, List<MemberEntity> inMesh, UUID profileId) {
        // Its peers are the members it was given as peers: those whose clustermesh-apiserver has an address.
        List<MemberEntity> exposed = inMesh.stream().filter(peer -> !peer.getMesh().getApiServerAddresses().isEmpty()).toList();
        Map<String, String> peerByClusterName = new LinkedHashMap<>();
        exposed.stream().filter(peer -> !peer.getId().equals(member.getId()))
                .forEach(peer -> peerByClusterName.put(peer.getMesh().getCiliumClusterName(), peer.getName()));
        String error = null;
        List<ConnectivityMatrix.Peer> peers;
        List<String> drifted = new ArrayList<>();
        if (member.getMesh().getApiServerAddresses().isEmpty()) {
            error = "The member runs no clustermesh-apiserver of this mesh: apply left it out (its "
                    + "meshProperties.status.error says why), so it has no peers.";
            peers = List.of();
        } else {
            try (MemberCluster cluster = clusters.connect(applyMembers.snapshot(member))) {
                drifted.addAll(cluster.drift(config.everything(profileId, member,
                        DesiredMemberConfig.peersOf(member, exposed))));
                addressDrift(member, cluster.apiServerService().addresses()).ifPresent(drifted::add);
                peers = ConnectivityMatrix.peers(peerByClusterName, cluster.kvstoreMeshPeers());
            } catch (ArmException unreadable) {
                error = unreadable.getMessage();
                peers = ConnectivityMatrix.unknown(peerByClusterName, "The member could not be read.");
            }
        }
        FleetEntity fleet = member.getFleet();
        MeshMembership mesh = member.getMesh();
        return new ConnectivityMatrix.Member(member.getName(), ResourceIds.member(fleet.getSubscriptionId(),
                fleet.getResourceGroup(), fleet.getName(), member.getName()), mesh.getState().name(), mesh.getCiliumClusterId(),
                mesh.getCertificatesNotAfter(), error, peers, drifted);
    }

    /** The cloud gave the member's apiserver Service another address than the one its peers were told. */
    private static Optional<String> addressDrift(MemberEntity member, List<String> now) {
        List<String> told = member.getMesh().getApiServerAddresses();
        if (now.equals(told)) {
            return Optional.empty();
        }
        return Optional.of("Service " + MeshObjects.ApiServer.NAME + " (" + (now.isEmpty() ? "it has no load-balancer "
                + "address now" : "its load-balancer address is now " + String.join(", ", now)) + "; its peers were given "
                + String.join(", ", told) + ")");
    }
}
