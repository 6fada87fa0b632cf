package org.fleetmesh.rp.mesh.pki;

/**
 * A stored private key could not be decrypted: the key-encryption key is not the one it was written with, or the
 * ciphertext was altered or belongs to another owner. The message names the owner only, never key material.
 */
public class KeyDecryptionException extends RuntimeException {

    public KeyDecryptionException(String message) {
        super(message);
    }
}
