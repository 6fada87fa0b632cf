package org.fleetmesh.rp.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.AzureCliCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** The credential the service authenticates to Azure with, chosen by configuration. */
final class AzureCredentials {

    /**
     * Built at the first call to Azure, not at startup: a workload identity's token file only exists in the pod,
     * and a replica that never calls Azure (say, while Azure is not configured yet) must still start.
     */
    static TokenCredential lazy(AzureSettings settings) {
        return new TokenCredential() {
            private volatile TokenCredential built;

            @Override
            public Mono<AccessToken> getToken(TokenRequestContext request) {
                return delegate().getToken(request);
            }

            @Override
            public AccessToken getTokenSync(TokenRequestContext request) {
                return delegate().getTokenSync(request);
            }

            private TokenCredential delegate() {
                if (built == null) {
                    synchronized (this) {
                        if (built == null) {
                            built = of(settings);
                        }
                    }
                }
                return built;
            }
        };
    }

    static TokenCredential of(AzureSettings settings) {
        return switch (settings.credential()) {
            case WORKLOAD_IDENTITY -> {
                // Tenant, client id and token file come from the AKS workload identity webhook's environment.
                WorkloadIdentityCredentialBuilder builder = new WorkloadIdentityCredentialBuilder()
                        .authorityHost(settings.authorityHost());
                if (notBlank(settings.clientId())) {
                    builder.clientId(settings.clientId());
                }
                if (notBlank(settings.tenantId())) {
                    builder.tenantId(settings.tenantId());
                }
                yield builder.build();
            }
            case MANAGED_IDENTITY -> {
                ManagedIdentityCredentialBuilder builder = new ManagedIdentityCredentialBuilder();
                if (notBlank(settings.clientId())) {
                    builder.clientId(settings.clientId());
                }
                yield builder.build();
            }
            case AZURE_CLI -> new AzureCliCredentialBuilder().tenantId(blankToNull(settings.tenantId())).build();
            // AzureSettings requires tenant, client id and secret with this credential
            case CLIENT_SECRET -> new ClientSecretCredentialBuilder()
                    .tenantId(settings.tenantId())
                    .clientId(settings.clientId())
                    .clientSecret(settings.clientSecret())
                    .authorityHost(settings.authorityHost())
                    // Sovereign clouds and local fakes have no public instance-discovery endpoint.
                    .disableInstanceDiscovery()
                    .build();
        };
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    private static @Nullable String blankToNull(String value) {
        return notBlank(value) ? value : null;
    }

    private AzureCredentials() {
    }
}
