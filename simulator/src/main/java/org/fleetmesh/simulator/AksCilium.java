package org.fleetmesh.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
  * What AKS installs for Azure CNI powered by Cilium, as a simulated cluster starts with it: the agents' DaemonSet and
  * {@code cilium-config} exactly as Azure's own manifests for the Cilium minor version have them (see
  * {@code aks-cilium/README.md}), with the cluster's version in the image tags, and the operator's Deployment. Each
  * workload is created fully rolled out on {@code nodes} nodes.
  *
  * @param version the Cilium release, {@code major.minor.patch}
  */
record AksCilium(String version, int nodes) {

    static final String REGISTRY = "mcr.microsoft.com/containernetworking";
    static final String DAEMON_SET_PATH = "/apis/apps/v1/namespaces/kube-system/daemonsets/cilium";
    static final String OPERATOR_PATH = "/apis/apps/v1/namespaces/kube-system/deployments/cilium-operator";

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");
    private static final ObjectMapper YAML = YAMLMapper.builder().build();
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    AksCilium {
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("A Cilium version is major.minor.patch, got " + version);
        }
    }

    /** The agents' DaemonSet, as JSON. */
    String daemonSet() {
        ObjectNode daemonSet = manifest("cilium-agent-daemonset.yaml");
        ((ObjectNode) daemonSet.get("metadata")).put("generation", 1);
        daemonSet.set("status", JSON.createObjectNode().put("observedGeneration", 1)
                .put("desiredNumberScheduled", nodes).put("currentNumberScheduled", nodes)
                .put("updatedNumberScheduled", nodes).put("numberReady", nodes).put("numberAvailable", nodes)
                .put("numberMisscheduled", 0));
        return JSON.writeValueAsString(daemonSet);
    }

    /** AKS's {@code cilium-config} of this minor version: cluster name {@code default}, cluster id 0. */
    String ciliumConfig() {
        return JSON.writeValueAsString(manifest("cilium-config.yaml"));
    }

    /** The operator (AKS's generic operator image, two replicas), as JSON. */
    String operator() {
        return """
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"cilium-operator","namespace":"kube-system","generation":1,
                         "labels":{"io.cilium/app":"operator","name":"cilium-operator","app.kubernetes.io/part-of":"cilium"}},
             "spec":{"replicas":2,"selector":{"matchLabels":{"io.cilium/app":"operator","name":"cilium-operator"}},
                     "template":{"metadata":{"labels":{"io.cilium/app":"operator","name":"cilium-operator"}},
                                 "spec":{"containers":[{"name":"cilium-operator",
                                         "image":"%s/cilium/operator-generic:v%s",
                                         "command":["cilium-operator-generic"],
                                         "args":["--config-dir=/tmp/cilium/config-map"]}]}}},
             "status":{"observedGeneration":1,"replicas":2,"updatedReplicas":2,"readyReplicas":2,"availableReplicas":2,
                       "conditions":[{"type":"Available","status":"True","reason":"MinimumReplicasAvailable"}]}}"""
                .formatted(REGISTRY, version);
    }

    /** Azure publishes manifests for 1.17 and 1.18; an older cluster gets 1.17's, a newer one 1.18's, with its own tag. */
    private String manifestDirectory() {
        Matcher m = VERSION.matcher(version);
        m.matches();
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major == 1 && minor <= 17 ? "aks-cilium/v1.17/" : "aks-cilium/v1.18/";
    }

    private ObjectNode manifest(String file) {
        String resource = manifestDirectory() + file;
        try (InputStream in = AksCilium.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing simulator resource " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("$CILIUM_IMAGE_REGISTRY", REGISTRY)
                    .replace("$CILIUM_VERSION_TAG", "v" + version);
            return (ObjectNode) YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
