package org.fleetmesh.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
  * A self-signed TLS server identity for {@code localhost}/{@code 127.0.0.1}, kept as two PKCS12 files in one
  * directory: a key store for the simulated servers and a trust store holding only the certificate.
  *
  * <p>A JVM reads {@code javax.net.ssl.trustStore} once, when its default SSL context is first built. A test suite
  * therefore generates (or loads) one identity before its first TLS handshake, points the JVM at
  * {@link #trustStore()} (see {@link #trustStoreSystemProperties()}), and starts every {@link SimulatedAzure} of the
  * run with that same identity.
  */
public final class TlsIdentity {

    /** Both stores use this password: the identity guards nothing but loopback test traffic. */
    public static final String PASSWORD = "fleetmesh-simulator";

    static final String KEY_ALIAS = "simulated-azure";
    private static final String KEY_STORE_FILE = "simulated-azure-keystore.p12";
    private static final String TRUST_STORE_FILE = "simulated-azure-truststore.p12";
    private static final String CERTIFICATE_FILE = "simulated-azure.pem";
    private static final String STORE_TYPE = "PKCS12";
    private static final Duration VALIDITY = Duration.ofDays(3650);

    private final Path keyStore;
    private final Path trustStore;
    private final Path certificatePem;

    private TlsIdentity(Path directory) {
        this.keyStore = directory.resolve(KEY_STORE_FILE);
        this.trustStore = directory.resolve(TRUST_STORE_FILE);
        this.certificatePem = directory.resolve(CERTIFICATE_FILE);
    }

    /** Creates a fresh key pair and certificate and writes both stores into {@code directory}, replacing any. */
    public static TlsIdentity generate(Path directory) {
        TlsIdentity identity = new TlsIdentity(directory);
        try {
            Files.createDirectories(directory);
            KeyPair keyPair = newKeyPair();
            X509Certificate certificate = selfSignedCertificate(keyPair);

            KeyStore keys = emptyStore();
            keys.setKeyEntry(KEY_ALIAS, keyPair.getPrivate(), PASSWORD.toCharArray(), new X509Certificate[] {certificate});
            write(keys, identity.keyStore);

            KeyStore trusted = emptyStore();
            trusted.setCertificateEntry(KEY_ALIAS, certificate);
            write(trusted, identity.trustStore);
            writePem(certificate, identity.certificatePem);
            return identity;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot generate the simulator's TLS identity", e);
        }
    }

    /** Uses the stores an earlier {@link #generate(Path)} wrote into {@code directory}. */
    public static TlsIdentity load(Path directory) {
        TlsIdentity identity = new TlsIdentity(directory);
        if (!Files.isReadable(identity.keyStore) || !Files.isReadable(identity.trustStore)) {
            throw new IllegalArgumentException("No simulator TLS identity in " + directory);
        }
        return identity;
    }

    /**
      * Loads the identity in {@code directory}, generating it first if it is missing or unusable, so that repeated
      * test runs keep the certificate their JVM trust store already names.
      */
    public static synchronized TlsIdentity loadOrGenerate(Path directory) {
        TlsIdentity identity = new TlsIdentity(directory);
        if (!identity.isUsable()) {
            return generate(directory);
        }
        if (!Files.isReadable(identity.certificatePem)) {
            // Stores written before the PEM copy existed: add it, keeping the certificate JVMs already trust.
            try {
                writePem((X509Certificate) read(identity.trustStore).getCertificate(KEY_ALIAS), identity.certificatePem);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Cannot read the simulator's TLS identity", e);
            }
        }
        return identity;
    }

    /** The PKCS12 key store (private key and certificate) the HTTPS server presents. */
    public Path keyStore() {
        return keyStore;
    }

    /** The PKCS12 trust store that holds only this identity's certificate. */
    public Path trustStore() {
        return trustStore;
    }

    /**
      * The certificate alone, PEM-encoded, for clients that are not JVMs: {@code curl --cacert <this file>} trusts the
      * simulated servers and nothing else.
      */
    public Path certificatePem() {
        return certificatePem;
    }

    /** The password of both stores. */
    public String password() {
        return PASSWORD;
    }

    /**
      * The system properties that make a JVM trust this identity; pass them as {@code -D} options to a client JVM,
      * or set them before that JVM's first TLS handshake.
      */
    public Map<String, String> trustStoreSystemProperties() {
        return Map.of(
                "javax.net.ssl.trustStore", trustStore.toAbsolutePath().toString(),
                "javax.net.ssl.trustStorePassword", PASSWORD,
                "javax.net.ssl.trustStoreType", STORE_TYPE);
    }

    private boolean isUsable() {
        try {
            X509Certificate certificate = (X509Certificate) read(keyStore).getCertificate(KEY_ALIAS);
            // A certificate about to expire would fail a long test run half-way; renew it instead.
            return certificate != null
                    && read(trustStore).getCertificate(KEY_ALIAS) != null
                    && certificate.getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(1)));
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        // RSA rather than EC: every TLS stack the clients may use (JDK, Netty/OpenSSL, Jetty) accepts it.
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static X509Certificate selfSignedCertificate(KeyPair keyPair)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name subject = new X500Name("CN=localhost, O=fleetmesh simulator");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder =
                new JcaX509v3CertificateBuilder(
                        subject,
                        new BigInteger(64, new SecureRandom()),
                        Date.from(now.minus(Duration.ofDays(1))),
                        Date.from(now.plus(VALIDITY)),
                        subject,
                        keyPair.getPublic());
        // Clients verify the host name against the SAN only, so both loopback spellings must be listed.
        builder.addExtension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(
                        new GeneralName[] {
                            new GeneralName(GeneralName.dNSName, "localhost"),
                            new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress())
                        }));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate())));
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(STORE_TYPE);
        store.load(null, null);
        return store;
    }

    private static KeyStore read(Path file) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(STORE_TYPE);
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static void writePem(X509Certificate certificate, Path file) throws GeneralSecurityException, IOException {
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        Path partial = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".partial");
        Files.writeString(partial, pem, StandardCharsets.US_ASCII);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void write(KeyStore store, Path file) throws GeneralSecurityException, IOException {
        // Write beside the target and move, so a JVM reading the trust store never sees half a file.
        Path partial = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".partial");
        try (OutputStream out = Files.newOutputStream(partial)) {
            store.store(out, PASSWORD.toCharArray());
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
