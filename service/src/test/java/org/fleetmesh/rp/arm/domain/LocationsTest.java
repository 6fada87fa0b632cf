package org.fleetmesh.rp.arm.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocationsTest {

    @Test
    void regionsAreRecognisedInAnyCasingAndSpacing() {
        assertThat(Locations.isRegion("westus")).isTrue();
        assertThat(Locations.isRegion("West US 2")).isTrue();
        assertThat(Locations.isRegion("EAST US 2 EUAP")).isTrue();
        assertThat(Locations.normalize("East US 2 EUAP")).isEqualTo("eastus2euap");
    }

    @Test
    void anythingButARegionNameIsNotALocation() {
        assertThat(Locations.isRegion(null)).isFalse();
        assertThat(Locations.isRegion("")).isFalse();
        assertThat(Locations.isRegion("mars")).isFalse();
        assertThat(Locations.isRegion("westus/../../subscriptions/x")).isFalse();
        assertThat(Locations.isRegion("westus?x=1#frag")).isFalse();
        assertThat(Locations.isRegion("global")).as("a geography, not a region").isFalse();
    }

    @Test
    void theRegionListIsCompactLowerCaseNames() {
        assertThat(Locations.regions()).hasSizeGreaterThan(60)
                .allSatisfy(region -> assertThat(region).matches("[a-z][a-z0-9]+"));
    }
}
