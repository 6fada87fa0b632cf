package org.fleetmesh.rp.mesh.pki;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The key-encryption key's settings, apart from {@code MeshSettings} (same prefix) so that only the PKI ever holds
 * the key. The key itself is checked by {@link MeshPkiConfig}, not by Spring's validation, whose failure report
 * would quote the rejected value.
 *
 * @param keyEncryptionKey          base64 of the 32-byte AES key that encrypts every mesh private key at rest
 * @param ephemeralKeyEncryptionKey without a key, encrypt under a random key of this process, which dies with it:
 *                                  for a developer's local run only ({@code application-local.yaml} sets it)
 */
@ConfigurationProperties("fleetmesh.mesh")
public record KeyEncryptionSettings(String keyEncryptionKey, boolean ephemeralKeyEncryptionKey) {

    /** Never the key: a record's own {@code toString} would print it wherever the settings are logged. */
    @Override
    public String toString() {
        return "KeyEncryptionSettings[keyEncryptionKey=" + (keyEncryptionKey == null || keyEncryptionKey.isBlank()
                ? "unset" : "set") + ", ephemeralKeyEncryptionKey=" + ephemeralKeyEncryptionKey + "]";
    }
}
