package org.fleetmesh.rp.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.fleetmesh.rp.deploy.Helm;
import org.fleetmesh.rp.mesh.domain.CiliumVersion;
import org.fleetmesh.rp.mesh.domain.MemberMeshConfig;
import org.fleetmesh.rp.mesh.domain.MeshObjects;
import org.fleetmesh.rp.mesh.domain.MeshPeer;
import org.fleetmesh.rp.mesh.domain.Sha256;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a member receives is what Cilium's official chart of the member's minor version deploys. For each supported
 * version, renders the vendored chart ({@code src/test/resources/cilium-charts/}, Apache-2.0) with the helm the build
 * installs, for one member with two peers, and compares every object it renders for ClusterMesh, field by field as
 * JSON trees, with what the service builds and applies for the same member. The only differences allowed are
 * {@link Deliberate}, the list architecture.md ("What a member receives") gives too.
 */
class ChartConformanceTest {

    private static final String REPOSITORY = "quay.io/cilium/clustermesh-apiserver";
    private static final MemberMeshConfig.Identity MEMBER = new MemberMeshConfig.Identity("member-a", 7);
    /** Two peers, one of them behind two addresses (a hostAlias each). */
    private static final List<MeshPeer> PEERS = List.of(
            new MeshPeer("member-b", List.of("10.1.0.4")),
            new MeshPeer("member-c", List.of("10.2.0.4", "10.2.0.5")));
    private static final String MESH_CA = "CA of the mesh";
    private static final Set<String> TLS_SECRETS = Set.of(MemberMeshConfig.SERVER_CERT_SECRET,
            MemberMeshConfig.ADMIN_CERT_SECRET, MemberMeshConfig.REMOTE_CERT_SECRET, MemberMeshConfig.LOCAL_CERT_SECRET);

    /**
     * Where the service departs from the chart on purpose. Each is removed from both sides before they are compared;
     * those the chart's values express are on both sides and need no removal, and are listed so the list is whole.
     */
    enum Deliberate {
        /**
         * {@code clustermesh.apiserver.service.type: LoadBalancer} with
         * {@code service.beta.kubernetes.io/azure-load-balancer-internal: "true"}: peers reach each other over VNet
         * peering on an internal Azure load balancer (the chart's default is NodePort). Set through chart values.
         */
        INTERNAL_LOAD_BALANCER,
        /**
         * No {@code cilium-ca} Secret with the CA's private key on members: the service holds the mesh CA and issues
         * the four {@code clustermesh-apiserver-*-cert} Secrets itself ({@code tls.auto.enabled: false}, the chart
         * renders neither the CA nor the certificates; it mounts the Secrets, whose keys are checked below).
         */
        NO_CA_PRIVATE_KEY_ON_MEMBERS,
        /**
         * {@code cilium-clustermesh} also holds {@code local-etcd-client.crt}, {@code .key} and {@code -ca.crt} (the
         * member's local certificate): AKS's agent DaemonSet mounts only that Secret at /var/lib/cilium/clustermesh,
         * without the chart's projected {@code clustermesh-apiserver-local-cert}, so the files the agents' etcd
         * configurations name must be in it.
         */
        AGENT_CERTIFICATE_IN_CLUSTERMESH_SECRET,
        /**
         * The service's ownership marks: label {@code app.kubernetes.io/managed-by: fleetmesh} and annotation
         * {@code fleetmesh.azure.com/desired-state} (the digest that tells "as desired" from "changed").
         */
        OWNERSHIP_MARKS,
        /**
         * Pod annotation {@code fleet.azure.com/trusted-ca}, a digest of the CA bundle in the Secrets: etcd reads its
         * trusted CAs only at start, so a CA rollover rolls the pod the way a chart's checksum annotation would. Set
         * through chart values ({@code clustermesh.apiserver.podAnnotations}).
         */
        TRUSTED_CA_RESTARTS,
        /** Helm's own marks ({@code helm.sh/chart}, {@code app.kubernetes.io/managed-by: Helm}, checksum annotations). */
        HELM_MARKS,
        /**
         * Of {@code cilium-config}, the service writes only {@code cluster-name}, {@code cluster-id} and
         * {@code max-connected-clusters}: the rest of the ConfigMap is AKS's (the chart renders all of it).
         */
        OWN_CILIUM_CONFIG_KEYS_ONLY
    }

    @TempDir
    static Path helmHome;
    private static Helm helm;

    @BeforeAll
    static void locateHelm() {
        helm = new Helm(helmHome);
    }

    static Stream<CiliumVersion> supportedVersions() {
        return CiliumVersion.SUPPORTED.stream();
    }

    @ParameterizedTest(name = "Cilium {0}")
    @MethodSource("supportedVersions")
    void whatTheServiceBuildsIsWhatTheChartRenders(CiliumVersion version) {
        Map<String, HasMetadata> chart = byKindAndName(render(version));
        MeshObjects built = built(version);
        Map<String, HasMetadata> service = byKindAndName(applied(built));

        List<String> differences = new ArrayList<>();
        ConfigMap ciliumConfig = (ConfigMap) chart.remove("ConfigMap/" + MeshObjects.CILIUM_CONFIG);
        built.ciliumConfig().forEach((key, value) -> {
            if (!value.equals(ciliumConfig.getData().get(key))) {
                differences.add("cilium-config " + key + ": chart " + ciliumConfig.getData().get(key) + ", service " + value);
            }
        });
        assertThat(built.ciliumConfig().keySet()).isEqualTo(MemberMeshConfig.CILIUM_CONFIG_KEYS);

        Set<String> names = new TreeSet<>(chart.keySet());
        names.addAll(service.keySet());
        for (String name : names) {
            if (!chart.containsKey(name)) {
                differences.add(name + ": only the service creates it");
            } else if (!service.containsKey(name)) {
                differences.add(name + ": only the chart renders it");
            } else {
                compare(name, normalized(chart.get(name), true), normalized(service.get(name), false), differences);
            }
        }
        assertThat(differences).as("%d differences between Cilium %s's chart and what the service builds",
                differences.size(), version).isEmpty();
    }

    /** The chart renders no certificate Secrets (provided TLS): each it mounts holds the keys it projects. */
    @ParameterizedTest(name = "Cilium {0}")
    @MethodSource("supportedVersions")
    void everySecretTheChartsPodMountsHoldsTheKeysItProjects(CiliumVersion version) {
        MeshObjects built = built(version);
        Deployment deployment = (Deployment) byKindAndName(render(version)).get("Deployment/" + MeshObjects.ApiServer.NAME);
        List<VolumeProjection> sources = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getProjected() != null).flatMap(v -> v.getProjected().getSources().stream())
                .filter(s -> s.getSecret() != null).toList();
        assertThat(sources).isNotEmpty();
        for (VolumeProjection source : sources) {
            String name = source.getSecret().getName();
            assertThat(built.secrets()).as("Secret %s", name).containsKey(name);
            // Without items, every key is a file (cilium-kvstoremesh: one per peer).
            List<String> keys = source.getSecret().getItems().stream().map(KeyToPath::getKey).toList();
            assertThat(built.secrets().get(name).data().keySet()).as("Secret %s", name).containsAll(keys);
        }
    }

    /**
     * The simulator's member clusters run a clustermesh-apiserver pod only if its spec is the one this chart renders
     * (its kubelet stand-in compares commands, arguments, environment, mounts and volumes with the file checked here).
     * The file is this render's pod spec without {@code hostAliases}, the only member-specific part: cluster name and id
     * reach the containers through environment variables from {@code cilium-config}. Run with
     * {@code -Dchart.write=true} to write it after changing the vendored charts.
     */
    @ParameterizedTest(name = "Cilium {0}")
    @MethodSource("supportedVersions")
    void theSimulatorJudgesApiServerPodsByThisChartsRender(CiliumVersion version) throws IOException {
        Deployment deployment = (Deployment) byKindAndName(render(version)).get("Deployment/" + MeshObjects.ApiServer.NAME);
        ObjectNode podSpec = (ObjectNode) Serialization.jsonMapper().readTree(
                Serialization.asJson(deployment.getSpec().getTemplate().getSpec()));
        podSpec.remove("hostAliases");
        String rendered = Serialization.jsonMapper().writerWithDefaultPrettyPrinter().writeValueAsString(podSpec) + "\n";
        Path file = Helm.repoRoot().resolve("simulator/src/main/resources/cilium-chart/" + version.minorText()
                + "/clustermesh-apiserver-pod.json");
        if (Boolean.getBoolean("chart.write")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, rendered);
        }
        assertThat(file).as("run with -Dchart.write=true to write it").exists();
        assertThat(Files.readString(file)).as("%s is this chart's render; run with -Dchart.write=true", file)
                .isEqualTo(rendered);
    }

    // ---- the two sides ----------------------------------------------------------------------------------------------

    private static List<HasMetadata> render(CiliumVersion version) {
        try {
            Path chart = Path.of(ChartConformanceTest.class.getResource("/cilium-charts/cilium-" + version + ".tgz").toURI());
            Path values = Files.writeString(helmHome.resolve("values-" + version + ".yaml"), values());
            String out = helm.run("template", "cilium", chart.toString(), "--namespace", MeshObjects.NAMESPACE,
                    "--values", values.toString());
            List<HasMetadata> objects = new ArrayList<>();
            for (String document : out.split("(?m)^---\\s*$")) {
                // Everything ClusterMesh: the clustermesh-apiserver and clustermesh-config templates, and cilium-config.
                if (document.contains("# Source: cilium/templates/clustermesh-")
                        || document.contains("# Source: cilium/templates/cilium-configmap.yaml")) {
                    objects.add(Serialization.unmarshal(document));
                }
            }
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The chart's values for what the service deploys, for {@link #MEMBER} and {@link #PEERS}. */
    private static String values() {
        StringBuilder clusters = new StringBuilder();
        for (MeshPeer peer : PEERS) {
            clusters.append("    - name: ").append(peer.clusterName()).append("\n      port: ").append(MeshObjects.ApiServer.PORT)
                    .append("\n      ips: [").append(String.join(", ", peer.addresses())).append("]\n");
        }
        return """
                cluster:
                  name: %s
                  id: %d
                clustermesh:
                  useAPIServer: true
                  maxConnectedClusters: 255
                  config:
                    enabled: true
                    domain: mesh.cilium.io
                    clusters:
                %s  apiserver:
                    podAnnotations:
                      %s: "%s"
                    image:
                      repository: %s
                      useDigest: false
                    kvstoremesh:
                      enabled: true
                    service:
                      type: LoadBalancer
                      annotations:
                        service.beta.kubernetes.io/azure-load-balancer-internal: "true"
                    tls:
                      authMode: cluster
                      enableSecrets: false
                      auto:
                        enabled: false
                """.formatted(MEMBER.clusterName(), MEMBER.clusterId(), clusters, MeshObjects.ApiServer.TRUSTED_CA_ANNOTATION,
                Sha256.hex(MESH_CA), REPOSITORY);
    }

    /** Both phases of a join, with the peers known: everything the service wants on the member. */
    private static MeshObjects built(CiliumVersion version) {
        MemberMeshConfig.Release release = new MemberMeshConfig.Release(REPOSITORY, version);
        Map<String, MemberMeshConfig.TlsSecret> tls = new TreeMap<>();
        TLS_SECRETS.forEach(name -> tls.put(name, new MemberMeshConfig.TlsSecret(MESH_CA, "certificate of " + name,
                "key of " + name)));
        return MemberMeshConfig.apiServer(MEMBER, release, tls, PEERS)
                .with(MemberMeshConfig.peers(MEMBER, release, tls.get(MemberMeshConfig.LOCAL_CERT_SECRET), PEERS));
    }

    /** The objects the member's API server receives, as Fabric8MemberCluster applies them (cilium-config aside). */
    private static List<HasMetadata> applied(MeshObjects built) {
        List<HasMetadata> objects = new ArrayList<>();
        built.secrets().forEach((name, secret) -> {
            if (!TLS_SECRETS.contains(name)) {
                objects.add(ApiServerObjects.secret(name, secret));
            }
        });
        built.configMaps().forEach((name, data) -> objects.add(ApiServerObjects.configMap(name, data)));
        objects.addAll(Fabric8MemberCluster.apiServerObjects(built.apiServer()));
        return objects;
    }

    private static Map<String, HasMetadata> byKindAndName(List<HasMetadata> objects) {
        Map<String, HasMetadata> byName = new TreeMap<>();
        objects.forEach(o -> assertThat(byName.put(o.getKind() + "/" + o.getMetadata().getName(), o)).isNull());
        return byName;
    }

    // ---- comparison -------------------------------------------------------------------------------------------------

    /** The object as a JSON tree, without the {@link Deliberate} differences and with Kubernetes' defaults filled in. */
    private static JsonNode normalized(HasMetadata object, boolean fromChart) {
        ObjectNode tree = (ObjectNode) Serialization.jsonMapper().readTree(Serialization.asJson(object));
        ObjectNode metadata = (ObjectNode) tree.get("metadata");
        if (fromChart) {
            remove(metadata, "labels", "helm.sh/chart");
            if (metadata.path("labels").path("app.kubernetes.io/managed-by").asString("").equals("Helm")) {
                remove(metadata, "labels", "app.kubernetes.io/managed-by");
            }
            if (metadata.get("annotations") instanceof ObjectNode annotations) {
                annotations.propertyNames().stream().filter(key -> key.startsWith("checksum/")).toList()
                        .forEach(annotations::remove);
            }
        } else {
            remove(metadata, "labels", OwnedObjects.MANAGED_BY);
            remove(metadata, "annotations", OwnedObjects.DESIRED_STATE);
            if (object.getMetadata().getName().equals(MemberMeshConfig.CLUSTERMESH_SECRET)) {
                for (String suffix : List.of(".crt", ".key", "-ca.crt")) {
                    remove(tree, "data", MemberMeshConfig.LOCAL_ETCD_CLIENT + suffix);
                }
            }
        }
        if ("Secret".equals(object.getKind()) && !tree.has("type")) {
            tree.put("type", "Opaque"); // what the API server stores for a Secret without type
        }
        return tree;
    }

    private static void remove(ObjectNode parent, String field, String key) {
        if (parent.get(field) instanceof ObjectNode map) {
            map.remove(key);
            if (map.isEmpty()) {
                parent.remove(field);
            }
        }
    }

    /** Appends one line per field that differs: its path, the chart's value and the service's. */
    private static void compare(String path, JsonNode chart, JsonNode service, List<String> differences) {
        if (chart.isObject() && service.isObject()) {
            Set<String> fields = new TreeSet<>(chart.propertyNames());
            fields.addAll(service.propertyNames());
            for (String field : fields) {
                compare(path + "/" + field, chart.path(field), service.path(field), differences);
            }
        } else if (chart.isArray() && service.isArray() && chart.size() == service.size()) {
            Iterator<JsonNode> mine = service.iterator();
            int i = 0;
            for (JsonNode theirs : chart) {
                compare(path + "/" + i++, theirs, mine.next(), differences);
            }
        } else if (!chart.equals(service)) {
            differences.add(path + ": chart " + shown(chart) + ", service " + shown(service));
        }
    }

    private static String shown(JsonNode node) {
        return node.isMissingNode() ? "(none)" : node.toString();
    }
}
