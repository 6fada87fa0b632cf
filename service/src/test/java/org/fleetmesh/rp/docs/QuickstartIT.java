package org.fleetmesh.rp.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Quickstart ({@code src/site/markdown/quickstart.md}), run as written: starts the local run the way the README
 * does ({@code java -jar
 * simulator/target/fleetmesh-simulator-exec.jar} from the repository's root: the packaged service against a simulated
 * Azure, on the README's ports 8080, 8081 and 8443), then runs every {@code ```bash} block of the Quickstart section,
 * in order, as one bash script under {@code set -euo pipefail}. The script must succeed, and after the fix and the
 * second apply five members must be Connected and {@code aks-overlay} Failed with a message that names an
 * {@code az} command. The script, its output and the run's log are kept under {@code target/quickstart-it/}.
 */
class QuickstartIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path QUICKSTART = ROOT.resolve("src/site/markdown/quickstart.md");
    private static final Path LAUNCHER = ROOT.resolve("simulator/target/fleetmesh-simulator-exec.jar");
    private static final Path SERVICE = ROOT.resolve("service/target/fleetmesh-service.jar");
    private static final Path WORK = Path.of("target", "quickstart-it").toAbsolutePath();
    private static final List<Integer> PORTS = List.of(8080, 8081, 8443);
    private static final URI READINESS = URI.create("http://localhost:8081/actuator/health/readiness");
    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final Duration SCRIPT_LIMIT = Duration.ofMinutes(8);
    private static final String BLOCK_MARKER = ">>> Quickstart block ";
    /** A line of the Quickstart's member table: name, provisioning state, mesh state, Cilium cluster id. */
    private static final Pattern MEMBER_LINE = Pattern.compile("^(aks-[\\w-]+)\\s+(\\w+)\\s+(\\w+|-)\\s+(\\d+|-)$");

    private final List<ProcessHandle> started = new ArrayList<>();

    @Test
    void everyQuickstartCommandWorksAsWrittenAndEndsWithFiveConnectedAndOneFailedSayingWhatToRun() throws Exception {
        assertThat(List.of("bash", "curl", "python3")).as("commands the Quickstart uses, on the PATH")
                .allMatch(QuickstartIT::onPath);
        assertThat(LAUNCHER).as("the simulator's runnable jar (build the simulator module first)").isRegularFile();
        assertThat(SERVICE).as("the packaged service").isRegularFile();
        List<String> blocks = quickstartBlocks(Files.readString(QUICKSTART));
        assertThat(blocks).as("bash blocks of the Quickstart").hasSizeGreaterThanOrEqualTo(10);
        PORTS.forEach(QuickstartIT::assertFree);
        Files.createDirectories(WORK);

        startLocalRun();
        Path script = WORK.resolve("quickstart.sh");
        Files.writeString(script, script(blocks));
        Path output = WORK.resolve("quickstart.out");
        Process bash = new ProcessBuilder("bash", script.toString())
                .directory(WORK.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        started.add(bash.toHandle());
        boolean ended = bash.waitFor(SCRIPT_LIMIT.toSeconds(), TimeUnit.SECONDS);
        String out = Files.readString(output);
        if (!ended) {
            fail("The Quickstart did not end within " + SCRIPT_LIMIT + "; its output so far (" + output + "):\n" + tail(out));
        }
        assertThat(bash.exitValue()).as("exit status of the Quickstart's commands; output in %s:%n%s", output, tail(out))
                .isZero();

        List<String> outputs = outputsByBlock(out, blocks.size());
        int fix = indexOf(blocks, "$AZURE");
        assertThat(outputs.get(fix)).as("the fix through the simulated ARM").contains("aks-no-acns ACNS enabled: True");
        String reapplied = outputs.get(fix + 1);
        Map<String, String> states = lastMeshStates(reapplied);
        assertThat(states).as("mesh states after the fix and the second apply:%n%s", reapplied).containsExactlyInAnyOrderEntriesOf(Map.of(
                "aks-east-1", "Connected", "aks-east-2", "Connected", "aks-west-1", "Connected", "aks-west-2", "Connected",
                "aks-no-acns", "Connected", "aks-overlay", "Failed", "aks-old-cilium", "Failed"));
        assertThat(reapplied).as("the unfixed member's message says what to run")
                .containsPattern("Member 'aks-overlay' .*Fix: .*\\baz aks create ");

        String matrix = outputs.get(indexOf(blocks, "/listConnectivity"));
        for (String connected : List.of("aks-east-1", "aks-east-2", "aks-no-acns", "aks-west-1", "aks-west-2")) {
            assertThat(matrix).as("the connectivity matrix:%n%s", matrix)
                    .containsPattern("(?m)^" + connected + " +Connected +4 of 4 peers ready$");
        }
        assertThat(matrix).containsPattern("(?m)^aks-overlay +Failed +The member runs no clustermesh-apiserver")
                .doesNotContainPattern("(?m)^    \\S");

        int whatIf = indexOf(blocks, "/whatIf");
        assertThat(outputs.get(whatIf)).containsPattern("aks-no-acns +Error").containsPattern("aks-overlay +Error")
                .contains("fix: az aks update --subscription 00000000-0000-0000-0000-000000000001 -g clusters -n aks-no-acns --enable-acns")
                .containsPattern("aks-old-cilium +Error").contains("CiliumVersionUnsupported: Member 'aks-old-cilium' "
                        + "(cluster 'aks-old-cilium') runs Cilium 1.16.6, older than the 1.17 and 1.18")
                .contains("fix: AKS moves to a newer Cilium with a newer Kubernetes version");
        int firstApply = indexOf(blocks, "/apply");
        assertThat(lastMeshStates(outputs.get(firstApply))).containsEntry("aks-no-acns", "Failed")
                .containsEntry("aks-overlay", "Failed").containsEntry("aks-old-cilium", "Failed")
                .containsEntry("aks-east-1", "Connected");
        String last = outputs.get(outputs.size() - 1);
        assertThat(last).contains("profile NotConnected");
        assertThat(lastMeshStates(last)).as("after the mesh was emptied").doesNotContainKey("aks-west-2")
                .allSatisfy((name, state) -> assertThat(state).isEqualTo("-"));
    }

    @AfterEach
    void stopEverything() {
        // The launcher's shutdown hook stops the service it started; descendants are collected first, as a parent
        // that has exited no longer names them.
        List<ProcessHandle> all = new ArrayList<>();
        for (ProcessHandle process : started) {
            process.descendants().forEach(all::add);
            all.add(process);
        }
        for (ProcessHandle process : started) {
            process.destroy();
        }
        Instant deadline = Instant.now().plusSeconds(30);
        for (ProcessHandle process : all) {
            awaitExit(process, deadline);
        }
        for (ProcessHandle process : all) {
            if (process.isAlive()) {
                process.destroyForcibly();
                awaitExit(process, Instant.now().plusSeconds(10));
            }
        }
        assertThat(all.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList())
                .as("processes the test started that outlive it").isEmpty();
    }

    /** The bash blocks between the Quickstart heading and the next top-level heading, in order. */
    static List<String> quickstartBlocks(String page) {
        int start = page.indexOf("\n## Quickstart\n");
        assertThat(start).as("a '## Quickstart' section in %s", QUICKSTART).isNotNegative();
        int end = page.indexOf("\n## ", start + 1);
        String section = page.substring(start, end < 0 ? page.length() : end);
        List<String> blocks = new ArrayList<>();
        Matcher block = Pattern.compile("^```bash\\n(.*?)^```\\s*$", Pattern.MULTILINE | Pattern.DOTALL).matcher(section);
        while (block.find()) {
            blocks.add(block.group(1));
        }
        return blocks;
    }

    private static String script(List<String> blocks) {
        StringBuilder script = new StringBuilder("set -euo pipefail\n");
        for (int i = 0; i < blocks.size(); i++) {
            script.append("echo '").append(BLOCK_MARKER).append(i + 1).append("'\n").append(blocks.get(i)).append('\n');
        }
        return script.toString();
    }

    private static List<String> outputsByBlock(String out, int blocks) {
        List<String> outputs = new ArrayList<>();
        for (int i = 1; i <= blocks; i++) {
            int from = out.indexOf(BLOCK_MARKER + i + "\n");
            assertThat(from).as("output of block %d", i).isNotNegative();
            int to = i == blocks ? out.length() : out.indexOf(BLOCK_MARKER + (i + 1) + "\n");
            outputs.add(out.substring(from, to < 0 ? out.length() : to));
        }
        return outputs;
    }

    private static int indexOf(List<String> blocks, String text) {
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no Quickstart block contains " + text);
    }

    /** Each member's mesh state in the last member table lines of {@code output}. */
    private static Map<String, String> lastMeshStates(String output) {
        Map<String, String> states = new LinkedHashMap<>();
        output.lines().map(MEMBER_LINE::matcher).filter(Matcher::matches)
                .forEach(line -> states.put(line.group(1), line.group(3)));
        return states;
    }

    private void startLocalRun() throws IOException, InterruptedException {
        Path log = WORK.resolve("local-run.log");
        // As the README runs it: from the repository's root, with the service jar at its default place.
        Process launcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", ROOT.relativize(LAUNCHER).toString())
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        started.add(launcher.toHandle());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!launcher.isAlive()) {
                fail("The local run exited with " + launcher.exitValue() + "; its log (" + log + "):\n" + tail(Files.readString(log)));
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(READINESS).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(1000);
        }
        fail("The service was not ready within " + STARTUP + "; the local run's log (" + log + "):\n" + tail(Files.readString(log)));
    }

    /** The README's commands name fixed ports: another local run on them would answer instead, so refuse to start. */
    private static void assertFree(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            fail("Port " + port + " is in use (another local run?); the README's commands need it. Stop what listens on it.");
        } catch (ConnectException free) {
            // nothing listens
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitExit(ProcessHandle process, Instant deadline) {
        try {
            Duration left = Duration.between(Instant.now(), deadline);
            if (!left.isNegative()) {
                process.onExit().get(left.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (Exception stillRunning) {
            // destroyed forcibly below
        }
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)));
    }
}
