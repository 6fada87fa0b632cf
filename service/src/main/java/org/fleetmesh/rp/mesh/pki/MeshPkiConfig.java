package org.fleetmesh.rp.mesh.pki;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The key-encryption keys: the current one from {@value #KEY_ENCRYPTION_KEY_PROPERTY}, and those it replaced, which
 * only decrypt, from {@value #PREVIOUS_KEY_ENCRYPTION_KEYS_PROPERTY}. Without a current key the service does not
 * start, since every mesh CA key it stored would be unreadable after a restart or on another replica; only a run that
 * allows an ephemeral key (the {@code local} profile's {@code application-local.yaml}) makes do with a random key per
 * process.
 */
@Configuration(proxyBeanMethods = false)
public class MeshPkiConfig {

    static final String KEY_ENCRYPTION_KEY_PROPERTY = "fleetmesh.mesh.key-encryption-key";
    static final String KEY_ENCRYPTION_KEY_VARIABLE = "FLEETMESH_MESH_KEYENCRYPTIONKEY";
    static final String PREVIOUS_KEY_ENCRYPTION_KEYS_PROPERTY = "fleetmesh.mesh.previous-key-encryption-keys";
    static final String PREVIOUS_KEY_ENCRYPTION_KEYS_VARIABLE = "FLEETMESH_MESH_PREVIOUSKEYENCRYPTIONKEYS";

    private static final Logger log = LoggerFactory.getLogger(MeshPkiConfig.class);

    @Bean
    KeyEncryption keyEncryption(KeyEncryptionSettings settings) {
        KeyEncryption keys = keyEncryption(settings.keyEncryptionKey(), settings.previousKeyEncryptionKeys(),
                settings.ephemeralKeyEncryptionKey());
        log.info("Mesh private keys are encrypted under key-encryption key {}{}", keys.currentKeyId(),
                keys.previousKeyIds().isEmpty() ? "" : "; previous keys " + keys.previousKeyIds() + " only decrypt");
        return keys;
    }

    static KeyEncryption keyEncryption(@Nullable String configuredKey, List<String> previousKeys,
            boolean ephemeralAllowed) {
        if (configuredKey == null || configuredKey.isBlank()) {
            if (!previousKeys.isEmpty()) {
                throw new IllegalStateException(PREVIOUS_KEY_ENCRYPTION_KEYS_PROPERTY + " is set but "
                        + KEY_ENCRYPTION_KEY_PROPERTY + " is not: the previous keys only decrypt. Set the new key as "
                        + KEY_ENCRYPTION_KEY_PROPERTY + " (" + KEY_ENCRYPTION_KEY_VARIABLE + ").");
            }
            if (ephemeralAllowed) {
                log.warn("{} is not set: mesh CA private keys are encrypted under a random key of this process only, "
                        + "so the keys stored now cannot be read after a restart or by another process",
                        KEY_ENCRYPTION_KEY_PROPERTY);
                return KeyEncryption.random();
            }
            throw new IllegalStateException(KEY_ENCRYPTION_KEY_PROPERTY + " is not set. It is the base64 AES-256 key "
                    + "that encrypts mesh CA private keys in the database; every replica needs the same one. Generate "
                    + "one with `openssl rand -base64 32` and supply it in the environment variable "
                    + KEY_ENCRYPTION_KEY_VARIABLE + ": on AKS from Key Vault through the Secrets Store CSI driver, or "
                    + "from a Kubernetes secret (the Helm chart's secrets.* values do either). Only the 'local' profile runs "
                    + "without one.");
        }
        try {
            return KeyEncryption.fromBase64(configuredKey, previousKeys);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Invalid " + KEY_ENCRYPTION_KEY_PROPERTY + " (" + KEY_ENCRYPTION_KEY_VARIABLE
                    + ") or " + PREVIOUS_KEY_ENCRYPTION_KEYS_PROPERTY + " (" + PREVIOUS_KEY_ENCRYPTION_KEYS_VARIABLE
                    + "): " + e.getMessage());
        }
    }
}
