package org.fleetmesh.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * KVStoreMesh in a simulated member reports a peer ready only when what the member holds would connect: the name
 * resolves through the pod's hostAliases to the peer's load balancer, the network lets 2379 through, the peer's server
 * certificate verifies against this member's CA, and the peer admits this member's client certificate.
 */
class SimulatedKvstoreMeshTest {

    private static final AtomicLong SERIAL = new AtomicLong(1);
    private final SimulatedNetwork network = new SimulatedNetwork();
    private final SimulatedKubernetes a = SimulatedKubernetes.start(spec("a"), network);
    private final SimulatedKubernetes b = SimulatedKubernetes.start(spec("b"), network);

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void peersThatWouldConnectAreReadyAndTheMetricsAndLogSayItThroughThePodProxy() throws Exception {
        Issuer ca = new Issuer("Cilium CA");
        mesh(ca, ca);

        assertThat(a.kvstoreMeshPeers()).containsExactly(new SimulatedKubernetes.KvstoreMeshPeer("b", true, null));
        assertThat(b.kvstoreMeshPeers()).containsExactly(new SimulatedKubernetes.KvstoreMeshPeer("a", true, null));
        String metrics = a.client().raw("/api/v1/namespaces/kube-system/pods/clustermesh-apiserver-a:9964/proxy/metrics");
        assertThat(metrics).contains(
                "cilium_kvstoremesh_remote_cluster_readiness_status{source_cluster=\"a\",target_cluster=\"b\"} 1");
    }

    @Test
    void aHostAliasPointingElsewhereTimesOut() throws Exception {
        Issuer ca = new Issuer("Cilium CA");
        mesh(ca, ca);
        apiServerPod(a, "a", "b", "10.9.9.9");

        assertThat(a.kvstoreMeshPeers()).containsExactly(
                new SimulatedKubernetes.KvstoreMeshPeer("b", false, "dial tcp 10.9.9.9:2379: i/o timeout"));
        String metrics = a.client().raw("/api/v1/namespaces/kube-system/pods/clustermesh-apiserver-a:9964/proxy/metrics");
        assertThat(metrics).contains(
                "cilium_kvstoremesh_remote_cluster_readiness_status{source_cluster=\"a\",target_cluster=\"b\"} 0");
        String log = a.client().raw("/api/v1/namespaces/kube-system/pods/clustermesh-apiserver-a/log?container=kvstoremesh");
        assertThat(log).contains("msg=\"Unable to establish etcd connection to remote cluster\"", "clusterName=b",
                "error=\"dial tcp 10.9.9.9:2379: i/o timeout\"");
    }

    @Test
    void aPeerWhoseServerCertificateAnotherCaSignedIsNotTrusted() throws Exception {
        mesh(new Issuer("Cilium CA"), new Issuer("Another CA"));

        assertThat(a.kvstoreMeshPeers()).containsExactly(new SimulatedKubernetes.KvstoreMeshPeer("b", false,
                "tls: failed to verify certificate: x509: certificate signed by unknown authority"));
    }

    @Test
    void port2379BlockedBetweenTwoClustersTimesOutBothWays() throws Exception {
        Issuer ca = new Issuer("Cilium CA");
        mesh(ca, ca);
        network.block2379(a, b);

        assertThat(a.kvstoreMeshPeers().get(0).error()).endsWith(":2379: i/o timeout");
        assertThat(b.kvstoreMeshPeers().get(0).error()).endsWith(":2379: i/o timeout");
        network.unblock2379(a, b);
        assertThat(a.kvstoreMeshPeers().get(0).ready()).isTrue();
    }

    private static SimulatedClusterSpec spec(String name) {
        return SimulatedClusterSpec.meshable("/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/"
                + "managedClusters/" + name, "10.1.0.0/16");
    }

    /** What the service pushes to a and b, b's certificates issued by {@code issuerOfB}, then their pods. */
    private void mesh(Issuer issuerOfA, Issuer issuerOfB) throws Exception {
        String addressOfA = member(a, "a", "b", issuerOfA);
        String addressOfB = member(b, "b", "a", issuerOfB);
        apiServerPod(a, "a", "b", addressOfB);
        apiServerPod(b, "b", "a", addressOfA);
    }

    private static String member(SimulatedKubernetes cluster, String name, String peer, Issuer issuer) throws Exception {
        KubernetesClient client = cluster.client();
        client.configMaps().inNamespace("kube-system").withName("cilium-config").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"data\":{\"cluster-name\":\"" + name + "\"}}");
        client.resource(new ServiceBuilder().withNewMetadata().withName("clustermesh-apiserver").withNamespace("kube-system")
                .endMetadata().withNewSpec().withType("LoadBalancer").addNewPort().withPort(2379).endPort().endSpec().build())
                .create();
        secret(client, "clustermesh-apiserver-server-cert", Map.of("ca.crt", issuer.pem(),
                "tls.crt", issuer.issue("clustermesh-apiserver.cilium.io", List.of("*.mesh.cilium.io"))));
        secret(client, "clustermesh-apiserver-remote-cert", Map.of("ca.crt", issuer.pem(),
                "tls.crt", issuer.issue("remote-" + name, List.of())));
        secret(client, "cilium-kvstoremesh", Map.of(peer, "endpoints:\n- https://" + peer + ".mesh.cilium.io:2379\n"));
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("clustermesh-remote-users")
                .withNamespace("kube-system").endMetadata()
                .withData(Map.of("users.yaml", "users:\n- name: remote-" + peer + "\n  role: remote\n")).build()).create();
        return client.services().inNamespace("kube-system").withName("clustermesh-apiserver").get().getStatus()
                .getLoadBalancer().getIngress().get(0).getIp();
    }

    private static void apiServerPod(SimulatedKubernetes cluster, String name, String peer, String peerAddress) {
        KubernetesClient client = cluster.client();
        client.pods().inNamespace("kube-system").withName("clustermesh-apiserver-" + name).delete();
        client.resource(new PodBuilder().withNewMetadata().withName("clustermesh-apiserver-" + name)
                .withNamespace("kube-system").endMetadata()
                .withNewSpec().addNewHostAlias().withIp(peerAddress).withHostnames(peer + ".mesh.cilium.io").endHostAlias()
                .addNewContainer().withName("kvstoremesh").endContainer().endSpec()
                .withNewStatus().withPhase("Running").addNewContainerStatus().withName("kvstoremesh").withReady(true)
                .endContainerStatus().endStatus().build()).create();
    }

    private static void secret(KubernetesClient client, String name, Map<String, String> data) {
        Map<String, String> encoded = new java.util.TreeMap<>();
        data.forEach((key, value) -> encoded.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        client.resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace("kube-system").endMetadata()
                .withData(encoded).build()).create();
    }

    /** A CA that issues ECDSA certificates. */
    private static final class Issuer {
        private final KeyPair keys;
        private final X509Certificate certificate;

        Issuer(String commonName) throws Exception {
            keys = ecdsa();
            X500Name subject = new X500Name("CN=" + commonName);
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    BigInteger.valueOf(SERIAL.getAndIncrement()), Date.from(Instant.now().minus(1, ChronoUnit.DAYS)),
                    Date.from(Instant.now().plus(1, ChronoUnit.DAYS)), subject, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            certificate = sign(builder);
        }

        String pem() throws Exception {
            return pem(certificate);
        }

        String issue(String commonName, List<String> dnsNames) throws Exception {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate,
                    BigInteger.valueOf(SERIAL.getAndIncrement()), Date.from(Instant.now().minus(1, ChronoUnit.DAYS)),
                    Date.from(Instant.now().plus(1, ChronoUnit.DAYS)), new X500Name("CN=" + commonName), ecdsa().getPublic());
            if (!dnsNames.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(dnsNames.stream()
                        .map(dns -> new GeneralName(GeneralName.dNSName, dns)).toArray(GeneralName[]::new)));
            }
            return pem(sign(builder));
        }

        private X509Certificate sign(JcaX509v3CertificateBuilder builder) throws Exception {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        }

        private static KeyPair ecdsa() throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            return generator.generateKeyPair();
        }

        private static String pem(X509Certificate certificate) throws Exception {
            StringWriter text = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
                writer.writeObject(certificate);
            }
            return text.toString();
        }
    }
}
