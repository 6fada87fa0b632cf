package org.fleetmesh.rp.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.rest.Response;
import com.azure.core.http.rest.SimpleResponse;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.polling.PollResult;
import com.azure.core.management.polling.PollerFactory;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.core.util.serializer.SerializerAdapter;
import com.azure.core.management.serializer.SerializerFactory;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.fluent.models.GenericResourceInner;
import com.azure.resourcemanager.resources.fluentcore.utils.ResourceManagerUtils;
import com.azure.resourcemanager.resources.models.GenericResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleetmesh.rp.testing.PackagedService;
import org.fleetmesh.rp.testing.TestAzure;
import org.fleetmesh.simulator.Scenario;
import org.fleetmesh.simulator.SimulatedAzure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The quickstart, end to end, through a client no one here wrote: the packaged service
 * ({@code target/fleetmesh-service.jar}) serves its API over HTTPS, and the Azure SDK for Java's
 * {@code azure-resourcemanager-resources} drives it as it would drive ARM. Fleets, members and cluster mesh profiles
 * are written, read and deleted with the generic resource API, whose own pollers follow the Azure-AsyncOperation and
 * Location URLs the service returns; the subscription registration, what-if and apply go through the same
 * {@link ResourceManager}'s {@link HttpPipeline} (its bearer-token, retry and other policies), and apply goes through
 * azure-core-management's {@link PollerFactory}, the poller every generated ARM client uses: apply answers 200 with
 * the profile Applying, as Azure's service does, which the poller takes as done; the test then reads the profile until
 * the mesh has converged, as {@code az fleet clustermeshprofile wait} does.
 *
 * <p>Where the test helps the SDK along, and why:
 * <ul>
 *   <li>Members and profiles (proxy resources) are written by id with bodies that hold only their properties: the
 *       fluent define and update send a region and empty tags for every resource, which the service refuses (400
 *       InvalidRequestContent: not part of the api-version).</li>
 *   <li>Existence is checked with GET: checkExistenceById sends HEAD, which the service does not serve (405).</li>
 *   <li>The service's Retry-After (10 s at least, per ARM's range, on every write still running) is shortened to 1 s,
 *       and so is the SDK's default poll
 *       interval (30 s, used after a status response with no Retry-After, as the service's are), so that the ~20
 *       long-running operations take seconds rather than minutes. Which URLs are polled, and when an operation is
 *       over, stay the SDK's decisions.</li>
 * </ul>
 *
 * <p>Alone, after packaging ({@code mvn -B -q -o package -DskipTests -pl api-spec,persistence,simulator,service}):
 * {@code mvn -B -o failsafe:integration-test failsafe:verify -pl service -Dit.test=RealSdkEndToEndIT}. The service's
 * log stays in {@code target/e2e-it}.
 */
class RealSdkEndToEndIT {

    private static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
    private static final String TENANT = "00000000-0000-0000-0000-00000000e2e0";
    private static final String SCHEMA = "fleetmesh_e2e";
    private static final String PREVIEW = "2026-06-02-preview";
    private static final String NAMESPACE = "Microsoft.ContainerService";
    private static final String GROUP = "demo";
    private static final String FLEET = "fleet1";
    private static final String PROFILE = "prod-mesh";
    private static final String NO_ACNS = "aks-no-acns";
    private static final String OVERLAY = "aks-overlay";
    private static final String OLD_CILIUM = "aks-old-cilium";
    private static final String LEAVER = "aks-west-2";
    private static final Path LOGS = Path.of("target", "e2e-it");
    /** Every long-running operation of the flow ends well within this, even on a loaded machine. */
    private static final Duration LRO_LIMIT = Duration.ofSeconds(90);
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<String> exchanges = Collections.synchronizedList(new ArrayList<>());
    private final SerializerAdapter serializer = SerializerFactory.createDefaultManagementSerializerAdapter();
    private SimulatedAzure azure;
    private PackagedService service;
    private Map<String, String> clusters;
    private ResourceManager arm;
    private HttpPipeline pipeline;
    private String endpoint;
    private Instant stepStarted;
    private boolean passed;

    @BeforeEach
    void startAzureAndTheService() {
        assertThat(PackagedService.JAR).as("the packaged service (mvn package builds it before the integration tests)")
                .exists();
        PackagedService.dropSchema(SCHEMA);
        azure = TestAzure.start();
        clusters = new LinkedHashMap<>();
        Scenario.builtIn(Scenario.DEFAULT).applyTo(azure)
                .forEach(id -> clusters.put(id.substring(id.lastIndexOf('/') + 1), id));
        stepStarted = Instant.now();
        List<String> arguments = new ArrayList<>(PackagedService.https(TestAzure.IDENTITY));
        // -De2e.synchronousBudget=0s answers every write asynchronously, as before issue 14, to compare the timings.
        String budget = System.getProperty("e2e.synchronousBudget");
        if (budget != null && !budget.isBlank()) {
            arguments.add("--fleetmesh.operations.synchronous-budget=" + budget);
        }
        service = PackagedService.start("e2e", SCHEMA, azure, LOGS.resolve(getClass().getSimpleName() + ".log"), arguments);
        endpoint = "https://127.0.0.1:" + service.port() + "/";
        AzureEnvironment environment = new AzureEnvironment(Map.of(
                "resourceManagerEndpointUrl", endpoint,
                "managementEndpointUrl", "https://management.azure.com/",
                "activeDirectoryEndpointUrl", "https://login.microsoftonline.com/"));
        arm = ResourceManager.configure()
                .withHttpClient(com.azure.core.http.HttpClient.createDefault())
                .withPolicy(this::asArmWouldForward)
                .authenticate(new LocalTokenCredential(URI.create(endpoint + "local/token")),
                        new AzureProfile(TENANT, SUBSCRIPTION, environment))
                .withDefaultSubscription();
        pipeline = arm.httpPipeline();
        // Between polls of a status URL that gives no Retry-After, the SDK waits its default poll interval (30 s).
        ResourceManagerUtils.InternalRuntimeContext.setDelayProvider(pollInterval -> POLL_INTERVAL);
        step("0 start", "simulated Azure with %d clusters, service jar ready over HTTPS on port %d", clusters.size(),
                service.port());
    }

    @AfterEach
    void stopEverything() {
        ResourceManagerUtils.InternalRuntimeContext.setDelayProvider(pollInterval -> pollInterval);
        if (!passed) {
            System.out.println("[e2e] exchanges, in the order they ended:");
            exchanges.forEach(exchange -> System.out.println("[e2e]   " + exchange));
        }
        if (service != null) {
            service.process().close();
            System.out.println("[e2e] log of the service: " + service.process().log().toAbsolutePath());
        }
        if (azure != null) {
            azure.close();
        }
    }

    @Test
    void theQuickstartRunsThroughTheAzureSdkWithItsOwnPollers() {
        Instant begun = Instant.now();
        JsonNode registered = send(HttpMethod.PUT, "/subscriptions/" + SUBSCRIPTION + "?api-version=2.0",
                "{\"state\":\"Registered\"}", 200, 201);
        step("0 register", "subscription %s: %s", SUBSCRIPTION, registered.path("state").asString());

        // 1. The fleet, with the generic API: the SDK sends the PUT and, if it is answered asynchronously, polls its
        // Azure-AsyncOperation itself. A fleet's operation ends at once, so the PUT's answer is the final one.
        int before = exchanges.size();
        long sent = System.nanoTime();
        GenericResource fleet = define("", "fleets", FLEET, Map.of()).createAsync().block(LRO_LIMIT);
        timing("fleet PUT, poller included", sent, before);
        assertThat(fleet.regionName()).isEqualTo("westus");
        assertThat(json(fleet.properties()).path("provisioningState").asString()).isEqualTo("Succeeded");
        step("1 fleet", "%s created, provisioningState %s", fleet.id(), json(fleet.properties()).path("provisioningState"));

        // 2. The seven clusters join, side by side, then are labelled for the mesh; the first alone, to time one.
        Map.Entry<String, String> firstCluster = clusters.entrySet().iterator().next();
        before = exchanges.size();
        sent = System.nanoTime();
        arm.serviceClient().getResources().createOrUpdateByIdAsync(memberId(firstCluster.getKey()), PREVIEW,
                new GenericResourceInner().withProperties(Map.of("clusterResourceId", firstCluster.getValue())))
                .block(LRO_LIMIT);
        timing("first member PUT, poller included (the service's first call to Azure: its token)", sent, before);
        before = exchanges.size();
        sent = System.nanoTime();
        List<GenericResource> members = Flux.fromIterable(clusters.entrySet())
                .flatMap(cluster -> createById(memberId(cluster.getKey()), Map.of("clusterResourceId", cluster.getValue())))
                .collectList().block(LRO_LIMIT);
        assertThat(members).extracting(GenericResource::name).containsExactlyInAnyOrderElementsOf(clusters.keySet());
        assertThat(members).allSatisfy(member -> assertThat(json(member.properties()).path("provisioningState").asString())
                .as(member.name()).isEqualTo("Succeeded"));
        timing("6 member PUTs side by side (1 a replace), pollers and GETs included", sent, before);
        step("2 join", "%d members created", members.size());
        // One member alone, warm: replaced with the same cluster (200), its operation Succeeded at once.
        before = exchanges.size();
        sent = System.nanoTime();
        arm.serviceClient().getResources().createOrUpdateByIdAsync(memberId(firstCluster.getKey()), PREVIEW,
                new GenericResourceInner().withProperties(Map.of("clusterResourceId", firstCluster.getValue())))
                .block(LRO_LIMIT);
        timing("one member PUT alone, poller included", sent, before);
        label(members, "prod");
        step("2 label", "%d members labelled mesh=prod", members.size());

        // 3. The profile selects them by label.
        GenericResource profile = createById(profilePath(), Map.of("memberSelector", Map.of("byLabel", "mesh=prod")))
                .block(LRO_LIMIT);
        assertThat(json(profile.properties()).at("/memberSelector/byLabel").asString()).isEqualTo("mesh=prod");
        step("3 profile", "%s created", profile.id());

        // 4. What-if, synchronous, through the SDK's pipeline.
        JsonNode whatIf = send(HttpMethod.POST, profilePath() + "/whatIf?api-version=" + PREVIEW, null, 200);
        Map<String, String> actions = new LinkedHashMap<>();
        whatIf.path("members").forEach(m -> actions.put(m.path("name").asString(), m.path("action").asString()));
        assertThat(actions).as(whatIf.toString()).containsOnlyKeys(clusters.keySet());
        assertThat(actions.values().stream().filter("Add"::equals)).hasSize(4);
        assertThat(actions).containsEntry(NO_ACNS, "Error").containsEntry(OVERLAY, "Error").containsEntry(OLD_CILIUM, "Error");
        assertThat(failedChecks(whatIf, NO_ACNS)).containsExactly("AcnsRequired");
        assertThat(failedChecks(whatIf, OVERLAY)).containsExactly("OverlayNotSupported");
        // AKS pairs Kubernetes 1.31 with Cilium 1.16: upgrading Kubernetes fixes both.
        assertThat(failedChecks(whatIf, OLD_CILIUM)).containsExactly("KubernetesVersionTooOld", "CiliumVersionUnsupported");
        Map<String, String> versions = new LinkedHashMap<>();
        whatIf.path("members").forEach(m -> versions.put(m.path("name").asString(), m.path("ciliumVersion").asString()));
        assertThat(versions).containsEntry("aks-east-1", "1.17.7").containsEntry("aks-east-2", "1.18.6")
                .containsEntry(OLD_CILIUM, "1.16.6");
        step("4 whatIf", "%s; Cilium %s", actions, versions);

        // 5. Apply, polled by azure-core-management's poller: four connect, the two that cannot are told why.
        Applied first = apply();
        assertThat(first.state()).isEqualTo("Degraded");
        Map<String, String> states = meshStates();
        assertThat(states).as("member mesh states").containsEntry("aks-east-1", "Connected")
                .containsEntry("aks-east-2", "Connected").containsEntry("aks-west-1", "Connected")
                .containsEntry(LEAVER, "Connected").containsEntry(NO_ACNS, "Failed").containsEntry(OVERLAY, "Failed")
                .containsEntry(OLD_CILIUM, "Failed");
        assertFailedWith(NO_ACNS, "AcnsRequired");
        assertFailedWith(OVERLAY, "OverlayNotSupported");
        assertFailedWith(OLD_CILIUM, "CiliumVersionUnsupported");
        step("5 apply", "operation %s, profile %s, members %s", first.status(), first.state(), states);

        // 6. ACNS is turned on for one of them in Azure; the next apply connects it.
        azure.updateCluster(clusters.get(NO_ACNS), spec -> spec.toBuilder().advancedNetworkingEnabled(true).build());
        Applied second = apply();
        states = meshStates();
        assertThat(states.values().stream().filter("Connected"::equals)).as(states.toString()).hasSize(5);
        assertThat(states).containsEntry(OVERLAY, "Failed").containsEntry(OLD_CILIUM, "Failed");
        assertThat(second.state()).isEqualTo("Degraded");
        step("6 fix+apply", "operation %s, profile %s, members %s", second.status(), second.state(), states);

        // 7. One member leaves the mesh by its label, and then the fleet.
        GenericResource leaver = members.stream().filter(m -> m.name().equals(LEAVER)).findFirst().orElseThrow();
        label(List.of(leaver), "none");
        Applied third = apply();
        JsonNode left = json(arm.genericResources().getById(leaver.id(), PREVIEW).properties());
        assertThat(left.has("meshProperties")).as(left.toString()).isFalse();
        assertThat(meshStates()).doesNotContainKey(LEAVER);
        before = exchanges.size();
        sent = System.nanoTime();
        arm.genericResources().deleteByIdAsync(leaver.id(), PREVIEW).block(LRO_LIMIT);
        timing("member DELETE, poller included", sent, before);
        assertThat(exists(leaver.id())).isFalse();
        step("7 leave", "operation %s, profile %s; %s relabelled, out of the mesh, deleted", third.status(), third.state(),
                LEAVER);

        // 8. The selector matches no one: the mesh empties; then the profile goes.
        GenericResource emptied = createById(profilePath(), Map.of("memberSelector", Map.of("byLabel", "mesh=none")))
                .block(LRO_LIMIT);
        assertThat(json(emptied.properties()).at("/memberSelector/byLabel").asString()).isEqualTo("mesh=none");
        Applied last = apply();
        assertThat(last.state()).isEqualTo("NotConnected");
        assertThat(meshStates()).isEmpty();
        arm.genericResources().deleteByIdAsync(profile.id(), PREVIEW).block(LRO_LIMIT);
        assertThat(exists(profile.id())).isFalse();
        step("8 empty", "operation %s, profile %s, no member in a mesh; profile deleted", last.status(), last.state());

        List<String> emptySegments = exchanges.stream().filter(exchange -> exchange.contains("//")).toList();
        System.out.printf("[e2e] whole flow: %d ms, %d exchanges, %d of them with \"//\" in the path, e.g. %s%n",
                Duration.between(begun, Instant.now()).toMillis(), exchanges.size(), emptySegments.size(),
                emptySegments.stream().distinct().limit(3).toList());
        passed = true;
    }

    /** How long a write took through the SDK, its poller included, and the requests it took (not an assertion). */
    private void timing(String what, long sentNanos, int exchangesBefore) {
        List<String> sentSince;
        synchronized (exchanges) {
            sentSince = List.copyOf(exchanges.subList(exchangesBefore, exchanges.size()));
        }
        System.out.printf("[e2e] timing: %s: %d ms, %d request(s): %s%n", what, (System.nanoTime() - sentNanos) / 1_000_000,
                sentSince.size(), sentSince);
    }

    /**
     * A top-level resource of the provider, as the generic API defines one (it asks every resource for a region).
     */
    private GenericResource.DefinitionStages.WithCreate define(String parentPath, String type, String name,
            Object properties) {
        return arm.genericResources().define(name)
                .withRegion("westus")
                .withExistingResourceGroup(GROUP)
                .withResourceType(type)
                .withProviderNamespace(NAMESPACE)
                .withoutPlan()
                .withParentResourcePath(parentPath)
                .withApiVersion(PREVIEW)
                .withProperties(properties);
    }

    /**
     * A nested (proxy) resource, created or replaced with the generic API by id: {@link #define} would send the
     * region and empty tags it sends for every resource, which a member or profile does not have in its api-version
     * (the service refuses both, 400 InvalidRequestContent), so this body holds only the properties. The SDK polls
     * the operation, then reads the resource.
     */
    private Mono<GenericResource> createById(String id, Object properties) {
        return Mono.defer(() -> {
            long sent = System.nanoTime();
            return arm.serviceClient().getResources()
                    .createOrUpdateByIdAsync(id, PREVIEW, new GenericResourceInner().withProperties(properties))
                    .doOnSuccess(done -> System.out.printf("[e2e] timing: PUT %s, poller included: %d ms%n",
                            id.substring(id.lastIndexOf('/') + 1), (System.nanoTime() - sent) / 1_000_000));
        }).then(arm.genericResources().getByIdAsync(id, PREVIEW));
    }

    /**
     * Every member gets {@code mesh=<value>}, side by side, with the generic API's PATCH by id. The fluent
     * {@code update().withProperties(...).apply()} would PATCH the empty tags it keeps for every resource as well,
     * which a member has not (400 InvalidRequestContent), so this body holds only the labels.
     */
    private void label(List<GenericResource> members, String value) {
        List<GenericResource> updated = Flux.fromIterable(members)
                .flatMap(member -> arm.serviceClient().getResources()
                        .updateByIdAsync(member.id(), PREVIEW, new GenericResourceInner()
                                .withProperties(Map.of("labels", Map.of("mesh", value))))
                        .then(arm.genericResources().getByIdAsync(member.id(), PREVIEW)))
                .collectList().block(LRO_LIMIT);
        assertThat(updated).hasSameSizeAs(members).allSatisfy(member -> assertThat(json(member.properties())
                .at("/labels/mesh").asString()).as(member.name()).isEqualTo(value));
    }

    /**
     * POST apply, as a long-running operation polled by azure-core-management's {@link PollerFactory}: it follows
     * the Azure-AsyncOperation URL, then takes the final result from Location.
     */
    private Applied apply() {
        HttpRequest request = new HttpRequest(HttpMethod.POST, endpoint + profilePath().substring(1) + "/apply?api-version="
                + PREVIEW);
        Mono<Response<Flux<ByteBuffer>>> activation = pipeline.send(request)
                .map(response -> new SimpleResponse<>(response.getRequest(), response.getStatusCode(), response.getHeaders(),
                        response.getBody()));
        SyncPoller<PollResult<Object>, Object> poller = PollerFactory.<Object, Object>create(serializer, pipeline,
                Object.class, Object.class, POLL_INTERVAL, activation, Context.NONE).getSyncPoller();
        PollResponse<PollResult<Object>> ended = poller.waitForCompletion(LRO_LIMIT);
        // Apply answers 200 with the profile Applying, as Azure's service does: for the SDK's poller the call is over.
        assertThat(ended.getStatus()).as("apply, after %s", LRO_LIMIT).isEqualTo(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);
        JsonNode applying = json(poller.getFinalResult());
        assertThat(applying.path("name").asString()).as(applying.toString()).isEqualTo(PROFILE);
        assertThat(applying.at("/properties/status/state").asString()).isEqualTo("Applying");
        // The mesh converges in the background; like `az fleet clustermeshprofile wait`, read the profile until its
        // state has moved on (an apply that leaves some members Failed ends Degraded).
        JsonNode profile = await("the apply of " + PROFILE + " ends").atMost(LRO_LIMIT).pollInterval(Duration.ofMillis(200))
                .until(() -> json(arm.genericResources().getById(profilePath(), PREVIEW).properties()),
                        properties -> !properties.at("/status/state").asString().equals("Applying"));
        return new Applied(ended.getStatus(), profile);
    }

    private record Applied(LongRunningOperationStatus status, JsonNode profile) {

        String state() {
            return profile.at("/status/state").asString();
        }
    }

    private void assertFailedWith(String member, String check) {
        JsonNode error = memberProperties(member).at("/meshProperties/status/error");
        assertThat(error.path("code").asString()).as(error.toString()).isEqualTo("MeshPrerequisitesNotMet");
        List<String> codes = new ArrayList<>();
        error.path("details").forEach(detail -> codes.add(detail.path("code").asString()));
        assertThat(codes).as(error.toString()).contains(check);
        assertThat(error.toString()).as("remediation").contains("az aks");
    }

    /** Each member's mesh state, for the members that have one, read with the generic API. */
    private Map<String, String> meshStates() {
        Map<String, String> states = new LinkedHashMap<>();
        for (String member : clusters.keySet()) {
            if (member.equals(LEAVER) && !exists(memberId(member))) {
                continue;
            }
            JsonNode mesh = memberProperties(member).path("meshProperties");
            if (!mesh.isMissingNode() && !mesh.isNull()) {
                states.put(member, mesh.at("/status/state").asString());
            }
        }
        return states;
    }

    /**
     * Whether the resource is there, by GET: the generic API's checkExistenceById sends HEAD, which the service does
     * not serve (405).
     */
    private boolean exists(String id) {
        try {
            arm.genericResources().getById(id, PREVIEW);
            return true;
        } catch (ManagementException e) {
            if (e.getResponse().getStatusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private JsonNode memberProperties(String member) {
        return json(arm.genericResources().getById(memberId(member), PREVIEW).properties());
    }

    private static List<String> failedChecks(JsonNode whatIf, String member) {
        List<String> codes = new ArrayList<>();
        whatIf.path("members").forEach(m -> {
            if (m.path("name").asString().equals(member)) {
                m.path("checks").forEach(check -> {
                    if (check.path("result").asString().equals("Failed")) {
                        codes.add(check.path("code").asString());
                    }
                });
            }
        });
        return codes;
    }

    /** A request through the manager's pipeline (bearer token, retries and all); the answer must have a listed status. */
    private JsonNode send(HttpMethod method, String pathAndQuery, String body, Integer... expected) {
        HttpRequest request = new HttpRequest(method, endpoint + pathAndQuery.substring(1));
        if (body != null) {
            request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
            request.setBody(body);
        }
        try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
            String text = response.getBodyAsBinaryData().toString();
            assertThat(response.getStatusCode()).as("%s %s: %s", method, pathAndQuery, text).isIn((Object[]) expected);
            return text == null || text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
        }
    }

    private String fleetId() {
        return "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + GROUP + "/providers/" + NAMESPACE + "/fleets/" + FLEET;
    }

    private String memberId(String member) {
        return fleetId() + "/members/" + member;
    }

    private String profilePath() {
        return fleetId() + "/clusterMeshProfiles/" + PROFILE;
    }

    private static JsonNode json(Object value) {
        return value == null ? JSON.nullNode() : JSON.valueToTree(value);
    }

    private void step(String name, String format, Object... arguments) {
        Instant now = Instant.now();
        System.out.printf("[e2e] %-12s %6d ms  %s%n", name, Duration.between(stepStarted, now).toMillis(),
                String.format(format, arguments));
        stepStarted = now;
    }

    /**
     * Between the SDK and the service: shortens the service's Retry-After and records each exchange. The requests go
     * as the SDK wrote them, empty path segments ({@code //subscriptions/...}) included.
     */
    private Mono<HttpResponse> asArmWouldForward(com.azure.core.http.HttpPipelineCallContext context,
            com.azure.core.http.HttpPipelineNextPolicy next) {
        HttpRequest request = context.getHttpRequest();
        return next.process().map(response -> {
            exchanges.add(request.getHttpMethod() + " " + request.getUrl().getPath() + " -> " + response.getStatusCode());
            return response.getHeaderValue(HttpHeaderName.RETRY_AFTER) == null ? response : new ShortRetryAfter(response);
        });
    }

    /** The response as the service sent it, but for a Retry-After of one second. */
    private static final class ShortRetryAfter extends HttpResponse {

        private final HttpResponse response;
        private final HttpHeaders headers;

        ShortRetryAfter(HttpResponse response) {
            super(response.getRequest());
            this.response = response;
            this.headers = new HttpHeaders(response.getHeaders()).set(HttpHeaderName.RETRY_AFTER,
                    Long.toString(POLL_INTERVAL.toSeconds()));
        }

        @Override
        public int getStatusCode() {
            return response.getStatusCode();
        }

        @Override
        @Deprecated
        public String getHeaderValue(String name) {
            return headers.getValue(HttpHeaderName.fromString(name));
        }

        @Override
        public String getHeaderValue(HttpHeaderName name) {
            return headers.getValue(name);
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }

        @Override
        public Flux<ByteBuffer> getBody() {
            return response.getBody();
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return response.getBodyAsByteArray();
        }

        @Override
        public Mono<String> getBodyAsString() {
            return response.getBodyAsString();
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
            return response.getBodyAsString(charset);
        }

        @Override
        public com.azure.core.util.BinaryData getBodyAsBinaryData() {
            return response.getBodyAsBinaryData();
        }

        @Override
        public void close() {
            response.close();
        }
    }

    /**
     * The stand-in for Entra ID: the local profile's {@code POST /local/token}, which mints a token for ARM's audience.
     * The scopes the SDK asks for are ARM's ({@code https://management.azure.com//.default}), which that token is for.
     */
    private static final class LocalTokenCredential implements TokenCredential {

        private final URI tokenUrl;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        LocalTokenCredential(URI tokenUrl) {
            this.tokenUrl = tokenUrl;
        }

        @Override
        public Mono<AccessToken> getToken(com.azure.core.credential.TokenRequestContext request) {
            return Mono.fromCallable(this::mint);
        }

        private AccessToken mint() throws InterruptedException {
            try {
                java.net.http.HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(tokenUrl)
                        .timeout(Duration.ofSeconds(30)).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("POST " + tokenUrl + ": " + response.statusCode() + " " + response.body());
                }
                JsonNode token = JSON.readTree(response.body());
                return new AccessToken(token.path("access_token").asString(),
                        OffsetDateTime.now().plusSeconds(token.path("expires_in").asLong()));
            } catch (IOException e) {
                throw new UncheckedIOException("POST " + tokenUrl, e);
            }
        }
    }
}
