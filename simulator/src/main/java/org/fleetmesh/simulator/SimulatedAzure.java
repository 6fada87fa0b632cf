package org.fleetmesh.simulator;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
  * A fake Azure Resource Manager and Entra ID token endpoint on {@code https://127.0.0.1:<port>/}, serving AKS managed
  * clusters (each with its own {@link SimulatedKubernetes}) and virtual networks, with ARM's error shapes and
  * injectable throttling, server errors and delays.
  *
  * <p>Clients must trust its certificate: start it with a {@link TlsIdentity} the client JVM trusts (see
  * {@link TlsIdentity#trustStoreSystemProperties()}). Point the Azure SDK's resource manager endpoint and the
  * credential's authority host at {@link #endpoint()}, with instance discovery disabled.
  */
public final class SimulatedAzure implements AutoCloseable {

    private static final String CLUSTER = "(/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.ContainerService/managedClusters/[^/]+)";
    private static final String NETWORK = "(/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.Network/virtualNetworks/[^/]+)";
    private static final Pattern CLUSTER_PATH = Pattern.compile(CLUSTER, Pattern.CASE_INSENSITIVE);
    private static final Pattern CREDENTIAL_PATH =
            Pattern.compile(CLUSTER + "/(listClusterAdminCredential|listClusterUserCredential)", Pattern.CASE_INSENSITIVE);
    private static final Pattern NETWORK_PATH = Pattern.compile(NETWORK, Pattern.CASE_INSENSITIVE);
    private static final Pattern SUBNET_PATH = Pattern.compile(NETWORK + "/subnets/([^/]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern TOKEN_PATH = Pattern.compile("/([^/]+)/oauth2/v2\\.0/token", Pattern.CASE_INSENSITIVE);
    private static final Pattern ARM_PATH = Pattern.compile("/subscriptions/.*", Pattern.CASE_INSENSITIVE);
    private static final String UNKNOWN_CLIENT = "00000000-0000-0000-0000-000000000000";

    private final WireMockServer server;
    private final TlsIdentity identity;
    private final Path ownedIdentityDirectory;
    private final ArmFaults faults = new ArmFaults();
    private final SimulatedNetwork network = new SimulatedNetwork();
    private final Map<String, SimulatedCluster> clusters = new ConcurrentHashMap<>();
    private final Set<String> forbidden = ConcurrentHashMap.newKeySet();
    private final Map<String, SimulatedVirtualNetworkSpec> networks = new ConcurrentHashMap<>();
    private final Map<String, Map<String, SimulatedVirtualNetworkSpec.PeeringState>> peerings = new ConcurrentHashMap<>();

    private SimulatedAzure(TlsIdentity identity, Path ownedIdentityDirectory, int port) {
        this.identity = identity;
        this.ownedIdentityDirectory = ownedIdentityDirectory;
        this.server = new WireMockServer(
                wireMockConfig()
                        .httpDisabled(true)
                        .httpsPort(port)
                        .bindAddress("127.0.0.1")
                        .keystorePath(identity.keyStore().toString())
                        .keystoreType("PKCS12")
                        .keystorePassword(identity.password())
                        .keyManagerPassword(identity.password())
                        .extensions(new Router()));
        server.start();
        // One catch-all stub: the router computes every answer from the registered clusters and networks.
        server.stubFor(any(anyUrl()).willReturn(ok()));
    }

    /**
      * Starts with a fresh TLS identity in a temporary directory (deleted on {@link #close()}); only a JVM started
      * afterwards with {@link #trustStore()} can connect. Tests in one JVM should use {@link #start(TlsIdentity)}.
      */
    public static SimulatedAzure start() {
        try {
            Path directory = Files.createTempDirectory("simulated-azure-tls");
            return new SimulatedAzure(TlsIdentity.generate(directory), directory, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts presenting {@code identity}'s certificate, which the calling JVM may already trust. */
    public static SimulatedAzure start(TlsIdentity identity) {
        return start(identity, 0);
    }

    /**
      * Starts presenting {@code identity}'s certificate on a fixed loopback {@code port} (0 for any free one), so that
      * a person can call it with commands written down beforehand, as the local run does.
      */
    public static SimulatedAzure start(TlsIdentity identity, int port) {
        return new SimulatedAzure(identity, null, port);
    }

    /** {@code https://127.0.0.1:<port>/}: the ARM endpoint and the Entra ID authority host. */
    public String endpoint() {
        return "https://127.0.0.1:" + server.httpsPort() + "/";
    }

    /** The PKCS12 trust store holding this server's certificate. */
    public Path trustStore() {
        return identity.trustStore();
    }

    public String trustStorePassword() {
        return identity.password();
    }

    /**
      * Registers a managed cluster and starts its API server. A virtual network its subnets name that is not registered
      * yet is registered (empty), as Azure only creates a cluster in a network that exists.
      */
    public SimulatedCluster addCluster(SimulatedClusterSpec spec) {
        for (String subnetId : Arrays.asList(spec.nodeSubnetId(), spec.podSubnetId())) {
            if (subnetId != null) {
                String networkId = subnetId.substring(0, subnetId.toLowerCase(Locale.ROOT).indexOf("/subnets/"));
                networks.putIfAbsent(ArmResourceId.key(networkId),
                        new SimulatedVirtualNetworkSpec(networkId, spec.location(), List.of(), Map.of()));
            }
        }
        SimulatedCluster cluster = new SimulatedCluster(spec, SimulatedKubernetes.start(spec, network));
        if (clusters.putIfAbsent(ArmResourceId.key(spec.resourceId()), cluster) != null) {
            cluster.kubernetes().close();
            throw new IllegalArgumentException("Cluster already registered: " + spec.resourceId());
        }
        return cluster;
    }

    /** The registered cluster with this id, compared ignoring case. */
    public SimulatedCluster cluster(String clusterResourceId) {
        SimulatedCluster cluster = clusters.get(ArmResourceId.key(clusterResourceId));
        if (cluster == null) {
            throw new IllegalArgumentException("No simulated cluster " + clusterResourceId);
        }
        return cluster;
    }

    /** Changes what ARM reports for a cluster from the next request on; the resource id cannot change. */
    public SimulatedClusterSpec updateCluster(String clusterResourceId, UnaryOperator<SimulatedClusterSpec> change) {
        SimulatedCluster cluster = cluster(clusterResourceId);
        synchronized (cluster) {
            SimulatedClusterSpec updated = change.apply(cluster.spec());
            if (!ArmResourceId.key(updated.resourceId()).equals(ArmResourceId.key(cluster.resourceId()))) {
                throw new IllegalArgumentException("A cluster's resource id cannot change: " + updated.resourceId());
            }
            cluster.replaceSpec(updated);
            return updated;
        }
    }

    /** Deletes a cluster: ARM answers 404 for it and its API server stops. */
    public void removeCluster(String clusterResourceId) {
        SimulatedCluster removed = clusters.remove(ArmResourceId.key(clusterResourceId));
        if (removed != null) {
            removed.kubernetes().close();
        }
    }

    /** Denies the caller every action on this cluster (read and credentials) with 403 AuthorizationFailed. */
    public void forbid(String clusterResourceId) {
        forbidden.add(ArmResourceId.key(clusterResourceId));
    }

    /** Lifts {@link #forbid(String)}. */
    public void allow(String clusterResourceId) {
        forbidden.remove(ArmResourceId.key(clusterResourceId));
    }

    /**
      * Drops TCP 2379 between the two clusters, both ways, as a deny rule in a network security group does: neither's
      * KVStoreMesh reaches the other's clustermesh-apiserver (it times out), whatever was pushed.
      */
    public void blockPort2379(String clusterA, String clusterB) {
        network.block2379(cluster(clusterA).kubernetes(), cluster(clusterB).kubernetes());
    }

    /** Lifts {@link #blockPort2379}. */
    public void unblockPort2379(String clusterA, String clusterB) {
        network.unblock2379(cluster(clusterA).kubernetes(), cluster(clusterB).kubernetes());
    }

    /** Registers a virtual network, served with its subnets and the peerings added by {@link #peer}. */
    public void addVirtualNetwork(SimulatedVirtualNetworkSpec network) {
        networks.put(ArmResourceId.key(network.resourceId()), network);
    }

    /** Peers two registered networks in both directions, both sides Connected. */
    public void peer(String networkA, String networkB) {
        setPeeringState(networkA, networkB, SimulatedVirtualNetworkSpec.PeeringState.Connected);
        setPeeringState(networkB, networkA, SimulatedVirtualNetworkSpec.PeeringState.Connected);
    }

    /** Sets the state that {@code fromNetwork}'s peering to {@code toNetwork} reports, adding that side if missing. */
    public void setPeeringState(String fromNetwork, String toNetwork, SimulatedVirtualNetworkSpec.PeeringState state) {
        network(fromNetwork);
        network(toNetwork);
        peerings.computeIfAbsent(ArmResourceId.key(fromNetwork), key -> new ConcurrentHashMap<>())
                .put(ArmResourceId.key(toNetwork), state);
    }

    /** The next {@code count} ARM requests (not token requests) answer 429 with {@code Retry-After} in seconds. */
    public void throttleNext(int count, Duration retryAfter) {
        faults.throttleNext(count, retryAfter);
    }

    /** The next {@code count} ARM requests answer {@code status} (e.g. 500, 503) with an ARM error body. */
    public void failNext(int count, int status) {
        faults.failNext(count, status);
    }

    /** The next {@code count} ARM requests are answered only after {@code delay}, e.g. past a client timeout. */
    public void delayNext(int count, Duration delay) {
        faults.delayNext(count, delay);
    }

    /**
     * Every ARM request whose path (without query string) matches {@code pathRegex}, ignoring case, is answered only
     * after {@code delay} until {@link #clearFaults}; unlike {@link #delayNext} it is not consumed by other requests
     * that happen to run meanwhile.
     */
    public void slowDown(String pathRegex, Duration delay) {
        faults.slowDown(Pattern.compile(pathRegex, Pattern.CASE_INSENSITIVE), delay);
    }

    /** Drops every queued throttle, failure and delay, and ends {@link #slowDown}. */
    public void clearFaults() {
        faults.clear();
    }

    /**
      * How many requests with this method had a path (without query string) matching {@code pathRegex}, ignoring
      * case; e.g. {@code requestCount("GET", ".+/managedClusters/member-1")}. Token requests count too.
      */
    public int requestCount(String method, String pathRegex) {
        Pattern path = Pattern.compile(pathRegex, Pattern.CASE_INSENSITIVE);
        return (int) server.getAllServeEvents().stream()
                .map(ServeEvent::getRequest)
                .filter(request -> request.getMethod().getName().equalsIgnoreCase(method))
                .filter(request -> path.matcher(pathOf(request)).matches())
                .count();
    }

    /** Every request received so far as {@code "<METHOD> <path and query>"}, oldest first. */
    public List<String> requests() {
        return server.getAllServeEvents().stream()
                .map(ServeEvent::getRequest)
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
                .map(request -> request.getMethod().getName() + " " + request.getUrl())
                .collect(Collectors.toList());
    }

    /** Every request received so far (token requests too) with its time and body sizes, oldest first. */
    public List<ClientRequest> clientRequests() {
        return server.getAllServeEvents().stream()
                .sorted(Comparator.comparing(event -> event.getRequest().getLoggedDate()))
                .map(event -> new ClientRequest(event.getRequest().getLoggedDate().getTime(),
                        event.getRequest().getMethod().getName(), pathOf(event.getRequest()),
                        length(event.getRequest().getBody()), event.getResponse() == null ? 0 : length(event.getResponse().getBody())))
                .toList();
    }

    private static long length(byte[] body) {
        return body == null ? 0 : body.length;
    }

    /** Forgets the received requests. */
    public void resetRequests() {
        server.resetRequests();
    }

    @Override
    public void close() {
        server.stop();
        clusters.values().forEach(cluster -> cluster.kubernetes().close());
        clusters.clear();
        if (ownedIdentityDirectory != null) {
            deleteRecursively(ownedIdentityDirectory);
        }
    }

    private SimulatedVirtualNetworkSpec network(String networkId) {
        SimulatedVirtualNetworkSpec network = networks.get(ArmResourceId.key(networkId));
        if (network == null) {
            throw new IllegalArgumentException("No simulated virtual network " + networkId);
        }
        return network;
    }

    private static String pathOf(LoggedRequest request) {
        String url = request.getUrl();
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers every request from the simulator's state; WireMock only provides TLS, HTTP and the request journal. */
    private final class Router implements ResponseDefinitionTransformerV2 {

        @Override
        public String getName() {
            return "simulated-azure";
        }

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            LoggedRequest request = serveEvent.getRequest();
            String method = request.getMethod().getName();
            String path = pathOf(request);
            Matcher matcher;
            if ("POST".equals(method) && (matcher = TOKEN_PATH.matcher(path)).matches()) {
                return token(matcher.group(1), request.getBodyAsString());
            }
            if (ARM_PATH.matcher(path).matches()) {
                return arm(method, path, request);
            }
            return json(404, ArmDocuments.error("NotFound", "The simulator does not serve " + method + " " + path + ".")).build();
        }

        private ResponseDefinition arm(String method, String path, LoggedRequest request) {
            ArmFaults.Fault fault = faults.next(path);
            ResponseDefinitionBuilder answer =
                    fault.replacesAnswer() ? faultAnswer(fault, method, request) : resource(method, path, request);
            answer.withHeader("x-ms-request-id", UUID.randomUUID().toString())
                    .withHeader("x-ms-correlation-request-id", UUID.randomUUID().toString());
            if (!fault.delay().isZero()) {
                answer.withFixedDelay((int) fault.delay().toMillis());
            }
            return answer.build();
        }

        private ResponseDefinitionBuilder resource(String method, String path, LoggedRequest request) {
            Matcher matcher;
            if ("GET".equals(method) && (matcher = CLUSTER_PATH.matcher(path)).matches()) {
                return clusterRead(matcher.group(1), request);
            }
            if (("PUT".equals(method) || "PATCH".equals(method)) && (matcher = CLUSTER_PATH.matcher(path)).matches()) {
                return clusterWrite(matcher.group(1), request);
            }
            if ("POST".equals(method) && (matcher = CREDENTIAL_PATH.matcher(path)).matches()) {
                return credentials(matcher.group(1), matcher.group(2), request);
            }
            if ("GET".equals(method) && (matcher = NETWORK_PATH.matcher(path)).matches()) {
                return networkRead(matcher.group(1));
            }
            if ("GET".equals(method) && (matcher = SUBNET_PATH.matcher(path)).matches()) {
                return subnetRead(matcher.group(1), matcher.group(2));
            }
            return json(404, ArmDocuments.error("NotFound", "The simulator does not serve " + method + " " + path + "."));
        }

        private ResponseDefinitionBuilder clusterRead(String clusterId, LoggedRequest request) {
            if (forbidden.contains(ArmResourceId.key(clusterId))) {
                return forbidden(clusterId, "Microsoft.ContainerService/managedClusters/read", request);
            }
            SimulatedCluster cluster = clusters.get(ArmResourceId.key(clusterId));
            return cluster == null
                    ? notFound(clusterId)
                    : json(200, ArmDocuments.managedCluster(cluster.spec()));
        }

        /**
          * An update of an existing cluster, as {@code az aks update --enable-acns} or {@code az aks upgrade} sends it: of
          * the ManagedCluster body, {@code properties.networkProfile.advancedNetworking.enabled} and
          * {@code properties.kubernetesVersion} are applied, anything else is ignored. Real ARM answers a PUT with 200 or
          * 201 and {@code Azure-AsyncOperation}, the cluster {@code Updating} until the operation ends; the simulator
          * applies the change at once and answers a plain 200 with the updated cluster, which every client accepts.
          * Creating clusters is not simulated: the scenario defines them.
          */
        private ResponseDefinitionBuilder clusterWrite(String clusterId, LoggedRequest request) {
            if (forbidden.contains(ArmResourceId.key(clusterId))) {
                return forbidden(clusterId, "Microsoft.ContainerService/managedClusters/write", request);
            }
            SimulatedCluster cluster = clusters.get(ArmResourceId.key(clusterId));
            if (cluster == null) {
                return notFound(clusterId);
            }
            JsonNode body;
            try {
                body = ArmDocuments.JSON.readTree(request.getBodyAsString());
            } catch (RuntimeException malformed) {
                return json(400, ArmDocuments.error("InvalidRequestContent",
                        "The request content was invalid and could not be deserialized: " + malformed.getMessage()));
            }
            if (body == null || !body.isObject()) {
                return json(400, ArmDocuments.error("InvalidRequestContent",
                        "The request content must be a ManagedCluster JSON object."));
            }
            JsonNode properties = body.path("properties");
            JsonNode acns = properties.path("networkProfile").path("advancedNetworking").path("enabled");
            JsonNode version = properties.path("kubernetesVersion");
            if (!acns.isMissingNode() && !acns.isBoolean()) {
                return json(400, ArmDocuments.error("InvalidParameter",
                        "properties.networkProfile.advancedNetworking.enabled must be true or false."));
            }
            if (!version.isMissingNode() && !version.isString()) {
                return json(400, ArmDocuments.error("InvalidParameter", "properties.kubernetesVersion must be a string."));
            }
            SimulatedClusterSpec updated = updateCluster(clusterId, spec -> {
                SimulatedClusterSpec.Builder builder = spec.toBuilder();
                if (acns.isBoolean()) {
                    builder.advancedNetworkingEnabled(acns.asBoolean());
                }
                if (version.isString()) {
                    builder.kubernetesVersion(version.asString());
                }
                return builder.build();
            });
            return json(200, ArmDocuments.managedCluster(updated));
        }

        private ResponseDefinitionBuilder credentials(String clusterId, String action, LoggedRequest request) {
            if (forbidden.contains(ArmResourceId.key(clusterId))) {
                return forbidden(clusterId, "Microsoft.ContainerService/managedClusters/" + action + "/action", request);
            }
            SimulatedCluster cluster = clusters.get(ArmResourceId.key(clusterId));
            if (cluster == null) {
                return notFound(clusterId);
            }
            SimulatedClusterSpec spec = cluster.spec();
            SimulatedKubernetes kubernetes = cluster.kubernetes();
            String user = "_" + spec.resourceGroup() + "_" + spec.name();
            if ("listClusterAdminCredential".equalsIgnoreCase(action)) {
                if (spec.localAccountsDisabled()) {
                    return json(400, ArmDocuments.error("BadRequest",
                            "Getting static credential is not allowed because this cluster is set to disable local accounts."));
                }
                return json(200, ArmDocuments.credentialResults("clusterAdmin",
                        Kubeconfigs.withToken(kubernetes.url(), spec.name(), "clusterAdmin" + user, kubernetes.clientToken())));
            }
            String kubeconfig = spec.aad()
                    ? Kubeconfigs.withKubelogin(kubernetes.url(), spec.name(), "clusterUser" + user, spec.aadTenantId())
                    : Kubeconfigs.withToken(kubernetes.url(), spec.name(), "clusterUser" + user, kubernetes.clientToken());
            return json(200, ArmDocuments.credentialResults("clusterUser", kubeconfig));
        }

        private ResponseDefinitionBuilder networkRead(String networkId) {
            SimulatedVirtualNetworkSpec network = networks.get(ArmResourceId.key(networkId));
            if (network == null) {
                return notFound(networkId);
            }
            List<ArmDocuments.Peering> sides = new ArrayList<>();
            peerings.getOrDefault(ArmResourceId.key(networkId), Map.of()).forEach((remoteKey, state) -> {
                SimulatedVirtualNetworkSpec remote = networks.get(remoteKey);
                String remoteName = ArmResourceId.parse(remote.resourceId()).name();
                String localName = ArmResourceId.parse(network.resourceId()).name();
                sides.add(new ArmDocuments.Peering(localName + "-to-" + remoteName, remote.resourceId(),
                        remote.addressPrefixes(), state));
            });
            sides.sort(Comparator.comparing(ArmDocuments.Peering::name));
            return json(200, ArmDocuments.virtualNetwork(network, sides));
        }

        private ResponseDefinitionBuilder subnetRead(String networkId, String subnetName) {
            SimulatedVirtualNetworkSpec network = networks.get(ArmResourceId.key(networkId));
            if (network == null) {
                return notFound(networkId);
            }
            return network.subnets().keySet().stream()
                    .filter(subnetName::equalsIgnoreCase)
                    .findFirst()
                    .map(name -> json(200, ArmDocuments.subnet(network, name)))
                    .orElseGet(() -> notFound(networkId + "/subnets/" + subnetName));
        }

        private ResponseDefinition token(String tenant, String form) {
            Map<String, String> fields = formFields(form);
            String clientId = fields.getOrDefault("client_id", UNKNOWN_CLIENT);
            String scope = fields.getOrDefault("scope", "https://management.azure.com/.default");
            return json(200, ArmDocuments.accessToken(tenant, clientId, scope, Instant.now().getEpochSecond())).build();
        }

        private ResponseDefinitionBuilder faultAnswer(ArmFaults.Fault fault, String method, LoggedRequest request) {
            if (fault.status() == 429) {
                long seconds = Math.max(1, fault.retryAfter().toSeconds());
                return json(429, ArmDocuments.error("SubscriptionRequestsThrottled",
                                "Number of '" + ("GET".equals(method) ? "read" : "write") + "' requests for subscription actor '" + clientOf(request) + "' exceeded. Please try again"
                                        + " after '" + seconds + "' seconds after the additional tokens are available. Refer to"
                                        + " https://aka.ms/armthrottling for additional information."))
                        .withHeader("Retry-After", Long.toString(seconds))
                        .withHeader("x-ms-ratelimit-remaining-subscription-reads", "0");
            }
            return json(fault.status(), ArmDocuments.error(
                    fault.status() == 503 ? "ServiceUnavailable" : "InternalServerError",
                    "The service encountered an internal error. Please try again later."));
        }

        private ResponseDefinitionBuilder notFound(String resourceId) {
            ArmResourceId id = ArmResourceId.parse(resourceId.replaceFirst("/subnets/[^/]+$", ""));
            String resource = resourceId.contains("/subnets/")
                    ? id.provider() + "/" + id.type() + "/" + id.name() + "/subnets/" + resourceId.substring(resourceId.lastIndexOf('/') + 1)
                    : id.provider() + "/" + id.type() + "/" + id.name();
            return json(404, ArmDocuments.error("ResourceNotFound",
                    "The Resource '" + resource + "' under resource group '" + id.resourceGroup()
                            + "' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"));
        }

        private ResponseDefinitionBuilder forbidden(String resourceId, String action, LoggedRequest request) {
            String clientId = clientOf(request);
            return json(403, ArmDocuments.error("AuthorizationFailed",
                    "The client '" + clientId + "' with object id '" + ArmDocuments.objectIdOf(clientId)
                            + "' does not have authorization to perform action '" + action + "' over scope '" + resourceId
                            + "' or the scope is invalid. If access was recently granted, please refresh your credentials."));
        }

        private ResponseDefinitionBuilder json(int status, String body) {
            return ResponseDefinitionBuilder.responseDefinition()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody(body);
        }
    }

    /** The {@code appid} claim of the caller's bearer token, which this simulator issued; a fixed id otherwise. */
    private static String clientOf(LoggedRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return UNKNOWN_CLIENT;
        }
        String[] parts = authorization.substring("Bearer ".length()).split("\\.");
        try {
            JsonNode claims = ArmDocuments.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return claims.path("appid").asString(UNKNOWN_CLIENT);
        } catch (RuntimeException notOurToken) {
            return UNKNOWN_CLIENT;
        }
    }

    private static Map<String, String> formFields(String form) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : form.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }
}
