package org.fleetmesh.rp.mesh.pki;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The key-encryption key, from {@value #KEY_ENCRYPTION_KEY_PROPERTY}. Without one the service does not start, since
 * every mesh CA key it stored would be unreadable after a restart or on another replica; only a run that allows an
 * ephemeral key (the {@code local} profile's {@code application-local.yaml}) makes do with a random key per process.
 */
@Configuration(proxyBeanMethods = false)
public class MeshPkiConfig {

    static final String KEY_ENCRYPTION_KEY_PROPERTY = "fleetmesh.mesh.key-encryption-key";
    static final String KEY_ENCRYPTION_KEY_VARIABLE = "FLEETMESH_MESH_KEYENCRYPTIONKEY";

    private static final Logger log = LoggerFactory.getLogger(MeshPkiConfig.class);

    @Bean
    KeyEncryption keyEncryption(KeyEncryptionSettings settings) {
        return keyEncryption(settings.keyEncryptionKey(), settings.ephemeralKeyEncryptionKey());
    }

    static KeyEncryption keyEncryption(String configuredKey, boolean ephemeralAllowed) {
        if (configuredKey == null || configuredKey.isBlank()) {
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
            return KeyEncryption.fromBase64(configuredKey);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Invalid " + KEY_ENCRYPTION_KEY_PROPERTY + " ("
                    + KEY_ENCRYPTION_KEY_VARIABLE + "): " + e.getMessage());
        }
    }
}
