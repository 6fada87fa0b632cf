package org.fleetmesh.rp.mesh.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.fleetmesh.rp.member.domain.LabelSelector;
import org.junit.jupiter.api.Test;

class MeshPlanTest {

    private static final UUID PROFILE = UUID.randomUUID();
    private static final LabelSelector MESH_A = LabelSelector.parse("mesh=a");

    private static MeshPlan.Candidate outside(String name, String mesh) {
        return new MeshPlan.Candidate(UUID.randomUUID(), name, Map.of("mesh", mesh), null, null, null, null, false);
    }

    private static MeshPlan.Candidate inside(String name, String mesh, int clusterId) {
        return new MeshPlan.Candidate(UUID.randomUUID(), name, Map.of("mesh", mesh), PROFILE, "p", clusterId,
                CiliumIdentities.clusterName(name, clusterId), false);
    }

    @Test
    void selectedMembersJoinWithTheLowestFreeIds() {
        MeshPlan plan = MeshPlan.of(PROFILE, MESH_A, List.of(outside("m2", "a"), outside("m1", "a"), outside("m3", "b")));
        assertThat(plan.joining()).extracting(MeshPlan.Joining::clusterId).containsExactly(1, 2);
        assertThat(plan.joining()).extracting(MeshPlan.Joining::clusterName).containsExactly("m11", "m22");
        assertThat(plan.staying()).isEmpty();
        assertThat(plan.leaving()).isEmpty();
    }

    @Test
    void membersThatStayKeepTheirIdsAndJoinersTakeFreeOnes() {
        MeshPlan.Candidate kept = inside("m1", "a", 2);
        MeshPlan plan = MeshPlan.of(PROFILE, MESH_A, List.of(kept, outside("m0", "a"), outside("m9", "a")));
        assertThat(plan.staying()).containsExactly(kept.id());
        assertThat(plan.joining()).extracting(MeshPlan.Joining::clusterId).containsExactly(1, 3);
    }

    @Test
    void unselectedMembersLeaveAndKeepTheirIdUntilGone() {
        MeshPlan.Candidate leaving = inside("old", "b", 1);
        MeshPlan plan = MeshPlan.of(PROFILE, MESH_A, List.of(leaving, outside("new", "a")));
        assertThat(plan.leaving()).containsExactly(leaving.id());
        assertThat(plan.joining()).extracting(MeshPlan.Joining::clusterId).containsExactly(2);
    }

    @Test
    void aJoinerWhoseDerivedNameIsTakenGetsAnotherIdSoNamesStayUniqueInTheMesh() {
        // "m1" with id 11 and "m11" with id 1 would both be Cilium cluster "m111".
        MeshPlan.Candidate kept = inside("m1", "a", 11);
        List<MeshPlan.Candidate> others = new ArrayList<>();
        for (int id = 2; id <= 10; id++) {
            others.add(inside("x" + id, "a", id));
        }
        others.add(kept);
        others.add(outside("m11", "a"));
        MeshPlan plan = MeshPlan.of(PROFILE, MESH_A, others);
        assertThat(kept.clusterName()).isEqualTo("m111");
        assertThat(plan.joining()).singleElement().satisfies(joiner -> {
            assertThat(joiner.clusterId()).isEqualTo(12);
            assertThat(joiner.clusterName()).isEqualTo("m1112");
        });
    }

    @Test
    void aMemberLeavingTheFleetNeverJoins() {
        MeshPlan.Candidate leaving = new MeshPlan.Candidate(UUID.randomUUID(), "gone", Map.of("mesh", "a"), null, null, null,
                null, true);
        MeshPlan plan = MeshPlan.of(PROFILE, MESH_A, List.of(leaving, outside("m1", "a")));
        assertThat(plan.joining()).extracting(MeshPlan.Joining::memberId).doesNotContain(leaving.id()).hasSize(1);
    }

    @Test
    void aMemberOfAnotherMeshIsBlockedNamingIt() {
        MeshPlan.Candidate elsewhere = new MeshPlan.Candidate(UUID.randomUUID(), "m1", Map.of("mesh", "a"), UUID.randomUUID(),
                "other-mesh", 5, "m15", false);
        MeshPlan plan = MeshPlan.of(PROFILE, MESH_A, List.of(elsewhere));
        assertThat(plan.blocked()).extracting(MeshPlan.Blocked::otherMeshName).containsExactly("other-mesh");
        assertThat(plan.joining()).isEmpty();
    }

    @Test
    void aSelectorThatMatchesNothingEmptiesTheMesh() {
        MeshPlan.Candidate member = inside("m1", "a", 1);
        MeshPlan plan = MeshPlan.of(PROFILE, LabelSelector.parse("mesh=none"), List.of(member));
        assertThat(plan.leaving()).containsExactly(member.id());
    }

    @Test
    void moreThan255SelectedMembersAreRefused() {
        List<MeshPlan.Candidate> members = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            members.add(outside("m" + i, "a"));
        }
        assertThatThrownBy(() -> MeshPlan.of(PROFILE, MESH_A, members))
                .isInstanceOf(MeshPlan.TooManyMembersException.class).hasMessageContaining("at most 255");
        assertThat(MeshPlan.of(PROFILE, MESH_A, members.subList(0, 255)).joining()).hasSize(255);
    }
}
