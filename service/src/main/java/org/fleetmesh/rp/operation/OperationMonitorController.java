package org.fleetmesh.rp.operation;

import org.fleetmesh.persistence.operation.OperationEntity;
import org.fleetmesh.rp.api.OperationResultsApi;
import org.fleetmesh.rp.api.OperationStatusesApi;
import org.fleetmesh.rp.api.model.OperationStatusResult;
import org.fleetmesh.rp.arm.ArmCall;
import org.fleetmesh.rp.arm.ArmCalls;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ArmModels;
import org.fleetmesh.rp.arm.ErrorCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/**
 * The two URLs an ARM client polls: Azure-AsyncOperation (the status resource, always 200 while readable) and
 * Location (202 while running, then what the synchronous call would have returned).
 */
@RestController
class OperationMonitorController implements OperationStatusesApi, OperationResultsApi {

    private final Operations operations;
    private final ArmCalls calls;
    private final ArmModels models;

    OperationMonitorController(Operations operations, ArmCalls calls, ArmModels models) {
        this.operations = operations;
        this.calls = calls;
        this.models = models;
    }

    @Override
    public ResponseEntity<OperationStatusResult> operationStatusesGet(String apiVersion,
            String subscriptionId, String location, String operationId) {
        ArmCall call = calls.current();
        OperationEntity operation = find(subscriptionId, operationId);
        OperationStatusResult status = new OperationStatusResult()
                .id(operations.statusUrl(operation, call).getPath())
                .name(operation.getId().toString())
                .status(operation.getStatus())
                .resourceId(operation.getResourceId())
                .percentComplete(operation.getPercentComplete())
                .startTime(ArmModels.time(operation.getStartTime()))
                .endTime(ArmModels.time(operation.getEndTime()))
                .error(models.errorDetail(operation.getError()));
        return ResponseEntity.ok(status);
    }

    @Override
    public ResponseEntity<Void> operationResultsGet(String apiVersion, String subscriptionId, String location,
            String operationId) {
        ArmCall call = calls.current();
        OperationEntity operation = find(subscriptionId, operationId);
        if (operation.getResultStatus() == null) {
            return ResponseEntity.status(HttpStatus.ACCEPTED).headers(operations.pollingHeaders(operation, call)).build();
        }
        return ResponseEntity.status(operation.getResultStatus()).build();
    }

    private OperationEntity find(String subscriptionId, String operationId) {
        return operations.find(subscriptionId.toString(), operationId).orElseThrow(() -> new ArmException(
                ErrorCode.RESOURCE_NOT_FOUND, "Operation '" + operationId + "' was not found in subscription '" + subscriptionId
                        + "'. Operation ids are valid only in the subscription that started the operation.", operationId));
    }
}
