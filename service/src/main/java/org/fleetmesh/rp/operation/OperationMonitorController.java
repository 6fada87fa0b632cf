package org.fleetmesh.rp.operation;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import org.fleetmesh.persistence.operation.OperationEntity;
import org.fleetmesh.rp.api.OperationResultsApi;
import org.fleetmesh.rp.api.OperationStatusesApi;
import org.fleetmesh.rp.api.model.OperationStatusResult;
import org.fleetmesh.rp.arm.ArmCall;
import org.fleetmesh.rp.arm.ArmCalls;
import org.fleetmesh.rp.arm.ArmError;
import org.fleetmesh.rp.arm.ArmErrorWriter;
import org.fleetmesh.rp.arm.contract.ApiContract;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ArmModels;
import org.fleetmesh.rp.arm.ErrorCode;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two URLs an ARM client polls: Azure-AsyncOperation (the status resource, always 200 while readable) and
 * Location (202 while running, then what the synchronous call would have returned).
 */
@RestController
class OperationMonitorController implements OperationStatusesApi, OperationResultsApi {

    private static final String IN_PROGRESS = "InProgress";

    private final Operations operations;
    private final ArmCalls calls;
    private final ArmModels models;
    private final ApiContract contract;
    private final JsonMapper json;

    OperationMonitorController(Operations operations, ArmCalls calls, ArmModels models, ApiContract contract, JsonMapper json) {
        this.operations = operations;
        this.calls = calls;
        this.models = models;
        this.contract = contract;
        this.json = json;
    }

    @Override
    public ResponseEntity<OperationStatusResult> operationStatusesGet(String apiVersion,
            String subscriptionId, String location, String operationId) {
        ArmCall call = calls.current();
        OperationEntity operation = find(subscriptionId, location, operationId);
        OperationStatusResult status = new OperationStatusResult()
                .id(operations.statusUrl(operation, call).getPath())
                .name(operation.getId().toString())
                // Azure's services say InProgress while an operation runs; which of our two stages it is in is ours.
                .status(operation.isTerminal() ? operation.getStatus() : IN_PROGRESS)
                .resourceId(operation.getResourceId())
                .percentComplete(operation.getPercentComplete())
                .startTime(ArmModels.time(operation.getStartTime()))
                .endTime(ArmModels.time(operation.getEndTime()))
                .error(models.errorDetail(operation.getError()));
        // While it runs, when to ask again; without it the Azure SDKs wait 30 s between polls.
        return operation.isTerminal() ? ResponseEntity.ok(status)
                : ResponseEntity.ok().header(HttpHeaders.RETRY_AFTER, Integer.toString(operations.retryAfterSeconds(operation)))
                        .body(status);
    }

    /**
     * Generated as returning no body, but a finished PATCH or action answers with the resource, as its synchronous
     * form would; the raw response lets it.
     */
    @Override
    public ResponseEntity<Void> operationResultsGet(String apiVersion, String subscriptionId, String location,
            String operationId) {
        ArmCall call = calls.current();
        OperationEntity operation = find(subscriptionId, location, operationId);
        if (!operation.isTerminal()) {
            return ResponseEntity.status(HttpStatus.ACCEPTED).headers(operations.pollingHeaders(operation, call)).build();
        }
        HttpServletResponse response = currentResponse();
        if (operation.getError() != null) {
            ArmError error = json.readValue(operation.getError(), ArmError.class);
            response.setHeader(ArmErrorWriter.ERROR_CODE_HEADER, error.code());
            write(response, operation.getResultStatus(), json.valueToTree(new ArmError.Body(error)));
            return null;
        }
        Optional<Object> result = operations.result(operation);
        if (result.isEmpty()) {
            return ResponseEntity.ok().build();
        }
        JsonNode body = json.valueToTree(result.get());
        contract.shapeAsRead(apiVersion, operation.getResourceId(), body);
        write(response, 200, body);
        return null;
    }

    private void write(HttpServletResponse response, int status, JsonNode body) {
        try {
            response.setStatus(status);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.getOutputStream().write(json.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpServletResponse currentResponse() {
        return ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getResponse();
    }

    private OperationEntity find(String subscriptionId, String location, String operationId) {
        return operations.find(subscriptionId, location, operationId).orElseThrow(() -> new ArmException(
                ErrorCode.RESOURCE_NOT_FOUND, "Operation '" + operationId + "' was not found in subscription '" + subscriptionId
                        + "' at location '" + location + "'. Use the Azure-AsyncOperation or Location URL exactly as the "
                        + "write returned it: it is valid only in the subscription that started the operation.", operationId));
    }
}
