package org.fleetmesh.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.time.Instant;

/** ARM systemData as stored: who created and last changed a resource, and when. */
@Embeddable
public class SystemDataColumns {

    @Column(name = "created_by")
    private String createdBy;

    @Column(name = "created_by_type")
    private String createdByType;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "last_modified_by")
    private String lastModifiedBy;

    @Column(name = "last_modified_by_type")
    private String lastModifiedByType;

    @Column(name = "last_modified_at")
    private Instant lastModifiedAt;

    protected SystemDataColumns() {
    }

    public SystemDataColumns(String createdBy, String createdByType, Instant createdAt,
            String lastModifiedBy, String lastModifiedByType, Instant lastModifiedAt) {
        this.createdBy = createdBy;
        this.createdByType = createdByType;
        this.createdAt = createdAt;
        this.lastModifiedBy = lastModifiedBy;
        this.lastModifiedByType = lastModifiedByType;
        this.lastModifiedAt = lastModifiedAt;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public String getCreatedByType() {
        return createdByType;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public String getLastModifiedBy() {
        return lastModifiedBy;
    }

    public String getLastModifiedByType() {
        return lastModifiedByType;
    }

    public Instant getLastModifiedAt() {
        return lastModifiedAt;
    }
}
