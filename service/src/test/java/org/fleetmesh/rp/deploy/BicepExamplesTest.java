package org.fleetmesh.rp.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * There is no Bicep compiler here, so the templates are checked as text: the customer examples use only resource
 * types and api-versions the service serves (taken from the committed Swagger, one folder per api-version), and no
 * template declares a parameter it never uses.
 */
class BicepExamplesTest {

    private static final String FLEETS = "microsoft.containerservice/fleets";
    private static final Pattern RESOURCE = Pattern.compile("(?m)^\\s*resource\\s+(\\w+)\\s+'([^'@]+)@([^']+)'");
    private static final Pattern PARAM = Pattern.compile("(?m)^\\s*param\\s+(\\w+)\\b([^\\n]*)");

    private static Path root;
    private static Path bicep;

    @BeforeAll
    static void locate() {
        root = HelmChartTest.repoRoot();
        bicep = root.resolve("infra/bicep");
    }

    @Test
    void examplesUseOnlyServedTypesAndApiVersions() throws IOException {
        Map<String, Set<String>> served = servedTypesByApiVersion();
        Set<String> used = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Path file : bicepFiles(bicep.resolve("examples"))) {
            Matcher m = RESOURCE.matcher(stripCommentsAndStrings(Files.readString(file), true));
            while (m.find()) {
                String type = m.group(2);
                String version = m.group(3);
                String where = file.getFileName() + ": resource " + m.group(1) + " '" + type + "@" + version + "'";
                if (!type.contains("/")) {
                    problems.add(where + ": write the full type with parent: instead of a nested child resource");
                    continue;
                }
                String lower = type.toLowerCase(Locale.ROOT);
                if (!lower.equals(FLEETS) && !lower.startsWith(FLEETS + "/")) {
                    continue;
                }
                used.add(lower);
                if (!served.containsKey(version)) {
                    problems.add(where + ": api-version not served (served: " + served.keySet() + ")");
                } else if (!served.get(version).contains(lower)) {
                    problems.add(where + ": type not served at " + version + " (served there: " + served.get(version) + ")");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(used.containsAll(Set.of(FLEETS, FLEETS + "/members", FLEETS + "/clustermeshprofiles")),
                "examples should cover fleets, fleets/members and fleets/clusterMeshProfiles, found " + used);
    }

    @Test
    void everyParameterIsUsed() throws IOException {
        List<String> unused = new ArrayList<>();
        List<Path> files = bicepFiles(bicep);
        assertTrue(files.size() >= 4, "expected main.bicep, modules and examples under " + bicep);
        for (Path file : files) {
            String code = stripCommentsAndStrings(Files.readString(file), false);
            for (String name : declaredParams(code).keySet()) {
                if (!isUsed(name, code)) {
                    unused.add(bicep.relativize(file) + ": param " + name);
                }
            }
        }
        assertTrue(unused.isEmpty(), "parameters declared but never used:\n" + String.join("\n", unused));
    }

    @Test
    void parameterFilesMatchMainTemplate() throws IOException {
        Map<String, Boolean> mainParams = declaredParams(stripCommentsAndStrings(
                Files.readString(bicep.resolve("main.bicep")), false));
        for (String env : List.of("dev", "prod")) {
            Path file = bicep.resolve("main." + env + ".bicepparam");
            assertTrue(Files.exists(file), "missing " + bicep.relativize(file));
            String text = stripCommentsAndStrings(Files.readString(file), true);
            assertTrue(text.contains("using 'main.bicep'"), file.getFileName() + " must say using 'main.bicep'");
            Set<String> set = new TreeSet<>();
            Matcher m = Pattern.compile("(?m)^\\s*param\\s+(\\w+)\\s*=").matcher(text);
            while (m.find()) {
                set.add(m.group(1));
            }
            Set<String> undeclared = new TreeSet<>(set);
            undeclared.removeAll(mainParams.keySet());
            assertTrue(undeclared.isEmpty(), file.getFileName() + " sets parameters main.bicep lacks: " + undeclared);
            mainParams.forEach((name, hasDefault) -> assertTrue(hasDefault || set.contains(name),
                    file.getFileName() + " must set required parameter " + name));
        }
        Matcher modules = Pattern.compile("(?m)^\\s*module\\s+\\w+\\s+'([^']+)'").matcher(
                stripCommentsAndStrings(Files.readString(bicep.resolve("main.bicep")), true));
        int count = 0;
        while (modules.find()) {
            count++;
            assertTrue(Files.exists(bicep.resolve(modules.group(1))), "main.bicep references missing " + modules.group(1));
        }
        assertTrue(count > 0, "main.bicep should use modules");
    }

    /**
     * Whether the identifier occurs as an expression: not its own declaration, not an output's name, not a property
     * key ({@code name: ...} at the start of a line or after '{' or ','), not a member access ({@code x.name}).
     */
    static boolean isUsed(String name, String code) {
        Matcher m = Pattern.compile("(?<![\\w.$])" + Pattern.quote(name) + "(?!\\w)").matcher(code);
        while (m.find()) {
            String before = code.substring(code.lastIndexOf('\n', m.start() - 1) + 1, m.start());
            String after = code.substring(m.end());
            boolean declaration = before.matches(".*\\b(param|output)\\s+$");
            boolean propertyKey = before.matches("(.*[{,])?\\s*") && after.matches("(?s)^\\s*:.*");
            if (!declaration && !propertyKey) {
                return true;
            }
        }
        return false;
    }

    @Test
    void isUsedIgnoresDeclarationsOutputsAndPropertyKeys() {
        assertFalse(isUsed("name", "param name string\nresource r 'x@1' = {\n  name: 'n'\n}\noutput name string = r.name\n"));
        assertTrue(isUsed("name", "param name string\nresource r 'x@1' = {\n  name: name\n}\n"));
        assertTrue(isUsed("a", "param a bool\nvar v = a ? 1 : 2\n"));
        assertTrue(isUsed("b", "param b int\nvar v = true ? b : 2\n"));
    }

    // ---- served types from the Swagger ----------------------------------------------------------------------------

    /**
     * api-version → resource types, read from api-spec/openapi/swagger/&lt;api-version&gt;/fleets.json: every path
     * {@code .../providers/Microsoft.ContainerService/fleets/{fleetName}/members/{memberName}} yields its type and
     * the types of its parents.
     */
    static Map<String, Set<String>> servedTypesByApiVersion() throws IOException {
        Path swagger = root.resolve("api-spec/openapi/swagger");
        assertTrue(Files.isDirectory(swagger), "missing " + swagger + " (one folder per served api-version)");
        Map<String, Set<String>> served = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(swagger)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                Path file = dir.resolve("fleets.json");
                if (!Files.exists(file)) {
                    continue;
                }
                Object doc;
                try (InputStream in = Files.newInputStream(file)) {
                    // JSON is YAML; snakeyaml saves a second parser dependency.
                    LoaderOptions options = new LoaderOptions();
                    options.setCodePointLimit(64 * 1024 * 1024);
                    doc = new Yaml(new SafeConstructor(options)).load(in);
                }
                Object paths = doc instanceof Map<?, ?> m ? m.get("paths") : null;
                assertTrue(paths instanceof Map, file + " has no paths");
                Set<String> types = new TreeSet<>();
                for (Object path : ((Map<?, ?>) paths).keySet()) {
                    types.addAll(typesOfPath(String.valueOf(path)));
                }
                served.put(dir.getFileName().toString(), types);
            }
        }
        assertFalse(served.isEmpty(), "no " + swagger + "/<api-version>/fleets.json found");
        return served;
    }

    /** Resource types (lower case) named by an ARM path: pairs of type segment and {name} after /providers/ns. */
    static Set<String> typesOfPath(String path) {
        Set<String> types = new TreeSet<>();
        int at = path.toLowerCase(Locale.ROOT).lastIndexOf("/providers/");
        if (at < 0) {
            return types;
        }
        String[] segments = path.substring(at + "/providers/".length()).split("/");
        StringBuilder type = new StringBuilder(segments[0]);
        for (int i = 1; i + 1 < segments.length; i += 2) {
            if (segments[i].startsWith("{") || !segments[i + 1].startsWith("{")) {
                break;
            }
            type.append('/').append(segments[i]);
            types.add(type.toString().toLowerCase(Locale.ROOT));
        }
        return types;
    }

    @Test
    void typesOfPathReadsArmPaths() {
        String p = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/"
                + "Microsoft.ContainerService/fleets/{fleetName}/clusterMeshProfiles/{clusterMeshProfileName}";
        assertEquals(Set.of(FLEETS, FLEETS + "/clustermeshprofiles"), typesOfPath(p));
        assertEquals(Set.of(FLEETS), typesOfPath(p.replace("clusterMeshProfiles/{clusterMeshProfileName}", "listCredentials")));
        assertEquals(Set.of(), typesOfPath("/providers/Microsoft.ContainerService/operations"));
    }

    // ---- Bicep text ------------------------------------------------------------------------------------------------

    /** param name → whether it has a default value. */
    private static Map<String, Boolean> declaredParams(String code) {
        Map<String, Boolean> params = new TreeMap<>();
        Matcher m = PARAM.matcher(code);
        while (m.find()) {
            params.put(m.group(1), m.group(2).contains("="));
        }
        return params;
    }

    private static List<Path> bicepFiles(Path dir) throws IOException {
        assertTrue(Files.isDirectory(dir), "missing " + dir);
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> list = files.filter(f -> f.toString().endsWith(".bicep")).sorted().toList();
            assertFalse(list.isEmpty(), "no .bicep files under " + dir);
            return list;
        }
    }

    /**
     * Removes comments and the literal text of strings, keeping the code inside {@code ${...}} interpolations, so
     * that a parameter's name in a description does not count as a use. With keepStrings the string text is kept.
     */
    static String stripCommentsAndStrings(String src, boolean keepStrings) {
        StringBuilder out = new StringBuilder();
        code(src, 0, false, keepStrings, out);
        return out.toString();
    }

    /** Copies code from i; returns the index after the closing brace when inInterpolation, else the end. */
    private static int code(String s, int i, boolean inInterpolation, boolean keepStrings, StringBuilder out) {
        int depth = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (s.startsWith("//", i)) {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 2;
            } else if (s.startsWith("'''", i)) {
                int end = s.indexOf("'''", i + 3);
                int stop = end < 0 ? s.length() : end + 3;
                out.append(keepStrings ? s.substring(i, stop) : "''");
                i = stop;
            } else if (c == '\'') {
                i = string(s, i, keepStrings, out);
            } else if (inInterpolation && c == '{') {
                depth++;
                out.append(c);
                i++;
            } else if (inInterpolation && c == '}') {
                if (depth == 0) {
                    return i + 1;
                }
                depth--;
                out.append(c);
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        return i;
    }

    private static int string(String s, int i, boolean keepStrings, StringBuilder out) {
        out.append('\'');
        i++;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                if (keepStrings) {
                    out.append(c).append(s.charAt(i + 1));
                }
                i += 2;
            } else if (c == '\'') {
                out.append('\'');
                return i + 1;
            } else if (s.startsWith("${", i)) {
                out.append(keepStrings ? "${" : " ");
                i = code(s, i + 2, true, keepStrings, out);
                out.append(keepStrings ? "}" : " ");
            } else {
                if (keepStrings) {
                    out.append(c);
                }
                i++;
            }
        }
        return i;
    }

    @Test
    void stripperKeepsInterpolationsOnly() {
        String src = "param a string // a\n@description('uses a and b') param b string = '${a}-${split(b, '/')[0]}'\n";
        String code = stripCommentsAndStrings(src, false);
        assertFalse(code.contains("uses"), code);
        assertTrue(code.contains(" a "), code);
        assertTrue(code.contains("split(b, '')[0]"), code);
    }
}
