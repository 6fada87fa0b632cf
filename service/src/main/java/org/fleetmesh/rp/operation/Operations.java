package org.fleetmesh.rp.operation;

import java.net.URI;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.fleetmesh.persistence.operation.OperationEntity;
import org.fleetmesh.persistence.operation.OperationRepository;
import org.fleetmesh.rp.arm.ArmCall;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Records asynchronous operations and builds the headers ARM clients poll them with. */
@Service
public class Operations {

    /** Seconds a client should wait between polls. */
    static final int RETRY_AFTER_SECONDS = 10;

    private final OperationRepository operations;
    private final Clock clock;

    Operations(OperationRepository operations, Clock clock) {
        this.operations = operations;
        this.clock = clock;
    }

    /** Records an operation whose work is already done, within the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public OperationEntity completed(String subscriptionId, String location, String resourceId, String kind, int resultStatus) {
        OperationEntity operation = new OperationEntity(UUID.randomUUID(), subscriptionId.toLowerCase(Locale.ROOT), location,
                resourceId, kind, clock.instant());
        operation.finish("Succeeded", resultStatus, null, clock.instant());
        return operations.save(operation);
    }

    /** The operation, if the subscription asking is the one that started it. */
    @Transactional(readOnly = true)
    public Optional<OperationEntity> find(String subscriptionId, String operationId) {
        UUID id;
        try {
            id = UUID.fromString(operationId);
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
        return operations.findById(id).filter(op -> op.getSubscriptionId().equalsIgnoreCase(subscriptionId));
    }

    /** Azure-AsyncOperation, Location and Retry-After for a 201/202 answer, on the host the client called. */
    public HttpHeaders pollingHeaders(OperationEntity operation, ArmCall call) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Azure-AsyncOperation", statusUrl(operation, call).toString());
        headers.setLocation(monitorUrl(operation, call, "operationResults"));
        headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
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
