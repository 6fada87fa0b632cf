package org.fleetmesh.rp.mesh.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MeshPkiConfigTest {

    private static final String KEK = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    @Test
    void aConfiguredKeyIsUsedWhetherOrNotAnEphemeralKeyIsAllowed() {
        byte[] ciphertext = MeshPkiConfig.keyEncryption(KEK, false).encryptText("k", "o");

        assertThat(MeshPkiConfig.keyEncryption(KEK, true).decryptText(ciphertext, "o")).isEqualTo("k");
    }

    @Test
    void withoutAKeyTheServiceDoesNotStartUnlessAnEphemeralKeyIsAllowed() {
        assertThatThrownBy(() -> MeshPkiConfig.keyEncryption("", false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fleetmesh.mesh.key-encryption-key")
                .hasMessageContaining("FLEETMESH_MESH_KEYENCRYPTIONKEY")
                .hasMessageContaining("openssl rand -base64 32")
                .hasMessageContaining("Key Vault");
    }

    @Test
    void aRunThatAllowsAnEphemeralKeyMakesDoWithARandomOne() {
        assertThat(MeshPkiConfig.keyEncryption(null, true)).isNotNull();
    }

    @Test
    void anInvalidKeyStopsTheServiceEvenWhenAnEphemeralKeyIsAllowed() {
        assertThatThrownBy(() -> MeshPkiConfig.keyEncryption("c2hvcnQ=", true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("FLEETMESH_MESH_KEYENCRYPTIONKEY").hasMessageContaining("openssl rand -base64 32")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("c2hvcnQ="));
    }
}
