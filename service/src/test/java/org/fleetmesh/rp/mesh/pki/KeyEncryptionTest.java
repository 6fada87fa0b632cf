package org.fleetmesh.rp.mesh.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
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
    void theCiphertextDescribesItselfAndHidesThePlaintext() {
        byte[] plaintext = SECRET.getBytes(StandardCharsets.UTF_8);
        byte[] ciphertext = encryption.encrypt(plaintext, OWNER);

        assertThat(ciphertext[0]).isEqualTo(KeyEncryption.VERSION_AES_256_GCM);
        assertThat(ciphertext).hasSize(1 + 12 + plaintext.length + 16);
        assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain("PRIVATE KEY");
    }

    @Test
    void everyEncryptionUsesANewNonce() {
        byte[] first = encryption.encryptText(SECRET, OWNER);
        byte[] second = encryption.encryptText(SECRET, OWNER);

        assertThat(Arrays.copyOfRange(first, 1, 13)).isNotEqualTo(Arrays.copyOfRange(second, 1, 13));
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
        for (int index : new int[] {1, 13, ciphertext.length - 1}) {
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
        ciphertext[0] = 2;

        assertThatThrownBy(() -> encryption.decrypt(ciphertext, OWNER)).isInstanceOf(KeyDecryptionException.class)
                .hasMessageContaining("version 2");
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
