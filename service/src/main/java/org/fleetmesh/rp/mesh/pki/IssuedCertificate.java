package org.fleetmesh.rp.mesh.pki;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;

/**
 * A member certificate with its private key, both PEM: {@code certificatePem} goes to {@code tls.crt},
 * {@code privateKeyPem} (PKCS#8) to {@code tls.key} of the secret {@link MemberCertificateKind#secretName()}.
 * {@link #toString()} never shows the private key.
 */
public record IssuedCertificate(MemberCertificateKind kind, String certificatePem, String privateKeyPem) {

    public IssuedCertificate {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    }

    /** The certificate, parsed. */
    public X509Certificate certificate() {
        return Pem.parseCertificate(certificatePem);
    }

    public Instant notBefore() {
        return certificate().getNotBefore().toInstant();
    }

    /** When the certificate expires: renew it before then. */
    public Instant notAfter() {
        return certificate().getNotAfter().toInstant();
    }

    @Override
    public String toString() {
        return "IssuedCertificate[kind=" + kind + ", secret=" + kind.secretName()
                + ", certificatePem=" + certificatePem.length() + " chars, privateKeyPem=<redacted>]";
    }
}
