package org.fleetmesh.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
  * Plays the kubelet for a clustermesh-apiserver pod: decides whether the containers a Deployment's pod spec describes
  * would start and stay up, by what Cilium's official chart of the image's minor version renders (the pod specs in
  * {@code cilium-chart/<minor>/}, which the service's chart conformance test keeps equal to the vendored charts'
  * renders). What it checks is what makes a real pod fail: a Secret, ConfigMap or key a volume needs that does not
  * exist (the pod stays in ContainerCreating), and a container whose command, arguments, environment, mounts or volumes
  * are not the chart's (an unknown flag is fatal to Cilium's binaries; a missing flag, variable or file leaves them
  * without their etcd configuration, health port or users), which crash-loops.
  */
final class ApiServerPodCheck {

    /** Why the pod is not running: the container, a kubelet's reason and the message it would show. */
    record Problem(String container, String reason, String message) {
    }

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Pattern TAG_MINOR = Pattern.compile(":v?(\\d+\\.\\d+)\\.\\d+[^/]*$");
    private static final Map<String, Optional<JsonNode>> CHART_PODS = new ConcurrentHashMap<>();

    private ApiServerPodCheck() {
    }

    /**
      * @param podSpec the Deployment's {@code spec.template.spec}
      * @param stored  the object stored at an API path ({@code /api/v1/namespaces/kube-system/secrets/x}), or null
      * @return why the pod would not run; empty when it would
      */
    static Optional<Problem> problemOf(JsonNode podSpec, Function<String, JsonNode> stored) {
        List<JsonNode> containers = new ArrayList<>();
        podSpec.path("initContainers").forEach(containers::add);
        podSpec.path("containers").forEach(containers::add);
        if (containers.isEmpty()) {
            return Optional.of(new Problem("", "InvalidPodSpec", "the pod has no containers"));
        }
        String image = containers.get(0).path("image").asString("");
        Matcher minor = TAG_MINOR.matcher(image);
        Optional<JsonNode> chart = minor.find() ? chartPod(minor.group(1)) : Optional.empty();
        if (chart.isEmpty()) {
            return Optional.of(new Problem(containers.get(0).path("name").asString(), "ErrImagePull",
                    "the simulated cluster runs clustermesh-apiserver images of Cilium 1.17 and 1.18 only, not " + image));
        }
        Optional<Problem> mount = missingVolumeSource(podSpec, stored);
        if (mount.isPresent()) {
            return mount;
        }
        String release = "Cilium " + minor.group(1) + "'s chart";
        for (JsonNode expected : chart.get().path("volumes")) {
            JsonNode actual = byName(podSpec.path("volumes"), expected.path("name").asString());
            if (!expected.equals(actual)) {
                return Optional.of(new Problem(containers.get(0).path("name").asString(), "CreateContainerConfigError",
                        "volume " + expected.path("name").asString() + " is " + shown(actual) + " where " + release
                                + " has " + expected));
            }
        }
        List<JsonNode> chartContainers = new ArrayList<>();
        chart.get().path("initContainers").forEach(chartContainers::add);
        chart.get().path("containers").forEach(chartContainers::add);
        for (JsonNode expected : chartContainers) {
            String name = expected.path("name").asString();
            JsonNode actual = containers.stream().filter(c -> name.equals(c.path("name").asString())).findFirst().orElse(null);
            if (actual == null) {
                return Optional.of(new Problem(name, "NotReady", "the pod has no container " + name + ", which " + release
                        + " runs"));
            }
            Optional<Problem> problem = containerProblem(name, expected, actual, release);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private static Optional<Problem> containerProblem(String name, JsonNode expected, JsonNode actual, String release) {
        if (!expected.path("command").equals(actual.path("command"))) {
            return crash(name, "exec " + actual.path("command") + ": not what " + release + " runs (" + expected.path("command")
                    + ")");
        }
        Set<String> knownFlags = new HashSet<>();
        expected.path("args").forEach(arg -> knownFlags.add(flagName(arg.asString())));
        List<String> actualArgs = new ArrayList<>();
        actual.path("args").forEach(arg -> actualArgs.add(arg.asString()));
        for (String arg : actualArgs) {
            if (arg.startsWith("--") && !knownFlags.contains(flagName(arg))) {
                // What Cilium's cobra commands print before exiting with status 1.
                return crash(name, "Error: unknown flag: " + flagName(arg));
            }
        }
        for (JsonNode arg : expected.path("args")) {
            if (!actualArgs.contains(arg.asString())) {
                return crash(name, "started without " + arg.asString() + ", which " + release + " passes");
            }
        }
        for (JsonNode variable : expected.path("env")) {
            JsonNode own = byName(actual.path("env"), variable.path("name").asString());
            if (!variable.equals(own)) {
                return crash(name, "environment variable " + variable.path("name").asString() + " is " + shown(own)
                        + " where " + release + " sets " + variable);
            }
        }
        for (JsonNode mount : expected.path("volumeMounts")) {
            boolean present = false;
            for (JsonNode own : actual.path("volumeMounts")) {
                present |= own.equals(mount);
            }
            if (!present) {
                return crash(name, "open " + mount.path("mountPath").asString() + ": no such file or directory (volume "
                        + mount.path("name").asString() + " is not mounted as " + release + " mounts it: " + mount + ")");
            }
        }
        return Optional.empty();
    }

    /** A Secret, ConfigMap or key that a volume needs and the namespace lacks: the kubelet cannot set the volume up. */
    private static Optional<Problem> missingVolumeSource(JsonNode podSpec, Function<String, JsonNode> stored) {
        for (JsonNode volume : podSpec.path("volumes")) {
            List<JsonNode> sources = new ArrayList<>();
            if (volume.has("projected")) {
                volume.path("projected").path("sources").forEach(sources::add);
            } else {
                sources.add(volume);
            }
            for (JsonNode source : sources) {
                for (String kind : List.of("secret", "configMap")) {
                    JsonNode reference = source.path(kind);
                    if (reference.isMissingNode() || reference.path("optional").asBoolean(false)) {
                        continue;
                    }
                    String objectName = reference.has("secretName") ? reference.path("secretName").asString()
                            : reference.path("name").asString();
                    String path = "/api/v1/namespaces/kube-system/" + (kind.equals("secret") ? "secrets/" : "configmaps/")
                            + objectName;
                    JsonNode object = stored.apply(path);
                    String what = kind.equals("secret") ? "secret" : "configmap";
                    if (object == null) {
                        return Optional.of(new Problem("", "ContainerCreating", "MountVolume.SetUp failed for volume \""
                                + volume.path("name").asString() + "\" : " + what + " \"" + objectName + "\" not found"));
                    }
                    for (JsonNode item : reference.path("items")) {
                        if (!object.path("data").has(item.path("key").asString())) {
                            return Optional.of(new Problem("", "ContainerCreating", "MountVolume.SetUp failed for volume \""
                                    + volume.path("name").asString() + "\" : references non-existent " + what + " key: "
                                    + item.path("key").asString()));
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Problem> crash(String container, String message) {
        return Optional.of(new Problem(container, "CrashLoopBackOff", message));
    }

    private static String flagName(String arg) {
        int equals = arg.indexOf('=');
        return equals < 0 ? arg : arg.substring(0, equals);
    }

    private static JsonNode byName(JsonNode list, String name) {
        for (JsonNode element : list) {
            if (name.equals(element.path("name").asString())) {
                return element;
            }
        }
        return null;
    }

    private static String shown(JsonNode node) {
        return node == null ? "absent" : node.toString();
    }

    private static Optional<JsonNode> chartPod(String minor) {
        return CHART_PODS.computeIfAbsent(minor, key -> {
            String resource = "cilium-chart/" + key + "/clustermesh-apiserver-pod.json";
            try (InputStream in = ApiServerPodCheck.class.getClassLoader().getResourceAsStream(resource)) {
                return in == null ? Optional.empty() : Optional.of(JSON.readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
