package org.fleetmesh.rp.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Pods as processes on this machine (root only): each pod is a network namespace with one address on a veth to a
 * bridge that lives in a namespace of its own, and an {@code /etc/netns/<ns>/hosts} that {@code ip netns exec} shows
 * as the pod's {@code /etc/hosts}. Each container is one {@code ip netns exec}, which gives it a mount namespace of
 * its own: read-only overlays put the container's layer (image files and volume files at their mount paths) over
 * {@code /usr/bin}, {@code /var/lib} and {@code /run}, and emptyDir volumes are bind-mounted where the pod mounts
 * them. Nothing changes on the host but {@code /etc/netns/<ns>}; {@link #close} kills every process started here and
 * anything left in these namespaces, deletes the namespaces and their {@code /etc/netns} entries.
 *
 * <p>The same approach as {@code service/src/test/upstream/poc-two-members.sh}.
 */
public final class NetnsPods implements AutoCloseable {

    /** The host directories a container's layer may cover. */
    public static final List<String> OVERLAID = List.of("/usr/bin", "/var/lib", "/run");
    private static final String CONTAINER = """
            set -e
            layer="$1"; shift
            for dir in /usr/bin /var/lib /run; do
              if [ -d "$layer$dir" ]; then mount -t overlay overlay -o "ro,lowerdir=$layer$dir:$dir" "$dir"; fi
            done
            while [ "$1" != "--" ]; do mount --bind "${1%%=*}" "${1#*=}"; shift; done
            shift
            exec "$@"
            """;

    private final String prefix;
    private final Path logs;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Path> hostsDirs = new ArrayList<>();
    private final List<String> hostLinks = new ArrayList<>();
    /** Concurrent: a test's pod proxy runs commands while the test itself starts and stops processes. */
    private final List<Process> processes = new CopyOnWriteArrayList<>();
    private final String bridge;
    private final Thread shutdownHook = new Thread(this::cleanUp, "netns-pods-cleanup");
    private boolean closed;
    private int links;

    /** Creates the bridge namespace; {@code prefix} names every namespace and link (at most 8 characters). */
    public NetnsPods(String prefix, Path logs) {
        this.prefix = prefix;
        this.logs = logs;
        this.bridge = prefix + "-sw";
        // Also when the test JVM is ended early (a fork timeout): nothing of this run stays on the machine.
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            ip("netns", "add", bridge);
            namespaces.add(bridge);
            ip("-n", bridge, "link", "add", "br0", "type", "bridge");
            ip("-n", bridge, "link", "set", "br0", "up");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** True when this JVM may create network namespaces and mounts: root, with iproute2. */
    public static boolean usable() {
        return "root".equals(System.getProperty("user.name")) && Stream.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip")
                .anyMatch(path -> new File(path).canExecute());
    }

    /**
     * A pod's network namespace with {@code address} on its eth0 (every 10.0.0.0/8 address on the bridge is on-link)
     * and {@code hosts} as its /etc/hosts. Returns the namespace's name.
     */
    public String addPod(String name, String address, String hosts) {
        String ns = prefix + "-" + name;
        int i = links++;
        String veth = prefix + "v" + i;
        String port = prefix + "p" + i;
        // Recorded before they exist: a failure half-way still leaves them to close().
        Path dir = Path.of("/etc/netns", ns);
        hostsDirs.add(dir);
        hostLinks.add(veth);
        hostLinks.add(port);
        ip("netns", "add", ns);
        namespaces.add(ns);
        ip("link", "add", veth, "type", "veth", "peer", "name", port);
        ip("link", "set", veth, "netns", ns);
        ip("link", "set", port, "netns", bridge);
        ip("-n", ns, "link", "set", veth, "name", "eth0");
        ip("-n", ns, "addr", "add", address + "/32", "dev", "eth0");
        ip("-n", ns, "link", "set", "eth0", "up");
        ip("-n", ns, "link", "set", "lo", "up");
        ip("-n", ns, "route", "add", "10.0.0.0/8", "dev", "eth0");
        ip("-n", bridge, "link", "set", port, "master", "br0", "up");
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("hosts"), hosts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ns;
    }

    /** Starts a container in the background: its output goes to {@code <logs>/<log>.log}. */
    public Process start(String ns, Path layer, Map<Path, String> binds, Map<String, String> env, List<String> command,
            String log) {
        try {
            Process process = new ProcessBuilder(containerCommand(ns, layer, binds, env, command))
                    .redirectErrorStream(true).redirectOutput(logs.resolve(log + ".log").toFile()).start();
            processes.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a container to its end (killed after {@code timeout}). */
    public Result run(String ns, Path layer, Map<Path, String> binds, Map<String, String> env, List<String> command,
            Duration timeout) {
        return exec(containerCommand(ns, layer, binds, env, command), timeout);
    }

    /** Runs a host binary in the namespace (no overlays): test tools such as etcdctl. */
    public Result runInNamespace(String ns, List<String> command, Duration timeout) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(command);
        return exec(full, timeout);
    }

    private static List<String> containerCommand(String ns, Path layer, Map<Path, String> binds, Map<String, String> env,
            List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns, "env", "-i", "PATH=/usr/bin:/bin", "HOME=/"));
        env.forEach((name, value) -> full.add(name + "=" + value));
        full.addAll(List.of("sh", "-c", CONTAINER, "container", layer.toString()));
        binds.forEach((source, target) -> full.add(source + "=" + target));
        full.add("--");
        full.addAll(command);
        return full;
    }

    /** What a command printed (stdout and stderr) and its exit status. */
    public record Result(int exitCode, String output) {

        public boolean ok() {
            return exitCode == 0;
        }
    }

    private Result exec(List<String> command, Duration timeout) {
        Path out = null;
        try {
            out = Files.createTempFile(logs, "exec", ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            processes.add(process);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(process);
                return new Result(124, Files.readString(out, StandardCharsets.UTF_8) + "\n(killed after " + timeout + ")");
            }
            processes.remove(process);
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (out != null) {
                out.toFile().delete();
            }
        }
    }

    private static void ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            boolean ended = process.waitFor(10, TimeUnit.SECONDS);
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!ended || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops a container started here: SIGTERM, then SIGKILL after 5 seconds. */
    public static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Kills every process started here and anything left in these namespaces; removes the namespaces and hosts files. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs it
        }
        cleanUp();
    }

    private synchronized void cleanUp() {
        if (closed) {
            return;
        }
        closed = true;
        List<Throwable> failures = new ArrayList<>();
        processes.forEach(NetnsPods::stop);
        for (String ns : namespaces) {
            try {
                // Anything still running inside our own namespaces is ours.
                Process pids = new ProcessBuilder("ip", "netns", "pids", ns).redirectErrorStream(true).start();
                pids.waitFor(10, TimeUnit.SECONDS);
                for (String pid : new String(pids.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\\s+")) {
                    if (!pid.isBlank()) {
                        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
                ip("netns", "del", ns);
            } catch (IOException | RuntimeException e) {
                failures.add(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(e);
            }
        }
        // A veth still on the host (a failure before it moved into a namespace); normally there is none.
        for (String link : hostLinks) {
            if (Files.exists(Path.of("/sys/class/net", link))) {
                try {
                    ip("link", "del", link);
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        }
        for (Path dir : hostsDirs) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                failures.add(e);
            }
        }
        // /etc/netns itself only if nobody else uses it.
        Path.of("/etc/netns").toFile().delete();
        if (!failures.isEmpty()) {
            IllegalStateException failed = new IllegalStateException("cleanup of " + prefix + " failed");
            failures.forEach(failed::addSuppressed);
            throw failed;
        }
    }
}
