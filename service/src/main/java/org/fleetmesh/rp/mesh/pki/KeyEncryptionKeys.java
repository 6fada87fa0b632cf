package org.fleetmesh.rp.mesh.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The configured key-encryption keys of {@link KeyEncryption}: one current key and the previous ones, decoded from
 * base64 and checked (32 bytes, none listed twice), each named by its id, the first {@value #KEY_ID_BYTES} bytes of
 * its SHA-256. Apart from the ciphertext format in {@link KeyEncryption} because what an operator configures, and
 * how a mistake in it is told without quoting a key, changes for other reasons than the bytes stored at rest.
 *
 * <p>Immutable. No message and no {@link #toString()} quotes a key.
 */
final class KeyEncryptionKeys {

    static final int KEY_BYTES = 32;
    static final int KEY_ID_BYTES = 8;
    private static final String HOW_TO_GENERATE = "Generate one with: openssl rand -base64 32";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Kek current;
    private final List<Kek> previous;

    /** A key and its id: the id is what ciphertexts and log lines name it by. */
    record Kek(byte[] id, SecretKey key) {

        static Kek of(byte[] keyBytes) {
            try {
                return new Kek(Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(keyBytes), KEY_ID_BYTES),
                        new SecretKeySpec(keyBytes, "AES"));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("Every Java platform has SHA-256", e);
            }
        }

        String hexId() {
            return HexFormat.of().formatHex(id);
        }

        @Override
        public String toString() {
            return "Kek[id=" + hexId() + "]";
        }
    }

    private KeyEncryptionKeys(Kek current, List<Kek> previous) {
        this.current = current;
        this.previous = List.copyOf(previous);
    }

    /** As {@link KeyEncryption#fromBase64(String, List)} documents. */
    static KeyEncryptionKeys fromBase64(@Nullable String base64Key, List<String> previousBase64Keys) {
        Kek current = decode(base64Key, "The key-encryption key");
        return new KeyEncryptionKeys(current, decodePrevious(current, previousBase64Keys));
    }

    /** A new random key alone. */
    static KeyEncryptionKeys random() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        try {
            return new KeyEncryptionKeys(Kek.of(key), List.of());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The key that encrypts. */
    Kek current() {
        return current;
    }

    /** The current key first, then the previous ones in the order they were configured. */
    List<Kek> all() {
        List<Kek> keys = new ArrayList<>(previous.size() + 1);
        keys.add(current);
        keys.addAll(previous);
        return keys;
    }

    /** The configured key with this id, if any. */
    Optional<Kek> byId(byte[] id) {
        return all().stream().filter(k -> Arrays.equals(k.id(), id)).findFirst();
    }

    /** The ids of the keys that only decrypt, in hex, in the order they were configured. */
    List<String> previousIds() {
        return previous.stream().map(Kek::hexId).toList();
    }

    private static List<Kek> decodePrevious(Kek current, List<String> previousBase64Keys) {
        List<Kek> previous = new ArrayList<>();
        for (int index = 0; index < previousBase64Keys.size(); index++) {
            Kek key = decode(previousBase64Keys.get(index), "Previous key-encryption key [" + index + "]");
            if (Arrays.equals(key.id(), current.id())) {
                throw new IllegalArgumentException("Previous key-encryption key [" + index + "] is the current key ("
                        + current.hexId() + "): list only the keys it replaced");
            }
            for (Kek earlier : previous) {
                if (Arrays.equals(key.id(), earlier.id())) {
                    throw new IllegalArgumentException("Previous key-encryption key [" + index + "] is listed twice ("
                            + key.hexId() + ")");
                }
            }
            previous.add(key);
        }
        return previous;
    }

    private static Kek decode(@Nullable String base64Key, String which) {
        if (base64Key == null || base64Key.isBlank()) {
            throw new IllegalArgumentException(which + " is missing: it must be the base64 encoding of "
                    + KEY_BYTES + " random bytes (AES-256). " + HOW_TO_GENERATE);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            // not chained: the decoder's message quotes a character of the key
            throw new IllegalArgumentException(which + " is not valid base64: it must be the base64 "
                    + "encoding of " + KEY_BYTES + " random bytes (AES-256). " + HOW_TO_GENERATE);
        }
        try {
            if (key.length != KEY_BYTES) {
                throw new IllegalArgumentException(which + " decodes to " + key.length
                        + " bytes; it must be " + KEY_BYTES + " random bytes (AES-256). " + HOW_TO_GENERATE);
            }
            return Kek.of(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "KeyEncryptionKeys[current key " + current.hexId() + ", previous keys " + previousIds()
                + ", keys=<redacted>]";
    }
}
