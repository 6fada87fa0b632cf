package org.fleetmesh.rp.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.fleetmesh.rp.operation.testing.WorkerProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One run of the packaged service, called over HTTP as ARM would, with a token of its local issuer. */
public final class ArmSession {

    private static final Set<String> TERMINAL = Set.of("Succeeded", "Failed", "Canceled");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PackagedService service;
    private final String token;

    private ArmSession(PackagedService service, String token) {
        this.service = service;
        this.token = token;
    }

    /** A session with the service's local token issuer's token. */
    public static ArmSession open(PackagedService service) {
        String token = JSON.readTree(service.send("POST", "/local/token", null, null).body()).path("access_token").asString();
        return new ArmSession(service, token);
    }

    public WorkerProcess process() {
        return service.process();
    }

    public void assertAlive() {
        service.assertAlive();
    }

    /** Registers the subscription with the resource provider, as ARM does before its first call. */
    public void register(String subscription) {
        put("/subscriptions/" + subscription + "?api-version=2.0", "{\"state\":\"Registered\","
                + "\"registrationDate\":\"Thu, 26 Nov 2026 10:00:00 GMT\",\"properties\":{\"tenantId\":\""
                + java.util.UUID.randomUUID() + "\"}}", 200);
    }

    public HttpResponse<String> put(String pathAndQuery, String body, Integer... expected) {
        HttpResponse<String> response = send("PUT", pathAndQuery, body);
        assertThat(response.statusCode()).as("PUT %s: %s", pathAndQuery, response.body()).isIn((Object[]) expected);
        return response;
    }

    public JsonNode get(String pathAndQuery) {
        HttpResponse<String> response = send("GET", pathAndQuery, null);
        assertThat(response.statusCode()).as("GET %s: %s", pathAndQuery, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The write's operation followed to Succeeded, or its answer Succeeded when it ended within the request. */
    public void awaitSucceeded(HttpResponse<String> accepted) {
        String monitor = accepted.headers().firstValue("Azure-AsyncOperation").orElse(null);
        if (monitor == null) {
            // Ended within the synchronous budget: the answer is the completed write, with nothing to poll.
            assertThat(JSON.readTree(accepted.body()).at("/properties/provisioningState").asString())
                    .as("%s answered at once: %s", accepted.request().uri(), accepted.body()).isEqualTo("Succeeded");
            return;
        }
        JsonNode ended = awaitEnded(local(monitor), Duration.ofSeconds(60));
        assertThat(ended.path("status").asString()).as("%s: %s", accepted.request().uri(), ended).isEqualTo("Succeeded");
    }

    /**
     * An action answered as apply is (200, the profile Applying), followed through the operation its
     * {@code lastOperationId} names, in the fleet's location; returns the operation's final status.
     */
    public JsonNode followAction(HttpResponse<String> answered, String subscription, String location, Duration atMost) {
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        String operation = JSON.readTree(answered.body()).at("/properties/status/lastOperationId").asString();
        return awaitEnded("/subscriptions/" + subscription + "/providers/Microsoft.ContainerService/locations/" + location
                + "/operationStatuses/" + operation + "?api-version=2026-06-02-preview", atMost);
    }

    public JsonNode awaitEnded(String monitor, Duration atMost) {
        return await("operation " + monitor + " ends (log: " + process().log() + ")").atMost(atMost)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    assertAlive();
                    return get(monitor);
                }, status -> TERMINAL.contains(status.path("status").asString()));
    }

    public HttpResponse<String> send(String method, String pathAndQuery, String body) {
        return service.send(method, pathAndQuery, body, token);
    }

    /** Path and query of an absolute URL the service returned, to call whichever run of it is up. */
    public static String local(String absoluteUrl) {
        URI uri = URI.create(absoluteUrl);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }
}
