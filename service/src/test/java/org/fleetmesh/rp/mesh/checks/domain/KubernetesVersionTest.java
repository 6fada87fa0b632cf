package org.fleetmesh.rp.mesh.checks.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class KubernetesVersionTest {

    private static final KubernetesVersion MINIMUM = MeshLimits.MINIMUM_KUBERNETES_VERSION;

    @ParameterizedTest
    @CsvSource({"1.33.2, 1.33.2", "v1.32.1, 1.32.1", "V1.32.1, 1.32.1", "1.32, 1.32.0", " 1.34.0 , 1.34.0", "1.032.01, 1.32.1"})
    void readsWhatAksAndPeopleWrite(String text, String read) {
        assertThat(KubernetesVersion.parse(text)).hasValueSatisfying(version -> assertThat(version).hasToString(read));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"1", "latest", "1.32.x", "1.32.0-rc.1", "1.32.0+build", "1.32.1.4", "1..32", "v", "1.32.",
            "12345678901.0"})
    void rejectsWhatIsNotAnAksVersion(String text) {
        assertThat(KubernetesVersion.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"1.32, true", "1.32.0, true", "1.33.2, true", "1.100.0, true", "2.0, true", "1.31.9, false",
            "1.9.0, false", "0.99.99, false"})
    void comparesNumericallyAgainstTheMinimum(String text, boolean meets) {
        assertThat(KubernetesVersion.parse(text).orElseThrow().isAtLeast(MINIMUM)).isEqualTo(meets);
    }

    @Test
    void ordersByMajorMinorPatch() {
        assertThat(KubernetesVersion.parse("1.32.10").orElseThrow())
                .isGreaterThan(KubernetesVersion.parse("1.32.9").orElseThrow())
                .isLessThan(KubernetesVersion.parse("1.33.0").orElseThrow())
                .isEqualByComparingTo(new KubernetesVersion(1, 32, 10));
    }
}
