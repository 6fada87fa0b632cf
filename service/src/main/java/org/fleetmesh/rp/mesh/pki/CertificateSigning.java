package org.fleetmesh.rp.mesh.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cryptographic mechanics under {@link MeshCertificateAuthority}: ECDSA P-256 key pairs, random serial numbers
 * and SHA-256-with-ECDSA signatures, through the JDK's own providers. Apart from the CA because they hold no policy:
 * what a certificate says is the CA's business, how it is signed is this one's, and either can change alone.
 */
final class CertificateSigning {

    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new ECDSA P-256 key pair. */
    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("The JDK offers no ECDSA P-256 key generation", e);
        }
    }

    /** 128 random bits, positive and not zero (RFC 5280 4.1.2.2). */
    static BigInteger serialNumber() {
        BigInteger serial;
        do {
            byte[] bytes = new byte[16];
            RANDOM.nextBytes(bytes);
            serial = new BigInteger(1, bytes);
        } while (serial.signum() == 0);
        return serial;
    }

    /** Signs with SHA-256 with ECDSA. */
    static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey) {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).setSecureRandom(RANDOM)
                    .build(signingKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException | CertificateException e) {
            throw new IllegalStateException("Cannot sign the certificate", e);
        }
    }

    /** Whether the private key is the public key's: a probe signed by the one verifies under the other. */
    static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        try {
            byte[] probe = new byte[32];
            RANDOM.nextBytes(probe);
            Signature signer = Signature.getInstance(SIGNATURE_ALGORITHM);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(SIGNATURE_ALGORITHM);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private CertificateSigning() {
    }
}
