package org.fleetmesh.rp.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.fleetmesh.persistence.mesh.MeshCertificateAuthorityEntity;
import org.fleetmesh.persistence.mesh.MeshCertificateAuthorityRepository;
import org.fleetmesh.persistence.mesh.MeshCertificateRepository;
import org.fleetmesh.persistence.mesh.MeshMemberCertificateEntity;
import org.fleetmesh.rp.mesh.domain.MemberMeshConfig;
import org.fleetmesh.rp.mesh.pki.IssuedCertificate;
import org.fleetmesh.rp.mesh.pki.KeyEncryption;
import org.fleetmesh.rp.mesh.pki.MemberCertificateKind;
import org.fleetmesh.rp.mesh.pki.MeshCertificateAuthority;
import org.fleetmesh.rp.mesh.pki.Pem;
import org.fleetmesh.rp.testing.ContractTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13: member certificates renew themselves. A member whose certificates have passed two thirds of their
 * lifetime is renewed by the recurring check, through a re-apply that writes only that member's Secrets; the API
 * and the expiry metric show the new notAfter, and the other members are left alone.
 */
class CertificateRenewalIT extends ContractTestSupport {

    private static final String MESH = "{\"mesh\":\"blue\"}";
    private static final List<String> THREE = List.of("a", "b", "c");

    @Autowired
    CertificateRenewalCheck renewalCheck;

    @Autowired
    MeshCertificateRepository certificates;

    @Autowired
    MeshCertificateAuthorityRepository authorities;

    @Autowired
    KeyEncryption keys;

    @Autowired
    JdbcTemplate database;

    @Test
    void aMemberPastItsRenewalPointGetsNewCertificatesAndOnlyItsSecretsAreRewritten() {
        createFleet("rg", "f1");
        THREE.forEach(name -> createMember("rg", "f1", name, MESH));
        createProfile("rg", "f1", "blue", "mesh=blue");
        assertThat(applyProfile("rg", "f1", "blue").result().json().at("/properties/status/state").asString())
                .isEqualTo("Connected");
        Instant oneYear = Instant.now().plus(Duration.ofDays(365));
        for (String name : THREE) {
            assertThat(notAfter(name)).as(name + "'s certificates, as the API shows them")
                    .isCloseTo(oneYear, within(1, ChronoUnit.HOURS));
        }
        assertThat(renewalCheck.renewDue()).as("nothing is due in a new mesh").doesNotContain(profileId());

        // Member a's certificates as they would stand had it joined 200 days ago: not yet at 0.67 of their lifetime.
        Instant agedNotAfter = ageCertificates("a", Instant.now().minus(Duration.ofDays(200)));
        assertThat(renewalCheck.renewDue()).as("200 days into 365 is not due").doesNotContain(profileId());
        assertThat(expiryMetric("member")).as("the metric shows the mesh's earliest expiry")
                .isCloseTo(agedNotAfter.getEpochSecond(), within(5.0));
        // ... and had it joined 300 days ago: past its renewal point, 65 days left.
        ageCertificates("a", Instant.now().minus(Duration.ofDays(300)));
        Map<String, String> untouched = secretVersions("b", "c");
        int agentRolloutsOfA = cluster("a-aks").kubernetes().agentRollouts();

        List<UUID> started = renewalCheck.renewDue();

        assertThat(started).contains(profileId());
        JsonNode profile = call("GET", profilePath("rg", "f1", "blue"), PREVIEW).send().json();
        JsonNode operation = awaitApply("westus", profile);
        assertThat(operation.path("status").asString()).isEqualTo("Succeeded");
        for (String name : THREE) {
            assertThat(memberState(name)).as(name).isEqualTo("Connected");
        }
        assertThat(notAfter("a")).as("a's renewed certificates").isCloseTo(oneYear, within(1, ChronoUnit.HOURS));
        Secret server = cluster("a-aks").kubernetes().client().secrets().inNamespace("kube-system")
                .withName(MemberMeshConfig.SERVER_CERT_SECRET).get();
        String served = new String(Base64.getDecoder().decode(server.getData().get("tls.crt")), StandardCharsets.US_ASCII);
        assertThat(Pem.parseCertificate(served).getNotAfter().toInstant()).as("what a's clustermesh-apiserver serves")
                .isCloseTo(oneYear, within(1, ChronoUnit.HOURS));
        assertThat(secretVersions("b", "c")).as("members not due keep their Secrets unwritten").isEqualTo(untouched);
        assertThat(cluster("a-aks").kubernetes().agentRollouts()).as("a renewal restarts no agents")
                .isEqualTo(agentRolloutsOfA);
        assertThat(renewalCheck.renewDue()).as("nothing is due once renewed").doesNotContain(profileId());
        assertThat(expiryMetric("member")).isCloseTo(oneYear.getEpochSecond(), within(3600.0));
        assertThat(expiryMetric("ca")).isGreaterThan(oneYear.getEpochSecond());
    }

    /**
     * Replaces the member's certificates with ones the mesh CA issued at {@code issuedAt} for a year, and records them
     * as the ones it holds, as they would stand had the member joined then; returns their notAfter.
     */
    private Instant ageCertificates(String member, Instant issuedAt) {
        UUID profileId = profileId();
        UUID memberId = memberId(member);
        MeshCertificateAuthorityEntity stored = authorities.findById(profileId).orElseThrow();
        // The owners bind each ciphertext to its row, as MeshCertificates encrypts them.
        MeshCertificateAuthority authority = MeshCertificateAuthority.load(stored.getCertificate(),
                keys.decryptText(stored.getEncryptedPrivateKey(), "mesh-ca/" + profileId));
        String clusterName = database.queryForObject("select cilium_cluster_name from mesh_memberships where member_id = ?",
                String.class, memberId);
        Instant notAfter = Instant.MAX;
        for (MemberCertificateKind kind : MemberCertificateKind.values()) {
            IssuedCertificate aged = authority.issue(kind, clusterName, Duration.ofDays(365),
                    Clock.fixed(issuedAt, ZoneOffset.UTC));
            certificates.save(new MeshMemberCertificateEntity(memberId, kind.name(), profileId, aged.certificatePem(),
                    keys.encryptText(aged.privateKeyPem(), "member-cert/" + memberId + "/" + kind.name()),
                    aged.notBefore(), aged.notAfter()));
            notAfter = aged.notAfter();
        }
        database.update("update mesh_memberships set certificates_not_after = ? where member_id = ?", Timestamp.from(notAfter),
                memberId);
        return notAfter;
    }

    private Instant notAfter(String member) {
        return Instant.parse(member(member).at("/meshProperties/status/certificatesNotAfter").asString());
    }

    private Map<String, String> secretVersions(String... members) {
        Map<String, String> versions = new HashMap<>();
        for (String member : members) {
            cluster(member + "-aks").kubernetes().client().secrets().inNamespace("kube-system").list().getItems()
                    .forEach(s -> versions.put(member + "/" + s.getMetadata().getName(), s.getMetadata().getResourceVersion()));
        }
        return versions;
    }

    private double expiryMetric(String certificate) {
        String mesh = "/subscriptions/" + subscription + "/resourceGroups/rg/providers/Microsoft.ContainerService/fleets/f1"
                + "/clusterMeshProfiles/blue";
        String prometheus = call("GET", "/actuator/prometheus").onManagementPort().withoutToken().send().text();
        return prometheus.lines().filter(line -> line.startsWith("fleetmesh_mesh_certificates_expiration_seconds{"))
                .filter(line -> line.contains("certificate=\"" + certificate + "\"") && line.contains("mesh=\"" + mesh + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + certificate + " expiry for " + mesh + " in\n"
                        + prometheus));
    }

    private UUID profileId() {
        return database.queryForObject("select p.id from cluster_mesh_profiles p join fleets f on f.id = p.fleet_id "
                + "where lower(f.subscription_id) = lower(?) and p.name = 'blue'", UUID.class, subscription);
    }

    private UUID memberId(String member) {
        return database.queryForObject("select m.id from fleet_members m join fleets f on f.id = m.fleet_id "
                + "where lower(f.subscription_id) = lower(?) and m.name = ?", UUID.class, subscription, member);
    }
}
