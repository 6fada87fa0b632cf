package org.fleetmesh.rp.member.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabelsTest {

    @Test
    void acceptsKubernetesLabelKeysWithAndWithoutPrefix() {
        assertThat(Labels.keyProblem("env")).isEmpty();
        assertThat(Labels.keyProblem("example.com/tier")).isEmpty();
        assertThat(Labels.keyProblem("a".repeat(63))).isEmpty();
    }

    @Test
    void refusesMalformedKeys() {
        assertThat(Labels.keyProblem("a".repeat(64))).isPresent();
        assertThat(Labels.keyProblem("-env")).isPresent();
        assertThat(Labels.keyProblem("Example.com/tier")).isPresent();
        assertThat(Labels.keyProblem("/tier")).isPresent();
        assertThat(Labels.keyProblem("env=prod")).isPresent();
    }

    @Test
    void valuesMayBeEmptyButNotMalformed() {
        assertThat(Labels.valueProblem("k", "")).isEmpty();
        assertThat(Labels.valueProblem("k", "prod-1.a_b")).isEmpty();
        assertThat(Labels.valueProblem("k", "has space")).isPresent();
        assertThat(Labels.valueProblem("k", "x".repeat(64))).isPresent();
    }

    @Test
    void systemLabelsDescribeTheMemberItsGroupAndItsCluster() {
        assertThat(Labels.system("m1", "group1", "sub", "rg", "aks1", "eastus")).containsEntry("fleet.azure.com/member-name", "m1")
                .containsEntry("fleet.azure.com/group", "group1")
                .containsEntry("fleet.azure.com/cluster-name", "aks1")
                .containsEntry("fleet.azure.com/resource-group", "rg")
                .containsEntry("fleet.azure.com/subscription-id", "sub")
                .containsEntry("fleet.azure.com/location", "eastus");
        assertThat(Labels.system("m1", null, "sub", "rg", "aks1", null)).doesNotContainKeys("fleet.azure.com/location",
                "fleet.azure.com/group");
        assertThat(Labels.isSystem("fleet.azure.com/location")).isTrue();
        assertThat(Labels.isSystem("env")).isFalse();
    }

    @Test
    void aMemberHasAtMostFiftyLabelsOfItsOwn() {
        assertThat(Labels.countProblem(Labels.MAX_USER_LABELS)).isEmpty();
        assertThat(Labels.countProblem(Labels.MAX_USER_LABELS + 1)).hasValueSatisfying(p -> assertThat(p).contains("50"));
    }
}
