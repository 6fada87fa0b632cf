package org.fleetmesh.persistence.operation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.fleetmesh.domain.OperationStatus;
import org.jspecify.annotations.Nullable;

/** One asynchronous operation, addressable by its id within the subscription that started it. */
@Entity
@Table(name = "operations")
public class OperationEntity {

    @Id
    private UUID id;

    @Column(name = "subscription_id", nullable = false)
    private String subscriptionId;

    @Column(nullable = false)
    private String location;

    @Column(name = "resource_id", nullable = false)
    private String resourceId;

    @Column(nullable = false)
    private String kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private OperationStatus status;

    @Column(name = "percent_complete", nullable = false)
    private double percentComplete;

    @Column(name = "start_time", nullable = false)
    private Instant startTime;

    @Column(name = "end_time")
    private @Nullable Instant endTime;

    @Column
    private @Nullable String error;

    @Column(name = "result_status")
    private @Nullable Integer resultStatus;

    @Column(name = "correlation_id")
    private @Nullable String correlationId;

    @Column(nullable = false)
    private int checkpoint;

    @Column(name = "current_step")
    private @Nullable String currentStep;

    @Column(nullable = false)
    private int attempts;

    @Column
    private @Nullable Instant deadline;

    @Version
    private long version;

    @Column(name = "target_id")
    private @Nullable UUID targetId;

    protected OperationEntity() {
    }

    public OperationEntity(UUID id, String subscriptionId, String location, String resourceId, String kind, Instant startTime,
            Instant deadline, String correlationId, UUID targetId) {
        this.id = id;
        this.subscriptionId = subscriptionId;
        this.location = location;
        this.resourceId = resourceId;
        this.kind = kind;
        this.status = OperationStatus.Accepted;
        this.startTime = startTime;
        this.deadline = deadline;
        this.correlationId = correlationId;
        this.targetId = targetId;
    }

    /** The database row of the resource this operation works on. */
    public @Nullable UUID getTargetId() {
        return targetId;
    }

    public UUID getId() {
        return id;
    }

    public String getSubscriptionId() {
        return subscriptionId;
    }

    public String getLocation() {
        return location;
    }

    public String getResourceId() {
        return resourceId;
    }

    public String getKind() {
        return kind;
    }

    public OperationStatus getStatus() {
        return status;
    }

    public double getPercentComplete() {
        return percentComplete;
    }

    public Instant getStartTime() {
        return startTime;
    }

    public @Nullable Instant getEndTime() {
        return endTime;
    }

    public @Nullable String getError() {
        return error;
    }

    public @Nullable Integer getResultStatus() {
        return resultStatus;
    }

    public @Nullable String getCorrelationId() {
        return correlationId;
    }

    /** How many steps have completed; the next run resumes at this index. */
    public int getCheckpoint() {
        return checkpoint;
    }

    public @Nullable String getCurrentStep() {
        return currentStep;
    }

    public int getAttempts() {
        return attempts;
    }

    public @Nullable Instant getDeadline() {
        return deadline;
    }

    public boolean isTerminal() {
        return status.isTerminal();
    }

    /** The named step is being attempted (again). */
    public void startStep(String step) {
        this.status = OperationStatus.Running;
        this.currentStep = step;
    }

    public void retryLater() {
        this.attempts++;
    }

    /** The current step's effect is in place; the next run starts at the following step. */
    public void completeStep(int totalSteps) {
        this.checkpoint++;
        this.attempts = 0;
        this.percentComplete = totalSteps == 0 ? 100 : 100.0 * checkpoint / totalSteps;
    }

    /** Ends the operation; the result status is what its Location URL answers from now on. */
    public void finish(OperationStatus terminalStatus, int resultStatus, @Nullable String error, Instant at) {
        this.status = terminalStatus;
        this.resultStatus = resultStatus;
        this.error = error;
        this.percentComplete = 100;
        this.endTime = at;
    }
}
