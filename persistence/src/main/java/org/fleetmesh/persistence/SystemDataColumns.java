package org.fleetmesh.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** ARM systemData as stored: who created and last changed a resource, and when. */
@Embeddable
public class SystemDataColumns {

    @Column(name = "created_by")
    private @Nullable String createdBy;

    @Column(name = "created_by_type")
    private @Nullable String createdByType;

    @Column(name = "created_at")
    private @Nullable Instant createdAt;

    @Column(name = "last_modified_by")
    private @Nullable String lastModifiedBy;

    @Column(name = "last_modified_by_type")
    private @Nullable String lastModifiedByType;

    @Column(name = "last_modified_at")
    private @Nullable Instant lastModifiedAt;

    protected SystemDataColumns() {
    }

    public SystemDataColumns(@Nullable String createdBy, @Nullable String createdByType, @Nullable Instant createdAt,
            @Nullable String lastModifiedBy, @Nullable String lastModifiedByType, @Nullable Instant lastModifiedAt) {
        this.createdBy = createdBy;
        this.createdByType = createdByType;
        this.createdAt = createdAt;
        this.lastModifiedBy = lastModifiedBy;
        this.lastModifiedByType = lastModifiedByType;
        this.lastModifiedAt = lastModifiedAt;
    }

    public @Nullable String getCreatedBy() {
        return createdBy;
    }

    public @Nullable String getCreatedByType() {
        return createdByType;
    }

    public @Nullable Instant getCreatedAt() {
        return createdAt;
    }

    public @Nullable String getLastModifiedBy() {
        return lastModifiedBy;
    }

    public @Nullable String getLastModifiedByType() {
        return lastModifiedByType;
    }

    public @Nullable Instant getLastModifiedAt() {
        return lastModifiedAt;
    }
}
