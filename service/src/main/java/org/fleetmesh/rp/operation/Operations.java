package org.fleetmesh.rp.operation;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.fleetmesh.domain.OperationStatus;
import org.fleetmesh.domain.ProvisioningState;
import org.fleetmesh.persistence.ArmResourceRow;
import org.fleetmesh.persistence.operation.OperationEntity;
import org.fleetmesh.persistence.operation.OperationRepository;
import org.fleetmesh.rp.arm.ArmCall;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.arm.Written;
import org.fleetmesh.rp.arm.domain.Locations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Accepts long-running operations and builds the headers ARM clients poll them with. */
@Service
public class Operations {

    private static final Logger log = LoggerFactory.getLogger(Operations.class);

    private final OperationRepository operations;
    private final OperationScheduler scheduler;
    private final OperationTypes types;
    private final OperationMetrics metrics;
    private final OperationEnds ends;
    private final Duration synchronousBudget;
    private final Clock clock;

    Operations(OperationRepository operations, OperationScheduler scheduler, OperationTypes types, OperationMetrics metrics,
            OperationEnds ends, OperationSettings settings, Clock clock) {
        this.operations = operations;
        this.scheduler = scheduler;
        this.types = types;
        this.metrics = metrics;
        this.ends = ends;
        this.synchronousBudget = settings.synchronousBudget();
        this.clock = clock;
    }

    /**
     * Accepts an operation on a resource within the caller's transaction: refuses it while another operation
     * runs on the resource, its parent or its children, marks the resource with the operation, and queues it.
     *
     * @param provisioningState the non-terminal state the resource shows until the operation ends
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public OperationEntity start(String kind, String subscriptionId, String location, String resourceId, UUID targetId,
            ArmResourceRow resource, ProvisioningState provisioningState) {
        requireNoneRunningOn(resourceId);
        OperationType type = types.find(kind).orElseThrow(() -> new IllegalStateException("no operation type " + kind));
        OperationEntity operation = operations.save(new OperationEntity(UUID.randomUUID(), subscriptionId.toLowerCase(Locale.ROOT),
                location, resourceId, kind, clock.instant(), clock.instant().plus(type.deadline()), MDC.get("correlationId"),
                targetId));
        resource.setProvisioningState(provisioningState);
        resource.setLastOperationId(operation.getId().toString());
        resource.setLastOperationError(null);
        scheduler.submit(operation.getId());
        metrics.accepted(kind);
        log.info("operation={} kind={} resource={} event=accepted", operation.getId(), kind, resourceId);
        return operation;
    }

    /** Writes to a resource wait for the operation running on it; ARM clients retry on this code. */
    @Transactional(readOnly = true)
    public void requireNoneRunningOn(String resourceId) {
        operations.findFirstActiveOn(resourceId).ifPresent(running -> {
            throw new ArmException(ErrorCode.ANOTHER_OPERATION_IN_PROGRESS, "Operation '" + running.getId() + "' ("
                    + running.getKind() + ") is still running on '" + running.getResourceId() + "'. Wait for it to finish "
                    + "(poll its Azure-AsyncOperation URL), then retry.", resourceId);
        });
    }

    /** The operations running on a resource, on anything below it or above it, oldest first. */
    @Transactional(readOnly = true)
    public List<OperationEntity> runningWithin(String resourceId) {
        return operations.findActiveOn(resourceId);
    }

    /** The operation, if the subscription asking is the one that started it, at the location it was started in. */
    @Transactional(readOnly = true)
    public Optional<OperationEntity> find(String subscriptionId, String location, String operationId) {
        UUID id;
        try {
            id = UUID.fromString(operationId);
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
        return operations.findById(id).filter(op -> op.getSubscriptionId().equalsIgnoreCase(subscriptionId)
                && op.getLocation().equals(Locations.normalize(location)));
    }

    /** The body the Location URL answers with once the operation succeeded, if its API operation has one. */
    @Transactional(readOnly = true)
    public Optional<Object> result(OperationEntity operation) {
        return types.find(operation.getKind()).flatMap(type -> type.result(operation));
    }

    /**
     * The operation a write just accepted, once it has Succeeded, if it did so within the synchronous budget: the
     * write then answers as a completed one (the final resource, or 200 for a DELETE) and the client polls nothing.
     * Empty when it is still running, ran elsewhere and had not ended by then, or failed: a failure keeps the
     * asynchronous answer, so that the client's poller reads the operation's error from the status resource.
     * Call it outside any transaction (the operation starts when the write's transaction commits); it holds the
     * request thread no longer than the budget.
     */
    public Optional<OperationEntity> succeededWithinBudget(OperationEntity accepted) {
        if (synchronousBudget.isZero()) {
            return Optional.empty();
        }
        UUID id = accepted.getId();
        ends.await(id, synchronousBudget, () -> operations.findById(id).map(OperationEntity::isTerminal).orElse(false));
        // Whether notified, or not (another replica may have run it): what the database says now decides.
        return operations.findById(id).filter(op -> op.getStatus() == OperationStatus.Succeeded);
    }

    /** Seconds until the operation is expected to have ended, within ARM's range for Retry-After. */
    public int retryAfterSeconds(OperationEntity operation) {
        return RetryAfter.seconds(Duration.between(operation.getStartTime(), clock.instant()), operation.getPercentComplete(),
                metrics.typicalDuration(operation.getKind()));
    }

    /** Azure-AsyncOperation and Retry-After, as a PUT answers 201 or 200 while its operation runs. */
    public HttpHeaders statusHeaders(OperationEntity operation, ArmCall call) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Azure-AsyncOperation", statusUrl(operation, call).toString());
        headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds(operation)));
        return headers;
    }

    /**
     * A PUT's answer. Once its operation Succeeded within the synchronous budget: {@code settled}'s answer, the
     * resource as the operation left it, with no monitor headers, so the client polls nothing. Otherwise (still
     * running, failed, or {@code settled} finds the resource no longer final: another write started on it meanwhile):
     * 201 or 200 with the resource as stored, its ETag and the headers to poll its operation.
     */
    public <T> ResponseEntity<T> written(Written<T> written, String etag, ArmCall call,
            Supplier<Optional<ResponseEntity<T>>> settled) {
        return completed(written.operation(), settled).orElseGet(() -> ResponseEntity
                .status(written.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .headers(statusHeaders(written.operation(), call)).eTag(etag).body(written.resource()));
    }

    /** A PATCH's answer: {@code settled}'s (200 with the resource) once done within the budget, else 202 with the headers to poll. */
    public <T> ResponseEntity<T> accepted(Written<?> written, ArmCall call, Supplier<Optional<ResponseEntity<T>>> settled) {
        return completed(written.operation(), settled)
                .orElseGet(() -> ResponseEntity.accepted().headers(pollingHeaders(written.operation(), call)).build());
    }

    /**
     * A DELETE's answer: 200 once the operation that removes the resource Succeeded within the budget, 202 while it
     * runs, 204 when there was nothing to delete.
     */
    public ResponseEntity<Void> deleted(Optional<OperationEntity> operation, ArmCall call) {
        return operation.map(running -> succeededWithinBudget(running).isPresent() ? ResponseEntity.ok().<Void>build()
                        : ResponseEntity.accepted().headers(pollingHeaders(running, call)).<Void>build())
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    private <T> Optional<ResponseEntity<T>> completed(OperationEntity operation, Supplier<Optional<ResponseEntity<T>>> settled) {
        return succeededWithinBudget(operation).isPresent() ? settled.get() : Optional.empty();
    }

    /** The operation a monitor URL names, or the 404 that tells the caller to use the URL exactly as returned. */
    @Transactional(readOnly = true)
    public OperationEntity require(String subscriptionId, String location, String operationId) {
        return find(subscriptionId, location, operationId).orElseThrow(() -> new ArmException(
                ErrorCode.RESOURCE_NOT_FOUND, "Operation '" + operationId + "' was not found in subscription '" + subscriptionId
                        + "' at location '" + location + "'. Use the Azure-AsyncOperation or Location URL exactly as the "
                        + "write returned it: it is valid only in the subscription that started the operation.", operationId));
    }

    /** Location as well, as PATCH, DELETE and POST actions answer 202. */
    public HttpHeaders pollingHeaders(OperationEntity operation, ArmCall call) {
        HttpHeaders headers = statusHeaders(operation, call);
        headers.setLocation(monitorUrl(operation, call, "operationResults"));
        return headers;
    }

    URI statusUrl(OperationEntity operation, ArmCall call) {
        return monitorUrl(operation, call, "operationStatuses");
    }

    private static URI monitorUrl(OperationEntity operation, ArmCall call, String kind) {
        return call.publicUrl("/subscriptions/" + operation.getSubscriptionId() + "/providers/Microsoft.ContainerService/locations/"
                + operation.getLocation() + "/" + kind + "/" + operation.getId() + "?api-version=" + call.apiVersion());
    }
}
