package org.fleetmesh.rp.mesh.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Which members of a mesh reach which, as each member's KVStoreMesh reported its peers at one moment: the matrix
 * listConnectivity answers.
 *
 * @param members by member name
 */
public record ConnectivityMatrix(Instant observedAt, List<Member> members) {

    /**
     * One member and what it reported of each other member.
     *
     * @param error   why the member itself could not be read (then every peer is not ready, with that reason)
     * @param drifted the objects it was given that are no longer as given, by kind and name
     */
    public record Member(String name, String resourceId, String state, int ciliumClusterId,
            @Nullable Instant certificatesNotAfter, @Nullable String error, List<Peer> peers, List<String> drifted) {
        public Member {
            // Observations kept before drift was observed have none.
            drifted = drifted == null ? List.of() : List.copyOf(drifted);
        }
    }

    /** What a member reported of one peer; {@code message} says why it is not ready. */
    public record Peer(String name, boolean ready, @Nullable String message) {
    }

    /** How many objects the members hold that are no longer as they were given. */
    public long drifted() {
        return members.stream().mapToLong(member -> member.drifted().size()).sum();
    }

    /** How many member-to-peer pairs are not ready. */
    public long notReady() {
        return members.stream().flatMap(member -> member.peers().stream()).filter(peer -> !peer.ready()).count();
    }

    /**
     * A member's view of its peers from its KVStoreMesh report, keyed by Cilium cluster name: each other member by
     * name, ready only if the report says so, with the report's reason, or the absence of any report, otherwise.
     *
     * @param peerByClusterName the other members' names by their Cilium cluster names, in the order to list them
     */
    public static List<Peer> peers(Map<String, String> peerByClusterName, Map<String, KvstoreMeshReport.PeerReadiness> report) {
        return peerByClusterName.entrySet().stream().map(peer -> {
            KvstoreMeshReport.PeerReadiness readiness = report.get(peer.getKey());
            if (readiness == null) {
                return new Peer(peer.getValue(), false, "KVStoreMesh does not report this peer");
            }
            return new Peer(peer.getValue(), readiness.ready(), readiness.ready() ? null : readiness.reason());
        }).toList();
    }

    /** Every peer not ready, with the same reason: the member could not be asked. */
    public static List<Peer> unknown(Map<String, String> peerByClusterName, String reason) {
        return peerByClusterName.values().stream().map(name -> new Peer(name, false, reason)).toList();
    }
}
