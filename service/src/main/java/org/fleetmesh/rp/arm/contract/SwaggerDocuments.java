package org.fleetmesh.rp.arm.contract;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The committed Swagger documents on the classpath, each read once, and the {@code $ref}s between them: what the
 * contract, the schema reader and the response shaper share, so that none of them depends on another for it.
 */
final class SwaggerDocuments {

    private final JsonMapper json;
    private final Map<String, JsonNode> documents = new ConcurrentHashMap<>();

    SwaggerDocuments(JsonMapper json) {
        this.json = json;
    }

    /** Follows {@code $ref}s until a schema with content; relative file references resolve on the classpath. */
    SchemaRef resolve(SchemaRef schema) {
        SchemaRef current = schema;
        for (int hops = 0; current.node().has("$ref"); hops++) {
            if (hops > 32) {
                throw new IllegalStateException("$ref cycle at " + schema.document());
            }
            current = follow(current.document(), current.node().get("$ref").asString());
        }
        return current;
    }

    private SchemaRef follow(String fromDocument, String ref) {
        int hash = ref.indexOf('#');
        String file = hash < 0 ? ref : ref.substring(0, hash);
        String pointer = hash < 0 ? "" : ref.substring(hash + 1);
        String document = file.isEmpty() ? fromDocument : URI.create(fromDocument).resolve(file).normalize().toString();
        JsonNode target = document(document).at(pointer);
        if (target.isMissingNode()) {
            throw new IllegalStateException("unresolvable $ref " + ref + " in " + fromDocument);
        }
        return new SchemaRef(target, document);
    }

    JsonNode document(String path) {
        return documents.computeIfAbsent(path, this::load);
    }

    private JsonNode load(String path) {
        try (InputStream in = SwaggerDocuments.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("API document missing from the classpath: " + path);
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read API document " + path, e);
        }
    }
}
