package org.fleetmesh.rp.testing;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.fleetmesh.simulator.SimulatedAzure;
import org.fleetmesh.simulator.TlsIdentity;

/**
 * The simulated Azure the service's tests run against, and the configuration that points the service at it.
 * The JDK reads its trust store at the first TLS handshake, so the simulator's certificate is made trusted here,
 * when the class loads, before any test starts a handshake.
 */
public final class TestAzure {

    public static final TlsIdentity IDENTITY = TlsIdentity.loadOrGenerate(Path.of("target", "simulated-azure-tls"));
    public static final String TENANT = UUID.randomUUID().toString();
    public static final String CLIENT_ID = "3f1b7c1e-0000-4000-8000-00000000f1ee";

    static {
        IDENTITY.trustStoreSystemProperties().forEach(System::setProperty);
    }

    public static SimulatedAzure start() {
        return SimulatedAzure.start(IDENTITY);
    }

    /** The service's Azure settings for a simulated Azure at this endpoint, as Spring properties. */
    public static Map<String, String> serviceProperties(SimulatedAzure azure) {
        return Map.of(
                "fleetmesh.azure.resource-manager-endpoint", azure.endpoint(),
                "fleetmesh.azure.authority-host", azure.endpoint(),
                "fleetmesh.azure.credential", "client-secret",
                "fleetmesh.azure.tenant-id", TENANT,
                "fleetmesh.azure.client-id", CLIENT_ID,
                "fleetmesh.azure.client-secret", "simulated-secret",
                "fleetmesh.azure.max-retries", "2",
                "fleetmesh.azure.call-timeout", "5s");
    }

    private TestAzure() {
    }
}
