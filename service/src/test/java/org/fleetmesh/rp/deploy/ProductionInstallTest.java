package org.fleetmesh.rp.deploy;

import static org.fleetmesh.rp.deploy.YamlTrees.asMap;
import static org.fleetmesh.rp.deploy.YamlTrees.list;
import static org.fleetmesh.rp.deploy.YamlTrees.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The production install read as a platform engineer reads it before a rollout: the chart rendered from
 * values-production.yaml against what infra/bicep deploys with main.prod.bicepparam. There is no Bicep compiler here,
 * so the templates are read as text (as BicepExamplesTest does); what only a deployment knows (generated names,
 * addresses) is checked to come from a declared output.
 */
class ProductionInstallTest {

    private static final Pattern OUTPUT_MARK = Pattern.compile("^\\s*# output (\\w+)");
    private static final Pattern OUTPUT = Pattern.compile("(?m)^output\\s+(\\w+)\\s+\\w+\\s*=\\s*(.+)$");
    /** Connections Azure Database for PostgreSQL keeps for itself (superuser and replication). */
    private static final int RESERVED_CONNECTIONS = 15;

    @TempDir
    static Path helmHome;

    private static Path root;
    private static Path bicep;
    private static String valuesText;
    private static Map<String, Object> values;
    private static Map<String, String> outputs;
    private static Map<String, Object> prodParams;
    private static List<Map<String, Object>> rendered;

    @BeforeAll
    static void readBothSides() throws IOException {
        root = Helm.repoRoot();
        bicep = root.resolve("infra/bicep");
        valuesText = Files.readString(root.resolve("helm/fleetmesh/values-production.yaml"));
        values = new Yaml().load(valuesText);
        outputs = new LinkedHashMap<>();
        Matcher m = OUTPUT.matcher(text("main.bicep"));
        while (m.find()) {
            outputs.put(m.group(1), m.group(2).trim());
        }
        prodParams = bicepParams(text("main.prod.bicepparam"));
        rendered = render();
    }

    @Test
    void everyValueMarkedAsAnOutputIsOneAndAgreesWithTheParameters() {
        List<String> problems = new ArrayList<>();
        String[] lines = valuesText.split("\n");
        int marks = 0;
        for (int i = 0; i < lines.length; i++) {
            Matcher mark = OUTPUT_MARK.matcher(lines[i]);
            if (!mark.find()) {
                continue;
            }
            marks++;
            String output = mark.group(1);
            if (!outputs.containsKey(output)) {
                problems.add("values-production.yaml line " + (i + 1) + " names output " + output + ", which main.bicep lacks");
                continue;
            }
            // An output that passes a parameter through is known now: the value must be the parameter's.
            String expression = outputs.get(output);
            if (expression.matches("\\w+") && prodParams.containsKey(expression)) {
                Object expected = prodParams.get(expression);
                Object actual = markedValue(lines, i);
                // a list the chart takes (e.g. postgresqlCidrs) holds a scalar output as its one element
                if (actual instanceof List<?> l && l.size() == 1 && !(expected instanceof List)) {
                    actual = l.get(0);
                }
                if (!String.valueOf(expected).equals(String.valueOf(actual))) {
                    problems.add("values-production.yaml line " + (i + 1) + ": " + actual + " but main.prod.bicepparam's "
                            + expression + " (output " + output + ") is " + expected);
                }
            }
        }
        assertTrue(marks >= 10, "values-production.yaml should name the Bicep output of each value it takes from Azure");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theDatabaseIsReachableAndItsServerVerified() throws IOException {
        String postgresSubnet = (String) prodParams.get("postgresSubnetPrefix");
        Map<String, Object> rule = egressRule(5432);
        List<String> cidrs = list(rule, "to").stream().map(p -> (String) map(asMap(p), "ipBlock").get("cidr")).toList();
        assertEquals(List.of(postgresSubnet), cidrs, "PostgreSQL egress must go to snet-postgres (main.prod.bicepparam)");
        assertFalse(overlaps(postgresSubnet, (String) prodParams.get("aksSubnetPrefix")),
                "the PostgreSQL subnet overlaps the AKS node subnet");

        String url = (String) configMap().get("SPRING_DATASOURCE_URL");
        assertTrue(url.contains("sslmode=verify-full"), "database TLS must verify the server: " + url);
        String host = (String) map(values, "database").get("host");
        assertTrue(host.startsWith(prodParams.get("namePrefix") + "-" + prodParams.get("environmentName") + "-pg."),
                "database.host is not the server main.bicep names (<namePrefix>-<environmentName>-pg): " + host);
        assertEquals(prodParams.get("namePrefix") + "-" + prodParams.get("environmentName") + "-id",
                map(values, "database").get("username"), "the database role is the identity main.bicep names");
    }

    @Test
    void theServiceIdentityOwnsItsSchemaButAdministersNothing() throws IOException {
        Matcher postgresModule = Pattern.compile("(?s)module\\s+postgres\\s+'[^']+'\\s*=\\s*\\{(.*?)\\n}").matcher(text("main.bicep"));
        assertTrue(postgresModule.find(), "main.bicep has no postgres module");
        assertFalse(postgresModule.group(1).contains("identity.outputs"),
                "the service's identity must not be a PostgreSQL (Entra) administrator");
        assertTrue(readAll().contains("'Microsoft.DBforPostgreSQL/flexibleServers/administrators@"),
                "someone (the administrators' group) must be able to create the service's role");
    }

    @Test
    void theServiceMonitorsGroupExistsOnTheCluster() throws IOException {
        for (Map<String, Object> monitor : ofKind("ServiceMonitor")) {
            if ("azmonitoring.coreos.com/v1".equals(monitor.get("apiVersion"))) {
                String all = readAll();
                assertTrue(Pattern.compile("(?s)azureMonitorProfile:\\s*\\{\\s*metrics:\\s*\\{\\s*enabled:\\s*true").matcher(all).find(),
                        "azmonitoring.coreos.com exists only with managed Prometheus: aks.bicep must enable azureMonitorProfile.metrics");
                for (String piece : List.of("'Microsoft.Monitor/accounts@", "'Microsoft.Insights/dataCollectionRules@",
                        "'Microsoft.Insights/dataCollectionRuleAssociations@", "Microsoft-PrometheusMetrics")) {
                    assertTrue(all.contains(piece), "managed Prometheus needs " + piece + " in infra/bicep");
                }
            }
        }
    }

    @Test
    void theImageComesFromTheRegistryTheKubeletMayPullFrom() throws IOException {
        Map<String, Object> image = map(values, "image");
        assertTrue(String.valueOf(image.get("repository")).matches("[a-z0-9]+\\.azurecr\\.io/.+"),
                "production pulls from the Azure Container Registry main.bicep creates: " + image.get("repository"));
        assertTrue(String.valueOf(image.get("digest")).matches("sha256:[0-9a-f]{64}"), "production pins the image by digest");
        String all = readAll();
        assertTrue(all.contains("'Microsoft.ContainerRegistry/registries@"), "infra/bicep creates no container registry");
        // AcrPull, as Azure's built-in role definitions name it.
        assertTrue(all.contains("7f951dda-4ed3-4680-a7ca-43fe172d538d"), "nothing grants AcrPull");
        assertTrue(text("main.bicep").contains("kubeletPrincipalId: aks.outputs.kubeletPrincipalId"),
                "AcrPull must go to the kubelet identity, which pulls the images");
    }

    @Test
    void armReachesTheServiceOverHttpsThroughApplicationRouting() throws IOException {
        Map<String, Object> ingress = only(ofKind("Ingress"), "production renders one Ingress");
        Map<String, Object> spec = map(ingress, "spec");
        assertEquals("webapprouting.kubernetes.azure.com", spec.get("ingressClassName"));
        Map<String, Object> tls = only(list(spec, "tls"), "one TLS entry");
        assertEquals(List.of(prodParams.get("apiHostName")), list(tls, "hosts"), "TLS for the provider registration's host");
        assertTrue(String.valueOf(map(map(ingress, "metadata"), "annotations").get("kubernetes.azure.com/tls-cert-keyvault-uri"))
                .startsWith("https://"), "the certificate comes from Key Vault");
        assertTrue(Pattern.compile("(?s)webAppRouting:\\s*\\{\\s*enabled:\\s*true").matcher(text("modules/aks.bicep")).find(),
                "aks.bicep must enable the application routing add-on");
        Map<String, Object> api = ingressRule("http");
        List<Object> from = list(api, "from");
        assertEquals(1, from.size(), "the API port admits the front door only: " + from);
        assertEquals("app-routing-system", map(map(asMap(from.get(0)), "namespaceSelector"), "matchLabels")
                .get("kubernetes.io/metadata.name"), "the application routing add-on runs in app-routing-system");
    }

    @Test
    void theKeyEncryptionKeyIsPinnedAndNeverRewritten() throws IOException {
        Map<String, Object> spc = only(ofKind("SecretProviderClass"), "production reads Key Vault");
        String objects = String.valueOf(map(map(spc, "spec"), "parameters").get("objects"));
        Matcher kek = Pattern.compile("objectName: fleetmesh-key-encryption-key\\s+objectAlias: \\S+\\s+objectType: secret\\s+"
                + "objectVersion: \"([^\"]*)\"").matcher(objects);
        assertTrue(kek.find(), objects);
        assertFalse(kek.group(1).isEmpty(), "the key-encryption key's version must be pinned");
        assertThrows(AssertionError.class, () -> new Helm(helmHome).run(renderArgs(
                "--set", "secrets.keyVault.objects.keyEncryptionKey.version=")), "the chart must refuse an unpinned key");
        String keyVault = text("modules/keyvault.bicep");
        assertTrue(keyVault.contains("empty(keyEncryptionKeyVersion)"),
                "once a version is pinned in the parameters, no deployment may write a new key-encryption key");
        assertTrue(outputs.containsKey("keyEncryptionKeyVersion"), "main.bicep must output the version to pin");
    }

    @Test
    void keyVaultIsReachedThroughAPrivateEndpoint() throws IOException {
        String keyVault = text("modules/keyvault.bicep");
        assertFalse(keyVault.contains("publicNetworkAccess: 'Enabled'"), "Key Vault must not be open to public networks");
        assertTrue(keyVault.contains("'Microsoft.Network/privateEndpoints@") && keyVault.contains("'vault'"),
                "Key Vault needs a private endpoint (group vault)");
        assertTrue(text("modules/network.bicep").contains("privatelink.vaultcore.azure.net"),
                "the vault's name must resolve to the endpoint inside the VNet");
    }

    @Test
    void egressLeavesFromOneAddressMembersCanAllowlist() throws IOException {
        assertTrue(text("modules/network.bicep").contains("'Microsoft.Network/natGateways@"), "no NAT gateway");
        assertTrue(text("modules/aks.bicep").contains("outboundType: 'userAssignedNATGateway'"),
                "AKS must leave through the NAT gateway");
        assertTrue(outputs.containsKey("egressIpAddress"), "main.bicep must output the address members allowlist");
        assertTrue(ofKind("NetworkPolicy").stream().flatMap(np -> list(map(np, "spec"), "egress").stream())
                .flatMap(rule -> list(asMap(rule), "ports").stream()).noneMatch(p -> Integer.valueOf(2379).equals(asMap(p).get("port"))),
                "the service never connects to a clustermesh-apiserver: no 2379 rule");
    }

    @Test
    void theServiceHoldsOnlyTheMemberRoleOnMemberClusters() throws IOException {
        String all = readAll();
        // Azure Kubernetes Service Cluster Admin Role, AKS RBAC Cluster Admin, Owner, Contributor.
        for (String broad : List.of("0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8", "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
                "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "b24988ac-6180-42a0-ab88-20f7382dd24c")) {
            assertFalse(all.contains(broad), "infra/bicep grants the broad built-in role " + broad);
        }
        String role = text("modules/member-role.bicep");
        assertTrue(role.contains("'Microsoft.Authorization/roleDefinitions@"), "no custom member role");
        assertFalse(Pattern.compile("'[^']*\\*[^']*'").matcher(role).find(), "the member role must not use wildcards");
        String members = text("examples/members.bicep") + text("examples/member-cluster-access.bicep");
        assertTrue(members.contains("memberRoleDefinitionId") && Pattern.compile("scope:\\s*cluster\\b").matcher(members).find(),
                "the customer example must assign the member role at each cluster's scope, or joins fail with AuthorizationFailed");
        assertTrue(outputs.containsKey("memberRoleDefinitionId") && outputs.containsKey("identityPrincipalId"),
                "main.bicep must output what the customer example asks for");
    }

    @Test
    void connectionsOfAllReplicasFitTheServer() throws IOException {
        assertConnectionsFit("values-production.yaml with main.prod.bicepparam", values, configMap(), prodParams);
        // The chart's defaults are what a development install starts from, against the smallest (Burstable) server.
        List<Map<String, Object>> defaults = new ArrayList<>();
        new Yaml().loadAll(new Helm(helmHome).run("template", "fleetmesh", root.resolve("helm/fleetmesh").toString()))
                .forEach(d -> {
                    if (d != null) {
                        defaults.add(asMap(d));
                    }
                });
        Map<String, Object> defaultConfig = map(defaults.stream().filter(d -> "ConfigMap".equals(d.get("kind"))).findFirst()
                .orElseThrow(), "data");
        assertConnectionsFit("the chart's defaults with main.dev.bicepparam",
                new Yaml().load(Files.readString(root.resolve("helm/fleetmesh/values.yaml"))), defaultConfig,
                bicepParams(text("main.dev.bicepparam")));
    }

    private static void assertConnectionsFit(String where, Map<String, Object> chartValues, Map<String, Object> config,
            Map<String, Object> params) {
        Map<String, Object> autoscaling = map(chartValues, "autoscaling");
        int replicas = Boolean.TRUE.equals(autoscaling.get("enabled")) ? (Integer) autoscaling.get("maxReplicas")
                : (Integer) chartValues.get("replicaCount");
        int surge = 1;
        // Without the variable the service's own default applies (application.yaml).
        int pool = Integer.parseInt(String.valueOf(config.getOrDefault("SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE", "30")));
        assertTrue(params.get("postgresMaxConnections") instanceof Integer, where + ": no postgresMaxConnections");
        int budget = (Integer) params.get("postgresMaxConnections") - RESERVED_CONNECTIONS;
        assertTrue((replicas + surge) * pool <= budget, where + ": " + (replicas + surge) + " pods x " + pool
                + " connections exceed the " + budget + " the server allows");
    }

    // ---- the rendered chart ------------------------------------------------------------------------------------

    private static String[] renderArgs(String... extra) {
        List<String> args = new ArrayList<>(List.of("template", "fleetmesh", root.resolve("helm/fleetmesh").toString(),
                "--namespace", "fleetmesh", "--values", root.resolve("helm/fleetmesh/values-production.yaml").toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static List<Map<String, Object>> render() {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(new Helm(helmHome).run(renderArgs()))) {
            if (doc != null) {
                docs.add(asMap(doc));
            }
        }
        return docs;
    }

    private static List<Map<String, Object>> ofKind(String kind) {
        return rendered.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    private static Map<String, Object> configMap() {
        return map(only(ofKind("ConfigMap"), "one ConfigMap"), "data");
    }

    private static Map<String, Object> egressRule(int port) {
        Map<String, Object> np = only(ofKind("NetworkPolicy"), "one NetworkPolicy");
        return list(map(np, "spec"), "egress").stream().map(YamlTrees::asMap)
                .filter(r -> list(r, "ports").stream().anyMatch(p -> Integer.valueOf(port).equals(asMap(p).get("port"))))
                .findFirst().orElseThrow(() -> new AssertionError("no egress rule for port " + port));
    }

    private static Map<String, Object> ingressRule(String port) {
        Map<String, Object> np = only(ofKind("NetworkPolicy"), "one NetworkPolicy");
        return list(map(np, "spec"), "ingress").stream().map(YamlTrees::asMap)
                .filter(r -> list(r, "ports").stream().anyMatch(p -> port.equals(asMap(p).get("port"))))
                .findFirst().orElseThrow(() -> new AssertionError("no ingress rule for port " + port));
    }

    // ---- the Bicep side ----------------------------------------------------------------------------------------

    private static String text(String file) throws IOException {
        return Files.readString(bicep.resolve(file));
    }

    private static String readAll() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(bicep)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".bicep")).sorted().toList()) {
                all.append(BicepExamplesTest.stripCommentsAndStrings(Files.readString(f), true)).append('\n');
            }
        }
        return all.toString();
    }

    /**
     * main.bicep's literal defaults overridden by the parameters file's literal values: strings, numbers and arrays
     * of strings (one element a line), which is all the chart's values need.
     */
    private static Map<String, Object> bicepParams(String paramFile) throws IOException {
        Map<String, Object> params = new LinkedHashMap<>();
        Matcher defaults = Pattern.compile("(?m)^param\\s+(\\w+)\\s+\\w+\\s*=\\s*(.+)$").matcher(text("main.bicep"));
        while (defaults.find()) {
            literal(defaults.group(2).trim()).ifPresent(v -> params.put(defaults.group(1), v));
        }
        String[] lines = paramFile.split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = Pattern.compile("^param\\s+(\\w+)\\s*=\\s*(.+)$").matcher(lines[i].trim());
            if (m.find()) {
                String name = m.group(1);
                literal(m.group(2).trim()).ifPresent(v -> params.put(name, v));
                if (m.group(2).trim().equals("[")) {
                    List<String> items = new ArrayList<>();
                    for (int j = i + 1; j < lines.length && !lines[j].trim().equals("]"); j++) {
                        items.add(lines[j].trim().replaceAll("^'(.*)'$", "$1"));
                    }
                    params.put(name, items);
                }
            }
        }
        return params;
    }

    private static Optional<Object> literal(String text) {
        if (text.matches("'[^']*'")) {
            return Optional.of(text.substring(1, text.length() - 1));
        }
        if (text.matches("-?\\d+")) {
            return Optional.of(Integer.valueOf(text));
        }
        return Optional.empty();
    }

    /** The value of the YAML key on the first line after a mark that is not a comment: a scalar or a list. */
    private static Object markedValue(String[] lines, int mark) {
        int i = mark + 1;
        while (lines[i].trim().startsWith("#")) {
            i++;
        }
        String line = lines[i];
        String value = line.substring(line.indexOf(':') + 1).trim();
        if (!value.isEmpty()) {
            return value.replaceAll("^\"(.*)\"$", "$1");
        }
        List<String> items = new ArrayList<>();
        for (int j = i + 1; j < lines.length && lines[j].trim().startsWith("- "); j++) {
            items.add(lines[j].trim().substring(2).trim());
        }
        return items;
    }

    private static boolean overlaps(String a, String b) throws IOException {
        BigInteger[] x = range(a);
        BigInteger[] y = range(b);
        return x[0].compareTo(y[1]) <= 0 && y[0].compareTo(x[1]) <= 0;
    }

    private static BigInteger[] range(String cidr) throws IOException {
        String[] parts = cidr.split("/");
        BigInteger start = new BigInteger(1, InetAddress.getByName(parts[0]).getAddress());
        BigInteger size = BigInteger.ONE.shiftLeft(32 - Integer.parseInt(parts[1]));
        return new BigInteger[] {start, start.add(size).subtract(BigInteger.ONE)};
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static Map<String, Object> only(List<? extends Object> items, String what) {
        assertEquals(1, items.size(), what);
        assertNotNull(items.get(0));
        return asMap(items.get(0));
    }
}
