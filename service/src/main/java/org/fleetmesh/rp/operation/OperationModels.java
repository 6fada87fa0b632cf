package org.fleetmesh.rp.operation;

import java.util.Optional;
import org.fleetmesh.persistence.operation.OperationEntity;
import org.fleetmesh.rp.api.model.OperationStatusResult;
import org.fleetmesh.rp.arm.ArmCall;
import org.fleetmesh.rp.arm.ArmError;
import org.fleetmesh.rp.arm.ArmErrorWriter;
import org.fleetmesh.rp.arm.ArmModels;
import org.fleetmesh.rp.arm.contract.ApiContract;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the two monitor URLs answer about a stored operation; the controller sees only these answers. */
@Component
class OperationModels {

    private static final String IN_PROGRESS = "InProgress";

    private final Operations operations;
    private final ArmModels models;
    private final ApiContract contract;
    private final JsonMapper json;

    OperationModels(Operations operations, ArmModels models, ApiContract contract, JsonMapper json) {
        this.operations = operations;
        this.models = models;
        this.contract = contract;
        this.json = json;
    }

    /** The Azure-AsyncOperation answer: always 200 while readable, with Retry-After while the operation runs. */
    ResponseEntity<OperationStatusResult> status(OperationEntity operation, ArmCall call) {
        OperationStatusResult status = new OperationStatusResult()
                .id(operations.statusUrl(operation, call).getPath())
                .name(operation.getId().toString())
                // Azure's services say InProgress while an operation runs; which of our two stages it is in is ours.
                .status(operation.isTerminal() ? operation.getStatus().name() : IN_PROGRESS)
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
     * The Location answer: 202 while the operation runs, then what the synchronous call would have returned: its
     * error, the resource shaped as a GET in the caller's api-version shows it, or nothing.
     *
     * @param body null for no body
     */
    record Result(int status, HttpHeaders headers, JsonNode body) {
    }

    Result result(OperationEntity operation, String apiVersion, ArmCall call) {
        if (!operation.isTerminal()) {
            return new Result(HttpStatus.ACCEPTED.value(), operations.pollingHeaders(operation, call), null);
        }
        HttpHeaders headers = new HttpHeaders();
        if (operation.getError() != null) {
            ArmError error = json.readValue(operation.getError(), ArmError.class);
            headers.set(ArmErrorWriter.ERROR_CODE_HEADER, error.code());
            return new Result(operation.getResultStatus(), headers, json.valueToTree(new ArmError.Body(error)));
        }
        Optional<Object> result = operations.result(operation);
        if (result.isEmpty()) {
            return new Result(HttpStatus.OK.value(), headers, null);
        }
        JsonNode body = json.valueToTree(result.get());
        contract.shapeAsRead(apiVersion, operation.getResourceId(), body);
        return new Result(HttpStatus.OK.value(), headers, body);
    }
}
