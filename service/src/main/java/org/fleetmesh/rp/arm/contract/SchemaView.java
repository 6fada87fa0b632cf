package org.fleetmesh.rp.arm.contract;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Reads a Swagger schema the way a validator needs it: properties and required names merged over allOf. */
final class SchemaView {

    private final SwaggerDocuments documents;

    SchemaView(SwaggerDocuments documents) {
        this.documents = documents;
    }

    SchemaRef resolve(SchemaRef schema) {
        return documents.resolve(schema);
    }

    /** Own and inherited properties; each keeps the flags written beside its {@code $ref} (readOnly, mutability). */
    Map<String, SchemaRef> properties(SchemaRef schema) {
        SchemaRef resolved = resolve(schema);
        Map<String, SchemaRef> properties = new LinkedHashMap<>();
        for (JsonNode parent : resolved.node().path("allOf")) {
            properties.putAll(properties(new SchemaRef(parent, resolved.document())));
        }
        for (Map.Entry<String, JsonNode> property : resolved.node().path("properties").properties()) {
            properties.put(property.getKey(), new SchemaRef(property.getValue(), resolved.document()));
        }
        return properties;
    }

    Set<String> required(SchemaRef schema) {
        SchemaRef resolved = resolve(schema);
        Set<String> required = new LinkedHashSet<>();
        for (JsonNode parent : resolved.node().path("allOf")) {
            required.addAll(required(new SchemaRef(parent, resolved.document())));
        }
        resolved.node().path("required").forEach(name -> required.add(name.asString()));
        return required;
    }

    Optional<SchemaRef> additionalProperties(SchemaRef schema) {
        SchemaRef resolved = resolve(schema);
        JsonNode additional = resolved.node().get("additionalProperties");
        return additional == null || !additional.isObject()
                ? Optional.empty()
                : Optional.of(new SchemaRef(additional, resolved.document()));
    }

    /** A property is read-only when the flag sits beside its $ref or on the schema it points to. */
    boolean readOnly(SchemaRef property) {
        return property.node().path("readOnly").asBoolean(false) || resolve(property).node().path("readOnly").asBoolean(false);
    }

    String type(SchemaRef schema) {
        JsonNode node = resolve(schema).node();
        if (node.has("type")) {
            return node.get("type").asString();
        }
        return node.has("properties") || node.has("allOf") || node.has("additionalProperties") ? "object" : "";
    }
}
