package org.fleetmesh.persistence.mesh;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * The last observation of which members of one mesh reach which, as the service wrote it (JSON); written only through
 * {@link MeshConnectivityRepository#keep}.
 */
@Entity
@Table(name = "mesh_connectivity")
public class MeshConnectivityEntity {

    @Id
    @Column(name = "profile_id")
    private UUID profileId;

    @Column(nullable = false)
    private String observation;

    @Column(name = "observed_at", nullable = false)
    private Instant observedAt;

    protected MeshConnectivityEntity() {
    }

    public UUID getProfileId() {
        return profileId;
    }

    public String getObservation() {
        return observation;
    }

    public Instant getObservedAt() {
        return observedAt;
    }
}
