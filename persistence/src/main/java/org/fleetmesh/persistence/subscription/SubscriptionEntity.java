package org.fleetmesh.persistence.subscription;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** The latest lifecycle notification ARM sent for a subscription. */
@Entity
@Table(name = "subscriptions")
public class SubscriptionEntity {

    @Id
    private String id;

    @Column(nullable = false)
    private String state;

    @Column(name = "tenant_id")
    private @Nullable String tenantId;

    @Column(name = "registration_date")
    private @Nullable String registrationDate;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected SubscriptionEntity() {
    }

    public SubscriptionEntity(String id) {
        this.id = id;
    }

    public String getId() {
        return id;
    }

    public String getState() {
        return state;
    }

    public @Nullable String getTenantId() {
        return tenantId;
    }

    public @Nullable String getRegistrationDate() {
        return registrationDate;
    }

    public void record(String state, @Nullable String tenantId, @Nullable String registrationDate, Instant at) {
        this.state = state;
        this.tenantId = tenantId;
        this.registrationDate = registrationDate;
        this.updatedAt = at;
    }
}
