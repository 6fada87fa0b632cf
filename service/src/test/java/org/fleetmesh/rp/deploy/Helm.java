package org.fleetmesh.rp.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The helm the build installs ({@code helm/tools/bin/helm}, by {@code helm/tools/install-helm.sh} during
 * {@code mvn verify}), run with its cache and configuration in a directory of the test's own.
 */
public final class Helm {

    private final Path root;
    private final Path binary;
    private final Path home;

    /** @param home a temporary directory for helm's cache, configuration and output */
    public Helm(Path home) {
        this.root = repoRoot();
        this.binary = root.resolve("helm/tools/bin/helm");
        this.home = home;
        if (!Files.isExecutable(binary)) {
            fail("helm binary missing at " + binary + ": run helm/tools/install-helm.sh");
        }
    }

    /** Runs helm in the repository's root; fails the test unless it exits 0 within two minutes. */
    public String run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile());
        // Keep helm's cache/config out of the user's home.
        pb.environment().put("HELM_CACHE_HOME", home.resolve("cache").toString());
        pb.environment().put("HELM_CONFIG_HOME", home.resolve("config").toString());
        pb.environment().put("HELM_DATA_HOME", home.resolve("data").toString());
        try {
            Path stdout = Files.createTempFile(home, "helm", ".out");
            Path stderr = Files.createTempFile(home, "helm", ".err");
            Process process = pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("helm " + String.join(" ", args) + " timed out");
            }
            String out = Files.readString(stdout, StandardCharsets.UTF_8);
            String err = Files.readString(stderr, StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), "helm " + String.join(" ", args) + " failed:\n" + out + err);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static Path repoRoot() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("helm/fleetmesh/Chart.yaml")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new AssertionError("repository root (with helm/fleetmesh/Chart.yaml) not found above "
                + Paths.get("").toAbsolutePath());
    }
}
