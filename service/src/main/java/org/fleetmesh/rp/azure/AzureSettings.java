package org.fleetmesh.rp.azure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the service reaches Azure Resource Manager: the cloud's endpoints (sovereign clouds and test fakes set
 * their own), the identity it authenticates as, and the limits every call runs under.
 *
 * @param credential          {@code workload-identity} on AKS, {@code managed-identity}, {@code azure-cli} for a
 *                            developer, or {@code client-secret}
 * @param clientId            the application (or user-assigned identity) the service runs as; shown in
 *                            authorization errors so an administrator knows whom to grant
 * @param maxConcurrentCalls  calls in flight at once, across all operations of this replica
 * @param callTimeout         one call, retries included
 * @param maxRetries          retries of a throttled (429) or failed (5xx) call, each after the Retry-After Azure asked for
 */
@ConfigurationProperties("fleetmesh.azure")
public record AzureSettings(String resourceManagerEndpoint, String authorityHost, String credential, String tenantId,
        String clientId, String clientSecret, int maxConcurrentCalls, Duration callTimeout, int maxRetries) {

    public AzureSettings {
        if (maxConcurrentCalls <= 0) {
            maxConcurrentCalls = 16;
        }
        if (callTimeout == null) {
            callTimeout = Duration.ofSeconds(30);
        }
    }

    /** Who the service is, in words an administrator can act on. */
    String identityDescription() {
        return clientId == null || clientId.isBlank() ? "the service's identity (" + credential + ")"
                : "the service's identity (client id " + clientId + ")";
    }
}
