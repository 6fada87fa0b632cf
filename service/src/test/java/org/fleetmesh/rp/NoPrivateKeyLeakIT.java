package org.fleetmesh.rp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs last of the ITs (failsafe orders classes by {@link Order}), over what the suites left behind: every API
 * exchange the contract suite recorded and every log line the service wrote. Meshes were applied in them, so private
 * keys existed in the service; none may appear, as PEM or as the base64 a Kubernetes Secret carries.
 */
@Order(Integer.MAX_VALUE)
class NoPrivateKeyLeakIT {

    private static final List<String> KEY_MARKERS = List.of(
            "PRIVATE KEY-----",
            // "-----BEGIN PRIVATE KEY-----" and "-----BEGIN EC PRIVATE KEY-----" as base64 (Secret data)
            "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t",
            "LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0t");

    @Test
    void noApiResponseOrLogLineOfTheSuiteCarriesAPrivateKey() {
        List<Path> traffic = files(Path.of("target", "traffic"));
        List<Path> logs = new ArrayList<>(files(Path.of("target", "test-logs")));
        logs.addAll(files(Path.of("target", "surefire-reports")));
        logs.addAll(files(Path.of("target", "failsafe-reports")));
        logs.addAll(files(Path.of("target", "mesh-it")));
        assertThat(traffic).as("recorded API exchanges").isNotEmpty();
        assertThat(logs.stream().map(NoPrivateKeyLeakIT::read).anyMatch(text -> text.contains("event=applied")))
                .as("the logs cover applied meshes, so keys were handled while they were written").isTrue();

        List<String> leaks = new ArrayList<>();
        Stream.concat(traffic.stream(), logs.stream()).forEach(file -> {
            String text = read(file);
            KEY_MARKERS.stream().filter(text::contains).forEach(marker -> leaks.add(file + " contains " + marker));
        });
        assertThat(leaks).isEmpty();
    }

    private static List<Path> files(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
