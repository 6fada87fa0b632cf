package org.fleetmesh.rp.mesh.pki;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.fleetmesh.rp.mesh.pki.KeyEncryptionKeys.Kek;
import org.jspecify.annotations.Nullable;

/**
 * Encryption of private keys at rest under key-encryption keys (KEKs): AES-256-GCM, a random 96-bit nonce per
 * encryption, and the owner of the key (e.g. {@code "mesh-ca/<profile row id>"} or
 * {@code "member-cert/<member row id>/SERVER"}) as associated data, so a ciphertext copied to another owner does not
 * decrypt.
 *
 * <p>There is one current key, which encrypts, and any number of previous keys, which only decrypt: they keep what
 * was stored before a rotation readable until it has been re-encrypted under the current key. Each key has an id,
 * the first {@value KeyEncryptionKeys#KEY_ID_BYTES} bytes of the SHA-256 of the key, which names it in logs and in
 * the ciphertext without revealing it ({@code base64 -d | sha256sum} of the configured key shows the same id).
 * {@link KeyEncryptionKeys} decodes and checks the configured keys; this class is the ciphertext format.
 *
 * <p>The ciphertext describes itself. Version {@value #VERSION_AES_256_GCM_WITH_KEY_ID} (written now) is
 * {@code version(1) || key id(8) || nonce(12) || ciphertext || tag(16)}; version {@value #VERSION_AES_256_GCM}
 * (written before keys could be rotated) is {@code version(1) || nonce(12) || ciphertext || tag(16)}, read by trying
 * each configured key. The version byte and the key id are authenticated as associated data too.
 *
 * <p>Thread-safe. {@link #toString()} never shows a key, and no message quotes one.
 */
public final class KeyEncryption {

    public static final byte VERSION_AES_256_GCM = 1;
    public static final byte VERSION_AES_256_GCM_WITH_KEY_ID = 2;
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyEncryptionKeys keys;

    private KeyEncryption(KeyEncryptionKeys keys) {
        this.keys = keys;
    }

    /**
     * One key, current and alone.
     *
     * @param base64Key the base64 encoding of exactly 32 random bytes; surrounding whitespace (a trailing newline
     *            from a file or secret) is ignored
     * @throws IllegalArgumentException the key is missing, not base64, or not 32 bytes; the message never quotes it
     */
    public static KeyEncryption fromBase64(@Nullable String base64Key) {
        return fromBase64(base64Key, List.of());
    }

    /**
     * @param base64Key the current key, which encrypts; as for {@link #fromBase64(String)}
     * @param previousBase64Keys keys that only decrypt, as the current one is given
     * @throws IllegalArgumentException a key is missing, not base64 or not 32 bytes, or a key is given twice; the
     *             message names the key by its position among the previous keys, never by its value
     */
    public static KeyEncryption fromBase64(@Nullable String base64Key, List<String> previousBase64Keys) {
        return new KeyEncryption(KeyEncryptionKeys.fromBase64(base64Key, previousBase64Keys));
    }

    /** A new random key alone: whatever it encrypts is lost with it (for local development and tests only). */
    public static KeyEncryption random() {
        return new KeyEncryption(KeyEncryptionKeys.random());
    }

    /** The id of the key that encrypts, in hex: what log lines and the runbook name it by. */
    public String currentKeyId() {
        return keys.current().hexId();
    }

    /** The ids of the keys that only decrypt, in hex, in the order they were configured. */
    public List<String> previousKeyIds() {
        return keys.previousIds();
    }

    /**
     * The first bytes of every ciphertext this encrypts: a stored ciphertext that does not start with them is not
     * under the current key (it is under a previous one, or of version {@value #VERSION_AES_256_GCM}), so a query
     * can find what needs re-encrypting without decrypting anything.
     */
    public byte[] currentKeyPrefix() {
        return header(keys.current());
    }

    /**
     * @param owner what the plaintext belongs to, e.g. the row id and the kind of key; {@link #decrypt} must be given
     *            the same
     */
    public byte[] encrypt(byte[] plaintext, String owner) {
        byte[] header = header(keys.current());
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.current().key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(header, owner));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(header.length + NONCE_BYTES + sealed.length).put(header).put(nonce).put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM encryption failed for " + owner, e);
        }
    }

    /** Encrypts text, e.g. a PEM private key, as UTF-8. */
    public byte[] encryptText(String plaintext, String owner) {
        return encrypt(plaintext.getBytes(StandardCharsets.UTF_8), owner);
    }

    /**
     * @throws KeyDecryptionException no configured key is the one it was encrypted with, the ciphertext was altered or
     *             belongs to another owner, or its format version is unknown
     */
    public byte[] decrypt(byte[] ciphertext, String owner) {
        if (ciphertext.length == 0) {
            throw new KeyDecryptionException("The encrypted private key of " + owner + " is truncated or missing");
        }
        return switch (ciphertext[0]) {
            case VERSION_AES_256_GCM -> decryptWithoutKeyId(ciphertext, owner);
            case VERSION_AES_256_GCM_WITH_KEY_ID -> decryptWithKeyId(ciphertext, owner);
            default -> throw new KeyDecryptionException("The encrypted private key of " + owner
                    + " has an unknown format version " + ciphertext[0]);
        };
    }

    /** Decrypts what {@link #encryptText} encrypted. */
    public String decryptText(byte[] ciphertext, String owner) {
        return new String(decrypt(ciphertext, owner), StandardCharsets.UTF_8);
    }

    /** Whether the ciphertext is written under the current key, in the current format: nothing to re-encrypt. */
    public boolean isUnderCurrentKey(byte[] ciphertext) {
        byte[] prefix = header(keys.current());
        return ciphertext.length > prefix.length && Arrays.equals(ciphertext, 0, prefix.length, prefix, 0, prefix.length);
    }

    /**
     * The same plaintext encrypted under the current key; the plaintext itself is wiped once encrypted.
     *
     * @throws KeyDecryptionException as {@link #decrypt}
     */
    public byte[] reEncrypt(byte[] ciphertext, String owner) {
        byte[] plaintext = decrypt(ciphertext, owner);
        try {
            return encrypt(plaintext, owner);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private byte[] decryptWithKeyId(byte[] ciphertext, String owner) {
        int headerBytes = 1 + KeyEncryptionKeys.KEY_ID_BYTES;
        requireLength(ciphertext, headerBytes, owner);
        byte[] id = Arrays.copyOfRange(ciphertext, 1, headerBytes);
        Kek kek = keys.byId(id)
                .orElseThrow(() -> new KeyDecryptionException("Cannot decrypt the private key of " + owner
                        + ": it is encrypted under key-encryption key " + HexFormat.of().formatHex(id)
                        + ", which is not configured (the current key is " + currentKeyId() + ", the previous ones "
                        + previousKeyIds() + "); configure it as a previous key-encryption key"));
        byte[] plaintext = open(kek, ciphertext, headerBytes, owner);
        if (plaintext == null) {
            throw new KeyDecryptionException("Cannot decrypt the private key of " + owner + " under key-encryption key "
                    + kek.hexId() + ": the ciphertext was altered or belongs to another owner");
        }
        return plaintext;
    }

    /** Version 1 does not say which key wrote it: each key is tried, the current one first. */
    private byte[] decryptWithoutKeyId(byte[] ciphertext, String owner) {
        requireLength(ciphertext, 1, owner);
        for (Kek kek : keys.all()) {
            byte[] plaintext = open(kek, ciphertext, 1, owner);
            if (plaintext != null) {
                return plaintext;
            }
        }
        throw new KeyDecryptionException("Cannot decrypt the private key of " + owner + ": none of the configured "
                + "key-encryption keys " + keys.all().stream().map(Kek::hexId).toList() + " is the one it was encrypted "
                + "with, or the ciphertext was altered or belongs to another owner");
    }

    /** The plaintext, or null when the tag does not verify under this key. */
    private static byte @Nullable [] open(Kek kek, byte[] ciphertext, int headerBytes, String owner) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, kek.key(), new GCMParameterSpec(TAG_BITS, ciphertext, headerBytes, NONCE_BYTES));
            cipher.updateAAD(associatedData(Arrays.copyOf(ciphertext, headerBytes), owner));
            int sealedStart = headerBytes + NONCE_BYTES;
            return cipher.doFinal(ciphertext, sealedStart, ciphertext.length - sealedStart);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM decryption failed for " + owner, e);
        }
    }

    private static void requireLength(byte[] ciphertext, int headerBytes, String owner) {
        if (ciphertext.length < headerBytes + NONCE_BYTES + TAG_BITS / 8) {
            throw new KeyDecryptionException("The encrypted private key of " + owner + " is truncated or missing");
        }
    }

    private static byte[] header(Kek kek) {
        return ByteBuffer.allocate(1 + KeyEncryptionKeys.KEY_ID_BYTES).put(VERSION_AES_256_GCM_WITH_KEY_ID).put(kek.id())
                .array();
    }

    @Override
    public String toString() {
        return "KeyEncryption[AES-256-GCM, current key " + currentKeyId() + ", previous keys " + previousKeyIds()
                + ", keys=<redacted>]";
    }

    private static byte[] associatedData(byte[] header, String owner) {
        if (owner.isBlank()) {
            throw new IllegalArgumentException("The owner of the key must be named: it binds the ciphertext to it");
        }
        byte[] name = owner.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(header.length + name.length).put(header).put(name).array();
    }
}
