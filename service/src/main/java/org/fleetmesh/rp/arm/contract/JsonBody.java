package org.fleetmesh.rp.arm.contract;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.arm.domain.Text;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a request body into a tree, strictly: a key that appears twice in one object is refused, because a front
 * end that keeps the first and this service that would keep the last could act on different requests; so is text
 * the database cannot hold. Malformed JSON is described by where it goes wrong (line, column, JSON path) and what
 * is wrong, in the API's words: the parser's own messages name its classes and options.
 */
final class JsonBody {

    private static final String DUPLICATE_PROPERTY = "Duplicate Object property";

    private final JsonMapper strict;

    JsonBody(JsonMapper json) {
        this.strict = json.rebuild().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    }

    JsonNode read(byte[] bytes) {
        JsonNode body;
        try (JsonParser parser = strict.createParser(bytes)) {
            try {
                body = strict.readTree(parser);
                if (body == null || body.isMissingNode()) {
                    throw malformed(parser.currentLocation(), "", "the body holds only white space, no JSON value");
                }
                if (parser.nextToken() != null) {
                    throw malformed(parser.currentLocation(), "", "there is more content after the JSON value; send exactly one");
                }
            } catch (JacksonException failure) {
                throw describe(failure, parser);
            }
        }
        checkText(body, "");
        return body;
    }

    private static ArmException describe(JacksonException failure, JsonParser parser) {
        String path = path(parser.streamReadContext());
        String message = String.valueOf(failure.getOriginalMessage());
        String problem;
        if (message.startsWith(DUPLICATE_PROPERTY)) {
            return new ArmException(ErrorCode.INVALID_REQUEST_CONTENT, "The property '" + path + "' appears more than once "
                    + "in the same JSON object. Send each property once.", path);
        } else if (failure instanceof UnexpectedEndOfInputException) {
            problem = "the body ends before the JSON value is complete";
        } else if (failure instanceof StreamConstraintsException) {
            problem = "the JSON nests too deeply, or a number, name or string in it is longer than this API accepts";
        } else {
            problem = "this is not valid JSON syntax";
        }
        TokenStreamLocation location = failure.getLocation() != null ? failure.getLocation() : parser.currentLocation();
        return malformed(location, path, problem);
    }

    private static ArmException malformed(TokenStreamLocation location, String path, String problem) {
        String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        String in = path.isEmpty() ? "" : " (in '" + path + "')";
        return new ArmException(ErrorCode.INVALID_REQUEST_CONTENT, "The request body is not valid JSON" + where + in + ": "
                + problem + ". Send a JSON object as described by the api-version's schema.", path.isEmpty() ? null : path);
    }

    /** The JSON path of the parser's position, as the error targets name properties: {@code properties.labels.a[0]}. */
    private static String path(TokenStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (TokenStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            if (at.inObject() && at.currentName() != null) {
                parts.addFirst("." + Text.echo(at.currentName()));
            } else if (at.inArray()) {
                parts.addFirst("[" + Math.max(at.getCurrentIndex(), 0) + "]");
            }
        }
        String joined = String.join("", parts);
        return joined.startsWith(".") ? joined.substring(1) : joined;
    }

    /** Every name and string value must be text the database can store unchanged. */
    private static void checkText(JsonNode node, String path) {
        if (node.isString()) {
            String reason = Text.unstorableReason(node.asString());
            if (reason != null) {
                throw new ArmException(ErrorCode.INVALID_REQUEST_CONTENT, "The value of '" + path + "' " + reason + ".",
                        path.isEmpty() ? null : path);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkText(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String child = path.isEmpty() ? Text.echo(field.getKey()) : path + "." + Text.echo(field.getKey());
                String reason = Text.unstorableReason(field.getKey());
                if (reason != null) {
                    throw new ArmException(ErrorCode.INVALID_REQUEST_CONTENT, "The property name '" + child + "' " + reason
                            + ".", child);
                }
                checkText(field.getValue(), child);
            }
        }
    }
}
