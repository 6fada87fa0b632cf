package org.fleetmesh.rp.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.mesh.MemberCluster;
import org.fleetmesh.rp.mesh.domain.AgentsMeshView;
import org.fleetmesh.rp.mesh.domain.KvstoreMeshReport;
import org.fleetmesh.rp.mesh.domain.CiliumAgents;
import org.fleetmesh.rp.mesh.domain.CiliumVersion;
import org.fleetmesh.rp.mesh.domain.MemberMeshConfig;
import org.fleetmesh.rp.mesh.domain.MeshObjects;

/**
 * One member's API server. Every object is read before it is written and written only when it differs, so
 * an apply that changes nothing writes nothing and a repeated step writes each object at most once more.
 */
final class Fabric8MemberCluster implements MemberCluster {

    static final String FIELD_MANAGER = "fleetmesh";
    private static final String NAMESPACE = MeshObjects.NAMESPACE;

    /** Deleting needs only each object's kind, name and namespace, whatever the apiserver was configured with. */
    private static final MeshObjects.ApiServer REMOVED_API_SERVER = new MeshObjects.ApiServer("", CiliumVersion.DEFAULT,
            "removed", 0, List.of(), "");

    private final KubernetesClient client;
    private final String clusterResourceId;

    private final Runnable dropConnection;
    private final RunningApiServer runningApiServer;
    private final CiliumAgentPods agentPods;

    /** @param dropConnection forgets the shared client, so the next connection asks AKS for credentials again */
    Fabric8MemberCluster(KubernetesClient client, String clusterResourceId, Runnable dropConnection) {
        this.client = client;
        this.clusterResourceId = clusterResourceId;
        this.dropConnection = dropConnection;
        this.runningApiServer = new RunningApiServer(client, clusterResourceId);
        this.agentPods = new CiliumAgentPods(client);
    }

    @Override
    public int ensure(MeshObjects desired) {
        return guarded(() -> write(outOfPlace(desired, wanted(desired),
                LiveObjects.read(client, desired.apiServer() != null))));
    }

    @Override
    public int reconcile(MeshObjects everything) {
        return guarded(() -> {
            LiveObjects live = LiveObjects.read(client, true);
            List<HasMetadata> wanted = wanted(everything);
            int writes = write(outOfPlace(everything, wanted, live));
            for (HasMetadata unwanted : live.unwanted(wanted)) {
                client.resource(unwanted).delete();
                writes++;
            }
            return writes;
        });
    }

    @Override
    public List<String> differences(MeshObjects desired) {
        return guarded(() -> outOfPlace(desired, wanted(desired), LiveObjects.read(client, desired.apiServer() != null))
                .stream()
                .map(Fabric8MemberCluster::describe).toList());
    }

    @Override
    public List<String> drift(MeshObjects everything) {
        return guarded(() -> {
            LiveObjects live = LiveObjects.read(client, true);
            List<HasMetadata> wanted = wanted(everything);
            List<String> drifted = new ArrayList<>(outOfPlace(everything, wanted, live).stream()
                    .map(Fabric8MemberCluster::describe).toList());
            live.unwanted(wanted).forEach(object -> drifted.add(describe(object) + " (no longer wanted)"));
            return drifted;
        });
    }

    /**
     * The desired objects the cluster does not hold as desired, as they are to be written, in that order.
     *
     * @param wanted {@code wanted(desired)}, which its callers need too: building it (the apiserver's objects, their
     *               digests) is a good part of what comparing a member costs, so it is built once per comparison
     */
    private static List<HasMetadata> outOfPlace(MeshObjects desired, List<HasMetadata> wanted, LiveObjects live) {
        List<HasMetadata> writes = new ArrayList<>();
        if (!live.ciliumConfigHolds(desired.ciliumConfig())) {
            writes.add(new ConfigMapBuilder().withNewMetadata().withName(MeshObjects.CILIUM_CONFIG)
                    .withNamespace(NAMESPACE).endMetadata().withData(desired.ciliumConfig()).build());
        }
        wanted.stream().filter(object -> !live.holds(object)).forEach(writes::add);
        return writes;
    }

    /** Every object of the set the service owns whole, in the order they are written. */
    private static List<HasMetadata> wanted(MeshObjects desired) {
        List<HasMetadata> objects = new ArrayList<>();
        desired.secrets().forEach((name, secret) -> objects.add(ApiServerObjects.secret(name, secret)));
        desired.configMaps().forEach((name, data) -> objects.add(ApiServerObjects.configMap(name, data)));
        if (desired.apiServer() != null) {
            objects.addAll(apiServerObjects(desired.apiServer()));
        }
        return objects;
    }

    private int write(List<HasMetadata> writes) {
        writes.forEach(object -> client.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply());
        return writes.size();
    }

    private static String describe(HasMetadata object) {
        return object.getKind() + " " + object.getMetadata().getName();
    }

    @Override
    public ApiServerService apiServerService() {
        return guarded(() -> {
            Service service = current(Service.class, MeshObjects.ApiServer.NAME);
            if (service == null) {
                return new ApiServerService(List.of(), null);
            }
            Instant created = service.getMetadata().getCreationTimestamp() == null ? null
                    : Instant.parse(service.getMetadata().getCreationTimestamp());
            if (service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                    || service.getStatus().getLoadBalancer().getIngress() == null) {
                return new ApiServerService(List.of(), created);
            }
            return new ApiServerService(service.getStatus().getLoadBalancer().getIngress().stream()
                    .map(ingress -> ingress.getIp() != null ? ingress.getIp() : ingress.getHostname())
                    .filter(Objects::nonNull).sorted().toList(), created);
        });
    }

    @Override
    public Optional<String> apiServerProblem() {
        return guarded(runningApiServer::problem);
    }

    @Override
    public Map<String, KvstoreMeshReport.PeerReadiness> kvstoreMeshPeers() {
        return guarded(runningApiServer::kvstoreMeshPeers);
    }

    @Override
    public AgentsMeshView agentsMeshView() {
        return guarded(agentPods::meshView);
    }

    @Override
    public Optional<CiliumAgents> ciliumAgents() {
        return guarded(agentPods::agents);
    }

    @Override
    public int restartCiliumAgents(String identity) {
        return guarded(() -> agentPods.restart(identity));
    }

    @Override
    public int removeMesh() {
        return guarded(() -> {
            int writes = 0;
            List<HasMetadata> apiServer = new ArrayList<>(apiServerObjects(REMOVED_API_SERVER));
            Collections.reverse(apiServer);
            for (HasMetadata object : apiServer) {
                if (stored(object) != null) {
                    client.resource(object).delete();
                    writes++;
                }
            }
            for (String secret : MemberMeshConfig.OWNED_SECRETS) {
                writes += deleteIfPresent(Secret.class, secret);
            }
            for (String configMap : MemberMeshConfig.OWNED_CONFIG_MAPS) {
                writes += deleteIfPresent(ConfigMap.class, configMap);
            }
            ConfigMap ciliumConfig = current(ConfigMap.class, MeshObjects.CILIUM_CONFIG);
            List<String> ownKeys = ciliumConfig == null || ciliumConfig.getData() == null ? List.of()
                    : MemberMeshConfig.CILIUM_CONFIG_KEYS.stream().filter(ciliumConfig.getData()::containsKey).sorted().toList();
            if (!ownKeys.isEmpty()) {
                // Removes the service's keys and nothing else: the rest of cilium-config is AKS's.
                String removals = ownKeys.stream().map(key -> "{\"op\":\"remove\",\"path\":\"/data/" + key + "\"}")
                        .collect(Collectors.joining(",", "[", "]"));
                client.configMaps().inNamespace(NAMESPACE).withName(MeshObjects.CILIUM_CONFIG)
                        .patch(PatchContext.of(PatchType.JSON), removals);
                writes++;
            }
            return writes;
        });
    }

    /** The client stays open for the next connection to this member. */
    @Override
    public void close() {
    }

    /** The clustermesh-apiserver and what it needs, in the order they are written. */
    static List<HasMetadata> apiServerObjects(MeshObjects.ApiServer apiServer) {
        List<HasMetadata> objects = new ArrayList<>(ApiServerObjects.identity(apiServer.version()));
        if (apiServer.deployment()) {
            objects.add(ApiServerObjects.deployment(apiServer));
        }
        objects.add(ApiServerObjects.service());
        objects.add(ApiServerObjects.metricsService());
        return objects;
    }

    private HasMetadata stored(HasMetadata object) {
        return client.resource(object).get();
    }

    private <T extends HasMetadata> T current(Class<T> type, String name) {
        return client.resources(type).inNamespace(NAMESPACE).withName(name).get();
    }

    private <T extends HasMetadata> int deleteIfPresent(Class<T> type, String name) {
        if (current(type, name) == null) {
            return 0;
        }
        client.resources(type).inNamespace(NAMESPACE).withName(name).delete();
        return 1;
    }

    private <T> T guarded(Supplier<T> work) {
        try {
            return work.get();
        } catch (KubernetesClientException failure) {
            dropConnection.run();
            throw unreachable(clusterResourceId, failure);
        }
    }

    private static ArmException unreachable(String clusterResourceId, KubernetesClientException failure) {
        String cause = failure.getCode() > 0 ? "it answered HTTP " + failure.getCode() : "it could not be reached";
        return new ArmException(ErrorCode.MEMBER_CLUSTER_UNREACHABLE, "The Kubernetes API server of '" + clusterResourceId
                + "' failed a request: " + cause + ". Check that the cluster is running ('az aks show') and that its API "
                + "server is reachable from the service (authorized IP ranges, private cluster); then apply again.", null);
    }
}
