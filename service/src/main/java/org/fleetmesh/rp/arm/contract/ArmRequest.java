package org.fleetmesh.rp.arm.contract;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;

/** What the front door learned about the current request, for the controllers behind it. */
public final class ArmRequest {

    static final String OPERATION = ArmRequest.class.getName() + ".operation";
    static final String API_VERSION = ArmRequest.class.getName() + ".apiVersion";
    static final String BODY = ArmRequest.class.getName() + ".body";

    private ArmRequest() {
    }

    public static OperationSpec operation(HttpServletRequest request) {
        return (OperationSpec) request.getAttribute(OPERATION);
    }

    public static String apiVersion(HttpServletRequest request) {
        return (String) request.getAttribute(API_VERSION);
    }

    /**
     * The request body as JSON, with explicit nulls intact; PATCH needs them (a null removes a key in a
     * JSON merge patch), and typed models cannot tell null from absent.
     */
    public static JsonNode body(HttpServletRequest request) {
        return (JsonNode) request.getAttribute(BODY);
    }
}
