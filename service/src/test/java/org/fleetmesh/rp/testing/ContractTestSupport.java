package org.fleetmesh.rp.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.fleetmesh.rp.security.LocalTokenIssuer;
import org.fleetmesh.simulator.SimulatedAzure;
import org.fleetmesh.simulator.SimulatedCluster;
import org.fleetmesh.simulator.SimulatedClusterSpec;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives the running service over real HTTP, as an ARM client would, against the machine's PostgreSQL.
 * Each test gets a subscription of its own, registered through the lifecycle API, so tests never see each
 * other's resources. Every exchange is recorded for the oav traffic check.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
public abstract class ContractTestSupport {

    protected static final String PREVIEW = "2026-06-02-preview";
    protected static final String OLD_PREVIEW = "2026-03-02-preview";
    protected static final String STABLE = "2026-06-01";
    protected static final String OLD_STABLE = "2025-03-01";
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger CLUSTERS = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One simulated Azure for the whole suite, like the one Spring context the suite shares. */
    protected static final SimulatedAzure AZURE = TestAzure.start();

    @DynamicPropertySource
    static void simulatedAzure(DynamicPropertyRegistry registry) {
        TestAzure.serviceProperties(AZURE).forEach((name, value) -> registry.add(name, () -> value));
    }

    @Value("${local.server.port}")
    protected int port;

    @Value("${local.management.port}")
    protected int managementPort;

    @Autowired
    protected LocalTokenIssuer tokens;

    protected final String subscription = UUID.randomUUID().toString();

    @BeforeEach
    protected void registerSubscription() {
        // A fault one test queued and did not use up must not slow or fail the next test's requests.
        AZURE.clearFaults();
        assertThat(lifecycle(subscription, "Registered").status()).isEqualTo(200);
    }

    protected Response lifecycle(String subscriptionId, String state) {
        return call("PUT", "/subscriptions/" + subscriptionId + "?api-version=2.0")
                .body("{\"state\":\"" + state + "\",\"registrationDate\":\"Thu, 26 Nov 2026 10:00:00 GMT\","
                        + "\"properties\":{\"tenantId\":\"" + UUID.randomUUID() + "\"}}")
                .send();
    }

    protected String resourceGroupPath(String resourceGroup) {
        return "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup + "/providers/Microsoft.ContainerService";
    }

    protected String fleetPath(String resourceGroup, String fleet) {
        return resourceGroupPath(resourceGroup) + "/fleets/" + fleet;
    }

    protected String memberPath(String resourceGroup, String fleet, String member) {
        return fleetPath(resourceGroup, fleet) + "/members/" + member;
    }

    protected String profilePath(String resourceGroup, String fleet, String profile) {
        return fleetPath(resourceGroup, fleet) + "/clusterMeshProfiles/" + profile;
    }

    /** An AKS cluster that exists in the simulated Azure, able to join a mesh. */
    protected String clusterId(String name) {
        return cluster(name).resourceId();
    }

    protected SimulatedCluster cluster(String name) {
        String id = "/subscriptions/" + subscription + "/resourceGroups/clusters/providers/Microsoft.ContainerService/"
                + "managedClusters/" + name;
        try {
            return AZURE.cluster(id);
        } catch (IllegalArgumentException notYet) {
            int n = CLUSTERS.incrementAndGet();
            return AZURE.addCluster(SimulatedClusterSpec.meshable(id, "10." + (n / 256) + "." + (n % 256) + ".0/24"));
        }
    }

    /** The properties of member {@code name} of fleet {@code rg/f1}, as GET shows them in the preview. */
    protected JsonNode member(String name) {
        return call("GET", memberPath("rg", "f1", name), PREVIEW).send().json().path("properties");
    }

    /** The mesh state of member {@code name} of fleet {@code rg/f1}. */
    protected String memberState(String name) {
        return member(name).at("/meshProperties/status/state").asString();
    }

    /** Creates a fleet in westus, waits for the operation, and returns the fleet as GET shows it then. */
    protected JsonNode createFleet(String resourceGroup, String fleet) {
        Completed created = call("PUT", fleetPath(resourceGroup, fleet), PREVIEW).body("{\"location\":\"westus\"}").complete();
        assertThat(created.accepted().status()).isIn(200, 201);
        return created.result().json();
    }

    protected JsonNode createMember(String resourceGroup, String fleet, String member, String labelsJson) {
        String labels = labelsJson == null ? "" : ",\"labels\":" + labelsJson;
        Completed created = call("PUT", memberPath(resourceGroup, fleet, member), PREVIEW)
                .body("{\"properties\":{\"clusterResourceId\":\"" + clusterId(member + "-aks") + "\"" + labels + "}}")
                .complete();
        assertThat(created.accepted().status()).as(created.accepted().text()).isIn(200, 201);
        return created.result().json();
    }

    protected JsonNode createProfile(String resourceGroup, String fleet, String profile, String selector) {
        Completed created = call("PUT", profilePath(resourceGroup, fleet, profile), PREVIEW)
                .body("{\"properties\":{\"memberSelector\":{\"byLabel\":\"" + selector + "\"}}}").complete();
        assertThat(created.accepted().status()).as(created.accepted().text()).isIn(200, 201);
        return created.result().json();
    }

    /**
     * POST apply as Azure's CLI sees it: 200 with the profile Applying at once; then, as a client that wants the
     * outcome does, the operation named by {@code status.lastOperationId} followed to its end and the profile read
     * again. A refused apply is returned as it came.
     */
    protected Completed applyProfile(String resourceGroup, String fleet, String profile) {
        return followApply(resourceGroup, fleet, profile,
                call("POST", profilePath(resourceGroup, fleet, profile) + "/apply", PREVIEW).send());
    }

    /** The apply that answered so, followed to its end; the profile read again. */
    protected Completed followApply(String resourceGroup, String fleet, String profile, Response accepted) {
        if (accepted.status() != 200) {
            return new Completed(accepted, null, accepted);
        }
        JsonNode applying = accepted.json();
        assertThat(applying.at("/properties/status/state").asString()).as("state in apply's answer").isEqualTo("Applying");
        assertThat(accepted.header("Azure-AsyncOperation")).as("apply answers at once, with nothing to poll").isNull();
        String location = call("GET", fleetPath(resourceGroup, fleet), PREVIEW).send().json().path("location").asString();
        JsonNode operation = awaitApply(location, applying);
        return new Completed(accepted, operation, call("GET", profilePath(resourceGroup, fleet, profile), PREVIEW).send());
    }

    /** The final status of the apply that answered {@code applying}: its lastOperationId, in its fleet's location. */
    protected JsonNode awaitApply(String location, JsonNode applying) {
        String status = "/subscriptions/" + subscription + "/providers/Microsoft.ContainerService/locations/" + location
                + "/operationStatuses/" + applying.at("/properties/status/lastOperationId").asString();
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> call("GET", status, PREVIEW).send().json(),
                        op -> Set.of("Succeeded", "Failed", "Canceled").contains(op.path("status").asString()));
    }

    /** The final status of the operation an accepted write named in its Azure-AsyncOperation header. */
    protected JsonNode awaitOperation(String azureAsyncOperation) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> call("GET", local(azureAsyncOperation)).send().json(),
                        op -> Set.of("Succeeded", "Failed", "Canceled").contains(op.path("status").asString()));
    }

    /** An ARM error body with this status, code and target (null: any target), the code mirrored in x-ms-error-code. */
    protected static void assertArmError(Response response, int status, String code, String target) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.errorCode()).isEqualTo(code);
        assertThat(response.header("x-ms-error-code")).isEqualTo(code);
        assertThat(response.json().path("error").path("message").asString()).isNotBlank();
        if (target != null) {
            assertThat(response.json().path("error").path("target").asString()).isEqualTo(target);
        }
    }

    /** Path and query of an absolute URL the service returned, to call it on this test's server. */
    protected static String local(String absoluteUrl) {
        URI uri = URI.create(absoluteUrl);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    protected Call call(String method, String path, String apiVersion) {
        return call(method, path + (path.contains("?") ? "&" : "?") + "api-version=" + apiVersion);
    }

    protected Call call(String method, String pathAndQuery) {
        return new Call(method, pathAndQuery);
    }

    /** One HTTP request being built. */
    public final class Call {
        private final String method;
        private final String pathAndQuery;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String body;
        private boolean invalidRequest;
        private boolean authenticated = true;
        private boolean recorded = true;
        private boolean management;

        Call(String method, String pathAndQuery) {
            this.method = method;
            this.pathAndQuery = pathAndQuery;
        }

        public Call body(String json) {
            this.body = json;
            headers.putIfAbsent("Content-Type", "application/json");
            return this;
        }

        public Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** The request breaks the contract on purpose; only the response is held to the Swagger. */
        public Call invalidRequest() {
            this.invalidRequest = true;
            return this;
        }

        /** The call addresses an operation the api-version's Swagger does not have; there is nothing to validate. */
        public Call outsideContract() {
            this.recorded = false;
            return this;
        }

        /** Sends to the management port (probes and metrics) instead of the API. */
        public Call onManagementPort() {
            this.management = true;
            this.recorded = false;
            return this;
        }

        public Call withoutToken() {
            this.authenticated = false;
            return this;
        }

        /**
         * Sends the write and follows it to its end as an ARM client does: polls Azure-AsyncOperation until the
         * status is terminal, then reads the final result where the API says it is (the resource for PUT, the
         * Location URL otherwise).
         */
        public Completed complete() {
            Response accepted = exchange();
            JsonNode operation = awaitEnd(accepted);
            if (operation == null) {
                // Refused, or completed at once (a write whose operation ended within the synchronous budget answers
                // as a completed one: the final resource, or 200 for a DELETE, with nothing to poll).
                return new Completed(accepted, null, accepted);
            }
            String location = accepted.header("Location");
            Response result = method.equals("PUT") || location == null
                    ? call("GET", pathAndQuery).send()
                    : call("GET", local(location)).send();
            return new Completed(accepted, operation, result);
        }

        /**
         * Sends the request and returns the first answer. An accepted write is still followed to its end, using
         * the headers it returned, so that no test leaves an operation running for the next one to trip over.
         */
        public Response send() {
            Response response = exchange();
            awaitEnd(response);
            return response;
        }

        /** The final operation status of an accepted write; null for anything else. */
        private JsonNode awaitEnd(Response accepted) {
            String status = accepted.header("Azure-AsyncOperation");
            if (method.equals("GET") || status == null || accepted.status() >= 300) {
                return null;
            }
            assertThat(accepted.header("Retry-After")).as("Retry-After").matches("\\d+");
            return awaitOperation(status);
        }

        private Response exchange() {
            URI uri = URI.create("http://127.0.0.1:" + (management ? managementPort : port) + pathAndQuery);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (authenticated && !headers.containsKey("Authorization")) {
                request.header("Authorization", "Bearer " + tokens.mint("contract-tests@fleetmesh.local", Duration.ofMinutes(10)));
            }
            headers.forEach(request::header);
            try {
                HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (recorded) {
                    Traffic.record(method, uri, headers, body, response.statusCode(), response.headers(), response.body(),
                            invalidRequest || response.statusCode() >= 400 && body != null);
                }
                return new Response(response.statusCode(), response.headers(), response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** A write followed to its end: the first answer, the final operation status, and the result. */
    public record Completed(Response accepted, JsonNode operation, Response result) {

        /** The operation's final status; Succeeded for a write answered as completed at once; null when refused. */
        public String status() {
            if (operation != null) {
                return operation.path("status").asString();
            }
            return synchronous() ? "Succeeded" : null;
        }

        /** Whether the write was answered as a completed one: 2xx, nothing to poll. */
        public boolean synchronous() {
            return operation == null && accepted.status() >= 200 && accepted.status() < 300
                    && accepted.header("Azure-AsyncOperation") == null && accepted.header("Location") == null;
        }
    }

    /** A response, with the views the assertions need. */
    public record Response(int status, java.net.http.HttpHeaders headers, String text) {

        public JsonNode json() {
            return text == null || text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String errorCode() {
            return json().path("error").path("code").asString(null);
        }
    }
}
