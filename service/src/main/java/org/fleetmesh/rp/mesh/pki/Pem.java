package org.fleetmesh.rp.mesh.pki;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * PEM as Kubernetes TLS secrets and etcd expect it: certificates as {@code CERTIFICATE}, private keys as
 * unencrypted PKCS#8 {@code PRIVATE KEY}. Errors never quote the input, which may be a private key.
 */
public final class Pem {

    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private Pem() {
    }

    public static String encodeCertificate(X509Certificate certificate) {
        try {
            return block("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("Cannot encode the certificate", e);
        }
    }

    /** PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}). */
    public static String encodePrivateKey(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("The private key does not encode as PKCS#8");
        }
        return block("PRIVATE KEY", key.getEncoded());
    }

    /** The first certificate in the PEM text. */
    public static X509Certificate parseCertificate(String pem) {
        if (!(read(pem, "certificate") instanceof X509CertificateHolder holder)) {
            throw new IllegalArgumentException("The PEM text holds no certificate");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("The PEM certificate is not a valid X.509 certificate");
        }
    }

    /** A PKCS#8 {@code PRIVATE KEY}, or an OpenSSL {@code EC PRIVATE KEY}. Encrypted keys are not read. */
    public static PrivateKey parsePrivateKey(String pem) {
        Object object = read(pem, "private key");
        PrivateKeyInfo info;
        if (object instanceof PrivateKeyInfo pkcs8) {
            info = pkcs8;
        } else if (object instanceof PEMKeyPair pair) {
            info = pair.getPrivateKeyInfo();
        } else {
            throw new IllegalArgumentException("The PEM text holds no unencrypted private key");
        }
        try {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException e) {
            // the converter's message could describe the key material: keep it out
            throw new IllegalArgumentException("The PEM private key cannot be read");
        }
    }

    private static Object read(String pem, String what) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("No PEM " + what + " given");
        }
        Object object;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            object = parser.readObject();
        } catch (IOException | RuntimeException e) {
            // neither the cause nor its message: they may quote the key material
            throw new IllegalArgumentException("Malformed PEM " + what);
        }
        if (object == null) {
            throw new IllegalArgumentException("The text holds no PEM " + what);
        }
        return object;
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + BASE64.encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
