package org.fleetmesh.rp.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.HttpClientOptions;
import com.azure.resourcemanager.resources.fluentcore.arm.AzureConfigurable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ErrorCode;
import org.springframework.stereotype.Component;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every call to Azure Resource Manager shares, whichever SDK makes it: one credential, HTTP client and cloud;
 * one retry policy (429 and 5xx retried after the Retry-After Azure asks for); one bound on calls in flight across
 * the replica; one timeout per call, retries included; and one translation of Azure's failures into errors the
 * caller can act on.
 */
@Component
class AzureCalls {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final AzureSettings settings;
    private final TokenCredential credential;
    private final HttpClient httpClient;
    private final AzureEnvironment environment;
    private final Semaphore inFlight;

    AzureCalls(AzureSettings settings) {
        this.settings = settings;
        this.credential = AzureCredentials.lazy(settings);
        this.httpClient = HttpClient.createDefault(new HttpClientOptions()
                .setConnectTimeout(Duration.ofSeconds(10))
                .setResponseTimeout(settings.callTimeout()));
        this.environment = new AzureEnvironment(Map.of(
                "resourceManagerEndpointUrl", settings.resourceManagerEndpoint(),
                "managementEndpointUrl", settings.resourceManagerEndpoint(),
                "activeDirectoryEndpointUrl", settings.authorityHost()));
        this.inFlight = new Semaphore(settings.maxConcurrentCalls());
    }

    /** Builds an SDK manager for one subscription; {@code authenticate} is the manager's own {@code authenticate}. */
    <C extends AzureConfigurable<C>, M> M manager(C configurable, String subscriptionId, Authenticator<C, M> authenticate) {
        C configured = configurable
                .withHttpClient(httpClient)
                // Null header: the policy honours whichever of Retry-After / retry-after-ms Azure sent.
                .withRetryPolicy(new RetryPolicy(new ExponentialBackoff(settings.maxRetries(),
                        Duration.ofMillis(500), Duration.ofSeconds(20))));
        return authenticate.authenticate(configured, credential, new AzureProfile(settings.tenantId(), subscriptionId,
                environment));
    }

    /** A manager's {@code Configurable.authenticate(credential, profile)}. */
    @FunctionalInterface
    interface Authenticator<C, M> {
        M authenticate(C configured, TokenCredential credential, AzureProfile profile);
    }

    TokenCredential credential() {
        return credential;
    }

    /**
     * GETs a resource through an SDK client's own pipeline (its authentication, retries and logging), for fields the
     * SDK's models do not carry yet. Answers the body of a 2xx response; fails any other with a
     * {@link ManagementException} as the SDK would, carrying ARM's error code.
     */
    Mono<byte[]> getRaw(HttpPipeline pipeline, String endpoint, String resourceId, String apiVersion) {
        String path = Arrays.stream(resourceId.split("/"))
                .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
        String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        HttpRequest request = new HttpRequest(HttpMethod.GET, base + path + "?api-version=" + apiVersion)
                .setHeader(HttpHeaderName.ACCEPT, "application/json");
        return Mono.usingWhen(pipeline.send(request),
                response -> response.getBodyAsByteArray().defaultIfEmpty(new byte[0])
                        .map(body -> successful(response, body)),
                response -> Mono.fromRunnable(response::close));
    }

    private static byte[] successful(HttpResponse response, byte[] body) {
        int status = response.getStatusCode();
        if (status / 100 == 2) {
            return body;
        }
        JsonNode error = readTree(body).path("error");
        String code = error.path("code").stringValue(null);
        String message = error.path("message").stringValue("");
        throw new ManagementException("Status code " + status + ", " + (code == null ? "" : code + ": ") + message,
                response, code == null ? null : new ManagementError(code, message));
    }

    private static JsonNode readTree(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (RuntimeException notJson) {
            return JSON.missingNode();
        }
    }

    /**
     * Runs one request within the bound on calls in flight and the call timeout. A 404 fails with what
     * {@code action.notFound} makes of ARM's error code; 401 and 403 with {@code AuthorizationFailed}; any other failure
     * Azure answered (after the retries) with {@code AzureRequestFailed}; a call past the timeout with
     * {@code AzureRequestTimedOut}.
     */
    <T> T call(ArmAction action, Mono<T> request) {
        try {
            inFlight.acquire();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while waiting to call Azure"));
        }
        try {
            return request.timeout(settings.callTimeout()).block();
        } catch (ManagementException failure) {
            throw translate(action, failure);
        } catch (RuntimeException failure) {
            if (Exceptions.unwrap(failure) instanceof TimeoutException) {
                throw new ArmException(ErrorCode.AZURE_REQUEST_TIMED_OUT, "Azure Resource Manager did not answer the "
                        + action.name() + " request for '" + action.resourceId() + "' within "
                        + settings.callTimeout().toSeconds() + " seconds. Retry; if it keeps timing out, check Azure's "
                        + "status for the resource's region.", action.resourceId());
            }
            throw failure;
        } finally {
            inFlight.release();
        }
    }

    /** Whether ARM answered that the resource does not exist. */
    static boolean notFound(Throwable failure) {
        return failure instanceof ManagementException management && management.getResponse() != null
                && management.getResponse().getStatusCode() == 404;
    }

    private ArmException translate(ArmAction action, ManagementException failure) {
        int status = failure.getResponse() == null ? 0 : failure.getResponse().getStatusCode();
        String azureCode = failure.getValue() == null ? null : failure.getValue().getCode();
        if (status == 404) {
            return action.notFound().apply(azureCode);
        }
        if (status == 401 || status == 403) {
            return new ArmException(ErrorCode.AUTHORIZATION_FAILED, settings.identityDescription() + " may not perform '"
                    + action.permission() + "' on '" + action.resourceId() + "'. Grant it " + action.grant(),
                    action.target());
        }
        return new ArmException(ErrorCode.AZURE_REQUEST_FAILED, "Azure Resource Manager failed the " + action.name()
                + " request for '" + action.resourceId() + "' with status " + status
                + (azureCode == null ? "" : " (" + azureCode + ")") + " after " + settings.maxRetries()
                + " retries. Retry later.", action.resourceId());
    }

    /**
     * One call, described for the errors it can end in.
     *
     * @param name       the action as ARM names it after the resource type, e.g. {@code read}
     * @param permission the RBAC action it needs, e.g. {@code Microsoft.Network/virtualNetworks/read}
     * @param grant      how to grant that permission, completing "Grant it ..."
     * @param target     the request field an authorization failure points at
     * @param notFound   the error a 404 becomes, from ARM's error code
     */
    record ArmAction(String resourceId, String name, String permission, String grant, String target,
            Function<String, ArmException> notFound) {
    }
}
