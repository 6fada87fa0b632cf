package org.fleetmesh.simulator;

import java.nio.file.Path;

/**
  * Makes this test JVM trust the one simulator identity the module's tests share. The JDK builds its default SSL
  * context, and so reads {@code javax.net.ssl.trustStore}, at the first TLS use; every test class that talks TLS
  * touches {@link #IDENTITY} first, so the stores exist and the properties are set before that happens.
  */
final class JvmTrustsSimulatedAzure {

    static final TlsIdentity IDENTITY = TlsIdentity.loadOrGenerate(Path.of("target", "simulated-azure-tls"));

    static {
        IDENTITY.trustStoreSystemProperties().forEach(System::setProperty);
    }

    private JvmTrustsSimulatedAzure() {
    }
}
