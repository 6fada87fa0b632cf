package org.fleetmesh.rp.mesh.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemGenerationException;

/**
 * PEM as Kubernetes TLS secrets and etcd expect it: certificates as {@code CERTIFICATE}, private keys as
 * unencrypted PKCS#8 {@code PRIVATE KEY}. Errors never quote the input, which may be a private key.
 */
public final class Pem {

    private Pem() {
    }

    public static String encodeCertificate(X509Certificate certificate) {
        return write(certificate, "certificate");
    }

    /** PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}), not the algorithm's own form that BouncyCastle writes by default. */
    public static String encodePrivateKey(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("The private key does not encode as PKCS#8");
        }
        try {
            return write(new JcaPKCS8Generator(key, null), "private key");
        } catch (PemGenerationException e) {
            throw new IllegalArgumentException("Cannot encode the private key");
        }
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

    /** BouncyCastle's PEM: 64-character base64 lines between the BEGIN and END lines. */
    private static String write(Object object, String what) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            // never the cause's message: it may describe the key material
            throw new IllegalArgumentException("Cannot encode the " + what);
        }
        return text.toString();
    }
}
