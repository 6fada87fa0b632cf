package org.fleetmesh.simulator;

import io.fabric8.mockwebserver.http.MockResponse;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
  * What the KVStoreMesh container of a simulated member's clustermesh-apiserver pod would see, computed from what is
  * stored, never assumed: for each peer of its {@code cilium-kvstoremesh} Secret, the peer's endpoint name resolves
  * through the pod's {@code hostAliases} to an address; some cluster's load balancer answers there and the network lets
  * 2379 through; that cluster's clustermesh-apiserver runs; its server certificate verifies against the CA this member
  * was given and names the endpoint; this member's client certificate verifies against the peer's CA and is one of
  * the peer's users; and the peer calls itself by the name this member knows it by.
  *
  * <p>It answers as Cilium 1.17/1.18 do, through the member's API server: the pod proxy to KVStoreMesh's Prometheus
  * port ({@code pods/<pod>:9964/proxy/metrics}: {@code cilium_kvstoremesh_remote_cluster_readiness_status} and
  * {@code _failures} per {@code target_cluster}) and the container's log ({@code pods/<pod>/log?container=kvstoremesh}),
  * where each peer that cannot be reached has the line KVStoreMesh logs for it, with the error Go's etcd client gives.
  */
final class SimulatedKvstoreMesh {

    static final int METRICS_PORT = 9964;
    /** AKS's {@code prometheus-serve-addr: :9962} of the agents. */
    static final int AGENT_METRICS_PORT = 9962;

    private static final String NAMESPACE = "/api/v1/namespaces/kube-system";
    private static final Pattern POD_SUBRESOURCE =
            Pattern.compile(NAMESPACE + "/pods/([^/:%]+)(?::|%3A)?(\\d+)?/(log|proxy/metrics)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ENDPOINT = Pattern.compile("https://([^:/\\s]+):(\\d+)");
    private static final Pattern USER = Pattern.compile("name:\\s*\"?([^\"\\s]+)\"?");

    /** One peer as KVStoreMesh sees it: ready, or the error its last connection attempt ended with. */
    record Peer(String name, boolean ready, String error) {
    }

    /** Certificates by PEM text, and signature checks by certificate and CA text: both are pure, so kept. */
    private static final Map<String, List<X509Certificate>> PARSED = new ConcurrentHashMap<>();
    private static final Map<String, Boolean> VERIFIED = new ConcurrentHashMap<>();

    private final SimulatedKubernetes self;
    private final SimulatedNetwork network;
    private volatile @Nullable Judged judged;

    SimulatedKvstoreMesh(SimulatedKubernetes self, SimulatedNetwork network) {
        this.self = self;
        this.network = network;
    }

    /** The answer to a GET of a pod's metrics proxy or log; null for any other path, which the store answers. */
    MockResponse answer(String path) {
        Matcher matcher = POD_SUBRESOURCE.matcher(SimulatedApiServerDispatcher.withoutQuery(path));
        if (!matcher.matches()) {
            return null;
        }
        String podName = matcher.group(1);
        JsonNode pod = self.stored(NAMESPACE + "/pods/" + podName);
        if (pod == null) {
            return status(404, "NotFound", "pods \"" + podName + "\" not found");
        }
        boolean log = matcher.group(3).equals("log");
        if (!log && isAgentPod(pod) && matcher.group(2) != null && Integer.parseInt(matcher.group(2)) == AGENT_METRICS_PORT) {
            return text(agentMetrics(pod));
        }
        if (!log && (matcher.group(2) == null || Integer.parseInt(matcher.group(2)) != METRICS_PORT)) {
            return status(503, "ServiceUnavailable", "error trying to reach service: dial tcp 10.244.0.10:"
                    + matcher.group(2) + ": connect: connection refused");
        }
        RunningPods running = self.runningPods();
        if (running != null && isApiServerPod(pod)) {
            return log ? text(tail(running.log(container(path)), tailLines(path)))
                    : running.get(Integer.parseInt(matcher.group(2)), "/metrics").map(SimulatedKvstoreMesh::text)
                            .orElseGet(() -> status(503, "ServiceUnavailable", "error trying to reach service: dial tcp "
                                    + podName + ":" + matcher.group(2) + ": connect: connection refused"));
        }
        if (!isApiServerPod(pod) || !kvstoreMeshRunning(pod)) {
            return status(log ? 400 : 503, log ? "BadRequest" : "ServiceUnavailable", log
                    ? "container \"kvstoremesh\" in pod \"" + podName + "\" is waiting to start"
                    : "error trying to reach service: dial tcp 10.244.0.10:9964: connect: connection refused");
        }
        List<Peer> peers = peers();
        return text(log ? log(peers) : metrics(clusterName(self), peers));
    }

    private static MockResponse text(String body) {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain; charset=utf-8").setBody(body);
    }

    /** The {@code container} query parameter of a log request; the chart's default container otherwise. */
    private static String container(String path) {
        Matcher container = Pattern.compile("[?&]container=([^&]+)").matcher(path);
        return container.find() ? container.group(1) : "apiserver";
    }

    /** The {@code tailLines} query parameter of a log request; all lines otherwise. */
    private static int tailLines(String path) {
        Matcher lines = Pattern.compile("[?&]tailLines=(\\d+)").matcher(path);
        return lines.find() ? Integer.parseInt(lines.group(1)) : Integer.MAX_VALUE;
    }

    private static String tail(String log, int lines) {
        List<String> all = log.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
    }

    /** Every peer in this member's {@code cilium-kvstoremesh} Secret, in name order, judged now. */
    List<Peer> peers() {
        // An agent per node and KVStoreMesh itself ask within the same moment: judged once per state of the network.
        long state = network.state() * 31 + self.changes();
        Judged last = judged;
        if (last != null && last.state() == state) {
            return last.peers();
        }
        List<Peer> peers = judgeNow();
        judged = new Judged(state, peers);
        return peers;
    }

    private record Judged(long state, List<Peer> peers) {
    }

    private List<Peer> judgeNow() {
        JsonNode secret = self.stored(NAMESPACE + "/secrets/cilium-kvstoremesh");
        Facts own = Facts.of(self);
        JsonNode pod = own.runningPod();
        List<Peer> peers = new ArrayList<>();
        if (secret == null || pod == null) {
            return peers;
        }
        new TreeMap<>(data(secret)).forEach((name, config) -> {
            Optional<String> error = connect(own, pod, name, config);
            peers.add(new Peer(name, error.isEmpty(), error.orElse(null)));
        });
        return List.copyOf(peers);
    }

    /**
     * What a cluster's store says that the checks read, taken once per change of the store: a member's metrics are
     * read every few seconds for each of up to 254 peers, and the peers' objects change far less often.
     */
    private record Facts(long changes, String clusterName, @Nullable JsonNode runningPod, Map<String, String> serverCert,
            Map<String, String> remoteCert, List<String> admittedUsers) {

        private static final Map<SimulatedKubernetes, Facts> TAKEN = Collections.synchronizedMap(new WeakHashMap<>());

        static Facts of(SimulatedKubernetes cluster) {
            long changes = cluster.changes();
            Facts taken = TAKEN.get(cluster);
            if (taken != null && taken.changes == changes) {
                return taken;
            }
            JsonNode users = cluster.stored(NAMESPACE + "/configmaps/clustermesh-remote-users");
            String usersYaml = users == null ? "" : users.path("data").path("users.yaml").asString("");
            List<String> admitted = new ArrayList<>();
            USER.matcher(usersYaml).results().forEach(m -> admitted.add(m.group(1)));
            Facts fresh = new Facts(changes, SimulatedKvstoreMesh.clusterName(cluster), runningApiServerPod(cluster).orElse(null),
                    data(cluster.stored(NAMESPACE + "/secrets/clustermesh-apiserver-server-cert")),
                    data(cluster.stored(NAMESPACE + "/secrets/clustermesh-apiserver-remote-cert")), List.copyOf(admitted));
            TAKEN.put(cluster, fresh);
            return fresh;
        }
    }

    /** Why KVStoreMesh cannot connect to and sync with peer {@code name}; empty when it can. */
    private Optional<String> connect(Facts own, JsonNode pod, String name, String config) {
        Matcher endpoint = ENDPOINT.matcher(config);
        if (!endpoint.find()) {
            return Optional.of("missing or invalid endpoints in the etcd configuration of " + name);
        }
        String host = endpoint.group(1);
        int port = Integer.parseInt(endpoint.group(2));
        String address = null;
        for (JsonNode alias : pod.path("spec").path("hostAliases")) {
            for (JsonNode hostname : alias.path("hostnames")) {
                if (hostname.asString().equalsIgnoreCase(host)) {
                    address = alias.path("ip").asString();
                }
            }
        }
        if (address == null) {
            return Optional.of("dial tcp: lookup " + host + " on 10.0.0.10:53: no such host");
        }
        String dial = "dial tcp " + address + ":" + port;
        Optional<SimulatedKubernetes> found = network.at(address);
        if (found.isEmpty() || port != 2379 || network.blocks2379(self, found.get())) {
            return Optional.of(dial + ": i/o timeout");
        }
        Facts peer = Facts.of(found.get());
        if (peer.runningPod() == null) {
            return Optional.of(dial + ": connect: connection refused");
        }
        Map<String, String> serverCert = peer.serverCert();
        Map<String, String> remoteCert = own.remoteCert();
        List<X509Certificate> server = certificates(serverCert.get("tls.crt"));
        if (server.isEmpty()) {
            return Optional.of(dial + ": connect: connection refused");
        }
        if (!signedByAny(serverCert.get("tls.crt"), remoteCert.get("ca.crt"))) {
            return Optional.of("tls: failed to verify certificate: x509: certificate signed by unknown authority");
        }
        List<String> names = dnsNames(server.get(0));
        if (names.stream().noneMatch(pattern -> matchesHost(pattern, host))) {
            return Optional.of("tls: failed to verify certificate: x509: certificate is valid for " + String.join(", ", names)
                    + ", not " + host);
        }
        List<X509Certificate> client = certificates(remoteCert.get("tls.crt"));
        if (client.isEmpty() || !signedByAny(remoteCert.get("tls.crt"), serverCert.get("ca.crt"))) {
            return Optional.of("remote error: tls: bad certificate");
        }
        String user = commonName(client.get(0).getSubjectX500Principal());
        if (!peer.admittedUsers().contains(user)) {
            return Optional.of("etcdserver: permission denied (user " + user + ")");
        }
        String peerName = peer.clusterName();
        if (!name.equals(peerName)) {
            return Optional.of("mismatched cluster name: expected " + name + ", got " + peerName);
        }
        return Optional.empty();
    }

    private static String metrics(String source, List<Peer> peers) {
        StringBuilder text = new StringBuilder();
        text.append("# HELP cilium_kvstoremesh_remote_clusters The total number of remote clusters meshed with the local cluster\n")
                .append("# TYPE cilium_kvstoremesh_remote_clusters gauge\n")
                .append("cilium_kvstoremesh_remote_clusters{source_cluster=\"").append(source).append("\"} ")
                .append(peers.size()).append('\n');
        text.append("# HELP cilium_kvstoremesh_remote_cluster_readiness_status The readiness status of the remote cluster\n")
                .append("# TYPE cilium_kvstoremesh_remote_cluster_readiness_status gauge\n");
        peers.forEach(peer -> text.append("cilium_kvstoremesh_remote_cluster_readiness_status{source_cluster=\"")
                .append(source).append("\",target_cluster=\"").append(peer.name()).append("\"} ")
                .append(peer.ready() ? 1 : 0).append('\n'));
        text.append("# HELP cilium_kvstoremesh_remote_cluster_failures The total number of failures related to the remote cluster\n")
                .append("# TYPE cilium_kvstoremesh_remote_cluster_failures gauge\n");
        peers.forEach(peer -> text.append("cilium_kvstoremesh_remote_cluster_failures{source_cluster=\"")
                .append(source).append("\",target_cluster=\"").append(peer.name()).append("\"} ")
                .append(peer.ready() ? 0 : 3).append('\n'));
        return text.toString();
    }

    private static String log(List<Peer> peers) {
        StringBuilder text = new StringBuilder();
        String time = Instant.now().toString();
        for (Peer peer : peers) {
            if (peer.ready()) {
                text.append("time=").append(time).append(" level=info msg=\"Connection to remote cluster established\" "
                        + "module=kvstoremesh clusterName=").append(peer.name()).append('\n');
            } else {
                text.append("time=").append(time).append(" level=warn msg=\"Unable to establish etcd connection to remote "
                        + "cluster\" module=kvstoremesh clusterName=").append(peer.name()).append(" error=\"")
                        .append(peer.error().replace("\"", "\\\"")).append("\"\n");
            }
        }
        return text.toString();
    }

    /**
     * What an agent reports of the mesh on AKS's Prometheus port: a peer of its {@code cilium-clustermesh} files is
     * ready only if the agent started with the cluster identity {@code cilium-config} now holds (Cilium reads it only
     * at start) and its local clustermesh-apiserver's KVStoreMesh has the peer ready (the agents read every peer
     * through it).
     */
    private String agentMetrics(JsonNode pod) {
        JsonNode config = self.stored(NAMESPACE + "/configmaps/cilium-config");
        String identity = config == null ? "" : config.path("data").path("cluster-name").asString("") + "/"
                + config.path("data").path("cluster-id").asString("");
        boolean restartedForIdentity = identity.equals(
                pod.path("metadata").path("annotations").path(WorkloadController.IDENTITY_AT_START).asString(""));
        Map<String, Boolean> kvstoreMesh = new TreeMap<>();
        peers().forEach(peer -> kvstoreMesh.put(peer.name(), peer.ready()));
        String source = "source_cluster=\"" + clusterName(self) + "\",source_node_name=\""
                + pod.path("spec").path("nodeName").asString("") + "\"";
        List<String> remotes = data(self.stored(NAMESPACE + "/secrets/cilium-clustermesh")).keySet().stream()
                .filter(key -> !key.contains(".")).toList();
        StringBuilder text = new StringBuilder()
                .append("# TYPE cilium_clustermesh_remote_clusters gauge\n")
                .append("cilium_clustermesh_remote_clusters{").append(source).append("} ").append(remotes.size()).append('\n')
                .append("# TYPE cilium_clustermesh_remote_cluster_readiness_status gauge\n");
        remotes.forEach(remote -> text.append("cilium_clustermesh_remote_cluster_readiness_status{").append(source)
                .append(",target_cluster=\"").append(remote).append("\"} ")
                .append(restartedForIdentity && kvstoreMesh.getOrDefault(remote, false) ? 1 : 0).append('\n'));
        return text.toString();
    }

    private static boolean isAgentPod(JsonNode pod) {
        return "cilium".equals(pod.path("metadata").path("labels").path("k8s-app").asString(""));
    }

    private static boolean isApiServerPod(JsonNode pod) {
        return pod.path("metadata").path("name").asString().startsWith("clustermesh-apiserver");
    }

    private static boolean kvstoreMeshRunning(JsonNode pod) {
        if (!"Running".equals(pod.path("status").path("phase").asString())) {
            return false;
        }
        for (JsonNode container : pod.path("status").path("containerStatuses")) {
            if (container.path("name").asString().equals("kvstoremesh")) {
                return container.path("ready").asBoolean(false);
            }
        }
        return false;
    }

    /** The cluster's clustermesh-apiserver pod, when all its containers are ready. */
    private static Optional<JsonNode> runningApiServerPod(SimulatedKubernetes cluster) {
        JsonNode pods = cluster.stored(NAMESPACE + "/pods");
        if (pods == null) {
            return Optional.empty();
        }
        for (JsonNode pod : pods.path("items")) {
            if (isApiServerPod(pod) && "Running".equals(pod.path("status").path("phase").asString())) {
                boolean allReady = true;
                for (JsonNode container : pod.path("status").path("containerStatuses")) {
                    allReady &= container.path("ready").asBoolean(false);
                }
                if (allReady) {
                    return Optional.of(pod);
                }
            }
        }
        return Optional.empty();
    }

    private static String clusterName(SimulatedKubernetes cluster) {
        JsonNode config = cluster.stored(NAMESPACE + "/configmaps/cilium-config");
        return config == null ? "" : config.path("data").path("cluster-name").asString("");
    }

    private static Map<String, String> data(JsonNode secret) {
        Map<String, String> decoded = new TreeMap<>();
        if (secret != null) {
            secret.path("data").properties().forEach(entry -> decoded.put(entry.getKey(),
                    new String(Base64.getDecoder().decode(entry.getValue().asString()), StandardCharsets.UTF_8)));
        }
        return decoded;
    }

    /** Parsed once per distinct PEM text: the same certificates are read for every pair of members. */
    private static List<X509Certificate> certificates(@Nullable String pem) {
        if (pem == null || pem.isBlank()) {
            return List.of();
        }
        return PARSED.computeIfAbsent(pem, SimulatedKvstoreMesh::parse);
    }

    private static List<X509Certificate> parse(String pem) {
        try {
            Collection<? extends java.security.cert.Certificate> parsed = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            return parsed.stream().map(X509Certificate.class::cast).toList();
        } catch (Exception unreadable) {
            return List.of();
        }
    }

    /** Whether the first certificate of {@code certificatePem} is signed by one of {@code authoritiesPem}; checked once per pair. */
    private static boolean signedByAny(@Nullable String certificatePem, @Nullable String authoritiesPem) {
        List<X509Certificate> certificate = certificates(certificatePem);
        if (certificate.isEmpty()) {
            return false;
        }
        return VERIFIED.computeIfAbsent(certificatePem + "\u0000" + authoritiesPem,
                pair -> signedByAny(certificate.get(0), certificates(authoritiesPem)));
    }

    private static boolean signedByAny(X509Certificate certificate, List<X509Certificate> authorities) {
        for (X509Certificate authority : authorities) {
            try {
                certificate.verify(authority.getPublicKey());
                return true;
            } catch (Exception notThisOne) {
                // try the next
            }
        }
        return false;
    }

    private static List<String> dnsNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            if (certificate.getSubjectAlternativeNames() != null) {
                certificate.getSubjectAlternativeNames().stream().filter(san -> Integer.valueOf(2).equals(san.get(0)))
                        .forEach(san -> names.add(String.valueOf(san.get(1))));
            }
        } catch (Exception unreadable) {
            return names;
        }
        return names;
    }

    /** Go's x509 rule: a wildcard stands for exactly one leftmost label. */
    private static boolean matchesHost(String pattern, String host) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (p.startsWith("*.")) {
            int dot = h.indexOf('.');
            return dot > 0 && h.substring(dot).equals(p.substring(1));
        }
        return p.equals(h);
    }

    private static String commonName(X500Principal principal) {
        for (String part : principal.getName(X500Principal.RFC2253).split(",")) {
            if (part.startsWith("CN=")) {
                return part.substring(3);
            }
        }
        return "";
    }

    private static MockResponse status(int code, String reason, String message) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
                        + message.replace("\"", "\\\"") + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}");
    }
}
