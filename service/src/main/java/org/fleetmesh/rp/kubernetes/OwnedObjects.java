package org.fleetmesh.rp.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.TreeMap;
import org.fleetmesh.rp.mesh.domain.MeshObjects;
import org.fleetmesh.rp.mesh.domain.Sha256;

/**
 * How the service marks what it writes on a member: its managed-by label, by which it lists its own objects (and
 * knows them its own to change or delete), and a digest of the state an object was written with, which tells anyone
 * reading the object which desired state it was last written for.
 */
final class OwnedObjects {

    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String MANAGER = "fleetmesh";
    static final String DESIRED_STATE = "fleetmesh.azure.com/desired-state";

    static <T extends HasMetadata> T owned(T object) {
        object.getMetadata().setNamespace(MeshObjects.NAMESPACE);
        return ownedClusterWide(object);
    }

    static <T extends HasMetadata> T ownedClusterWide(T object) {
        Map<String, String> labels = object.getMetadata().getLabels() == null ? new TreeMap<>()
                : new TreeMap<>(object.getMetadata().getLabels());
        labels.put(MANAGED_BY, MANAGER);
        object.getMetadata().setLabels(labels);
        return object;
    }

    static <T extends HasMetadata> T withDigest(T object) {
        String digest = Sha256.hex(Serialization.asJson(object));
        Map<String, String> annotations = object.getMetadata().getAnnotations() == null ? new TreeMap<>()
                : new TreeMap<>(object.getMetadata().getAnnotations());
        annotations.put(DESIRED_STATE, digest);
        object.getMetadata().setAnnotations(annotations);
        return object;
    }

    private OwnedObjects() {
    }
}
