package org.fleetmesh.rp.azure;

import static org.fleetmesh.rp.settings.ValidatedSettings.requireAtLeast;
import static org.fleetmesh.rp.settings.ValidatedSettings.requirePositive;

import java.time.Duration;
import java.util.Locale;
import org.fleetmesh.rp.settings.ValidatedSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.ValidationUtils;

/**
 * How the service reaches Azure Resource Manager: the cloud's endpoints (sovereign clouds and test fakes set
 * their own), the identity it authenticates as, and the limits every call runs under. The defaults are in
 * {@code application.yaml}.
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
public record AzureSettings(String resourceManagerEndpoint, String authorityHost, Credential credential, String tenantId,
        String clientId, String clientSecret, int maxConcurrentCalls, Duration callTimeout, int maxRetries)
        implements ValidatedSettings {

    /** How the service authenticates to Azure; configured in kebab case ({@code workload-identity}). */
    public enum Credential {
        WORKLOAD_IDENTITY, MANAGED_IDENTITY, AZURE_CLI, CLIENT_SECRET;

        /** As configured, so that messages name the value an operator wrote. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    @Override
    public void check(Errors errors) {
        ValidationUtils.rejectIfEmptyOrWhitespace(errors, "resourceManagerEndpoint", "required", "must name the endpoint");
        ValidationUtils.rejectIfEmptyOrWhitespace(errors, "authorityHost", "required", "must name the endpoint");
        if (credential == null) {
            errors.rejectValue("credential", "required", "must be workload-identity, managed-identity, azure-cli or "
                    + "client-secret");
        } else if (credential == Credential.CLIENT_SECRET) {
            for (String field : new String[] {"tenantId", "clientId", "clientSecret"}) {
                ValidationUtils.rejectIfEmptyOrWhitespace(errors, field, "required", "must be set with credential client-secret");
            }
        }
        requireAtLeast(errors, "maxConcurrentCalls", maxConcurrentCalls, 1);
        requirePositive(errors, "callTimeout", callTimeout);
        requireAtLeast(errors, "maxRetries", maxRetries, 0);
    }

    /** Who the service is, in words an administrator can act on. */
    String identityDescription() {
        return clientId == null || clientId.isBlank() ? "the service's identity (" + credential + ")"
                : "the service's identity (client id " + clientId + ")";
    }
}
