package org.fleetmesh.rp.mesh.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CiliumIdentitiesTest {

    @Test
    void idsStartAtOneAndFillGaps() {
        assertThat(CiliumIdentities.lowestFreeId(Set.of())).hasValue(1);
        assertThat(CiliumIdentities.lowestFreeId(Set.of(1, 2, 4))).hasValue(3);
    }

    @Test
    void aFullMeshHasNoFreeId() {
        Set<Integer> all = new HashSet<>();
        IntStream.rangeClosed(1, 255).forEach(all::add);
        assertThat(CiliumIdentities.lowestFreeId(all)).isEmpty();
    }

    @Test
    void theNameIsTheMemberNameWithTheIdAppendedAsAzureNamesIt() {
        assertThat(CiliumIdentities.clusterName("cm1-000003", 1)).isEqualTo("cm1-0000031");
        assertThat(CiliumIdentities.clusterName("aks-member-2", 22)).isEqualTo("aks-member-222");
        assertThat(CiliumIdentities.clusterName("Member-A", 7)).isEqualTo("member-a7");
    }

    @Test
    void longMemberNamesAreCutToCiliumsLimit() {
        String name = CiliumIdentities.clusterName("a".repeat(30) + "-" + "b".repeat(19), 255);
        assertThat(name).hasSize(32).isEqualTo("a".repeat(29) + "255");
        assertThat(CiliumIdentities.isValidClusterName(name)).isTrue();
        // A cut that ends in a dash still gives a valid name: the id follows it.
        assertThat(CiliumIdentities.clusterName("a".repeat(30) + "-xyz", 1)).isEqualTo("a".repeat(30) + "-1");
    }

    @Test
    void theNameIsNeverDefault() {
        assertThat(CiliumIdentities.isValidClusterName("default")).isFalse();
        assertThat(CiliumIdentities.clusterName("default", 1)).isEqualTo("default1");
    }

    @Test
    void ciliumsNameRuleIsEnforced() {
        assertThat(CiliumIdentities.isValidClusterName("-a")).isFalse();
        assertThat(CiliumIdentities.isValidClusterName("a_b")).isFalse();
        assertThat(CiliumIdentities.isValidClusterName("x".repeat(33))).isFalse();
        assertThatThrownBy(() -> CiliumIdentities.clusterName("m", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CiliumIdentities.clusterName("m", 256)).isInstanceOf(IllegalArgumentException.class);
    }
}
