package org.fleetmesh.rp.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.fleetmesh.rp.mesh.domain.MeshObjects;
import org.jspecify.annotations.Nullable;

/**
 * What the service owns on one member as it is now, read in one LIST per kind by the service's managed-by label, and
 * {@code cilium-config}, which AKS owns: a handful of calls however many objects there are, against which desired
 * objects are compared and the service's own objects that are no longer wanted are found.
 */
final class LiveObjects {

    private static final String OWNED_SELECTOR = OwnedObjects.MANAGED_BY + "=" + OwnedObjects.MANAGER;
    /** The kinds the clustermesh-apiserver adds to the Secrets and ConfigMaps every member gets. */
    private static final List<Class<? extends HasMetadata>> API_SERVER_KINDS = List.of(ServiceAccount.class,
            ClusterRole.class, ClusterRoleBinding.class, Deployment.class, Service.class);
    private static final Set<Class<? extends HasMetadata>> CLUSTER_WIDE = Set.of(ClusterRole.class, ClusterRoleBinding.class);

    private final Map<String, HasMetadata> owned;
    private final Map<String, String> ciliumConfig;
    private final KubernetesSerialization serialization;

    private LiveObjects(Map<String, HasMetadata> owned, Map<String, String> ciliumConfig,
            KubernetesSerialization serialization) {
        this.owned = owned;
        this.ciliumConfig = ciliumConfig;
        this.serialization = serialization;
    }

    /** @param apiServerKinds whether the clustermesh-apiserver's kinds are read too, or only Secrets and ConfigMaps */
    static LiveObjects read(KubernetesClient client, boolean apiServerKinds) {
        List<Class<? extends HasMetadata>> kinds = new ArrayList<>(List.of(Secret.class, ConfigMap.class));
        if (apiServerKinds) {
            kinds.addAll(API_SERVER_KINDS);
        }
        Map<String, HasMetadata> owned = new HashMap<>();
        for (Class<? extends HasMetadata> kind : kinds) {
            List<? extends HasMetadata> items = CLUSTER_WIDE.contains(kind)
                    ? client.resources(kind).withLabelSelector(OWNED_SELECTOR).list().getItems()
                    : client.resources(kind).inNamespace(MeshObjects.NAMESPACE).withLabelSelector(OWNED_SELECTOR).list()
                            .getItems();
            items.forEach(item -> owned.put(key(item), item));
        }
        ConfigMap config = client.configMaps().inNamespace(MeshObjects.NAMESPACE).withName(MeshObjects.CILIUM_CONFIG).get();
        Map<String, String> data = config == null || config.getData() == null ? Map.of() : config.getData();
        return new LiveObjects(owned, data, client.getKubernetesSerialization());
    }

    /** Whether {@code cilium-config} holds these keys with these values (the rest of it is AKS's). */
    boolean ciliumConfigHolds(Map<String, String> keys) {
        return keys.entrySet().stream().allMatch(e -> e.getValue().equals(ciliumConfig.get(e.getKey())));
    }

    /**
     * Whether the service's object of that kind and name holds what {@code desired} sets: every field the service
     * sets has that value, whatever the API server or other controllers added beside them. A field someone else
     * changed or removed, or an element added to a list the service sets, counts as a difference.
     */
    boolean holds(HasMetadata desired) {
        HasMetadata live = owned.get(key(desired));
        if (live == null || !contains(serialization.convertValue(live, Object.class),
                serialization.convertValue(desired, Object.class))) {
            return false;
        }
        // The service owns its Secrets and ConfigMaps whole: a key someone added is a peer or a file nobody asked for.
        if (desired instanceof Secret secret) {
            return Objects.equals(orEmpty(secret.getData()), orEmpty(((Secret) live).getData()));
        }
        if (desired instanceof ConfigMap configMap) {
            return Objects.equals(orEmpty(configMap.getData()), orEmpty(((ConfigMap) live).getData()));
        }
        return true;
    }

    private static Map<String, String> orEmpty(@Nullable Map<String, String> data) {
        return data == null ? Map.of() : data;
    }

    /** The service's objects here that {@code wanted} does not include, in the order they can be deleted. */
    List<HasMetadata> unwanted(List<? extends HasMetadata> wanted) {
        Set<String> keep = new java.util.HashSet<>();
        wanted.forEach(object -> keep.add(key(object)));
        List<HasMetadata> unwanted = new ArrayList<>();
        // Workloads before what they use, as a cleanup by hand would go.
        for (Class<?> kind : List.of(Deployment.class, Service.class, ClusterRoleBinding.class, ClusterRole.class,
                ServiceAccount.class, ConfigMap.class, Secret.class)) {
            owned.values().stream().filter(kind::isInstance).filter(object -> !keep.contains(key(object)))
                    .sorted(java.util.Comparator.comparing(object -> object.getMetadata().getName()))
                    .forEach(unwanted::add);
        }
        return unwanted;
    }

    /**
     * JSON {@code desired} is contained in {@code live}: objects by key, lists element by element and of equal length.
     * A zero value the service sets ({@code ""}, {@code 0}, {@code false}, empty) matches an absent field, since the API
     * server drops those ({@code omitempty}) when it stores an object.
     */
    static boolean contains(@Nullable Object live, @Nullable Object desired) {
        if (live == null && isZero(desired)) {
            return true;
        }
        if (desired instanceof Map<?, ?> fields) {
            if (!(live instanceof Map<?, ?> liveFields)) {
                return false;
            }
            for (Map.Entry<?, ?> field : fields.entrySet()) {
                if (field.getValue() != null && !contains(liveFields.get(field.getKey()), field.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (desired instanceof List<?> elements) {
            if (!(live instanceof List<?> liveElements) || liveElements.size() != elements.size()) {
                return false;
            }
            Iterator<?> liveElement = liveElements.iterator();
            return elements.stream().allMatch(element -> contains(liveElement.next(), element));
        }
        return desired == null || Objects.equals(String.valueOf(desired), String.valueOf(live));
    }

    private static boolean isZero(@Nullable Object value) {
        return value == null || "".equals(value) || Boolean.FALSE.equals(value)
                || value instanceof Number number && number.doubleValue() == 0
                || value instanceof Map<?, ?> map && map.isEmpty() || value instanceof List<?> list && list.isEmpty();
    }

    static String key(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getName();
    }
}
