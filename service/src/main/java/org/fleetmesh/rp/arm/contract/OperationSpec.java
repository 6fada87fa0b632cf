package org.fleetmesh.rp.arm.contract;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One operation of one api-version, as its Swagger document describes it. */
public record OperationSpec(String apiVersion, String method, String pathTemplate, List<String> segments,
        String operationId, List<ParameterSpec> parameters, SchemaRef body, boolean bodyRequired,
        Map<String, SchemaRef> responses) {

    /** A path, query or header parameter with the constraints the document puts on it. */
    public record ParameterSpec(String name, String in, SchemaRef schema) {
    }

    /** The schema of the response with this status, else of the default (error) response. */
    Optional<SchemaRef> responseSchema(int status) {
        SchemaRef schema = responses.get(Integer.toString(status));
        if (schema == null && status >= 400) {
            schema = responses.get("default");
        }
        return Optional.ofNullable(schema);
    }

    /** Matches request path segments; literal segments ignore case, as ARM does. */
    boolean matches(List<String> requestSegments) {
        if (requestSegments.size() != segments.size()) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            String expected = segments.get(i);
            if (!isParameter(expected) && !expected.equalsIgnoreCase(requestSegments.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The values of the path parameters in a matching request path. */
    Map<String, String> pathValues(List<String> requestSegments) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String expected = segments.get(i);
            if (isParameter(expected)) {
                values.put(expected.substring(1, expected.length() - 1), requestSegments.get(i));
            }
        }
        return values;
    }

    /** The ARM resource type the path addresses, for error messages: the literal segments after the namespace. */
    String resourceType() {
        StringBuilder type = new StringBuilder();
        boolean afterProvider = false;
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (afterProvider && !isParameter(segment)) {
                type.append(type.isEmpty() ? "" : "/").append(segment);
            }
            if (segment.equalsIgnoreCase("providers")) {
                afterProvider = true;
                i++;
            }
        }
        return "Microsoft.ContainerService/" + type;
    }

    static boolean isParameter(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }
}
