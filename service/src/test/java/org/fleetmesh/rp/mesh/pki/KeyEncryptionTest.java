package org.fleetmesh.rp.mesh.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyEncryptionTest {

    private static final String KEK = Base64.getEncoder().encodeToString(
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private static final String OTHER_KEK = Base64.getEncoder().encodeToString(
            "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));
    private static final String OWNER = "mesh-ca/3f2c1d4e-0000-0000-0000-000000000001";
    private static final String SECRET = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n"
            + "-----END PRIVATE KEY-----\n";

    private final KeyEncryption encryption = KeyEncryption.fromBase64(KEK);

    @Test
    void roundTrips() {
        byte[] ciphertext = encryption.encryptText(SECRET, OWNER);

        assertThat(encryption.decryptText(ciphertext, OWNER)).isEqualTo(SECRET);
        assertThat(KeyEncryption.fromBase64(KEK + "\n").decryptText(ciphertext, OWNER)).isEqualTo(SECRET);
    }

    @Test
    void theCiphertextDescribesItselfNamesItsKeyAndHidesThePlaintext() throws Exception {
        byte[] plaintext = SECRET.getBytes(StandardCharsets.UTF_8);
        byte[] ciphertext = encryption.encrypt(plaintext, OWNER);

        byte[] keyId = Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(KEK)), 8);
        assertThat(ciphertext[0]).isEqualTo(KeyEncryption.VERSION_AES_256_GCM_WITH_KEY_ID);
        assertThat(Arrays.copyOfRange(ciphertext, 1, 9)).isEqualTo(keyId);
        assertThat(encryption.currentKeyId()).isEqualTo(HexFormat.of().formatHex(keyId));
        assertThat(encryption.currentKeyPrefix()).isEqualTo(Arrays.copyOf(ciphertext, 9));
        assertThat(ciphertext).hasSize(1 + 8 + 12 + plaintext.length + 16);
        assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain("PRIVATE KEY");
    }

    @Test
    void everyEncryptionUsesANewNonce() {
        byte[] first = encryption.encryptText(SECRET, OWNER);
        byte[] second = encryption.encryptText(SECRET, OWNER);

        assertThat(Arrays.copyOfRange(first, 9, 21)).isNotEqualTo(Arrays.copyOfRange(second, 9, 21));
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void anotherKeyEncryptionKeyCannotDecrypt() {
        byte[] ciphertext = encryption.encryptText(SECRET, OWNER);

        assertThatThrownBy(() -> KeyEncryption.fromBase64(OTHER_KEK).decrypt(ciphertext, OWNER))
                .isInstanceOf(KeyDecryptionException.class).hasMessageContaining(OWNER)
                .hasMessageContaining("key-encryption key").hasNoCause()
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEK, OTHER_KEK, "PRIVATE KEY"));
    }

    @Test
    void aTamperedCiphertextDoesNotDecrypt() {
        byte[] ciphertext = encryption.encryptText(SECRET, OWNER);
        for (int index : new int[] {0, 1, 9, 21, ciphertext.length - 1}) {
            byte[] tampered = ciphertext.clone();
            tampered[index] ^= 0x01;

            assertThatThrownBy(() -> encryption.decrypt(tampered, OWNER)).isInstanceOf(KeyDecryptionException.class);
        }
        assertThatThrownBy(() -> encryption.decrypt(Arrays.copyOf(ciphertext, ciphertext.length - 1), OWNER))
                .isInstanceOf(KeyDecryptionException.class);
        assertThatThrownBy(() -> encryption.decrypt(Arrays.copyOf(ciphertext, 20), OWNER))
                .isInstanceOf(KeyDecryptionException.class).hasMessageContaining("truncated");
    }

    @Test
    void anUnknownVersionIsRefused() {
        byte[] ciphertext = encryption.encryptText(SECRET, OWNER);
        ciphertext[0] = 3;

        assertThatThrownBy(() -> encryption.decrypt(ciphertext, OWNER)).isInstanceOf(KeyDecryptionException.class)
                .hasMessageContaining("version 3");
    }

    @Test
    void aCiphertextMovedToAnotherOwnerDoesNotDecrypt() {
        byte[] ciphertext = encryption.encryptText(SECRET, "member-cert/1/SERVER");

        assertThatThrownBy(() -> encryption.decrypt(ciphertext, "member-cert/2/SERVER"))
                .isInstanceOf(KeyDecryptionException.class);
        assertThatThrownBy(() -> encryption.decrypt(ciphertext, "member-cert/1/ADMIN"))
                .isInstanceOf(KeyDecryptionException.class);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void aMissingKeyIsRefusedWithHowToMakeOne(String kek) {
        assertThatThrownBy(() -> KeyEncryption.fromBase64(kek)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("openssl rand -base64 32");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64 at all!", "c2hvcnQ=",
        "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVm"})
    void aKeyThatIsNotBase64Of32BytesIsRefusedWithoutQuotingIt(String kek) {
        assertThatThrownBy(() -> KeyEncryption.fromBase64(kek)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32").hasMessageContaining("openssl rand -base64 32").hasNoCause()
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(kek));
    }

    @Test
    void theOwnerMustBeNamed() {
        assertThatThrownBy(() -> encryption.encryptText(SECRET, " ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomKeysDifferAndToStringHidesTheKey() {
        byte[] ciphertext = KeyEncryption.random().encryptText(SECRET, OWNER);

        assertThatThrownBy(() -> KeyEncryption.random().decrypt(ciphertext, OWNER))
                .isInstanceOf(KeyDecryptionException.class);
        assertThat(encryption.toString()).doesNotContain(KEK).contains("redacted");
        assertThat(KeyEncryption.fromBase64(OTHER_KEK, List.of(KEK)).toString()).doesNotContain(KEK, OTHER_KEK)
                .contains(encryption.currentKeyId());
    }

    @Test
    void aCiphertextOfTheFormatBeforeKeyIdsIsReadByWhicheverKeyWroteIt() {
        byte[] underOld = versionOne(KEK, SECRET, OWNER);

        assertThat(encryption.decryptText(underOld, OWNER)).isEqualTo(SECRET);
        assertThat(KeyEncryption.fromBase64(OTHER_KEK, List.of(KEK)).decryptText(underOld, OWNER)).isEqualTo(SECRET);
        assertThat(KeyEncryption.fromBase64(KEK, List.of(OTHER_KEK)).decryptText(underOld, OWNER)).isEqualTo(SECRET);
        assertThatThrownBy(() -> KeyEncryption.fromBase64(OTHER_KEK).decrypt(underOld, OWNER))
                .isInstanceOf(KeyDecryptionException.class).hasMessageContaining(OWNER)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEK, OTHER_KEK, "PRIVATE KEY"));
    }

    @Test
    void previousKeysDecryptButOnlyTheCurrentKeyEncrypts() {
        byte[] underOld = encryption.encryptText(SECRET, OWNER);
        KeyEncryption rotated = KeyEncryption.fromBase64(OTHER_KEK, List.of(KEK));

        byte[] underNew = rotated.encryptText(SECRET, OWNER);

        assertThat(rotated.decryptText(underOld, OWNER)).isEqualTo(SECRET);
        assertThat(rotated.isUnderCurrentKey(underOld)).isFalse();
        assertThat(rotated.isUnderCurrentKey(underNew)).isTrue();
        assertThat(Arrays.copyOfRange(underNew, 1, 9)).isNotEqualTo(Arrays.copyOfRange(underOld, 1, 9));
        assertThatThrownBy(() -> encryption.decrypt(underNew, OWNER)).isInstanceOf(KeyDecryptionException.class);
        assertThat(KeyEncryption.fromBase64(OTHER_KEK).decryptText(underNew, OWNER)).isEqualTo(SECRET);
    }

    @Test
    void reEncryptingPutsTheKeyUnderTheCurrentKeyEncryptionKey() {
        KeyEncryption rotated = KeyEncryption.fromBase64(OTHER_KEK, List.of(KEK));

        for (byte[] stored : List.of(encryption.encryptText(SECRET, OWNER), versionOne(KEK, SECRET, OWNER))) {
            byte[] reEncrypted = rotated.reEncrypt(stored, OWNER);

            assertThat(rotated.isUnderCurrentKey(reEncrypted)).isTrue();
            assertThat(KeyEncryption.fromBase64(OTHER_KEK).decryptText(reEncrypted, OWNER)).isEqualTo(SECRET);
        }
    }

    @Test
    void aKeyIdThatIsNotConfiguredIsNamedInAClearError() {
        byte[] underOld = encryption.encryptText(SECRET, OWNER);
        KeyEncryption withoutTheOldKey = KeyEncryption.fromBase64(OTHER_KEK);

        assertThatThrownBy(() -> withoutTheOldKey.decrypt(underOld, OWNER)).isInstanceOf(KeyDecryptionException.class)
                .hasMessageContaining(OWNER).hasMessageContaining(encryption.currentKeyId())
                .hasMessageContaining("not configured").hasMessageContaining(withoutTheOldKey.currentKeyId())
                .hasMessageContaining("previous key-encryption key").hasNoCause()
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEK, OTHER_KEK, "PRIVATE KEY"));
    }

    @Test
    void aPreviousKeyMustBeValidAndIsNamedByItsPosition() {
        assertThatThrownBy(() -> KeyEncryption.fromBase64(OTHER_KEK, List.of(KEK, "c2hvcnQ=")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1]").hasMessageContaining("32")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("c2hvcnQ=", KEK, OTHER_KEK));
        assertThatThrownBy(() -> KeyEncryption.fromBase64(OTHER_KEK, List.of(KEK, KEK + "\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1] is listed twice");
    }

    /** What the release before key ids wrote: version 1, no key id, the version byte alone as associated data. */
    private static byte[] versionOne(String base64Key, String plaintext, String owner) {
        try {
            byte[] nonce = new byte[12];
            new SecureRandom().nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(base64Key), "AES"),
                    new GCMParameterSpec(128, nonce));
            cipher.updateAAD(ByteBuffer.allocate(1 + owner.length()).put((byte) 1)
                    .put(owner.getBytes(StandardCharsets.UTF_8)).array());
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + 12 + sealed.length).put((byte) 1).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theCaKeyIsStoredEncryptedAndLoadsBack() {
        MeshCertificateAuthority ca = MeshCertificateAuthority.generate("mesh", Clock.systemUTC());
        byte[] stored = encryption.encryptText(ca.privateKeyPem(), OWNER);

        MeshCertificateAuthority loaded = MeshCertificateAuthority.load(ca.certificatePem(),
                encryption.decryptText(stored, OWNER));

        assertThat(loaded.certificate()).isEqualTo(ca.certificate());
    }
}
