package org.fleetmesh.rp.mesh.pki;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption of private keys at rest under the key-encryption key (KEK): AES-256-GCM, a random 96-bit nonce per
 * encryption, and the owner of the key (e.g. {@code "mesh-ca/<profile row id>"} or
 * {@code "member-cert/<member row id>/SERVER"}) as associated data, so a ciphertext copied to another owner does not
 * decrypt.
 *
 * <p>The ciphertext describes itself, {@code version(1) || nonce(12) || ciphertext || tag(16)}; version
 * {@value #VERSION_AES_256_GCM} is this scheme. The version byte is authenticated too. A later scheme (or key
 * identifiers for KEK rotation) gets a new version byte, and this one stays readable.
 *
 * <p>Thread-safe. {@link #toString()} never shows the key.
 */
public final class KeyEncryption {

    public static final byte VERSION_AES_256_GCM = 1;
    static final int KEY_BYTES = 32;
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    private static final int HEADER_BYTES = 1 + NONCE_BYTES;
    private static final String HOW_TO_GENERATE = "Generate one with: openssl rand -base64 32";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    private KeyEncryption(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /**
     * @param base64Key the base64 encoding of exactly 32 random bytes; surrounding whitespace (a trailing newline
     *            from a file or secret) is ignored
     * @throws IllegalArgumentException the key is missing, not base64, or not 32 bytes; the message never quotes it
     */
    public static KeyEncryption fromBase64(String base64Key) {
        if (base64Key == null || base64Key.isBlank()) {
            throw new IllegalArgumentException("No key-encryption key given: it must be the base64 encoding of "
                    + KEY_BYTES + " random bytes (AES-256). " + HOW_TO_GENERATE);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            // not chained: the decoder's message quotes a character of the key
            throw new IllegalArgumentException("The key-encryption key is not valid base64: it must be the base64 "
                    + "encoding of " + KEY_BYTES + " random bytes (AES-256). " + HOW_TO_GENERATE);
        }
        try {
            if (key.length != KEY_BYTES) {
                throw new IllegalArgumentException("The key-encryption key decodes to " + key.length
                        + " bytes; it must be " + KEY_BYTES + " random bytes (AES-256). " + HOW_TO_GENERATE);
            }
            return new KeyEncryption(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** A new random key: whatever it encrypts is lost with it (for local development and tests only). */
    public static KeyEncryption random() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        try {
            return new KeyEncryption(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * @param owner what the plaintext belongs to, e.g. the row id and the kind of key; {@link #decrypt} must be given
     *            the same
     */
    public byte[] encrypt(byte[] plaintext, String owner) {
        if (plaintext == null) {
            throw new IllegalArgumentException("Nothing to encrypt");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(VERSION_AES_256_GCM, owner));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(HEADER_BYTES + sealed.length).put(VERSION_AES_256_GCM).put(nonce).put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM encryption failed for " + owner, e);
        }
    }

    /** Encrypts text, e.g. a PEM private key, as UTF-8. */
    public byte[] encryptText(String plaintext, String owner) {
        if (plaintext == null) {
            throw new IllegalArgumentException("Nothing to encrypt");
        }
        return encrypt(plaintext.getBytes(StandardCharsets.UTF_8), owner);
    }

    /**
     * @throws KeyDecryptionException wrong key-encryption key, altered ciphertext, another owner's ciphertext, or an
     *             unknown format version
     */
    public byte[] decrypt(byte[] ciphertext, String owner) {
        byte[] aad = associatedData(VERSION_AES_256_GCM, owner);
        if (ciphertext == null || ciphertext.length < HEADER_BYTES + TAG_BITS / 8) {
            throw new KeyDecryptionException("The encrypted private key of " + owner + " is truncated or missing");
        }
        if (ciphertext[0] != VERSION_AES_256_GCM) {
            throw new KeyDecryptionException("The encrypted private key of " + owner
                    + " has an unknown format version " + ciphertext[0]);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ciphertext, 1, NONCE_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(ciphertext, HEADER_BYTES, ciphertext.length - HEADER_BYTES);
        } catch (AEADBadTagException e) {
            throw new KeyDecryptionException("Cannot decrypt the private key of " + owner
                    + ": the key-encryption key is not the one it was encrypted with, or the ciphertext was altered"
                    + " or belongs to another owner");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM decryption failed for " + owner, e);
        }
    }

    /** Decrypts what {@link #encryptText} encrypted. */
    public String decryptText(byte[] ciphertext, String owner) {
        return new String(decrypt(ciphertext, owner), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "KeyEncryption[AES-256-GCM, key=<redacted>]";
    }

    private static byte[] associatedData(byte version, String owner) {
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("The owner of the key must be named: it binds the ciphertext to it");
        }
        byte[] name = owner.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + name.length).put(version).put(name).array();
    }
}
