package org.fleetmesh.rp.arm.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.fleetmesh.rp.arm.ArmError;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ErrorCode;
import tools.jackson.databind.JsonNode;

/**
 * Checks a request body against the schema of the api-version the caller named: a property the version does
 * not have, a wrong type, or a value outside its constraints is a 400 that names the property.
 * Read-only properties are accepted and ignored, so a body read with GET can be sent back with PUT.
 */
public final class RequestValidator {

    private final SchemaView view;
    private final String apiVersion;
    private final List<ArmError> errors = new ArrayList<>();

    private RequestValidator(SchemaView view, String apiVersion) {
        this.view = view;
        this.apiVersion = apiVersion;
    }

    public static void validate(ApiContract contract, OperationSpec operation, JsonNode body) {
        RequestValidator validator = new RequestValidator(contract.schemaView(), operation.apiVersion());
        validator.check(operation.body(), body, "");
        validator.throwIfInvalid();
    }

    private void throwIfInvalid() {
        if (errors.isEmpty()) {
            return;
        }
        ArmError first = errors.get(0);
        ErrorCode code = first.code().equals(ErrorCode.LOCATION_REQUIRED.code())
                ? ErrorCode.LOCATION_REQUIRED : ErrorCode.INVALID_REQUEST_CONTENT;
        throw new ArmException(code, first.message(), first.target(), errors.size() > 1 ? errors : List.of());
    }

    private void check(SchemaRef schema, JsonNode value, String target) {
        if (value == null || value.isNull()) {
            return;
        }
        switch (view.type(schema)) {
            case "object" -> checkObject(schema, value, target);
            case "array" -> checkArray(schema, value, target);
            case "string" -> checkString(schema, value, target);
            case "integer" -> expect(value.isIntegralNumber(), target, "an integer");
            case "number" -> expect(value.isNumber(), target, "a number");
            case "boolean" -> expect(value.isBoolean(), target, "true or false");
            default -> {
                // an untyped schema accepts any JSON value
            }
        }
    }

    private void checkObject(SchemaRef schema, JsonNode value, String target) {
        if (!expect(value.isObject(), target, "a JSON object")) {
            return;
        }
        Map<String, SchemaRef> properties = view.properties(schema);
        Optional<SchemaRef> additional = view.additionalProperties(schema);
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            String path = join(target, field.getKey());
            SchemaRef property = properties.get(field.getKey());
            if (property == null) {
                if (additional.isPresent()) {
                    check(additional.get(), field.getValue(), path);
                } else {
                    errors.add(ArmError.of(ErrorCode.INVALID_REQUEST_CONTENT, "The property '" + path
                            + "' is not part of api-version '" + apiVersion + "'. Remove it, or use an api-version that has it.",
                            path));
                }
            } else if (!view.readOnly(property)) {
                check(property, field.getValue(), path);
            }
        }
        Set<String> required = view.required(schema);
        for (String name : required) {
            SchemaRef property = properties.get(name);
            boolean absent = !value.has(name) || value.get(name).isNull();
            if (absent && property != null && !view.readOnly(property)) {
                String path = join(target, name);
                ErrorCode code = path.equals("location") ? ErrorCode.LOCATION_REQUIRED : ErrorCode.INVALID_REQUEST_CONTENT;
                errors.add(ArmError.of(code, "The property '" + path + "' is required.", path));
            }
        }
    }

    private void checkArray(SchemaRef schema, JsonNode value, String target) {
        if (!expect(value.isArray(), target, "a JSON array")) {
            return;
        }
        SchemaRef resolved = view.resolve(schema);
        JsonNode items = resolved.node().get("items");
        for (int i = 0; i < value.size(); i++) {
            if (items != null) {
                check(new SchemaRef(items, resolved.document()), value.get(i), target + "[" + i + "]");
            }
        }
    }

    private void checkString(SchemaRef schema, JsonNode value, String target) {
        if (!expect(value.isString(), target, "a string")) {
            return;
        }
        JsonNode node = view.resolve(schema).node();
        String text = value.asString();
        int length = text.codePointCount(0, text.length());
        if (node.has("minLength") && length < node.get("minLength").asInt()) {
            invalid(target, "must have at least " + node.get("minLength").asInt() + " characters");
        } else if (node.has("maxLength") && length > node.get("maxLength").asInt()) {
            invalid(target, "must have at most " + node.get("maxLength").asInt() + " characters");
        } else if (node.has("pattern") && !Pattern.compile(node.get("pattern").asString()).matcher(text).find()) {
            invalid(target, "must match the pattern '" + node.get("pattern").asString() + "'");
        } else if (node.has("enum")) {
            List<String> allowed = new ArrayList<>();
            node.get("enum").forEach(v -> allowed.add(v.asString()));
            if (allowed.stream().noneMatch(text::equalsIgnoreCase)) {
                invalid(target, "must be one of " + allowed);
            }
        }
    }

    private boolean expect(boolean condition, String target, String what) {
        if (!condition) {
            invalid(target, "must be " + what);
        }
        return condition;
    }

    private void invalid(String target, String rule) {
        String where = target.isEmpty() ? "The request body" : "The value of '" + target + "'";
        errors.add(ArmError.of(ErrorCode.INVALID_REQUEST_CONTENT, where + " " + rule + ".", target.isEmpty() ? null : target));
    }

    private static String join(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }
}
