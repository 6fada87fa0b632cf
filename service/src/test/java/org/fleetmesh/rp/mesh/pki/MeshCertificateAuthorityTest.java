package org.fleetmesh.rp.mesh.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class MeshCertificateAuthorityTest {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int DNS = 2;
    private static final int IP = 7;
    private static final String MESH = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg"
            + "/providers/Microsoft.ContainerService/fleets/f1/clusterMeshProfiles/p1";

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    private static MeshCertificateAuthority meshA;
    private static MeshCertificateAuthority meshB;

    @BeforeAll
    static void generateAuthorities() {
        meshA = MeshCertificateAuthority.generate(MESH, CLOCK);
        meshB = MeshCertificateAuthority.generate("mesh-b", CLOCK);
    }

    @Test
    void theCaIsASelfSignedCiliumCaNamingItsMesh() throws Exception {
        X509Certificate ca = meshA.certificate();

        assertThat(ca.getVersion()).isEqualTo(3);
        assertThat(rdn(ca, "CN")).isEqualTo("Cilium CA");
        assertThat(rdn(ca, "O")).isEqualTo("fleetmesh");
        assertThat(rdn(ca, "OU")).isEqualTo(MESH);
        assertThat(ca.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        ca.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).isZero();
        assertThat(ca.getCriticalExtensionOIDs()).contains(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
        assertThat(ca.getKeyUsage()).containsExactly(false, false, false, false, false, true, true, false, false);
        assertThat(ca.getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
        assertThat(ca.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) ca.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(ca.getNotBefore().toInstant()).isEqualTo(Instant.parse("2026-03-01T09:55:00Z"));
        assertThat(ca.getNotAfter().toInstant()).isEqualTo(CLOCK.instant().plus(Duration.ofDays(3650)));
        assertThat(ca.getSerialNumber().signum()).isPositive();
        assertThat(ca.getSerialNumber().bitLength()).isLessThanOrEqualTo(128);
    }

    @Test
    void theCaValidityIsAParameter() {
        MeshCertificateAuthority shortLived = MeshCertificateAuthority.generate("m", Duration.ofDays(30), CLOCK);

        assertThat(shortLived.notAfter()).isEqualTo(CLOCK.instant().plus(Duration.ofDays(30)));
    }

    @Test
    void theServerCertificateNamesTheApiserverAsCiliumDoes() throws Exception {
        X509Certificate server = meshA.issue(MemberCertificateKind.SERVER, "cluster1", CLOCK).certificate();

        assertThat(rdn(server, "CN")).isEqualTo("clustermesh-apiserver.cilium.io");
        assertThat(alternativeNames(server, DNS)).containsExactlyInAnyOrder("clustermesh-apiserver.cilium.io",
                "*.mesh.cilium.io", "clustermesh-apiserver.kube-system.svc");
        assertThat(alternativeNames(server, IP)).containsExactlyInAnyOrder("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(server.getExtendedKeyUsage()).containsExactlyInAnyOrder(SERVER_AUTH, CLIENT_AUTH);
    }

    @Test
    void theClientCertificatesCarryTheClusterNameInTheirCommonName() throws Exception {
        X509Certificate admin = meshA.issue(MemberCertificateKind.ADMIN, "cluster1", CLOCK).certificate();
        X509Certificate remote = meshA.issue(MemberCertificateKind.REMOTE, "cluster1", CLOCK).certificate();
        X509Certificate local = meshA.issue(MemberCertificateKind.LOCAL, "cluster1", CLOCK).certificate();

        assertThat(rdn(admin, "CN")).isEqualTo("admin-cluster1");
        assertThat(alternativeNames(admin, DNS)).containsExactly("localhost");
        assertThat(rdn(remote, "CN")).isEqualTo("remote-cluster1");
        assertThat(remote.getSubjectAlternativeNames()).isNull();
        assertThat(rdn(local, "CN")).isEqualTo("local-cluster1");
        assertThat(local.getSubjectAlternativeNames()).isNull();
        for (X509Certificate client : List.of(admin, remote, local)) {
            assertThat(client.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        }
    }

    @ParameterizedTest
    @EnumSource(MemberCertificateKind.class)
    void everyMemberCertificateVerifiesAgainstItsMeshCa(MemberCertificateKind kind) throws Exception {
        IssuedCertificate issued = meshA.issue(kind, "cluster1", CLOCK);
        X509Certificate certificate = issued.certificate();

        validate(certificate, meshA);
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(meshA.certificate().getSubjectX500Principal());
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getKeyUsage()).startsWith(true, false, true);
        assertThat(certificate.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(certificate.getSerialNumber().signum()).isPositive();
        assertThat(certificate.getSerialNumber().bitLength()).isLessThanOrEqualTo(128);
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(CLOCK.instant().plus(Duration.ofDays(1095)));
        byte[] authorityKeyId = AuthorityKeyIdentifier.getInstance(extension(certificate, Extension.authorityKeyIdentifier))
                .getKeyIdentifier();
        byte[] caKeyId = SubjectKeyIdentifier.getInstance(extension(meshA.certificate(), Extension.subjectKeyIdentifier))
                .getKeyIdentifier();
        assertThat(authorityKeyId).isEqualTo(caKeyId);
        assertThat(SubjectKeyIdentifier.getInstance(extension(certificate, Extension.subjectKeyIdentifier))
                .getKeyIdentifier()).isNotEqualTo(caKeyId);
        assertThat(issued.kind()).isEqualTo(kind);
        assertThat(Pem.parsePrivateKey(issued.privateKeyPem()).getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void aCertificateOfOneMeshDoesNotVerifyAgainstAnotherMeshsCa() throws Exception {
        X509Certificate ofMeshA = meshA.issue(MemberCertificateKind.REMOTE, "cluster1", CLOCK).certificate();

        assertThatThrownBy(() -> validate(ofMeshA, meshB)).isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void memberValidityIsAParameterAndEndsWithTheCaAtTheLatest() {
        MeshCertificateAuthority ca = MeshCertificateAuthority.generate("m", Duration.ofDays(365), CLOCK);

        assertThat(ca.issue(MemberCertificateKind.LOCAL, "c1", Duration.ofDays(10), CLOCK).notAfter())
                .isEqualTo(CLOCK.instant().plus(Duration.ofDays(10)));
        assertThat(ca.issue(MemberCertificateKind.LOCAL, "c1", Duration.ofDays(1095), CLOCK).notAfter())
                .isEqualTo(ca.notAfter());
    }

    @Test
    void aMemberGetsOneCertificateOfEachKindWithItsOwnKey() {
        List<IssuedCertificate> issued = meshA.issueMemberCertificates("cluster-7", Duration.ofDays(30), CLOCK);

        assertThat(issued).extracting(IssuedCertificate::kind).containsExactly(MemberCertificateKind.values());
        assertThat(issued).extracting(IssuedCertificate::privateKeyPem).doesNotHaveDuplicates();
        assertThat(issued).extracting(c -> c.certificate().getSerialNumber()).doesNotHaveDuplicates();
    }

    @Test
    void secretNamesAreCiliums() {
        assertThat(Arrays.stream(MemberCertificateKind.values()).map(MemberCertificateKind::secretName)).containsExactly(
                "clustermesh-apiserver-server-cert", "clustermesh-apiserver-admin-cert",
                "clustermesh-apiserver-remote-cert", "clustermesh-apiserver-local-cert");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Cluster1", "-a", "a-", "a_b", "admin,O=x", "abcdefghijabcdefghijabcdefghijabc"})
    void invalidCiliumClusterNamesAreRefused(String name) {
        assertThatThrownBy(() -> meshA.issue(MemberCertificateKind.ADMIN, name, CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Cilium cluster name");
    }

    @Test
    void aReloadedCaSignsCertificatesThatVerifyAgainstTheOriginal() throws Exception {
        MeshCertificateAuthority reloaded = MeshCertificateAuthority.load(meshA.certificatePem(), meshA.privateKeyPem());

        assertThat(reloaded.certificate()).isEqualTo(meshA.certificate());
        validate(reloaded.issue(MemberCertificateKind.SERVER, "cluster2", CLOCK).certificate(), meshA);
    }

    @Test
    void aCaIsNotLoadedWithAnotherKeyOrFromANonCaCertificate() {
        IssuedCertificate member = meshA.issue(MemberCertificateKind.LOCAL, "cluster1", CLOCK);

        assertThatThrownBy(() -> MeshCertificateAuthority.load(meshA.certificatePem(), meshB.privateKeyPem()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong");
        assertThatThrownBy(() -> MeshCertificateAuthority.load(member.certificatePem(), member.privateKeyPem()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a CA");
    }

    @Test
    void pemRoundTrips() {
        String certificatePem = meshA.certificatePem();
        String keyPem = meshA.privateKeyPem();

        assertThat(certificatePem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        assertThat(keyPem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(certificatePem.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64));
        assertThat(Pem.parseCertificate(certificatePem)).isEqualTo(meshA.certificate());
        assertThat(Pem.encodeCertificate(Pem.parseCertificate(certificatePem))).isEqualTo(certificatePem);
        assertThat(Pem.encodePrivateKey(Pem.parsePrivateKey(keyPem))).isEqualTo(keyPem);
    }

    @Test
    void pemCertificatesReadWithTheJdksOwnParserToo() throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        X509Certificate parsed = (X509Certificate) factory.generateCertificate(
                new ByteArrayInputStream(meshA.certificatePem().getBytes(StandardCharsets.US_ASCII)));

        assertThat(parsed).isEqualTo(meshA.certificate());
    }

    @Test
    void malformedPemIsRefusedWithoutQuotingIt() {
        String garbage = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LXNlY3JldA==\n-----END PRIVATE KEY-----\n";

        assertThatThrownBy(() -> Pem.parsePrivateKey(garbage)).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("c2VjcmV0"));
        assertThatThrownBy(() -> Pem.parseCertificate(meshA.privateKeyPem())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no certificate");
        assertThatThrownBy(() -> Pem.parsePrivateKey("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringsNeverShowAPrivateKey() {
        IssuedCertificate issued = meshA.issue(MemberCertificateKind.ADMIN, "cluster1", CLOCK);

        assertThat(issued.toString()).doesNotContain(firstLine(issued.privateKeyPem())).doesNotContain("PRIVATE KEY")
                .contains("ADMIN", "redacted");
        assertThat(meshA.toString()).doesNotContain(firstLine(meshA.privateKeyPem())).contains("Cilium CA", "redacted");
    }

    /** Not an assertion: how long a 255-member mesh takes to get its certificates on this machine. */
    @Test
    void printsHowLongAFullMeshTakes() {
        MeshCertificateAuthority.generate("warm-up", CLOCK).issueMemberCertificates("warm-up", Duration.ofDays(1), CLOCK);
        long start = System.nanoTime();
        MeshCertificateAuthority ca = MeshCertificateAuthority.generate("timing", CLOCK);
        List<IssuedCertificate> all = new ArrayList<>();
        for (int member = 1; member <= 255; member++) {
            all.addAll(ca.issueMemberCertificates("cluster-" + member, MeshCertificateAuthority.DEFAULT_MEMBER_VALIDITY,
                    CLOCK));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("PKI timing: 1 CA + %d member certificates (255 members x 4) in %d ms%n", all.size(), millis);
        assertThat(all).hasSize(1020);
    }

    private static void validate(X509Certificate certificate, MeshCertificateAuthority ca) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(CLOCK.instant()));
        CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(List.of(certificate)), parameters);
    }

    private static String rdn(X509Certificate certificate, String type) throws Exception {
        return new LdapName(certificate.getSubjectX500Principal().getName()).getRdns().stream()
                .filter(rdn -> rdn.getType().equalsIgnoreCase(type)).map(Rdn::getValue).map(Object::toString)
                .findFirst().orElseThrow();
    }

    private static List<String> alternativeNames(X509Certificate certificate, int type) throws CertificateParsingException {
        return certificate.getSubjectAlternativeNames().stream().filter(name -> (Integer) name.get(0) == type)
                .map(name -> (String) name.get(1)).toList();
    }

    private static byte[] extension(X509Certificate certificate, ASN1ObjectIdentifier oid) {
        return ASN1OctetString.getInstance(certificate.getExtensionValue(oid.getId())).getOctets();
    }

    /** The first line of base64 key material. */
    private static String firstLine(String pem) {
        return pem.lines().skip(1).findFirst().orElseThrow();
    }
}
