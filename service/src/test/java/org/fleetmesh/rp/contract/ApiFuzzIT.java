package org.fleetmesh.rp.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.testing.ContractTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Throws random and adversarial requests at every operation of the API, in every api-version: valid-looking
 * requests with their paths, query parameters, headers or bodies mutated (see {@link FuzzValues}). Every answer must
 * be below 500; every 4xx an ARM error body with a known code, in JSON, naming no library; and a refused write must
 * leave its resource as it was (still missing, or the same eTag).
 *
 * <p>Bounded and repeatable by default: seed 42 for 30 seconds. {@code -Dfuzz.seconds=600 -Dfuzz.seed=123} runs
 * longer or differently. Request {@code i} is drawn from its own {@code Random(seed, i)}; a failure prints the
 * request and the answer. Requests are not recorded for the Swagger traffic check: most break the contract.
 */
class ApiFuzzIT extends ContractTestSupport {

    private static final long SEED = Long.getLong("fuzz.seed", 42);
    private static final Duration BUDGET = Duration.ofSeconds(Long.getLong("fuzz.seconds", 30));
    private static final int FAILURES_SHOWN = 10;
    private static final List<String> LIBRARY_NAMES = List.of("com.fasterxml", "tools.jackson", "org.springframework",
            "org.apache", "org.hibernate", "org.postgresql", "jakarta.", "Exception", "java.", "Tomcat", "<html");
    private static final Set<String> CODES = Arrays.stream(ErrorCode.values()).map(ErrorCode::code).collect(Collectors.toSet());
    private static final Set<String> STANDARD_METHODS = Set.of("GET", "PUT", "PATCH", "DELETE", "POST");
    private static final Set<String> HEADERS_THE_JDK_CLIENT_SETS = Set.of("host", "connection", "content-length", "expect",
            "upgrade");
    private static final List<String> HEADERS = List.of("x-ms-correlation-request-id", "x-ms-client-request-id",
            "x-ms-return-client-request-id", "Accept", "Content-Type", "If-Match", "If-None-Match", "Referer",
            "x-ms-arm-resource-system-data", "Authorization", "Host", "Accept-Language");
    private static final int FOUR_AND_A_HALF_MEGABYTES = 4_500_000;

    private final List<String> operationStatuses = new ArrayList<>();
    private String skipTokenSeen;
    private String etagSeen;

    /** One fuzzed request, and the resource a refused write must leave as it was (null: not a write). */
    record Request(String method, String path, String query, Map<String, String> headers, boolean token, String body,
            boolean invalidUtf8, String target) {

        String pathAndQuery() {
            return path + (query.isEmpty() ? "" : "?" + query);
        }
    }

    /** What a clean GET of a resource shows: its status and eTag. */
    record Snapshot(int status, String etag) {
    }

    @Test
    void noRequestIsAServerErrorOrAnErrorWithoutAnArmBodyOrAWriteThatIsRefusedYetCommitted() {
        ensureFixtures();
        long deadline = System.nanoTime() + BUDGET.toNanos();
        List<String> failures = new ArrayList<>();
        int sent = 0;
        int failed = 0;
        while (System.nanoTime() < deadline) {
            Request request = generate(new FuzzValues(new Random(SEED * 1_000_003L + sent)));
            String problem = exercise(request);
            if (problem != null) {
                failed++;
                if (failures.size() < FAILURES_SHOWN) {
                    failures.add("request #" + sent + ": " + problem);
                }
            }
            sent++;
        }
        String summary = String.format("fuzz: seed %d, %d requests, %d failures", SEED, sent, failed);
        System.out.println(summary);
        assertThat(failures).as(summary + " (-Dfuzz.seed=%d to replay; the first %d shown)", SEED, FAILURES_SHOWN).isEmpty();
        assertThat(sent).as("requests sent in %s", BUDGET).isGreaterThan(100);
    }

    private String exercise(Request request) {
        Snapshot before = request.target() == null ? null : snapshot(request.target());
        Response response;
        try {
            response = send(request);
        } catch (RuntimeException | AssertionError e) {
            return "no answer: " + e + "\n" + describe(request, null);
        }
        String problem = problem(response);
        if (before != null && response.status() >= 400) {
            Snapshot after = snapshot(request.target());
            if (!after.equals(before)) {
                problem = (problem == null ? "" : problem + "; ") + "refused, yet " + request.target() + " changed from "
                        + before + " to " + after;
            }
        }
        try {
            learnFrom(request, response);
        } catch (RuntimeException | AssertionError e) {
            problem = (problem == null ? "" : problem + "; ") + "the answer could not be followed: " + e;
        }
        return problem == null ? null : problem + "\n" + describe(request, response);
    }

    /** What is wrong with an answer, or null. */
    private static String problem(Response response) {
        int status = response.status();
        if (status >= 500 || status < 100) {
            return "answered " + status;
        }
        if (status < 400) {
            return null;
        }
        String type = response.header("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            return "a " + status + " with Content-Type " + type;
        }
        JsonNode error;
        try {
            error = response.json().path("error");
        } catch (RuntimeException notJson) {
            return "a " + status + " whose body is not JSON";
        }
        String code = error.path("code").asString("");
        if (!CODES.contains(code)) {
            return "a " + status + " with a code this service does not define: '" + code + "'";
        }
        if (ErrorCode.statusOf(code) != status) {
            return code + " is a " + ErrorCode.statusOf(code) + ", not a " + status;
        }
        if (!code.equals(response.header("x-ms-error-code"))) {
            return "x-ms-error-code " + response.header("x-ms-error-code") + " is not the body's " + code;
        }
        if (error.path("message").asString("").isBlank()) {
            return "a " + status + " without a message";
        }
        for (String name : LIBRARY_NAMES) {
            if (response.text().contains(name)) {
                return "the answer names '" + name + "'";
            }
        }
        return null;
    }

    private Request generate(FuzzValues v) {
        String sub = v.chance(0.95) ? subscription
                : v.pick(UUID.randomUUID().toString(), "not-a-guid", "%2E%2E", "a%2Fb", subscription.toUpperCase());
        String provider = v.chance(0.95) ? "Microsoft.ContainerService"
                : v.pick("microsoft.containerservice", "Microsoft.Other", "Microsoft.ContainerService%2F", "");
        String group = "/subscriptions/" + sub + "/" + (v.chance(0.97) ? "resourceGroups" : v.pick("RESOURCEGROUPS", "rg", ""))
                + "/" + v.segment("rg") + "/providers/" + provider;
        boolean deleting = false;
        String fleet = group + "/fleets/" + v.segment(v.pick("f1", "f1", "fz" + v.between(0, 3)));
        String member = fleet + "/members/" + v.segment(v.pick("m1", "m1", "mz" + v.between(0, 3)));
        String profile = fleet + "/clusterMeshProfiles/" + v.segment(v.pick("p1", "p1", "pz" + v.between(0, 2)));
        String method;
        String path;
        Json.Obj body = null;
        String target = null;
        List<String> query = new ArrayList<>();
        switch (v.between(0, 20)) {
            case 0 -> { method = "GET"; path = fleet; }
            case 1 -> { method = "PUT"; path = fleet; target = fleet; body = fleetBody(v); }
            case 2 -> { method = "PATCH"; path = fleet; target = fleet; body = Json.object("tags", Json.object("team", v.text())); }
            case 3 -> { method = "DELETE"; path = fleet; target = fleet; deleting = true; }
            case 4 -> { method = "GET"; path = group + "/fleets"; paging(v, query); }
            case 5 -> { method = "GET"; path = "/subscriptions/" + sub + "/providers/" + provider + "/fleets"; paging(v, query); }
            case 6 -> { method = "POST"; path = fleet + "/listCredentials"; target = fleet; }
            case 7 -> { method = "GET"; path = member; }
            case 8 -> { method = "PUT"; path = member; target = member; body = memberBody(v); }
            case 9 -> { method = "PATCH"; path = member; target = member; body = Json.object("properties",
                    Json.object("labels", Json.object(v.pick("env", "team", "a/b", "fleet.azure.com/name"), v.text()), "group", v.text())); }
            case 10 -> { method = "DELETE"; path = member; target = member; deleting = true; }
            case 11 -> {
                method = "GET";
                path = fleet + "/members";
                paging(v, query);
                if (v.chance(0.7)) {
                    query.add("$filter=" + v.filter());
                }
            }
            case 12 -> { method = "GET"; path = profile; }
            case 13 -> { method = "PUT"; path = profile; target = profile; body = Json.object("properties",
                    Json.object("memberSelector", Json.object("byLabel", v.chance(0.5) ? "env=prod" : v.text()))); }
            case 14 -> { method = "DELETE"; path = profile; target = profile; deleting = true; }
            case 15 -> { method = "GET"; path = fleet + "/clusterMeshProfiles"; paging(v, query); }
            case 16 -> { method = "POST"; path = profile + "/apply"; target = profile; }
            case 17 -> { method = "POST"; path = profile + "/whatIf"; target = profile; }
            case 18 -> { method = "GET"; path = "/providers/" + provider + "/operations"; }
            case 19 -> {
                method = "GET";
                String known = operationStatuses.isEmpty() ? null : v.pick(operationStatuses);
                path = known != null && v.chance(0.6) ? known.replaceAll("\\?.*", "")
                        : "/subscriptions/" + sub + "/providers/" + provider + "/locations/" + v.segment("westus") + "/"
                                + v.pick("operationStatuses", "operationResults") + "/" + v.segment(UUID.randomUUID().toString());
                if (v.chance(0.5)) {
                    path = path.replace("operationStatuses", "operationResults");
                }
            }
            default -> {
                method = "PUT";
                path = "/subscriptions/" + (v.chance(0.8) ? UUID.randomUUID().toString() : v.segment(subscription));
                body = Json.object("state", v.chance(0.7) ? v.pick("Registered", "Warned", "Suspended", "Unregistered") : v.text(),
                        "registrationDate", v.chance(0.8) ? "Thu, 26 Nov 2026 10:00:00 GMT" : v.text(),
                        "properties", Json.object("tenantId", UUID.randomUUID().toString()));
                query.add(0, "api-version=" + (v.chance(0.8) ? "2.0" : v.apiVersion()));
            }
        }
        if (deleting && v.chance(0.8)) {
            // the fixtures are the resources worth hitting with everything else; deleting them every time wastes the run
            target = path = path.replaceAll("/(f1|m1|p1)$", "/$1x");
        }
        if (!path.startsWith("/subscriptions/" + subscription) || method.equals("PUT") && path.matches("/subscriptions/[^/]*")) {
            target = null;
        }
        if (query.isEmpty() || !query.get(0).startsWith("api-version=")) {
            if (v.chance(0.96)) {
                query.add(0, "api-version=" + v.apiVersion());
            }
        }
        if (v.chance(0.05)) {
            query.add(v.pick("$expand=x", "foo=%00", "api-version=2026-06-01", "&&", "=", "$top"));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (v.chance(0.5)) {
            for (int i = v.between(1, 3); i > 0; i--) {
                String name = v.pick(HEADERS);
                // CR or LF would end the header and smuggle a second request in: a test of this client, not the service
                headers.put(name, v.header(name, etagSeen).replaceAll("[\r\n]", ""));
            }
        }
        String text = bodyText(v, body);
        if (v.chance(0.03)) {
            method = v.pick("OPTIONS", "TRACE", "PROPFIND", "FUZZ", "patch");
        }
        return new Request(method, path, String.join("&", query), headers, v.chance(0.97), text, text != null && v.chance(0.03),
                target);
    }

    private Json.Obj fleetBody(FuzzValues v) {
        Json.Obj body = Json.object("location", v.chance(0.8) ? "westus" : v.pick("West US", "mars", v.text()),
                "tags", Json.object("team", "fuzz"));
        if (v.chance(0.3)) {
            body.entries().add(Map.entry("identity", Json.object("type", v.pick("None", "SystemAssigned", "Other"))));
        }
        if (v.chance(0.3)) {
            body.entries().add(Map.entry("properties", Json.object("hubProfile", Json.object("dnsPrefix", "hub"))));
        }
        return body;
    }

    private Json.Obj memberBody(FuzzValues v) {
        String cluster = v.chance(0.8) ? clusterId("fz-aks-" + v.between(0, 2)) : v.pick("/subscriptions/x", v.text(),
                clusterId("m1-aks").toUpperCase(), clusterId("fz-aks-0") + "/..");
        return Json.object("properties", Json.object("clusterResourceId", cluster, "group", "g1",
                "labels", Json.object("env", v.chance(0.8) ? "prod" : v.text())));
    }

    private void paging(FuzzValues v, List<String> query) {
        if (v.chance(0.5)) {
            query.add("$top=" + v.top());
        }
        if (v.chance(0.3)) {
            query.add("$skipToken=" + v.skipToken(skipTokenSeen));
        }
    }

    /** The body as sent: the template, mutated or not, sometimes broken as text, or one over the 4 MB limit. */
    private static String bodyText(FuzzValues v, Json.Obj body) {
        if (body == null) {
            return v.chance(0.1) ? v.pick("{}", "{\"properties\":{}}", "null", "x") : null;
        }
        if (v.chance(0.6)) {
            v.mutate(body);
        }
        String text = Json.write(body);
        if (v.chance(0.003)) {
            return text.replaceFirst("\\{", "{\"padding\":\"" + "p".repeat(FOUR_AND_A_HALF_MEGABYTES) + "\",");
        }
        return v.chance(0.1) ? v.breakText(text) : text;
    }

    private Snapshot snapshot(String resource) {
        Response read = call("GET", resource, PREVIEW).outsideContract().send();
        return new Snapshot(read.status(), read.status() == 200 ? read.json().path("eTag").asString(null) : null);
    }

    /** Keeps what later requests reuse (operation ids, skip tokens, eTags) and puts back the fixtures a request removed. */
    private void learnFrom(Request request, Response response) {
        if (response.status() >= 300) {
            return;
        }
        String status = response.header("Azure-AsyncOperation");
        if (status != null && operationStatuses.size() < 50) {
            operationStatuses.add(local(status));
        }
        if (request.method().equals("PUT") && request.path().equalsIgnoreCase("/subscriptions/" + subscription)) {
            assertThat(lifecycle(subscription, "Registered").status()).isEqualTo(200);
            ensureFixtures();
        } else if (request.method().equals("DELETE")) {
            ensureFixtures();
        }
        if (response.text() == null || !response.text().startsWith("{")) {
            return;
        }
        JsonNode json = response.json();
        String next = json.path("nextLink").asString(null);
        if (next != null && next.contains("$skipToken=")) {
            skipTokenSeen = next.substring(next.indexOf("$skipToken=") + "$skipToken=".length()).replaceAll("&.*", "");
        }
        if (json.has("eTag")) {
            etagSeen = json.path("eTag").asString();
        }
        if (request.method().equals("POST") && request.path().endsWith("/apply")) {
            // the fleet is read as the fuzzed path names it, so that read is not recorded for the Swagger check either
            String fleet = request.path().replaceAll("/clusterMeshProfiles/.*", "");
            awaitApply(call("GET", fleet, PREVIEW).outsideContract().send().json().path("location").asString(), json);
        }
    }

    /** A fleet f1 with a member m1 (env=prod) and a profile p1 selecting it, each created again if a request removed it. */
    private void ensureFixtures() {
        if (call("GET", fleetPath("rg", "f1"), PREVIEW).outsideContract().send().status() == 404) {
            createFleet("rg", "f1");
        }
        if (call("GET", memberPath("rg", "f1", "m1"), PREVIEW).outsideContract().send().status() == 404) {
            createMember("rg", "f1", "m1", "{\"env\":\"prod\"}");
        }
        if (call("GET", profilePath("rg", "f1", "p1"), PREVIEW).outsideContract().send().status() == 404) {
            createProfile("rg", "f1", "p1", "env=prod");
        }
    }

    private Response send(Request request) {
        if (!theJdkClientCanSend(request)) {
            return sendOverSocket(request);
        }
        Call call = call(request.method(), request.pathAndQuery()).outsideContract();
        if (request.body() != null) {
            call.body(request.body());
        }
        request.headers().forEach(call::header);
        return request.token() ? call.send() : call.withoutToken().send();
    }

    private static boolean theJdkClientCanSend(Request request) {
        if (!STANDARD_METHODS.contains(request.method()) || request.invalidUtf8()) {
            return false;
        }
        try {
            URI.create(request.pathAndQuery());
        } catch (IllegalArgumentException notAUri) {
            return false;
        }
        return request.headers().entrySet().stream().noneMatch(header -> HEADERS_THE_JDK_CLIENT_SETS.contains(
                header.getKey().toLowerCase()) || !header.getValue().chars().allMatch(c -> c >= 0x20 && c < 0x7f));
    }

    /** Sends what the JDK's client will not (control characters, raw non-ASCII, odd methods, bad UTF-8) as bytes. */
    private Response sendOverSocket(Request request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(request.method() + " " + request.pathAndQuery() + " HTTP/1.1\r\n");
            if (!request.headers().containsKey("Host")) {
                head.append("Host: 127.0.0.1:").append(port).append("\r\n");
            }
            if (request.token() && !request.headers().containsKey("Authorization")) {
                head.append("Authorization: Bearer ").append(tokens.mint("contract-tests@fleetmesh.local", Duration.ofMinutes(10)))
                        .append("\r\n");
            }
            request.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            byte[] body = body(request);
            if (body != null) {
                if (!request.headers().containsKey("Content-Type")) {
                    head.append("Content-Type: application/json\r\n");
                }
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            try {
                socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.UTF_8));
                if (body != null) {
                    socket.getOutputStream().write(body);
                }
            } catch (IOException closedEarly) {
                // a server may answer and close without reading a body it refuses; its answer is still to be read
            }
            Response response = parse(socket.getInputStream().readAllBytes());
            if (response.status() < 300 && response.header("Azure-AsyncOperation") != null) {
                awaitOperation(response.header("Azure-AsyncOperation"));
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] body(Request request) {
        if (request.body() == null) {
            return null;
        }
        byte[] utf8 = request.body().getBytes(StandardCharsets.UTF_8);
        if (!request.invalidUtf8()) {
            return utf8;
        }
        ByteArrayOutputStream broken = new ByteArrayOutputStream();
        broken.write(utf8, 0, utf8.length / 2);
        broken.writeBytes(new byte[] {(byte) 0xff, (byte) 0xc3, (byte) 0x28, (byte) 0xed, (byte) 0xa0, (byte) 0x80});
        broken.write(utf8, utf8.length / 2, utf8.length - utf8.length / 2);
        return broken.toByteArray();
    }

    /** An HTTP/1.1 response read to the connection's end; status 0 when nothing came back. */
    private static Response parse(byte[] raw) {
        String all = new String(raw, StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        if (!all.startsWith("HTTP/1.1 ") || end < 0) {
            return new Response(0, java.net.http.HttpHeaders.of(Map.of(), (name, value) -> true), all);
        }
        String[] lines = all.substring(0, end).split("\r\n");
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim(), name -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        String body = all.substring(end + 4);
        if (headers.getOrDefault("Transfer-Encoding", List.of()).contains("chunked")) {
            StringBuilder joined = new StringBuilder();
            int at = 0;
            for (int size; (size = Integer.parseInt(body.substring(at, body.indexOf("\r\n", at)).trim(), 16)) > 0; ) {
                int start = body.indexOf("\r\n", at) + 2;
                joined.append(body, start, start + size);
                at = start + size + 2;
            }
            body = joined.toString();
        }
        return new Response(Integer.parseInt(lines[0].substring(9, 12)), java.net.http.HttpHeaders.of(headers, (name, value) -> true),
                new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    /** The request and the answer, printable and cut short, to reproduce a failure by hand. */
    private static String describe(Request request, Response response) {
        StringBuilder text = new StringBuilder("  ").append(request.method()).append(' ').append(cut(request.pathAndQuery(), 400));
        request.headers().forEach((name, value) -> text.append("\n    ").append(name).append(": ").append(cut(value, 200)));
        if (!request.token()) {
            text.append("\n    (no token)");
        }
        if (request.body() != null) {
            text.append("\n    body (").append(request.body().length()).append(" characters")
                    .append(request.invalidUtf8() ? ", invalid UTF-8 in the middle" : "").append("): ").append(cut(request.body(), 600));
        }
        if (response != null) {
            text.append("\n  answer: ").append(response.status()).append(' ').append(response.header("Content-Type"))
                    .append("\n    ").append(cut(response.text(), 600));
        }
        return text.toString();
    }

    private static String cut(String text, int max) {
        if (text == null) {
            return "(none)";
        }
        StringBuilder printable = new StringBuilder();
        text.chars().limit(max).forEach(c -> printable.append(c < 0x20 || c >= 0x7f && c < 0xa0 || Character.isSurrogate((char) c)
                ? String.format("\\u%04x", c) : Character.toString(c)));
        return text.length() > max ? printable + "... (" + text.length() + " characters)" : printable.toString();
    }
}
