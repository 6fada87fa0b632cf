package org.fleetmesh.rp.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.fleetmesh.rp.mesh.domain.MeshPeer;

/**
 * No import loop between the classes of one package (issue 18): in a loop no class can be read, tested or moved
 * without the others. ArchUnit's {@code featuresDoNotFormCycles} holds the loops between packages; inside a package
 * this reads the sources, not the bytecode, because the loops found were mostly of constants, which the compiler
 * inlines and so hides from any bytecode check. A class depends on another of its package when its code (comments
 * and string literals aside) names it.
 */
class NoLoopsInsidePackagesTest {

    private static final Path SOURCES = Path.of("src", "main", "java");
    /** Comments, text blocks, strings and characters: what names a class without depending on it. */
    private static final Pattern NOT_CODE = Pattern.compile(
            "\"\"\"[\\s\\S]*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])+'|//[^\\n]*|/\\*[\\s\\S]*?\\*/");

    @Test
    void noClassesOfOnePackageImportEachOtherInALoop() throws IOException {
        List<String> loops = new ArrayList<>();
        for (Map.Entry<Path, Map<String, String>> pkg : codeByPackage().entrySet()) {
            Map<String, Set<String>> uses = uses(pkg.getValue());
            for (Set<String> loop : new Loops(uses).find()) {
                loops.add(pkg.getKey().toString().replace('\\', '/') + " " + loop + ": " + edges(loop, uses));
            }
        }
        assertThat(loops).as("import loops inside a package: move the shared constant, type or helper where it belongs")
                .isEmpty();
    }

    @Test
    void aLoopOfConstantsIsFound() {
        Map<String, Set<String>> uses = uses(Map.of(
                "Apply", code("class Apply { static final String KIND = \"Apply\"; String etag() { return Ids.etag(); } }"),
                "Ids", code("class Ids { /* not Models */ static String etag() { return Apply.KIND; } }"),
                "Models", code("class Models { String s = \"Ids\"; // Apply\n }")));
        assertThat(new Loops(uses).find()).containsExactly(new TreeSet<>(Set.of("Apply", "Ids")));
    }

    /** Each package directory's top-level classes, by simple name, with their code. */
    private static Map<Path, Map<String, String>> codeByPackage() throws IOException {
        Map<Path, Map<String, String>> packages = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String name = file.getFileName().toString().replace(".java", "");
                if (!name.equals("package-info")) {
                    packages.computeIfAbsent(SOURCES.relativize(file.getParent()), p -> new TreeMap<>())
                            .put(name, code(file));
                }
            }
        }
        return packages;
    }

    private static String code(Path file) {
        try {
            return code(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String code(String source) {
        return NOT_CODE.matcher(source).replaceAll(" ").replaceFirst("package [\\w.]+;", "");
    }

    private static Map<String, Set<String>> uses(Map<String, String> codeByClass) {
        Map<String, Set<String>> uses = new TreeMap<>();
        codeByClass.forEach((user, code) -> {
            Set<String> used = new TreeSet<>();
            for (String other : codeByClass.keySet()) {
                if (!other.equals(user) && Pattern.compile("\\b" + other + "\\b").matcher(code).find()) {
                    used.add(other);
                }
            }
            uses.put(user, used);
        });
        return uses;
    }

    private static String edges(Set<String> loop, Map<String, Set<String>> uses) {
        List<String> edges = new ArrayList<>();
        for (String from : loop) {
            uses.get(from).stream().filter(loop::contains).forEach(to -> edges.add(from + " -> " + to));
        }
        return String.join(", ", edges);
    }

    /** Tarjan's strongly connected components of more than one class: each is a loop. */
    private static final class Loops {

        private final Map<String, Set<String>> uses;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final List<String> stack = new ArrayList<>();
        private final List<Set<String>> loops = new ArrayList<>();

        Loops(Map<String, Set<String>> uses) {
            this.uses = uses;
        }

        List<Set<String>> find() {
            uses.keySet().forEach(node -> {
                if (!index.containsKey(node)) {
                    visit(node);
                }
            });
            return loops;
        }

        private void visit(String node) {
            index.put(node, index.size());
            low.put(node, index.get(node));
            stack.add(node);
            for (String next : uses.getOrDefault(node, Set.of())) {
                if (!index.containsKey(next)) {
                    visit(next);
                    low.put(node, Math.min(low.get(node), low.get(next)));
                } else if (stack.contains(next)) {
                    low.put(node, Math.min(low.get(node), index.get(next)));
                }
            }
            if (low.get(node).equals(index.get(node))) {
                Set<String> component = new TreeSet<>();
                String member;
                do {
                    member = stack.remove(stack.size() - 1);
                    component.add(member);
                } while (!member.equals(node));
                if (component.size() > 1) {
                    loops.add(component);
                }
            }
        }
    }
}
