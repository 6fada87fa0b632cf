package org.fleetmesh.rp.arm.contract;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cuts a response down to the schema of the api-version the caller named, so an older client never sees a
 * property its version does not define (for example {@code meshProperties} in 2025-03-01).
 *
 * <p>Each response schema is read once, on its first use, into a {@link Shape}: which properties an object keeps
 * and the shapes of their values. Reading it anew per response (merging allOf, following $refs across documents)
 * cost more than the rest of a read.
 */
public final class ResponseShaper {

    private final SchemaView view;
    /**
     * The compiled shape of each response schema, by the identity of the schema's node (each document is read once);
     * replaced, never changed, so that reading it takes no lock.
     */
    private volatile Map<JsonNode, Shape> responses = new IdentityHashMap<>();
    /** Every shape compiled so far, by schema node: schemas refer to themselves (an error's details are errors). */
    private final Map<JsonNode, Shape> compiled = new IdentityHashMap<>();

    ResponseShaper(SchemaView view) {
        this.view = view;
    }

    /** Cuts the body to the operation's response schema for the status; whether it removed anything. */
    public boolean shape(OperationSpec operation, int status, JsonNode body) {
        return operation.responseSchema(status).map(schema -> shapeOf(schema).prune(body)).orElse(false);
    }

    private Shape shapeOf(SchemaRef schema) {
        Shape shape = responses.get(schema.node());
        if (shape == null) {
            synchronized (compiled) {
                shape = compile(schema);
                Map<JsonNode, Shape> more = new IdentityHashMap<>(responses);
                more.put(schema.node(), shape);
                responses = more;
            }
        }
        return shape;
    }

    /** Called holding the lock on {@link #compiled}. */
    private Shape compile(SchemaRef schema) {
        Shape known = compiled.get(schema.node());
        if (known != null) {
            return known;
        }
        Shape shape = new Shape();
        compiled.put(schema.node(), shape);
        String type = view.type(schema);
        if (type.equals("object")) {
            shape.properties = new HashMap<>();
            view.properties(schema).forEach((name, property) -> shape.properties.put(name, compile(property)));
            shape.additional = view.additionalProperties(schema).map(this::compile).orElse(null);
        } else if (type.equals("array")) {
            SchemaRef resolved = view.resolve(schema);
            JsonNode items = resolved.node().get("items");
            shape.items = items == null ? null : compile(new SchemaRef(items, resolved.document()));
        }
        return shape;
    }

    /** What a schema keeps of a value: of an object (properties non-null), its named properties; of an array, its items. */
    private static final class Shape {

        private Map<String, Shape> properties;
        private Shape additional;
        private Shape items;

        /** Removes what the schema does not have; whether there was any. */
        boolean prune(JsonNode value) {
            boolean removed = false;
            if (value == null) {
                return false;
            }
            if (properties != null && value instanceof ObjectNode object) {
                List<String> unknown = new ArrayList<>(0);
                for (Map.Entry<String, JsonNode> field : object.properties()) {
                    Shape property = properties.get(field.getKey());
                    if (property != null) {
                        removed |= property.prune(field.getValue());
                    } else if (additional != null) {
                        removed |= additional.prune(field.getValue());
                    } else {
                        unknown.add(field.getKey());
                    }
                }
                if (!unknown.isEmpty()) {
                    object.remove(unknown);
                    removed = true;
                }
            } else if (items != null && value.isArray()) {
                for (JsonNode item : value) {
                    removed |= items.prune(item);
                }
            }
            return removed;
        }
    }
}
