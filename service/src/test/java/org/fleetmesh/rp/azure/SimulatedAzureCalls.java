package org.fleetmesh.rp.azure;

import java.time.Duration;
import org.fleetmesh.rp.testing.TestAzure;
import org.fleetmesh.simulator.LocalRun;
import org.fleetmesh.simulator.SimulatedAzure;

/** The adapters' shared Azure access pointed at a simulated Azure, built without Spring to keep the tests fast. */
final class SimulatedAzureCalls {

    static final String SUBSCRIPTION = "6b1f3c0e-0000-4000-8000-00000000a2e1";

    /**
     * Long enough for a first call in a cold JVM on a loaded machine (token, TLS, the SDK's retries with their
     * backoff), for tests that are not about the call timeout.
     */
    static final Duration PATIENT = Duration.ofSeconds(30);

    /** Settings as the service's, with two retries and the given call timeout. */
    static AzureCalls calls(SimulatedAzure azure, Duration callTimeout) {
        return new AzureCalls(new AzureSettings(azure.endpoint(), azure.endpoint(), AzureSettings.Credential.CLIENT_SECRET, LocalRun.TENANT,
                TestAzure.CLIENT_ID, "simulated-client-secret", 4, callTimeout, 2));
    }

    private SimulatedAzureCalls() {
    }
}
