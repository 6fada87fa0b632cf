package org.fleetmesh.rp.operation;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.fleetmesh.rp.api.OperationResultsApi;
import org.fleetmesh.rp.api.OperationStatusesApi;
import org.fleetmesh.rp.api.model.OperationStatusResult;
import org.fleetmesh.rp.arm.ArmCall;
import org.fleetmesh.rp.arm.ArmCalls;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two URLs an ARM client polls: Azure-AsyncOperation (the status resource, always 200 while readable) and
 * Location (202 while running, then what the synchronous call would have returned).
 */
@RestController
class OperationMonitorController implements OperationStatusesApi, OperationResultsApi {

    private final Operations operations;
    private final OperationModels operationModels;
    private final ArmCalls calls;
    private final JsonMapper json;

    OperationMonitorController(Operations operations, OperationModels operationModels, ArmCalls calls, JsonMapper json) {
        this.operations = operations;
        this.operationModels = operationModels;
        this.calls = calls;
        this.json = json;
    }

    @Override
    public ResponseEntity<OperationStatusResult> operationStatusesGet(String apiVersion,
            String subscriptionId, String location, String operationId) {
        ArmCall call = calls.current();
        return operationModels.status(operations.require(subscriptionId, location, operationId), call);
    }

    /**
     * Generated as returning no body, but a finished PATCH or action answers with the resource, as its synchronous
     * form would; the raw response lets it.
     */
    @Override
    public ResponseEntity<Void> operationResultsGet(String apiVersion, String subscriptionId, String location,
            String operationId) {
        ArmCall call = calls.current();
        OperationModels.Result result = operationModels.result(operations.require(subscriptionId, location, operationId),
                apiVersion, call);
        if (result.body() == null) {
            return ResponseEntity.status(result.status()).headers(result.headers()).build();
        }
        HttpServletResponse response = currentResponse();
        try {
            result.headers().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
            response.setStatus(result.status());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.getOutputStream().write(json.writeValueAsBytes(result.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return null;
    }

    private static HttpServletResponse currentResponse() {
        return ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getResponse();
    }
}
