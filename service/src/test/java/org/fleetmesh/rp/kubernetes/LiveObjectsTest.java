package org.fleetmesh.rp.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * When an object on a member still holds what the service gave it: the API server adds defaults and drops zero values,
 * other controllers add annotations; none of that is drift, while a value the service set that changed, or a list it
 * set that grew or shrank, is.
 */
class LiveObjectsTest {

    private static final Map<String, Object> DESIRED = Map.of(
            "metadata", Map.of("name", "clustermesh-apiserver", "labels", Map.of("app.kubernetes.io/managed-by", "fleetmesh")),
            "spec", Map.of("replicas", 1, "emptyDir", Map.of("medium", ""),
                    "args", List.of("clustermesh", "--cluster-id=$(CLUSTER_ID)"),
                    "ports", List.of(Map.of("name", "etcd", "containerPort", 2379))));

    @Test
    void whatTheApiServerAndOthersAddBesideTheServicesFieldsIsNoDrift() {
        Map<String, Object> live = Map.of(
                "metadata", Map.of("name", "clustermesh-apiserver", "resourceVersion", "812",
                        "labels", Map.of("app.kubernetes.io/managed-by", "fleetmesh", "team", "network"),
                        "annotations", Map.of("deployment.kubernetes.io/revision", "3")),
                // "medium": "" is omitted by the API server (omitempty); protocol is its default.
                "spec", Map.of("replicas", 1, "emptyDir", Map.of(), "progressDeadlineSeconds", 600,
                        "args", List.of("clustermesh", "--cluster-id=$(CLUSTER_ID)"),
                        "ports", List.of(Map.of("name", "etcd", "containerPort", 2379, "protocol", "TCP"))));

        assertThat(LiveObjects.contains(live, DESIRED)).isTrue();
    }

    @Test
    void aValueChangedOrRemovedOrAListThatGrewIsDrift() {
        assertThat(LiveObjects.contains(withSpec(Map.of("replicas", 0, "emptyDir", Map.of(),
                "args", List.of("clustermesh", "--cluster-id=$(CLUSTER_ID)"),
                "ports", List.of(Map.of("name", "etcd", "containerPort", 2379)))), DESIRED)).as("replicas changed").isFalse();
        assertThat(LiveObjects.contains(withSpec(Map.of("replicas", 1, "emptyDir", Map.of(),
                "args", List.of("clustermesh", "--cluster-id=$(CLUSTER_ID)", "--debug"),
                "ports", List.of(Map.of("name", "etcd", "containerPort", 2379)))), DESIRED)).as("an argument added").isFalse();
        assertThat(LiveObjects.contains(withSpec(Map.of("replicas", 1, "emptyDir", Map.of(),
                "args", List.of("clustermesh", "--cluster-id=$(CLUSTER_ID)"),
                "ports", List.of(Map.of("name", "etcd")))), DESIRED)).as("a port number removed").isFalse();
        assertThat(LiveObjects.contains(Map.of("metadata", Map.of("name", "clustermesh-apiserver")), DESIRED))
                .as("the spec gone, the service's label removed").isFalse();
    }

    private static Map<String, Object> withSpec(Map<String, Object> spec) {
        return Map.of("metadata", Map.of("name", "clustermesh-apiserver",
                "labels", Map.of("app.kubernetes.io/managed-by", "fleetmesh")), "spec", spec);
    }
}
