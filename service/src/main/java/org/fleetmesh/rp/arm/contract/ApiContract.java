package org.fleetmesh.rp.arm.contract;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The committed Swagger document of every api-version, loaded from the classpath. It is the single source of
 * truth for which operations a version has, what a request body may contain and what a response shows.
 */
public final class ApiContract {

    static final String CLASSPATH_ROOT = "META-INF/api-spec/";

    private final SwaggerDocuments documents;
    private final SchemaView view;
    private final ResponseShaper shaper;
    private final Map<String, List<OperationSpec>> operationsByVersion = new LinkedHashMap<>();
    private final Set<String> versionsWithMesh = new HashSet<>();
    private final Set<String> versionsWithMemberLabels = new HashSet<>();

    public ApiContract(JsonMapper json) {
        this.documents = new SwaggerDocuments(json);
        this.view = new SchemaView(documents);
        this.shaper = new ResponseShaper(view);
        for (String version : ApiVersions.ALL) {
            operationsByVersion.put(version, readOperations(version, swaggerPath(version)));
            if (find(version, "ClusterMeshProfiles_Apply").isPresent()) {
                versionsWithMesh.add(version);
            }
            if (returnsProperty(version, "FleetMembers_Get", "properties", "labels")) {
                versionsWithMemberLabels.add(version);
            }
        }
    }

    /** Whether the version has cluster mesh profiles (and with them members' meshProperties), as its document says. */
    public boolean hasMesh(String version) {
        return versionsWithMesh.contains(version);
    }

    /** Whether members have labels in the version, as its document says. */
    public boolean hasMemberLabels(String version) {
        return versionsWithMemberLabels.contains(version);
    }

    private Optional<OperationSpec> find(String version, String operationId) {
        return operations(version).stream().filter(op -> op.operationId().equals(operationId)).findFirst();
    }

    /** Whether what the operation answers 200 with has the property at {@code path}, through allOf and $refs. */
    private boolean returnsProperty(String version, String operationId, String... path) {
        SchemaRef schema = find(version, operationId).map(op -> op.responses().get("200")).orElse(null);
        for (int i = 0; schema != null && i < path.length; i++) {
            schema = view.properties(schema).get(path[i]);
        }
        return schema != null;
    }

    static String swaggerPath(String version) {
        return CLASSPATH_ROOT + "swagger/" + version + "/fleets.json";
    }

    public List<OperationSpec> operations(String version) {
        return operationsByVersion.getOrDefault(version, List.of());
    }

    /** The versions that have any operation on this path. */
    public List<String> versionsServing(List<String> segments) {
        List<String> versions = new ArrayList<>();
        operationsByVersion.forEach((version, operations) -> {
            if (operations.stream().anyMatch(op -> op.matches(segments))) {
                versions.add(version);
            }
        });
        return versions;
    }

    public Optional<OperationSpec> find(String version, String method, List<String> segments) {
        return operations(version).stream()
                .filter(op -> op.method().equalsIgnoreCase(method) && op.matches(segments))
                .findFirst();
    }

    public List<String> methodsOn(String version, List<String> segments) {
        return operations(version).stream().filter(op -> op.matches(segments)).map(OperationSpec::method).toList();
    }

    /** The decoded segments of a URL path, the unit operations are matched on. */
    public static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String raw : path.substring(1).split("/", -1)) {
            segments.add(java.net.URLDecoder.decode(raw.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
        }
        return segments;
    }

    /**
     * Cuts a resource body to what a GET of that resource returns in the api-version; for bodies that reach
     * the caller by another route, such as an operation's result.
     */
    public void shapeAsRead(String apiVersion, String resourcePath, JsonNode body) {
        find(apiVersion, "GET", segments(resourcePath)).ifPresent(get -> responseShaper().shape(get, 200, body));
    }

    /** Cuts responses to the schemas of this contract's documents; one for the contract, which keeps what it read. */
    public ResponseShaper responseShaper() {
        return shaper;
    }

    /** Reads this contract's schemas, merged over allOf and followed through $refs. */
    SchemaView schemaView() {
        return view;
    }

    private SchemaRef resolve(SchemaRef schema) {
        return documents.resolve(schema);
    }

    private List<OperationSpec> readOperations(String version, String documentPath) {
        JsonNode root = documents.document(documentPath);
        List<OperationSpec> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : root.get("paths").properties()) {
            List<SchemaRef> shared = new ArrayList<>();
            path.getValue().path("parameters").forEach(p -> shared.add(resolve(new SchemaRef(p, documentPath))));
            for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                if (method.getKey().equals("parameters")) {
                    continue;
                }
                operations.add(readOperation(version, documentPath, path.getKey(), method.getKey(), method.getValue(), shared));
            }
        }
        return List.copyOf(operations);
    }

    private OperationSpec readOperation(String version, String documentPath, String template, String method,
            JsonNode operation, List<SchemaRef> sharedParameters) {
        List<SchemaRef> parameterNodes = new ArrayList<>(sharedParameters);
        operation.path("parameters").forEach(p -> parameterNodes.add(resolve(new SchemaRef(p, documentPath))));
        List<OperationSpec.ParameterSpec> parameters = new ArrayList<>();
        SchemaRef body = null;
        boolean bodyRequired = false;
        for (SchemaRef parameter : parameterNodes) {
            String in = parameter.node().path("in").asString();
            if (in.equals("body")) {
                body = new SchemaRef(parameter.node().get("schema"), parameter.document());
                bodyRequired = parameter.node().path("required").asBoolean(false);
            } else {
                parameters.add(new OperationSpec.ParameterSpec(parameter.node().path("name").asString(), in, parameter));
            }
        }
        Map<String, SchemaRef> responses = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> response : operation.path("responses").properties()) {
            SchemaRef resolved = resolve(new SchemaRef(response.getValue(), documentPath));
            JsonNode schema = resolved.node().get("schema");
            responses.put(response.getKey(), schema == null ? null : new SchemaRef(schema, resolved.document()));
        }
        List<String> segments = List.of(template.substring(1).split("/"));
        return new OperationSpec(version, method.toUpperCase(java.util.Locale.ROOT), template, segments,
                operation.path("operationId").asString(), List.copyOf(parameters), body, bodyRequired,
                java.util.Collections.unmodifiableMap(responses));
    }
}
