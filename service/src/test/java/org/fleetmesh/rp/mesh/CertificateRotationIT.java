package org.fleetmesh.rp.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.fleetmesh.rp.mesh.domain.MemberMeshConfig;
import org.fleetmesh.rp.mesh.domain.MeshObjects;
import org.fleetmesh.rp.mesh.domain.Sha256;
import org.fleetmesh.rp.testing.ContractTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13: a mesh CA rollover in three phases. Throughout, a watcher reads every member's Secrets as the simulated
 * clusters hold them and checks each ordered pair: the peer's server certificate is signed by a CA the member's
 * remote credentials trust, and the member's client certificate by a CA the peer's server trusts. No pair may ever
 * lack a common CA, and KVStoreMesh (which the simulator computes from the same Secrets) must see every peer ready.
 */
class CertificateRotationIT extends ContractTestSupport {

    private static final String MESH = "{\"mesh\":\"blue\"}";
    private static final List<String> THREE = List.of("a", "b", "c");

    @Autowired
    CertificateRenewalCheck renewalCheck;

    @Autowired
    JdbcTemplate database;

    @Test
    void rotateCertificatesRollsTheMeshOverToANewCaWithoutAMomentWithoutCommonTrust() throws Exception {
        connectThree();
        X509Certificate previousCa = trusted("a", MemberMeshConfig.SERVER_CERT_SECRET).get(0);
        String trustedAtStart = podTrusts("a");

        Watcher watcher = Watcher.start(this);
        Response accepted = call("POST", profilePath("rg", "f1", "blue") + "/rotateCertificates", PREVIEW).send();
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
        assertThat(accepted.json().at("/properties/status/state").asString()).isEqualTo("Applying");
        JsonNode operation = awaitApply("westus", accepted.json());
        watcher.stop();

        assertThat(operation.path("status").asString()).isEqualTo("Succeeded");
        assertThat(watcher.violations).as("pairs of members without a common trusted CA").isEmpty();
        assertThat(watcher.mostCasTrusted.get()).as("the watcher saw the phase in which both CAs are trusted").isEqualTo(2);
        assertThat(watcher.snapshots.get()).isGreaterThan(3);
        X509Certificate newCa = trusted("a", MemberMeshConfig.SERVER_CERT_SECRET).get(0);
        assertThat(newCa.getSerialNumber()).isNotEqualTo(previousCa.getSerialNumber());
        for (String member : THREE) {
            assertThat(memberState(member)).as(member).isEqualTo("Connected");
            for (String secret : List.of(MemberMeshConfig.SERVER_CERT_SECRET, MemberMeshConfig.REMOTE_CERT_SECRET,
                    MemberMeshConfig.ADMIN_CERT_SECRET, MemberMeshConfig.LOCAL_CERT_SECRET)) {
                assertThat(trusted(member, secret)).as(member + "/" + secret + " trusts the new CA alone")
                        .containsExactly(newCa);
                assertThat(signedByAny(leaf(member, secret), List.of(newCa))).as(member + "/" + secret).isTrue();
            }
            assertThat(cluster(member + "-aks").kubernetes().kvstoreMeshPeers()).as(member).hasSize(2)
                    .allMatch(peer -> peer.ready());
        }
        assertThat(rolloverPhase()).as("the rollover is complete").isNull();
        assertThat(podTrusts("a")).as("etcd reads its trusted CAs only at start: the apiserver pod was rolled")
                .isNotEqualTo(trustedAtStart)
                .isEqualTo(Sha256.hex(secret("a", MemberMeshConfig.SERVER_CERT_SECRET).get("ca.crt")));
    }

    /** The trusted-CA digest on the member's clustermesh-apiserver pod template. */
    private String podTrusts(String member) {
        return cluster(member + "-aks").kubernetes().client().apps().deployments().inNamespace("kube-system")
                .withName("clustermesh-apiserver").get().getSpec().getTemplate().getMetadata().getAnnotations()
                .get(MeshObjects.ApiServer.TRUSTED_CA_ANNOTATION);
    }

    @Test
    void aRolloverInterruptedWhileNewCertificatesAreDeliveredResumesAndCompletesOnceTheMemberIsBack() throws Exception {
        connectThree();
        // Member c answers slowly, so that it can be taken down once the rollover starts issuing from the next CA and
        // before c has received those certificates.
        cluster("c-aks").kubernetes().setLatency(Duration.ofMillis(400));
        Watcher watcher = Watcher.start(this);
        Response accepted = call("POST", profilePath("rg", "f1", "blue") + "/rotateCertificates", PREVIEW).send();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                .until(() -> "NewLeaves".equals(rolloverPhase()));
        cluster("c-aks").kubernetes().down();
        JsonNode interrupted = awaitApply("westus", accepted.json());

        assertThat(interrupted.path("status").asString()).as("a and b still connect").isEqualTo("Succeeded");
        assertThat(profileState()).isEqualTo("Degraded");
        assertThat(memberState("c")).isEqualTo("Failed");
        assertThat(rolloverPhase()).as("the rollover waits where c left it").isEqualTo("NewLeaves");

        cluster("c-aks").kubernetes().up();
        cluster("c-aks").kubernetes().setLatency(Duration.ZERO);
        assertThat(renewalCheck.renewDue()).as("the recurring check resumes the rollover").isNotEmpty();
        JsonNode resumed = awaitApply("westus", call("GET", profilePath("rg", "f1", "blue"), PREVIEW).send().json());
        watcher.stop();

        assertThat(resumed.path("status").asString()).isEqualTo("Succeeded");
        assertThat(profileState()).isEqualTo("Connected");
        assertThat(rolloverPhase()).isNull();
        assertThat(watcher.violations).as("pairs of members without a common trusted CA").isEmpty();
        X509Certificate newCa = trusted("a", MemberMeshConfig.SERVER_CERT_SECRET).get(0);
        for (String member : THREE) {
            assertThat(memberState(member)).as(member).isEqualTo("Connected");
            assertThat(trusted(member, MemberMeshConfig.REMOTE_CERT_SECRET)).as(member).containsExactly(newCa);
        }
    }

    @Test
    void aProfileNeverAppliedHasNoCertificatesToRotate() {
        createFleet("rg", "f1");
        createProfile("rg", "f1", "blue", "mesh=blue");
        assertArmError(call("POST", profilePath("rg", "f1", "blue") + "/rotateCertificates", PREVIEW).send(), 409,
                "ClusterMeshNotApplied", "blue");
    }

    private void connectThree() {
        createFleet("rg", "f1");
        THREE.forEach(name -> createMember("rg", "f1", name, MESH));
        createProfile("rg", "f1", "blue", "mesh=blue");
        assertThat(applyProfile("rg", "f1", "blue").result().json().at("/properties/status/state").asString())
                .isEqualTo("Connected");
    }

    private String profileState() {
        return call("GET", profilePath("rg", "f1", "blue"), PREVIEW).send().json().at("/properties/status/state").asString();
    }

    private String rolloverPhase() {
        return database.queryForObject("select a.rollover_phase from mesh_certificate_authorities a "
                + "join cluster_mesh_profiles p on p.id = a.profile_id join fleets f on f.id = p.fleet_id "
                + "where lower(f.subscription_id) = lower(?) and p.name = 'blue'", String.class, subscription);
    }

    private Map<String, String> secret(String member, String name) {
        Secret secret = cluster(member + "-aks").kubernetes().client().secrets().inNamespace("kube-system").withName(name)
                .get();
        Map<String, String> decoded = new HashMap<>();
        secret.getData().forEach((key, value) -> decoded.put(key,
                new String(Base64.getDecoder().decode(value), StandardCharsets.US_ASCII)));
        return decoded;
    }

    private List<X509Certificate> trusted(String member, String secret) throws GeneralSecurityException {
        return certificates(secret(member, secret).get("ca.crt"));
    }

    private X509Certificate leaf(String member, String secret) throws GeneralSecurityException {
        return certificates(secret(member, secret).get("tls.crt")).get(0);
    }

    private static List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
        return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(
                pem.getBytes(StandardCharsets.US_ASCII))).stream().map(X509Certificate.class::cast).toList();
    }

    private static boolean signedByAny(X509Certificate certificate, List<X509Certificate> authorities) {
        for (X509Certificate authority : authorities) {
            try {
                certificate.verify(authority.getPublicKey());
                return true;
            } catch (GeneralSecurityException notThisOne) {
                // try the next CA of the bundle
            }
        }
        return false;
    }

    /** Reads every member's Secrets in a loop and records each pair of members that trust no common CA. */
    private static final class Watcher {
        final Set<String> violations = ConcurrentHashMap.newKeySet();
        final AtomicInteger mostCasTrusted = new AtomicInteger();
        final AtomicInteger snapshots = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final CertificateRotationIT test;
        private Thread thread;

        private Watcher(CertificateRotationIT test) {
            this.test = test;
        }

        static Watcher start(CertificateRotationIT test) {
            Watcher watcher = new Watcher(test);
            watcher.thread = new Thread(watcher::watch, "trust-watcher");
            watcher.thread.start();
            return watcher;
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        private void watch() {
            while (running.get()) {
                List<String> reachable = new ArrayList<>();
                THREE.stream().filter(m -> test.cluster(m + "-aks").kubernetes().isUp()).forEach(reachable::add);
                try {
                    check(reachable);
                    snapshots.incrementAndGet();
                } catch (RuntimeException | GeneralSecurityException takenDownMeanwhile) {
                    // A member taken down between the check and the read: the next round skips it.
                }
            }
        }

        private void check(List<String> members) throws GeneralSecurityException {
            for (String member : members) {
                for (String peer : members) {
                    if (member.equals(peer)) {
                        continue;
                    }
                    List<X509Certificate> memberTrusts = test.trusted(member, MemberMeshConfig.REMOTE_CERT_SECRET);
                    mostCasTrusted.accumulateAndGet(memberTrusts.size(), Math::max);
                    if (!signedByAny(test.leaf(peer, MemberMeshConfig.SERVER_CERT_SECRET), memberTrusts)) {
                        violations.add(member + " does not trust " + peer + "'s server");
                    }
                    if (!signedByAny(test.leaf(member, MemberMeshConfig.REMOTE_CERT_SECRET),
                            test.trusted(peer, MemberMeshConfig.SERVER_CERT_SECRET))) {
                        violations.add(peer + "'s server does not trust " + member + "'s client");
                    }
                }
            }
        }
    }
}
