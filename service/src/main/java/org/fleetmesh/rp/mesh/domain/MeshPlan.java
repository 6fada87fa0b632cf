package org.fleetmesh.rp.mesh.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import org.fleetmesh.rp.member.domain.LabelSelector;

/**
 * What an apply changes in a mesh's membership: who joins (with the Cilium identity each gets), who stays,
 * who leaves, and who is selected but cannot join because another mesh holds it. Identities of members
 * that stay never change: Cilium encodes the cluster id in every security identity, so changing it would
 * force a restart of all the cluster's workloads.
 */
public record MeshPlan(List<Joining> joining, List<UUID> staying, List<UUID> leaving, List<Blocked> blocked) {

    /**
     * A member as the plan sees it; {@code meshProfileId}, {@code clusterId} and {@code clusterName} are null outside
     * any mesh; {@code leavingFleet} when the member is being deleted.
     */
    public record Candidate(UUID id, String name, Map<String, String> labels, UUID meshProfileId,
            String otherMeshName, Integer clusterId, String clusterName, boolean leavingFleet) {
    }

    public record Joining(UUID memberId, int clusterId, String clusterName) {
    }

    public record Blocked(UUID memberId, String memberName, String otherMeshName) {
    }

    /** The selector picks more members than a mesh can hold. */
    public static final class TooManyMembersException extends RuntimeException {
        public TooManyMembersException(int selected) {
            super("The selector selects " + selected + " members; a cluster mesh holds at most "
                    + CiliumIdentities.MAX_CONNECTED_CLUSTERS + ". Narrow the selector, for example with another "
                    + "key=value pair.");
        }
    }

    public static MeshPlan of(UUID profileId, LabelSelector selector, List<Candidate> members) {
        // A member on its way out of the fleet never joins: its row, and with it any record of what a join would
        // put on its cluster, is about to go.
        List<Candidate> selected = members.stream().filter(m -> selector.matches(m.labels()) && !m.leavingFleet())
                .sorted(Comparator.comparing(Candidate::name)).toList();
        List<Candidate> joinable = selected.stream()
                .filter(m -> m.meshProfileId() == null || m.meshProfileId().equals(profileId)).toList();
        if (joinable.size() > CiliumIdentities.MAX_CONNECTED_CLUSTERS) {
            throw new TooManyMembersException(joinable.size());
        }
        Set<UUID> selectedIds = new HashSet<>();
        selected.forEach(m -> selectedIds.add(m.id()));
        Set<Integer> taken = new HashSet<>();
        Set<String> takenNames = new HashSet<>();
        List<UUID> staying = new ArrayList<>();
        List<UUID> leaving = new ArrayList<>();
        for (Candidate member : members) {
            if (profileId.equals(member.meshProfileId())) {
                // Leaving members keep their ids and names until they are gone, so a joiner never reuses a live one.
                taken.add(member.clusterId());
                takenNames.add(member.clusterName());
                (selectedIds.contains(member.id()) ? staying : leaving).add(member.id());
            }
        }
        List<Joining> joining = new ArrayList<>();
        List<Blocked> blocked = new ArrayList<>();
        for (Candidate member : selected) {
            if (member.meshProfileId() == null) {
                Joining joiner = firstFreeIdentity(member, taken, takenNames)
                        .orElseThrow(() -> new TooManyMembersException(joinable.size() + leaving.size()));
                taken.add(joiner.clusterId());
                takenNames.add(joiner.clusterName());
                joining.add(joiner);
            } else if (!member.meshProfileId().equals(profileId)) {
                blocked.add(new Blocked(member.id(), member.name(), member.otherMeshName()));
            }
        }
        return new MeshPlan(List.copyOf(joining), List.copyOf(staying), List.copyOf(leaving), List.copyOf(blocked));
    }

    /** The lowest free id whose derived name is free too (names derived from different members can coincide). */
    private static Optional<Joining> firstFreeIdentity(Candidate member, Set<Integer> takenIds, Set<String> takenNames) {
        Set<Integer> tried = new HashSet<>(takenIds);
        for (OptionalInt id = CiliumIdentities.lowestFreeId(tried); id.isPresent(); id = CiliumIdentities.lowestFreeId(tried)) {
            String name = CiliumIdentities.clusterName(member.name(), id.getAsInt());
            if (!takenNames.contains(name)) {
                return Optional.of(new Joining(member.id(), id.getAsInt(), name));
            }
            tried.add(id.getAsInt());
        }
        return Optional.empty();
    }
}
