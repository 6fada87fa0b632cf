package org.fleetmesh.rp.mesh.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What an apply changes in a mesh's membership: who joins (with the Cilium identity each gets), who stays,
 * who leaves, and who is selected but cannot join because another mesh holds it. Identities of members
 * that stay never change: Cilium encodes the cluster id in every security identity, so changing it would
 * force a restart of all the cluster's workloads.
 */
public record MeshPlan(List<Joining> joining, List<UUID> staying, List<UUID> leaving, List<Blocked> blocked) {

    /** A member as the plan sees it; {@code meshProfileId} is null outside any mesh. */
    public record Candidate(UUID id, String name, Map<String, String> labels, UUID meshProfileId,
            String otherMeshName, Integer clusterId) {
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
        List<Candidate> selected = members.stream().filter(m -> selector.matches(m.labels()))
                .sorted(Comparator.comparing(Candidate::name)).toList();
        List<Candidate> joinable = selected.stream()
                .filter(m -> m.meshProfileId() == null || m.meshProfileId().equals(profileId)).toList();
        if (joinable.size() > CiliumIdentities.MAX_CONNECTED_CLUSTERS) {
            throw new TooManyMembersException(joinable.size());
        }
        Set<UUID> selectedIds = new HashSet<>();
        selected.forEach(m -> selectedIds.add(m.id()));
        Set<Integer> taken = new HashSet<>();
        List<UUID> staying = new ArrayList<>();
        List<UUID> leaving = new ArrayList<>();
        for (Candidate member : members) {
            if (profileId.equals(member.meshProfileId())) {
                if (selectedIds.contains(member.id())) {
                    staying.add(member.id());
                    taken.add(member.clusterId());
                } else {
                    leaving.add(member.id());
                }
            }
        }
        List<Joining> joining = new ArrayList<>();
        List<Blocked> blocked = new ArrayList<>();
        for (Candidate member : selected) {
            if (member.meshProfileId() == null) {
                // Leaving members keep their ids until they are gone, so a joiner never reuses a live id.
                int id = CiliumIdentities.lowestFreeId(union(taken, idsOf(members, leaving)))
                        .orElseThrow(() -> new TooManyMembersException(joinable.size() + leaving.size()));
                taken.add(id);
                joining.add(new Joining(member.id(), id, CiliumIdentities.clusterName(member.name(), id)));
            } else if (!member.meshProfileId().equals(profileId)) {
                blocked.add(new Blocked(member.id(), member.name(), member.otherMeshName()));
            }
        }
        return new MeshPlan(List.copyOf(joining), List.copyOf(staying), List.copyOf(leaving), List.copyOf(blocked));
    }

    private static Set<Integer> idsOf(List<Candidate> members, List<UUID> ids) {
        Set<Integer> result = new HashSet<>();
        members.stream().filter(m -> ids.contains(m.id())).forEach(m -> result.add(m.clusterId()));
        return result;
    }

    private static Set<Integer> union(Set<Integer> a, Set<Integer> b) {
        Set<Integer> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
