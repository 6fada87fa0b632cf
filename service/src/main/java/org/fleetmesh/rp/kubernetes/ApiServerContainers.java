package org.fleetmesh.rp.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import org.fleetmesh.rp.mesh.domain.CiliumIdentities;
import org.fleetmesh.rp.mesh.domain.CiliumVersion;
import org.fleetmesh.rp.mesh.domain.MeshObjects;

/**
 * The containers of the clustermesh-apiserver pod as the official chart's {@code deployment.yaml} renders them for
 * the member's Cilium minor: what each process runs with (arguments, environment, ports, probes, mounts). Apart
 * from {@link ApiServerObjects}, which puts them into the Deployment beside the volumes they mount, because they
 * change with every Cilium minor while the pod around them rarely does; {@code ChartConformanceTest} holds both
 * against the chart.
 */
final class ApiServerContainers {

    private static final String CLUSTERMESH_DIR = "/var/lib/cilium/clustermesh";
    private static final String ETCD_SECRETS = "/var/lib/cilium/etcd-secrets";
    private static final String ETCD_DATA = "/var/run/etcd";
    /** The file the image bakes in: the local etcd's endpoint and the admin client certificate's paths. */
    private static final String ETCD_CONFIG = "--kvstore-opt=etcd.config=/var/lib/cilium/etcd-config.yaml";
    private static final String MAX_CONNECTED_CLUSTERS = "--max-connected-clusters=" + CiliumIdentities.MAX_CONNECTED_CLUSTERS;

    /** etcd, the apiserver and KVStoreMesh, in the chart's order. */
    static List<Container> containers(String image, CiliumVersion version) {
        return List.of(etcd(image, version), apiServerContainer(image, version), kvStoreMesh(image, version));
    }

    /** Creates etcd's users and roles ({@code admin-<cluster>}, {@code remote-<peer>}...) and turns its auth on. */
    static Container etcdInit(String image) {
        return container("etcd-init", image, "/usr/bin/clustermesh-apiserver")
                .withArgs("etcdinit", "--etcd-cluster-name=clustermesh-apiserver",
                        "--etcd-initial-cluster-token=$(INITIAL_CLUSTER_TOKEN)", "--etcd-data-dir=" + ETCD_DATA)
                .withEnv(configEnv("CILIUM_CLUSTER_NAME", "cluster-name", null), fieldEnv("INITIAL_CLUSTER_TOKEN", "metadata.uid"))
                .withVolumeMounts(mount("etcd-data-dir", ETCD_DATA, null))
                .build();
    }

    private static Container etcd(String image, CiliumVersion version) {
        boolean current = version.atLeast(1, 18);
        List<EnvVar> env = new ArrayList<>(List.of(new EnvVarBuilder().withName("ETCDCTL_API").withValue("3").build()));
        if (!current) {
            env.add(fieldEnv("HOSTNAME_IP", "status.podIP"));
        }
        env.add(fieldEnv("INITIAL_CLUSTER_TOKEN", "metadata.uid"));
        return container("etcd", image, "/usr/bin/etcd")
                .withArgs("--data-dir=" + ETCD_DATA, "--name=clustermesh-apiserver", "--client-cert-auth",
                        "--trusted-ca-file=/var/lib/etcd-secrets/ca.crt", "--cert-file=/var/lib/etcd-secrets/tls.crt",
                        "--key-file=/var/lib/etcd-secrets/tls.key",
                        current ? "--listen-client-urls=https://0.0.0.0:2379"
                                : "--listen-client-urls=https://127.0.0.1:2379,https://[$(HOSTNAME_IP)]:2379",
                        current ? "--advertise-client-urls=https://localhost:2379"
                                : "--advertise-client-urls=https://[$(HOSTNAME_IP)]:2379",
                        "--initial-cluster-token=$(INITIAL_CLUSTER_TOKEN)", "--auto-compaction-retention=1",
                        current ? "--listen-metrics-urls=http://0.0.0.0:9963"
                                : "--listen-metrics-urls=http://[$(HOSTNAME_IP)]:9963",
                        "--metrics=basic")
                .withEnv(env)
                .withPorts(port("etcd", MeshObjects.ApiServer.PORT), port("etcd-metrics", 9963))
                .withVolumeMounts(mount("etcd-server-secrets", "/var/lib/etcd-secrets", true), mount("etcd-data-dir", ETCD_DATA, null))
                .build();
    }

    private static Container apiServerContainer(String image, CiliumVersion version) {
        List<String> args = new ArrayList<>(List.of("clustermesh", "--cluster-name=$(CLUSTER_NAME)",
                "--cluster-id=$(CLUSTER_ID)", ETCD_CONFIG, "--kvstore-opt=etcd.qps=20",
                "--kvstore-opt=etcd.bootstrapQps=10000", MAX_CONNECTED_CLUSTERS, "--health-port=9880",
                "--cluster-users-enabled", "--cluster-users-config-path=/var/lib/cilium/etcd-config/users.yaml"));
        if (!version.atLeast(1, 18)) {
            args.add("--enable-external-workloads=false");
        }
        args.addAll(List.of("--prometheus-serve-addr=:9962", "--controller-group-metrics=all"));
        return container("apiserver", image, "/usr/bin/clustermesh-apiserver").withArgs(args)
                .withEnv(configEnv("CLUSTER_NAME", "cluster-name", null), configEnv("CLUSTER_ID", "cluster-id", true),
                        configEnv("ENABLE_K8S_ENDPOINT_SLICE", "enable-k8s-endpoint-slice", true))
                .withReadinessProbe(readiness("apiserv-health"))
                .withPorts(port("apiserv-health", 9880), port("apiserv-metrics", 9962))
                .withVolumeMounts(mount("etcd-admin-client", ETCD_SECRETS, true),
                        mount("etcd-users-config", "/var/lib/cilium/etcd-config", true))
                .build();
    }

    private static Container kvStoreMesh(String image, CiliumVersion version) {
        List<String> args = new ArrayList<>(List.of("kvstoremesh", "--cluster-name=$(CLUSTER_NAME)",
                "--cluster-id=$(CLUSTER_ID)", ETCD_CONFIG, "--kvstore-opt=etcd.qps=100",
                "--kvstore-opt=etcd.bootstrapQps=10000", "--kvstore-opt=etcd.maxInflight=10",
                "--clustermesh-config=" + CLUSTERMESH_DIR, MAX_CONNECTED_CLUSTERS, "--health-port=9881",
                "--prometheus-serve-addr=:9964", "--controller-group-metrics=all"));
        if (version.atLeast(1, 18)) {
            args.add("--enable-heartbeat=false");
        }
        return container("kvstoremesh", image, "/usr/bin/clustermesh-apiserver").withArgs(args)
                .withReadinessProbe(readiness("kvmesh-health"))
                .withEnv(configEnv("CLUSTER_NAME", "cluster-name", null), configEnv("CLUSTER_ID", "cluster-id", null))
                .withPorts(port("kvmesh-health", 9881), port("kvmesh-metrics", 9964))
                .withVolumeMounts(mount("etcd-admin-client", ETCD_SECRETS, true),
                        mount("kvstoremesh-secrets", CLUSTERMESH_DIR, true))
                .build();
    }

    private static ContainerBuilder container(String name, String image, String command) {
        return new ContainerBuilder().withName(name).withImage(image).withImagePullPolicy("IfNotPresent")
                .withCommand(command).withTerminationMessagePolicy("FallbackToLogsOnError")
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL")
                .endCapabilities().endSecurityContext();
    }

    private static EnvVar configEnv(String name, String key, Boolean optional) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewConfigMapKeyRef()
                .withName(MeshObjects.CILIUM_CONFIG).withKey(key).withOptional(optional).endConfigMapKeyRef().endValueFrom()
                .build();
    }

    private static EnvVar fieldEnv(String name, String path) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withFieldPath(path).endFieldRef()
                .endValueFrom().build();
    }

    private static ContainerPort port(String name, int number) {
        return new ContainerPortBuilder().withName(name).withContainerPort(number).withProtocol("TCP").build();
    }

    private static VolumeMount mount(String volume, String path, Boolean readOnly) {
        return new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(readOnly).build();
    }

    private static Probe readiness(String port) {
        return new ProbeBuilder().withNewHttpGet().withPath("/readyz").withPort(new IntOrString(port)).endHttpGet().build();
    }

    private ApiServerContainers() {
    }
}
