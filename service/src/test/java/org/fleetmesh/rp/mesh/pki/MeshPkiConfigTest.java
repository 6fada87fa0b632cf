package org.fleetmesh.rp.mesh.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MeshPkiConfigTest {

    private static final String KEK = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    /** Base64 of the 32 bytes "fedcba9876543210fedcba9876543210". */
    private static final String NEW_KEK = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";

    @Test
    void aConfiguredKeyIsUsedWhetherOrNotAnEphemeralKeyIsAllowed() {
        byte[] ciphertext = MeshPkiConfig.keyEncryption(KEK, List.of(), false).encryptText("k", "o");

        assertThat(MeshPkiConfig.keyEncryption(KEK, List.of(), true).decryptText(ciphertext, "o")).isEqualTo("k");
    }

    @Test
    void withoutAKeyTheServiceDoesNotStartUnlessAnEphemeralKeyIsAllowed() {
        assertThatThrownBy(() -> MeshPkiConfig.keyEncryption("", List.of(), false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fleetmesh.mesh.key-encryption-key")
                .hasMessageContaining("FLEETMESH_MESH_KEYENCRYPTIONKEY")
                .hasMessageContaining("openssl rand -base64 32")
                .hasMessageContaining("Key Vault");
    }

    @Test
    void aRunThatAllowsAnEphemeralKeyMakesDoWithARandomOne() {
        assertThat(MeshPkiConfig.keyEncryption(null, List.of(), true)).isNotNull();
    }

    @Test
    void anInvalidKeyStopsTheServiceEvenWhenAnEphemeralKeyIsAllowed() {
        assertThatThrownBy(() -> MeshPkiConfig.keyEncryption("c2hvcnQ=", List.of(), true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("FLEETMESH_MESH_KEYENCRYPTIONKEY").hasMessageContaining("openssl rand -base64 32")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("c2hvcnQ="));
    }

    @Test
    void previousKeysOnlyDecrypt() {
        KeyEncryption before = MeshPkiConfig.keyEncryption(KEK, List.of(), false);
        byte[] ciphertext = before.encryptText("k", "o");

        KeyEncryption rotated = MeshPkiConfig.keyEncryption(NEW_KEK, List.of(KEK), false);

        assertThat(rotated.decryptText(ciphertext, "o")).isEqualTo("k");
        assertThat(rotated.previousKeyIds()).containsExactly(before.currentKeyId());
        assertThat(rotated.isUnderCurrentKey(rotated.encryptText("k", "o"))).isTrue();
    }

    @Test
    void previousKeysWithoutACurrentOneStopTheServiceEvenWhenAnEphemeralKeyIsAllowed() {
        assertThatThrownBy(() -> MeshPkiConfig.keyEncryption("", List.of(KEK), true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fleetmesh.mesh.previous-key-encryption-keys")
                .hasMessageContaining("FLEETMESH_MESH_KEYENCRYPTIONKEY")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEK));
    }

    @Test
    void anInvalidPreviousKeyIsNamedByItsPositionNotItsValue() {
        assertThatThrownBy(() -> MeshPkiConfig.keyEncryption(NEW_KEK, List.of(KEK, "c2hvcnQ="), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("FLEETMESH_MESH_PREVIOUSKEYENCRYPTIONKEYS").hasMessageContaining("[1]")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("c2hvcnQ=", KEK, NEW_KEK));
    }

    @Test
    void theCurrentKeyCannotAlsoBeAPreviousOne() {
        assertThatThrownBy(() -> MeshPkiConfig.keyEncryption(KEK, List.of(NEW_KEK, KEK), false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("[1] is the current key")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEK, NEW_KEK));
    }
}
