package org.fleetmesh.rp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records each exchange of the contract suite in oav's traffic format, one file per exchange, grouped by
 * api-version, so the build can check every response against the committed Swagger with
 * {@code oav validate-traffic}. Exchanges whose request is deliberately invalid go to a separate folder,
 * where only the response is held to the contract.
 */
final class Traffic {

    static final Path ROOT = Path.of("target", "traffic");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        // Each run records afresh: files left by an earlier run would be validated against today's Swagger.
        try (var old = Files.walk(ROOT)) {
            old.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (java.nio.file.NoSuchFileException nothingYet) {
            // first run in this checkout
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Traffic() {
    }

    static void record(String method, URI uri, Map<String, String> requestHeaders, String requestBody, int status,
            HttpHeaders responseHeaders, String responseBody, boolean invalidRequest) {
        String apiVersion = apiVersion(uri);
        if (apiVersion == null) {
            return;
        }
        ObjectNode exchange = JSON.createObjectNode();
        ObjectNode request = exchange.putObject("liveRequest");
        request.put("method", method);
        request.put("url", uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        ObjectNode headers = request.putObject("headers");
        requestHeaders.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Authorization")) {
                headers.put(name, value);
            }
        });
        request.set("body", parse(requestBody));
        ObjectNode response = exchange.putObject("liveResponse");
        response.put("statusCode", Integer.toString(status));
        ObjectNode responseHeaderNode = response.putObject("headers");
        responseHeaders.map().forEach((name, values) -> responseHeaderNode.put(name, String.join(",", values)));
        response.set("body", parse(responseBody));
        Path folder = ROOT.resolve(invalidRequest ? "invalid-request" : "valid").resolve(apiVersion);
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(String.format("%05d-%s.json", SEQUENCE.incrementAndGet(), method)),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(exchange));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        return JSON.readTree(body);
    }

    private static String apiVersion(URI uri) {
        String query = uri.getRawQuery();
        if (query == null) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                parameters.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        String version = parameters.get("api-version");
        return List.of("2025-03-01", "2026-03-02-preview", "2026-06-01", "2026-06-02-preview").contains(version)
                ? version : null;
    }
}
