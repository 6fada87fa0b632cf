package org.fleetmesh.rp.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.AzureCliCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
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
        String kind = settings.credential() == null ? "" : settings.credential();
        return switch (kind) {
            case "workload-identity" -> {
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
            case "managed-identity" -> {
                ManagedIdentityCredentialBuilder builder = new ManagedIdentityCredentialBuilder();
                if (notBlank(settings.clientId())) {
                    builder.clientId(settings.clientId());
                }
                yield builder.build();
            }
            case "azure-cli" -> new AzureCliCredentialBuilder().tenantId(blankToNull(settings.tenantId())).build();
            case "client-secret" -> new ClientSecretCredentialBuilder()
                    .tenantId(required(settings.tenantId(), "tenant-id"))
                    .clientId(required(settings.clientId(), "client-id"))
                    .clientSecret(required(settings.clientSecret(), "client-secret"))
                    .authorityHost(settings.authorityHost())
                    // Sovereign clouds and local fakes have no public instance-discovery endpoint.
                    .disableInstanceDiscovery()
                    .build();
            default -> throw new IllegalStateException("fleetmesh.azure.credential is '" + kind + "'; set it to "
                    + "workload-identity, managed-identity, azure-cli or client-secret.");
        };
    }

    private static String required(String value, String property) {
        if (!notBlank(value)) {
            throw new IllegalStateException("fleetmesh.azure.credential is client-secret, so fleetmesh.azure." + property
                    + " must be set.");
        }
        return value;
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    private static String blankToNull(String value) {
        return notBlank(value) ? value : null;
    }

    private AzureCredentials() {
    }
}
