package org.fleetmesh.rp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
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
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * The configuration table of {@code src/site/markdown/operate.md} is the one place an operator reads the settings, so
 * it must say what the code and the chart do: a row for every property a {@code @ConfigurationProperties} record
 * binds, every {@code fleetmesh.*} key of {@code application.yaml}, the Spring keys an operator points or sizes, and
 * every key the Helm chart sets; no row for anything else; each row's default as {@code application.yaml} has it;
 * each row's environment variable the one the chart sets for that key (else Spring's canonical form), and one Spring
 * binds to the key. The README holds no second table.
 */
class ConfigurationTableTest {

    /** Spring's own keys that operators point or size; the rest of application.yaml's are the service's wiring. */
    private static final Set<String> OPERATOR_SPRING_KEYS = Set.of("server.port", "management.server.port",
            "spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
            "spring.datasource.hikari.maximum-pool-size");
    /** Variables the chart sets for the JVM or the Azure SDK, not for Spring: operate.md names them after the table. */
    private static final Set<String> NON_SPRING_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");
    /** A key cell: the key, maybe followed by its environment variable in parentheses. */
    private static final Pattern KEY_CELL = Pattern.compile("`([^`]+)`(?: \\(`([A-Z0-9_]+)`\\))?.*");
    /** An environment variable of the service's own settings, wherever a page names it. */
    private static final Pattern NAMED_VARIABLE = Pattern.compile("\\bFLEETMESH_[A-Z0-9_]+\\b");
    /** A chart environment variable: a ConfigMap data key or a container env name, upper case, maybe with an index. */
    private static final Pattern CHART_VARIABLE = Pattern.compile(
            "^\\s*(?:- name: )?([A-Z][A-Z0-9_]*(?:\\{\\{-? *\\$\\w+ *-?}}[A-Z0-9_]*)*)(?::\\s|\\s*$)", Pattern.MULTILINE);
    private static final String NO_DEFAULT = "none";
    private static final String EMPTY_DEFAULT = "empty";

    private static Path root;
    private static Map<String, String> applicationYaml;

    @BeforeAll
    static void read() throws IOException {
        root = Helm.repoRoot();
        applicationYaml = yamlProperties(root.resolve("service/src/main/resources/application.yaml"));
    }

    @Test
    void operateMdHasOneRowPerSettingWithTheDefaultAndVariableTheCodeAndChartUse() throws IOException {
        List<String> problems = problems(Files.readString(root.resolve("src/site/markdown/operate.md")));
        assertThat(problems).as("problems of operate.md's configuration table").isEmpty();
    }

    @Test
    void everyPageNamesASettingsVariableAsTheTableDoes() throws IOException {
        Map<String, Row> rows = table(Files.readString(root.resolve("src/site/markdown/operate.md")));
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md"),
                root.resolve("service/src/main/resources/application.yaml")));
        try (Stream<Path> site = Files.list(root.resolve("src/site/markdown"))) {
            site.forEach(pages::add);
        }
        List<String> problems = new ArrayList<>();
        for (Path page : pages) {
            Matcher named = NAMED_VARIABLE.matcher(Files.readString(page));
            while (named.find()) {
                String variable = named.group();
                rows.values().stream().filter(row -> binds(variable, row.key()) && !row.variable().equals(variable))
                        .forEach(row -> problems.add(root.relativize(page) + " names " + variable + " for " + row.key()
                                + ", the table " + row.variable()));
            }
        }
        assertThat(problems).as("variables named otherwise than in operate.md's table").isEmpty();
    }

    @Test
    void theReadmeRepeatsNoConfigurationTable() throws IOException {
        assertThat(Files.readString(root.resolve("README.md"))).as("README.md points to operate.md's table instead")
                .doesNotContainPattern("(?m)^\\|\\s*`(fleetmesh|spring|server)\\.");
    }

    /** What is wrong with the configuration table of {@code page}; empty when it is right. */
    static List<String> problems(String page) throws IOException {
        Map<String, Row> rows = table(page);
        List<String> problems = new ArrayList<>();
        Map<String, String> chart = chartVariables();
        Set<String> bound = boundKeys();
        Set<String> expected = new TreeSet<>(bound);
        // a list the records bind element by element (issuers: []) is documented by its elements' rows
        applicationYaml.keySet().stream().map(ConfigurationTableTest::indexless).filter(k -> k.startsWith("fleetmesh."))
                .filter(k -> bound.stream().noneMatch(b -> b.startsWith(k + "[")))
                .forEach(expected::add);
        expected.addAll(OPERATOR_SPRING_KEYS);
        chart.values().stream().filter(key -> !key.isEmpty()).forEach(expected::add);
        for (String key : expected) {
            if (!rows.containsKey(key)) {
                problems.add("no row for " + key);
            }
        }
        for (Row row : rows.values()) {
            if (!expected.contains(row.key())) {
                problems.add("a row for " + row.key() + ", which neither the code, application.yaml nor the chart sets");
                continue;
            }
            String yamlDefault = applicationYaml.get(row.key().replace("[N]", "[0]"));
            String documented = yamlDefault == null ? NO_DEFAULT : yamlDefault.isEmpty() ? EMPTY_DEFAULT : "`" + yamlDefault + "`";
            if (!documented.equals(row.defaultValue())) {
                problems.add(row.key() + ": default " + row.defaultValue() + ", application.yaml has " + documented);
            }
            String chartVariable = chart.entrySet().stream().filter(e -> e.getValue().equals(row.key()))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            String variable = chartVariable != null ? chartVariable : canonicalVariable(row.key());
            if (!variable.equals(row.variable())) {
                problems.add(row.key() + ": environment variable " + row.variable() + ", expected " + variable
                        + (chartVariable != null ? " (the chart sets it)" : " (Spring's canonical form)"));
            }
            if (!binds(row.variable(), row.key())) {
                problems.add(row.key() + ": Spring does not bind " + row.variable() + " to it");
            }
        }
        chart.forEach((variable, key) -> {
            if (key.isEmpty() && !NON_SPRING_VARIABLES.contains(variable)) {
                problems.add("the chart sets " + variable + ", which binds to no documented key");
            } else if (key.isEmpty() && !page.contains("`" + variable + "`")) {
                problems.add("the chart sets " + variable + ", which the page does not name");
            }
        });
        return problems;
    }

    private record Row(String key, String variable, String defaultValue) {
    }

    /**
     * The rows of the page's table headed {@code | key |}, by key. Its columns are found by their headings, so that a
     * table of another shape (the environment variable in parentheses after the key, no default) is judged too.
     */
    private static Map<String, Row> table(String page) {
        List<String> lines = page.lines().toList();
        int header = 0;
        while (header < lines.size() && !lines.get(header).matches("\\| key\\b.*")) {
            header++;
        }
        assertThat(header).as("a table whose first column is headed 'key'").isLessThan(lines.size());
        List<String> headings = cells(lines.get(header));
        int variableColumn = headings.indexOf("environment variable");
        int defaultColumn = headings.indexOf("default");
        Map<String, Row> rows = new TreeMap<>();
        lines.subList(header + 2, lines.size()).stream().takeWhile(line -> line.startsWith("|")).forEach(line -> {
            List<String> cells = cells(line);
            Matcher key = KEY_CELL.matcher(cells.get(0));
            assertThat(key.matches()).as("a key in %s", line).isTrue();
            String variable = variableColumn < 0 ? key.group(2) : cells.get(variableColumn).replace("`", "");
            rows.put(key.group(1), new Row(key.group(1), String.valueOf(variable),
                    defaultColumn < 0 ? "(no default column)" : cells.get(defaultColumn)));
        });
        return rows;
    }

    private static List<String> cells(String line) {
        return Stream.of(line.substring(1).split("(?<!\\\\)\\|")).map(String::strip).toList();
    }

    /** Every property the service's {@code @ConfigurationProperties} records bind, lists' elements as {@code [N]}. */
    private static Set<String> boundKeys() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        Set<String> keys = new TreeSet<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("org.fleetmesh.rp")) {
            Class<?> type = load(candidate.getBeanClassName());
            String prefix = type.getAnnotation(ConfigurationProperties.class).value();
            addKeys(prefix, type, keys);
        }
        assertThat(keys).as("properties bound by @ConfigurationProperties records").isNotEmpty();
        return keys;
    }

    private static void addKeys(String prefix, Class<?> type, Set<String> keys) {
        assertThat(type.isRecord()).as("%s binds by constructor, as a record", type).isTrue();
        for (RecordComponent component : type.getRecordComponents()) {
            String key = prefix + "." + kebab(component.getName());
            Class<?> element = listElement(component.getGenericType());
            if (component.getType().isRecord()) {
                addKeys(key, component.getType(), keys);
            } else if (element != null && element.isRecord()) {
                addKeys(key + "[N]", element, keys);
            } else {
                keys.add(key);
            }
        }
    }

    private static Class<?> listElement(Type type) {
        return type instanceof ParameterizedType list && list.getRawType() == List.class
                && list.getActualTypeArguments()[0] instanceof Class<?> element ? element : null;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The environment variables the chart's templates set, each with the documented key Spring binds it to (empty:
     * none); an index set per list element ({@code {{ $i }}}) reads {@code N}, as the table writes it.
     */
    static Map<String, String> chartVariables() throws IOException {
        Map<String, String> variables = new TreeMap<>();
        try (Stream<Path> templates = Files.list(root.resolve("helm/fleetmesh/templates"))) {
            for (Path template : templates.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Matcher variable = CHART_VARIABLE.matcher(Files.readString(template));
                while (variable.find()) {
                    String name = variable.group(1).replaceAll("\\{\\{[^}]*}}", "N");
                    variables.put(name, "");
                }
            }
        }
        Set<String> candidates = new TreeSet<>(boundKeys());
        applicationYaml.keySet().stream().map(ConfigurationTableTest::indexless).forEach(candidates::add);
        variables.replaceAll((name, none) -> candidates.stream().filter(key -> binds(name, key)).findFirst().orElse(""));
        assertThat(variables).as("environment variables the chart sets").isNotEmpty();
        return variables;
    }

    /** Whether Spring's relaxed binding gives {@code key} the value of the environment variable {@code variable}. */
    static boolean binds(String variable, String key) {
        SystemEnvironmentPropertySource environment = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable.replace("_N_", "_0_"), "x"));
        String element = key.replace("[N]", "[0]");
        if (!ConfigurationPropertyName.isValid(element)) {
            return false; // a key only a properties file can spell (hibernate.default_batch_fetch_size), or no key
        }
        ConfigurationPropertyName name = ConfigurationPropertyName.of(element);
        for (var source : ConfigurationPropertySources.from(environment)) {
            if (source.getConfigurationProperty(name) != null) {
                return true;
            }
        }
        return false;
    }

    private static String canonicalVariable(String key) {
        return key.replace("[N]", ".N").replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private static String indexless(String key) {
        return key.replaceAll("\\[\\d+]", "[N]");
    }

    private static Map<String, String> yamlProperties(Path yaml) throws IOException {
        Map<String, String> properties = new TreeMap<>();
        for (PropertySource<?> source : new YamlPropertySourceLoader().load("application", new FileSystemResource(yaml))) {
            EnumerablePropertySource<?> enumerable = (EnumerablePropertySource<?>) source;
            for (String name : enumerable.getPropertyNames()) {
                // A list of plain values is one property to Spring (an environment variable gives it comma-separated).
                String key = name.matches(".*\\[\\d+]$") ? name.substring(0, name.lastIndexOf('[')) : name;
                String value = String.valueOf(enumerable.getProperty(name));
                properties.merge(key, value, (first, next) -> first + "," + next);
            }
        }
        return properties;
    }
}
