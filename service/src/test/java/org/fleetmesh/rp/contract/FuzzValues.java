package org.fleetmesh.rp.contract;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Hostile values for {@link ApiFuzzIT}: path segments, query parameters, headers and JSON bodies, each mostly
 * valid-looking with a mutation mixed in. Every choice comes from the one {@link Random} given, so a seed replays
 * the same values.
 */
final class FuzzValues {

    /** Text a parser, a database or a terminal might read differently than the caller meant. */
    static final List<String> UNICODE_EDGES = List.of("\u0000", "a\u0000b", "\ud800", "x\udfffy", "\u202eevil", "\ud83d\ude80",
            "\u200b", "\ufeff", "\u0001\u001f\u007f", "caf\u00e9", "\u4e2d\u6587", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
            "a\u0301", "\uffff", "\\", "\"", "'", "%00", "../..", "${jndi:x}", "<script>", "\t \r\n");
    private static final List<String> API_VERSIONS = List.of("2025-03-01", "2026-03-02-preview", "2026-06-01",
            "2026-06-02-preview");
    private static final List<String> ODD_API_VERSIONS = List.of("", "2.0", "2026-06-02-PREVIEW", "9999-99-99",
            "2026-06-01&api-version=2025-03-01", "2026-06-01%00", "%ED%A0%80", "2026-06-01 ", "x".repeat(5000),
            "2026-13-45-preview", "-1", "2026-06-02-preview,2026-06-01");
    private static final List<String> FILTER_TERMS = List.of("properties/labels/env eq 'prod'",
            "properties/labels/env ne 'dev'", "properties/group eq 'g1'", "clusterMeshProfile eq p1",
            "clusterMeshProfile eq 'p1'", "clusterMeshProfile.Selector eq p1", "properties/labels/env eq null",
            "properties/meshProperties/status/state eq 'Connected'", "properties/clusterResourceId eq 'x'",
            "properties/labels/fleet.azure.com/location eq 'westus'");
    private static final List<String> FILTER_TOKENS = List.of("(", ")", "eq", "ne", "gt", "and", "or", "not", "'", "''",
            "null", "properties/labels/", "properties/group", "clusterMeshProfile", "'x'", ",", "$", "/", "*", "1e9");

    private final Random random;

    FuzzValues(Random random) {
        this.random = random;
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    int between(int low, int high) {
        return low + random.nextInt(high - low + 1);
    }

    @SafeVarargs
    final <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    /** Any text, from plain to hostile: huge, control characters, lone surrogates, right-to-left marks. */
    String text() {
        return switch (random.nextInt(8)) {
            case 0 -> "";
            case 1 -> "v" + random.nextInt(100);
            case 2 -> pick(UNICODE_EDGES);
            case 3 -> "a" + pick(UNICODE_EDGES) + "z";
            case 4 -> "x".repeat(pick(63, 64, 257, 513, 4097, 100_000));
            case 5 -> pick(UNICODE_EDGES).repeat(between(2, 300));
            case 6 -> UUID.randomUUID().toString();
            default -> "westus";
        };
    }

    /** A resource name as a path segment: a known one, a new valid one, or one that breaks the name or path rules. */
    String segment(String known) {
        if (chance(0.6)) {
            return known;
        }
        return switch (random.nextInt(12)) {
            case 0 -> "%2F";
            case 1 -> "a%5Cb";
            case 2 -> "a%00b";
            case 3 -> "%2E%2E";
            case 4 -> "..";
            case 5 -> "n".repeat(pick(64, 65, 91, 300, 5000));
            case 6 -> "a;b=c";
            case 7 -> URLEncoder.encode(pick(UNICODE_EDGES), StandardCharsets.UTF_8);
            case 8 -> "%ED%A0%80";
            case 9 -> known.toUpperCase();
            case 10 -> "-" + known + "-";
            default -> known + "%2F..%2F" + known;
        };
    }

    String apiVersion() {
        return chance(0.85) ? pick(API_VERSIONS) : pick(ODD_API_VERSIONS);
    }

    String top() {
        return pick("1", "2", "0", "-1", "100", "1001", "999999999999999", "abc", "1e3", "", "%00", "1.5", "0x10");
    }

    String skipToken(String seen) {
        return switch (random.nextInt(6)) {
            case 0 -> seen == null ? "abc" : seen;
            case 1 -> seen == null ? "" : seen.substring(0, seen.length() / 2);
            case 2 -> seen == null ? "%00" : seen + "AAAA";
            case 3 -> "A".repeat(pick(10, 1000, 20_000));
            case 4 -> "eyJ0b3AiOjF9";
            default -> URLEncoder.encode(pick(UNICODE_EDGES), StandardCharsets.UTF_8);
        };
    }

    /** An OData $filter, already encoded for the query string (sometimes badly on purpose). */
    String filter() {
        String filter = switch (random.nextInt(8)) {
            case 0 -> pick(FILTER_TERMS);
            case 1 -> {
                int depth = chance(0.1) ? pick(1_000, 20_000) : between(1, 40);
                String close = chance(0.8) ? ")".repeat(depth) : ")".repeat(between(0, depth * 2));
                yield "(".repeat(depth) + pick(FILTER_TERMS) + close;
            }
            case 2 -> {
                int terms = chance(0.1) ? 1_200 : between(1, 130);
                List<String> all = new ArrayList<>();
                for (int i = 0; i < terms; i++) {
                    all.add(pick(FILTER_TERMS));
                }
                yield String.join(pick(" or ", " and ", " or not "), all);
            }
            case 3 -> "properties/labels/env eq '" + pick("it''s", "'", "unclosed", "a'b", "''''", "\"x\"") + pick("'", "");
            case 4 -> "properties/labels/" + pick(UNICODE_EDGES) + " eq '" + pick(UNICODE_EDGES) + "'";
            case 5 -> {
                StringBuilder soup = new StringBuilder();
                for (int i = between(1, 30); i > 0; i--) {
                    soup.append(pick(FILTER_TOKENS)).append(pick(" ", "", "  "));
                }
                yield soup.toString();
            }
            case 6 -> "properties/labels/env eq '" + "v".repeat(pick(64, 10_000)) + "'";
            default -> pick("", " ", "eq", "()", "(((", "not", "null eq null");
        };
        String encoded = URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
        return chance(0.05) ? encoded + pick("%", "%zz", "%ED%A0%80", "%C0%80", "%FF") : encoded;
    }

    /** A value for a header an ARM client sends, or a hostile one. */
    String header(String name, String etag) {
        if (chance(0.3)) {
            return switch (random.nextInt(7)) {
                case 0 -> "";
                case 1 -> "h".repeat(pick(256, 257, 2_000, 9 * 1024, 20_000));
                case 2 -> pick(UNICODE_EDGES);
                case 3 -> "a\u0001b";
                case 4 -> " \t ";
                case 5 -> "\u00e9\u00ff";
                default -> "x,".repeat(between(2, 200));
            };
        }
        return switch (name) {
            case "Accept" -> pick("application/json", "*/*", "text/html", "application/json;q=", "application/*",
                    "application/json; charset=\"", ",,,", "a/b/c", "application/json;q=0", "application/xml, */*;q=0.1");
            case "Content-Type" -> pick("application/json", "text/plain", "application/json; charset=utf-16",
                    "application/json;charset=nonsense", "multipart/form-data; boundary=x", ";;", "application/merge-patch+json",
                    "application/x-www-form-urlencoded");
            case "If-Match", "If-None-Match" -> pick("*", "\"garbage\"", "W/\"x\"", etag == null ? "\"e\"" : etag,
                    etag == null ? "e" : etag.replace("\"", ""), "\"a\", \"b\"", "\"" + "e".repeat(5000) + "\"");
            case "Referer" -> pick("https://management.azure.com/x", "not a url", "http://[::1", "https://h:99999/",
                    "javascript:alert(1)", "https://" + "h".repeat(300) + "/", "https://user:pw@host/path?q#f", "//x", "");
            case "x-ms-arm-resource-system-data" -> pick("{", "{\"createdBy\":1}", "null", "[]",
                    "{\"createdBy\":\"a\",\"createdAt\":\"not a date\"}", "{\"createdAt\":\"2026-13-45T99:99:99Z\"}");
            case "x-ms-return-client-request-id" -> pick("true", "false", "yes", "");
            case "Authorization" -> pick("Bearer ", "Bearer x.y.z", "Basic dXNlcjpwdw==", "bearer", "Bearer " + "a".repeat(10_000));
            default -> pick(UUID.randomUUID().toString(), "req-" + random.nextInt(1000), "a b", "\u00e9");
        };
    }

    /** A JSON value of any type, for a property that expects something else. */
    Object wrongValue() {
        return switch (random.nextInt(10)) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> pick(0, -1, Integer.MAX_VALUE, Long.MIN_VALUE);
            case 3 -> new Json.Raw(pick("1e999999", "-0", "1" + "9".repeat(2000), "0.1e-400", "NaN", "Infinity", "01"));
            case 4 -> List.of(text(), 1, List.of());
            case 5 -> Json.object("k", text());
            case 6 -> nested(pick(between(2, 50), 2_000, 5_000));
            default -> text();
        };
    }

    /** Arrays or objects nested {@code depth} deep. */
    Json.Raw nested(int depth) {
        boolean arrays = random.nextBoolean();
        return new Json.Raw(arrays ? "[".repeat(depth) + "]".repeat(depth) : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
    }

    /**
     * A few mutations of a valid body: a property's value replaced by a wrong one, a key repeated, an unknown key
     * added, a key removed; each in an object chosen at random, top level or nested.
     */
    void mutate(Json.Obj body) {
        for (int i = between(1, 3); i > 0; i--) {
            Json.Obj target = someObject(body);
            List<Map.Entry<String, Object>> entries = target.entries();
            switch (random.nextInt(5)) {
                case 0, 1 -> {
                    if (!entries.isEmpty()) {
                        int at = random.nextInt(entries.size());
                        entries.set(at, Map.entry(entries.get(at).getKey(), Json.nullable(wrongValue())));
                    }
                }
                case 2 -> {
                    if (!entries.isEmpty()) {
                        Map.Entry<String, Object> twice = pick(entries);
                        entries.add(Map.entry(twice.getKey(), Json.nullable(chance(0.5) ? twice.getValue() : wrongValue())));
                    }
                }
                case 3 -> entries.add(Map.entry(pick("unknown", "Location", "properties ", pick(UNICODE_EDGES), "__proto__",
                        "provisioningState", "id"), Json.nullable(wrongValue())));
                default -> {
                    if (!entries.isEmpty()) {
                        entries.remove(random.nextInt(entries.size()));
                    }
                }
            }
        }
    }

    private Json.Obj someObject(Json.Obj root) {
        Json.Obj current = root;
        while (chance(0.6)) {
            List<Json.Obj> children = current.entries().stream().map(Map.Entry::getValue)
                    .filter(Json.Obj.class::isInstance).map(Json.Obj.class::cast).toList();
            if (children.isEmpty()) {
                break;
            }
            current = pick(children);
        }
        return current;
    }

    /** A body broken as text: truncated, with garbage after it, not an object, or with a byte order mark. */
    String breakText(String body) {
        return switch (random.nextInt(8)) {
            case 0 -> body.substring(0, random.nextInt(Math.max(1, body.length())));
            case 1 -> body + pick("{}", ",", "]", "garbage", "\u0000");
            case 2 -> pick("", "null", "[]", "\"text\"", "42", "true", " ");
            case 3 -> "\ufeff" + body;
            case 4 -> body.replace("\"", "'");
            case 5 -> body.replaceFirst("}$", ",}");
            case 6 -> "/* comment */" + body;
            default -> body.replace(":", ": " + "\u00a0");
        };
    }
}
