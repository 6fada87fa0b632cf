package org.fleetmesh.rp.arm.contract;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ErrorCode;
import tools.jackson.databind.JsonNode;

/** A request's path and query parameters against what the operation's document allows: ARM's 400s, before any work. */
final class ParameterChecks {

    /** The documents' name patterns, compiled once each. */
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    static void path(OperationSpec operation, Map<String, String> values) {
        for (OperationSpec.ParameterSpec parameter : operation.parameters()) {
            String value = values.get(parameter.name());
            if (!parameter.in().equals("path") || value == null) {
                continue;
            }
            if (parameter.name().equals("subscriptionId")) {
                checkSubscriptionId(value);
            } else {
                checkName(parameter, value);
            }
        }
    }

    private static void checkSubscriptionId(String value) {
        try {
            UUID.fromString(value);
        } catch (IllegalArgumentException notGuid) {
            throw new ArmException(ErrorCode.INVALID_SUBSCRIPTION_ID,
                    "The subscription id '" + value + "' is not a GUID.", "subscriptionId");
        }
    }

    /** Names match case-insensitively, so the document's lower-case patterns are checked on the lower-cased name. */
    private static void checkName(OperationSpec.ParameterSpec parameter, String value) {
        var node = parameter.schema().node();
        int length = value.codePointCount(0, value.length());
        String rule = null;
        if (node.has("minLength") && length < node.get("minLength").asInt()
                || node.has("maxLength") && length > node.get("maxLength").asInt()) {
            rule = "be " + node.path("minLength").asInt(1) + " to " + node.path("maxLength").asInt() + " characters long";
        } else if (node.has("pattern")
                && !PATTERNS.computeIfAbsent(node.get("pattern").asString(), Pattern::compile)
                        .matcher(value.toLowerCase(Locale.ROOT)).find()) {
            rule = "match the pattern '" + node.get("pattern").asString() + "' (ignoring case)";
        } else if (parameter.name().equals("resourceGroupName") && value.endsWith(".")) {
            rule = "not end with a period";
        }
        if (rule != null) {
            throw new ArmException(ErrorCode.INVALID_RESOURCE_NAME, "The name '" + value + "' for '" + parameter.name()
                    + "' is invalid: it must " + rule + ".", parameter.name());
        }
    }

    static void query(OperationSpec operation, Map<String, List<String>> query) {
        for (OperationSpec.ParameterSpec parameter : operation.parameters()) {
            String value = QueryString.first(query, parameter.name());
            if (!parameter.in().equals("query") || value == null) {
                continue;
            }
            var node = parameter.schema().node();
            if (node.path("type").asString().equals("integer")) {
                checkInteger(parameter.name(), value, node);
            }
        }
    }

    private static void checkInteger(String name, String value, JsonNode node) {
        try {
            long number = Long.parseLong(value);
            if (number < node.path("minimum").asLong(1) || number > node.path("maximum").asLong(Integer.MAX_VALUE)) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException notAnInteger) {
            throw new ArmException(ErrorCode.INVALID_PARAMETER, "The query parameter '" + name
                    + "' must be a positive integer.", name);
        }
    }

    private ParameterChecks() {
    }
}
