package org.fleetmesh.rp.testing;

import java.nio.file.Path;
import java.util.Map;
import java.util.LinkedHashMap;
import org.fleetmesh.simulator.LocalRun;
import org.fleetmesh.simulator.SimulatedAzure;
import org.fleetmesh.simulator.TlsIdentity;

/**
 * The simulated Azure the service's tests run against, and the configuration that points the service at it.
 * The JDK reads its trust store at the first TLS handshake, so the simulator's certificate is made trusted here,
 * when the class loads, before any test starts a handshake.
 */
public final class TestAzure {

    public static final TlsIdentity IDENTITY = TlsIdentity.loadOrGenerate(Path.of("target", "simulated-azure-tls"));
    public static final String CLIENT_ID = LocalRun.CLIENT_ID;

    static {
        IDENTITY.trustStoreSystemProperties().forEach(System::setProperty);
    }

    /** The directory holding {@link #IDENTITY}, for a simulated Azure in another JVM to present the same certificate. */
    public static Path identityDirectory() {
        return IDENTITY.trustStore().getParent();
    }

    public static SimulatedAzure start() {
        return SimulatedAzure.start(IDENTITY);
    }

    /** The service's Azure settings for a simulated Azure, as Spring properties, with limits short enough for tests. */
    public static Map<String, String> serviceProperties(SimulatedAzure azure) {
        return withTestLimits(LocalRun.serviceProperties(azure));
    }

    /** A simulated Azure's service properties (as {@link LocalRun#serviceProperties} makes them) with the tests' limits. */
    public static Map<String, String> withTestLimits(Map<String, String> simulatedAzureProperties) {
        Map<String, String> properties = new LinkedHashMap<>(simulatedAzureProperties);
        properties.put("fleetmesh.azure.max-retries", "2");
        properties.put("fleetmesh.azure.call-timeout", "5s");
        return properties;
    }

    private TestAzure() {
    }
}
