package org.fleetmesh.rp.mesh.pki;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The key-encryption keys' settings, apart from {@code MeshSettings} (same prefix) so that only the PKI ever holds
 * the keys. The keys themselves are checked by {@link MeshPkiConfig}, not by Spring's validation, whose failure report
 * would quote the rejected value.
 *
 * @param keyEncryptionKey           base64 of the 32-byte AES key that encrypts every mesh private key at rest: the
 *                                   current key
 * @param previousKeyEncryptionKeys  keys it replaced, decrypt-only: what they encrypted stays readable, and is
 *                                   re-encrypted under the current key in the background; once that is done they can
 *                                   be removed
 * @param ephemeralKeyEncryptionKey  without a key, encrypt under a random key of this process, which dies with it:
 *                                   for a developer's local run only ({@code application-local.yaml} sets it)
 */
@ConfigurationProperties("fleetmesh.mesh")
public record KeyEncryptionSettings(@Nullable String keyEncryptionKey, @DefaultValue List<String> previousKeyEncryptionKeys,
        boolean ephemeralKeyEncryptionKey) {

    /** Never a key: a record's own {@code toString} would print them wherever the settings are logged. */
    @Override
    public String toString() {
        return "KeyEncryptionSettings[keyEncryptionKey=" + (keyEncryptionKey == null || keyEncryptionKey.isBlank()
                ? "unset" : "set") + ", previousKeyEncryptionKeys=" + previousKeyEncryptionKeys.size() + " set"
                + ", ephemeralKeyEncryptionKey=" + ephemeralKeyEncryptionKey + "]";
    }
}
