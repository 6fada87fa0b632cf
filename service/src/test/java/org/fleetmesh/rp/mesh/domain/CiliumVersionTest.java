package org.fleetmesh.rp.mesh.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CiliumVersionTest {

    @Test
    void theVersionComesFromTheImageTagWhateverTheRegistryOrBuildSuffix() {
        assertThat(CiliumVersion.ofImage("mcr.microsoft.com/containernetworking/cilium/cilium-distroless:v1.18.6"))
                .contains(new CiliumVersion(1, 18, 6));
        assertThat(CiliumVersion.ofImage("mcr.microsoft.com/oss/cilium/cilium:1.17.7-250927"))
                .contains(new CiliumVersion(1, 17, 7));
        assertThat(CiliumVersion.ofImage("registry.internal:5000/cilium/cilium:v1.18.2@sha256:" + "0f".repeat(32)))
                .contains(new CiliumVersion(1, 18, 2));
    }

    @Test
    void anImageWithoutAVersionTagHasNoVersion() {
        assertThat(CiliumVersion.ofImage("registry.internal:5000/cilium/cilium")).isEmpty();
        assertThat(CiliumVersion.ofImage("quay.io/cilium/cilium:latest")).isEmpty();
        assertThat(CiliumVersion.ofImage("quay.io/cilium/cilium@sha256:" + "0f".repeat(32))).isEmpty();
        assertThat(CiliumVersion.ofImage(null)).isEmpty();
    }

    @Test
    void eachSupportedMinorVersionMapsToTheReleaseWhoseChartTheServiceFollows() {
        assertThat(new CiliumVersion(1, 17, 3).supportedRelease()).contains(new CiliumVersion(1, 17, 18));
        assertThat(new CiliumVersion(1, 18, 12).supportedRelease()).contains(CiliumVersion.DEFAULT);
        assertThat(new CiliumVersion(1, 16, 6).supportedRelease()).isEmpty();
        assertThat(new CiliumVersion(1, 19, 0).supportedRelease()).isEmpty();
    }
}
