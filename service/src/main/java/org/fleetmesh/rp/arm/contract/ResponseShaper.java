package org.fleetmesh.rp.arm.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cuts a response down to the schema of the api-version the caller named, so an older client never sees a
 * property its version does not define (for example {@code meshProperties} in 2025-03-01).
 */
public final class ResponseShaper {

    private final SchemaView view;

    ResponseShaper(SchemaView view) {
        this.view = view;
    }

    public void shape(OperationSpec operation, int status, JsonNode body) {
        operation.responseSchema(status).ifPresent(schema -> prune(schema, body));
    }

    private void prune(SchemaRef schema, JsonNode value) {
        if (value == null) {
            return;
        }
        String type = view.type(schema);
        if (type.equals("object") && value instanceof ObjectNode object) {
            Map<String, SchemaRef> properties = view.properties(schema);
            Optional<SchemaRef> additional = view.additionalProperties(schema);
            List<String> unknown = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                SchemaRef property = properties.get(field.getKey());
                if (property != null) {
                    prune(property, field.getValue());
                } else if (additional.isPresent()) {
                    prune(additional.get(), field.getValue());
                } else {
                    unknown.add(field.getKey());
                }
            }
            object.remove(unknown);
        } else if (type.equals("array") && value.isArray()) {
            SchemaRef resolved = view.resolve(schema);
            JsonNode items = resolved.node().get("items");
            if (items != null) {
                value.forEach(item -> prune(new SchemaRef(items, resolved.document()), item));
            }
        }
    }
}
