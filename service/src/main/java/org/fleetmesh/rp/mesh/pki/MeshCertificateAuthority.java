package org.fleetmesh.rp.mesh.pki;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * The certificate authority of one mesh: the "Cilium CA" that every member trusts ({@code cilium-ca},
 * {@code ca.crt} of each clustermesh-apiserver secret) and that signs the members' certificates. Keys are ECDSA
 * P-256, signatures SHA-256 with ECDSA, all through the JDK's own providers (BouncyCastle only builds the ASN.1).
 * This class says what the CA's and the members' certificates contain; {@link CertificateSigning} makes the keys,
 * serial numbers and signatures.
 *
 * <p>Thread-safe. {@link #toString()} never shows the private key; {@link #privateKeyPem()} is for encrypting it
 * at rest ({@link KeyEncryption}) and for nothing else.
 */
public final class MeshCertificateAuthority {

    public static final String COMMON_NAME = "Cilium CA";
    public static final String ORGANIZATION = "fleetmesh";
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(3650);
    /** Cilium's own certgen and Helm chart issue member certificates for 1095 days. */
    public static final Duration DEFAULT_MEMBER_VALIDITY = Duration.ofDays(1095);

    /** Certificates start this long before they are issued, so that clusters whose clocks lag accept them. */
    static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final int MAX_MESH_LABEL_LENGTH = 1024;

    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    private MeshCertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    /**
     * A new CA: self-signed, {@code CN=Cilium CA, OU=<meshLabel>, O=fleetmesh}, CA:true with path length 0 (it signs
     * member certificates only), key usage keyCertSign and cRLSign.
     *
     * @param meshLabel names the mesh in the subject, e.g. the cluster mesh profile's resource id
     * @param validity how long the CA is valid; members must get new certificates under a new CA before it ends
     */
    public static MeshCertificateAuthority generate(String meshLabel, Duration validity, Clock clock) {
        if (meshLabel == null || meshLabel.isBlank() || meshLabel.length() > MAX_MESH_LABEL_LENGTH
                || meshLabel.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("The mesh label must be 1-" + MAX_MESH_LABEL_LENGTH
                    + " characters without control characters");
        }
        requirePositive(validity);
        KeyPair keys = CertificateSigning.newKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, ORGANIZATION)
                .addRDN(BCStyle.OU, meshLabel)
                .addRDN(BCStyle.CN, COMMON_NAME)
                .build();
        Instant now = clock.instant();
        Instant notBefore = now.minus(BACKDATE).truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = now.plus(validity).truncatedTo(ChronoUnit.SECONDS);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, CertificateSigning.serialNumber(),
                    Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return new MeshCertificateAuthority(CertificateSigning.sign(builder, keys.getPrivate()), keys.getPrivate());
        } catch (NoSuchAlgorithmException | CertIOException e) {
            throw new IllegalStateException("Cannot build the mesh CA certificate", e);
        }
    }

    /** A new CA valid for {@link #DEFAULT_VALIDITY}. */
    public static MeshCertificateAuthority generate(String meshLabel, Clock clock) {
        return generate(meshLabel, DEFAULT_VALIDITY, clock);
    }

    /**
     * The CA again, from its stored certificate and (decrypted) private key, to sign further certificates.
     *
     * @throws IllegalArgumentException the certificate is no CA, or the key is not the certificate's
     */
    public static MeshCertificateAuthority load(String certificatePem, String privateKeyPem) {
        X509Certificate certificate = Pem.parseCertificate(certificatePem);
        PrivateKey privateKey = Pem.parsePrivateKey(privateKeyPem);
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("The certificate " + certificate.getSubjectX500Principal()
                    + " is not a CA certificate");
        }
        if (!CertificateSigning.matches(privateKey, certificate.getPublicKey())) {
            throw new IllegalArgumentException("The private key does not belong to the CA certificate "
                    + certificate.getSubjectX500Principal());
        }
        return new MeshCertificateAuthority(certificate, privateKey);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA certificate: {@code ca.crt} of every member secret. */
    public String certificatePem() {
        return Pem.encodeCertificate(certificate);
    }

    /** The CA's private key, PKCS#8 PEM: encrypt it ({@link KeyEncryption}) before it is stored anywhere. */
    public String privateKeyPem() {
        return Pem.encodePrivateKey(privateKey);
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    /**
     * A member certificate of the given kind with a new key pair, signed by this CA. Its validity ends with the
     * CA's at the latest.
     *
     * @param ciliumClusterName the member's Cilium cluster name (Cilium's rules: 1-32 characters, [a-z0-9-])
     */
    public IssuedCertificate issue(MemberCertificateKind kind, String ciliumClusterName, Duration validity,
            Clock clock) {
        Objects.requireNonNull(kind, "kind");
        String commonName = kind.commonName(ciliumClusterName);
        requirePositive(validity);
        KeyPair keys = CertificateSigning.newKeyPair();
        Instant now = clock.instant();
        Instant notBefore = now.minus(BACKDATE).truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = min(now.plus(validity), notAfter()).truncatedTo(ChronoUnit.SECONDS);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, CertificateSigning.serialNumber(),
                    Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, extendedKeyUsage(kind))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier(extensions));
            GeneralName[] alternativeNames = alternativeNames(kind);
            if (alternativeNames.length > 0) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternativeNames));
            }
            X509Certificate issued = CertificateSigning.sign(builder, privateKey);
            return new IssuedCertificate(kind, Pem.encodeCertificate(issued), Pem.encodePrivateKey(keys.getPrivate()));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("Cannot build the " + kind + " certificate", e);
        }
    }

    /** A member certificate valid for {@link #DEFAULT_MEMBER_VALIDITY}. */
    public IssuedCertificate issue(MemberCertificateKind kind, String ciliumClusterName, Clock clock) {
        return issue(kind, ciliumClusterName, DEFAULT_MEMBER_VALIDITY, clock);
    }

    /** Whether this CA signed the certificate: a member certificate from another CA is not. */
    public boolean signed(String certificatePem) {
        try {
            Pem.parseCertificate(certificatePem).verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException notSignedByThisAuthority) {
            return false;
        }
    }

    /** All four certificates of one member, in {@link MemberCertificateKind} order. */
    public List<IssuedCertificate> issueMemberCertificates(String ciliumClusterName, Duration validity, Clock clock) {
        MemberCertificateKind.requireValidClusterName(ciliumClusterName);
        List<IssuedCertificate> issued = new ArrayList<>();
        for (MemberCertificateKind kind : MemberCertificateKind.values()) {
            issued.add(issue(kind, ciliumClusterName, validity, clock));
        }
        return List.copyOf(issued);
    }

    @Override
    public String toString() {
        return "MeshCertificateAuthority[subject=" + certificate.getSubjectX500Principal().getName()
                + ", serial=" + certificate.getSerialNumber().toString(16)
                + ", notAfter=" + notAfter() + ", privateKey=<redacted>]";
    }

    /** The key identifier only, the CA's own subject key identifier (from its public key if it has none). */
    private AuthorityKeyIdentifier authorityKeyIdentifier(JcaX509ExtensionUtils extensions) throws CertIOException {
        byte[] extension = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (extension == null) {
            return extensions.createAuthorityKeyIdentifier(certificate.getPublicKey());
        }
        try {
            byte[] keyIdentifier = SubjectKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(extension))
                    .getKeyIdentifier();
            return new AuthorityKeyIdentifier(keyIdentifier);
        } catch (IOException e) {
            throw new CertIOException("The CA's subject key identifier is malformed", e);
        }
    }

    private static ExtendedKeyUsage extendedKeyUsage(MemberCertificateKind kind) {
        return kind.serverAuth()
                ? new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth})
                : new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth);
    }

    private static GeneralName[] alternativeNames(MemberCertificateKind kind) {
        List<GeneralName> names = new ArrayList<>();
        kind.dnsNames().forEach(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
        kind.ipAddresses().forEach(address -> names.add(new GeneralName(GeneralName.iPAddress, address)));
        return names.toArray(GeneralName[]::new);
    }

    private static void requirePositive(Duration validity) {
        if (validity == null || validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("The validity must be a positive duration");
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
