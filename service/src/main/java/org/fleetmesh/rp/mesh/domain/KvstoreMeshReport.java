package org.fleetmesh.rp.mesh.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What KVStoreMesh in a member's clustermesh-apiserver pod reports about each peer, read from what Cilium 1.17 and
 * 1.18 expose: the Prometheus metric {@value #READINESS} (1 ready, 0 not, one series per {@code target_cluster}) on the
 * kvstoremesh container's metrics port, and, for a peer that is not ready, the error of the last line the container
 * logged for it ({@code msg="Unable to establish etcd connection to remote cluster" clusterName=<peer> error="..."}).
 */
public final class KvstoreMeshReport {

    public static final String READINESS = "cilium_kvstoremesh_remote_cluster_readiness_status";
    public static final String FAILURES = "cilium_kvstoremesh_remote_cluster_failures";

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)(\\s+\\S+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern LOG_CLUSTER = Pattern.compile("(?:^|\\s)clusterName=\"?([^\"\\s]+)\"?");
    private static final Pattern LOG_MESSAGE = Pattern.compile("(?:^|\\s)msg=(?:\"((?:[^\"\\\\]|\\\\.)*)\"|(\\S+))");
    private static final Pattern LOG_TIME = Pattern.compile("^time=\"?([^\"\\s]+)\"?");
    private static final Pattern LOG_ERROR = Pattern.compile("(?:^|\\s)error=(?:\"((?:[^\"\\\\]|\\\\.)*)\"|(\\S+))");

    /** One peer: whether KVStoreMesh has it ready, and otherwise what it last reported. */
    public record PeerReadiness(String clusterName, boolean ready, String reason) {
    }

    private KvstoreMeshReport() {
    }

    /** Every peer the metrics name, by Cilium cluster name; a not-ready peer's reason from the log when it has one. */
    public static Map<String, PeerReadiness> parse(String metrics, String log) {
        Map<String, Double> readiness = samples(metrics, READINESS);
        Map<String, Double> failures = samples(metrics, FAILURES);
        Map<String, String> errors = new HashMap<>();
        Map<String, String> lastWords = new HashMap<>();
        readLog(log == null ? "" : log, errors, lastWords);
        Map<String, PeerReadiness> peers = new TreeMap<>();
        readiness.forEach((peer, value) -> {
            boolean ready = value >= 1;
            String reason = ready ? null : errors.getOrDefault(peer, "KVStoreMesh reports it not ready"
                    + (failures.containsKey(peer) ? " after " + failures.get(peer).longValue() + " failure(s)" : "")
                    + (lastWords.containsKey(peer) ? "; the last it logged of it: " + lastWords.get(peer) : ""));
            peers.put(peer, new PeerReadiness(peer, ready, reason));
        });
        return peers;
    }

    /** Whether any peer is not ready, so the log is worth reading. */
    public static boolean anyNotReady(String metrics) {
        return samples(metrics, READINESS).values().stream().anyMatch(value -> value < 1);
    }

    /** The value of each series of {@code metric}, by its {@code target_cluster} label. */
    static Map<String, Double> samples(String metrics, String metric) {
        Map<String, Double> values = new HashMap<>();
        // A member's metrics run to hundreds of KB, most of them other series: a line is cut out of the text and
        // matched only when it begins with the metric's name, so every other line costs a look at its first characters.
        for (int lineStart = 0; lineStart < metrics.length(); ) {
            int lineEnd = metrics.indexOf('\n', lineStart);
            lineEnd = lineEnd < 0 ? metrics.length() : lineEnd;
            int nameStart = lineStart;
            while (nameStart < lineEnd && Character.isWhitespace(metrics.charAt(nameStart))) {
                nameStart++;
            }
            if (metrics.startsWith(metric, nameStart)) {
                addSample(metrics.substring(nameStart, lineEnd).strip(), metric, values);
            }
            lineStart = lineEnd + 1;
        }
        return values;
    }

    private static void addSample(String line, String metric, Map<String, Double> values) {
        Matcher sample = SAMPLE.matcher(line);
        if (sample.matches() && sample.group(1).equals(metric) && sample.group(3) != null) {
            Matcher label = LABEL.matcher(sample.group(3));
            while (label.find()) {
                if (label.group(1).equals("target_cluster")) {
                    try {
                        values.put(label.group(2), Double.parseDouble(sample.group(4)));
                    } catch (NumberFormatException notANumber) {
                        // NaN and the like say nothing about readiness.
                    }
                }
            }
        }
    }

    /**
     * Per peer, the error of the last line that has one, and the last message logged at all with its time: a
     * connection whose packets are dropped logs no error until KVStoreMesh gives up on it, only that it is connecting.
     */
    private static void readLog(String log, Map<String, String> errors, Map<String, String> lastWords) {
        for (String line : log.split("\n")) {
            Matcher cluster = LOG_CLUSTER.matcher(line);
            if (!cluster.find()) {
                continue;
            }
            Matcher error = LOG_ERROR.matcher(line);
            if (error.find()) {
                errors.put(cluster.group(1), unquoted(error.group(1), error.group(2)));
            }
            Matcher message = LOG_MESSAGE.matcher(line);
            Matcher time = LOG_TIME.matcher(line);
            if (message.find()) {
                lastWords.put(cluster.group(1), "\"" + unquoted(message.group(1), message.group(2)) + "\""
                        + (time.find() ? " at " + time.group(1) : ""));
            }
        }
    }

    private static String unquoted(String quoted, String bare) {
        return quoted != null ? quoted.replace("\\\"", "\"").replace("\\\\", "\\") : bare;
    }

    /** A duration as Go prints it ({@code 15m0s}, {@code 3s}, {@code 1h0m0s}, {@code 500ms}), as Cilium's messages do. */
    public static String goDuration(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
            return duration.toMillis() + "ms";
        }
        long hours = duration.toHours();
        int minutes = duration.toMinutesPart();
        String seconds = duration.toMillisPart() == 0 ? Integer.toString(duration.toSecondsPart())
                : Double.toString(duration.toSecondsPart() + duration.toMillisPart() / 1000.0).replaceAll("0+$", "");
        List<String> parts = new ArrayList<>();
        if (hours > 0) {
            parts.add(hours + "h");
        }
        if (hours > 0 || minutes > 0) {
            parts.add(minutes + "m");
        }
        parts.add(seconds + "s");
        return String.join("", parts);
    }
}
