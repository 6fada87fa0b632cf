package org.fleetmesh.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
  * Runs the packaged service against a simulated Azure, for trying it without a subscription: starts the simulated
  * ARM endpoint and one Kubernetes API server per cluster of a scenario, then the service jar in a JVM of its own,
  * configured like any deployment (an ARM endpoint, an authority, a client secret) and trusting the simulator's
  * certificate. The service runs its real Azure SDK and fabric8 code; nothing in it knows Azure is simulated.
  *
  * <p>Arguments: {@code [--scenario=<file.json>] [--service-jar=<path>] [--azure-port=<port>]}, then anything for the
  * service itself (e.g. {@code --server.port=9090}). The simulated ARM listens on {@value #DEFAULT_AZURE_PORT} unless
  * told otherwise, so that the README's commands can change a simulated cluster as {@code az aks update} would.
  */
public final class LocalRun {

    /** The schema a local run keeps its state in; emptied at every start, as the simulated clusters start empty. */
    static final String SCHEMA = "fleetmesh_local";
    static final String DATABASE_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    /** The simulated ARM's port in a local run: fixed, so that commands written down beforehand reach it. */
    static final int DEFAULT_AZURE_PORT = 8443;

    public static final String TENANT = "00000000-0000-0000-0000-00000000feed";
    public static final String CLIENT_ID = "00000000-0000-0000-0000-0000000f1ee7";

    /** The service's configuration for a simulated Azure: where ARM and Entra ID are, and who the service is there. */
    public static Map<String, String> serviceProperties(SimulatedAzure azure) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("fleetmesh.azure.resource-manager-endpoint", azure.endpoint());
        properties.put("fleetmesh.azure.authority-host", azure.endpoint());
        properties.put("fleetmesh.azure.credential", "client-secret");
        properties.put("fleetmesh.azure.tenant-id", TENANT);
        properties.put("fleetmesh.azure.client-id", CLIENT_ID);
        properties.put("fleetmesh.azure.client-secret", "simulated-client-secret");
        return properties;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Scenario scenario = Scenario.builtIn(Scenario.DEFAULT);
        Path serviceJar = Path.of("service", "target", "fleetmesh-service.jar");
        int azurePort = DEFAULT_AZURE_PORT;
        List<String> serviceArgs = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--scenario=")) {
                scenario = Scenario.load(Path.of(arg.substring("--scenario=".length())));
            } else if (arg.startsWith("--service-jar=")) {
                serviceJar = Path.of(arg.substring("--service-jar=".length()));
            } else if (arg.startsWith("--azure-port=")) {
                azurePort = Integer.parseInt(arg.substring("--azure-port=".length()));
            } else {
                serviceArgs.add(arg);
            }
        }
        if (!Files.isRegularFile(serviceJar)) {
            System.err.println("No service jar at " + serviceJar.toAbsolutePath() + ": build it first (mvn -B -q install "
                    + "-DskipTests) and start from the repository's root, or pass --service-jar=<path>.");
            System.exit(2);
        }
        emptySchema();
        TlsIdentity identity = TlsIdentity.loadOrGenerate(Path.of(System.getProperty("java.io.tmpdir"), "fleetmesh-local-azure"));
        SimulatedAzure azure;
        try {
            azure = SimulatedAzure.start(identity, azurePort);
        } catch (RuntimeException portTaken) {
            System.err.println("The simulated Azure cannot listen on 127.0.0.1:" + azurePort + " (" + portTaken.getMessage()
                    + "): stop what uses it, or pass --azure-port=<port> (0 for any free one).");
            System.exit(2);
            return;
        }
        List<String> clusters = scenario.applyTo(azure);
        System.out.println("Simulated Azure Resource Manager at " + azure.endpoint() + " with " + clusters.size()
                + " AKS clusters:");
        clusters.forEach(id -> System.out.println("  " + id));
        System.out.println("Its TLS certificate (curl --cacert): " + identity.certificatePem().toAbsolutePath());

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        identity.trustStoreSystemProperties().forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(serviceJar.toString());
        command.add("--spring.profiles.active=local");
        command.add("--spring.datasource.url=" + DATABASE_URL);
        command.add("--fleetmesh.database.schema=" + SCHEMA);
        serviceProperties(azure).forEach((key, value) -> command.add("--" + key + "=" + value));
        command.addAll(serviceArgs);
        Process service = new ProcessBuilder(command).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.destroy();
            azure.close();
        }, "stop-local-run"));
        int exit = service.waitFor();
        System.exit(exit);
    }

    private static void emptySchema() {
        try (Connection connection = DriverManager.getConnection(DATABASE_URL, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + SCHEMA + " cascade");
        } catch (SQLException unavailable) {
            System.err.println("PostgreSQL at " + DATABASE_URL + " (user postgres) is not reachable: " + unavailable.getMessage());
            System.exit(2);
        }
    }

    private LocalRun() {
    }
}
