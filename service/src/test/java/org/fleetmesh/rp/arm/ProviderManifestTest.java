package org.fleetmesh.rp.arm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The provider manifest ({@code api-spec/manifest/resource-provider-manifest.json}) is what ARM reads to route calls
 * and to run its checks before they reach the service. It must register exactly the resource types and api-versions
 * the Swagger serves, and have ARM check the caller's right on every resource a write's body names by id.
 */
class ProviderManifestTest {

    private static final Path API_SPEC = Path.of("..", "api-spec");
    private static final String PROVIDERS = "/providers/Microsoft.ContainerService/";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonNode manifest = read(API_SPEC.resolve("manifest/resource-provider-manifest.json"));
    private final Map<String, JsonNode> swaggers = swaggers();

    @Test
    void everyResourceTypeIsRegisteredWithExactlyTheApiVersionsItsSwaggerServes() {
        Map<String, Set<String>> served = new TreeMap<>();
        swaggers.forEach((version, swagger) -> swagger.path("paths").properties().forEach(path -> {
            int provider = path.getKey().indexOf(PROVIDERS);
            if (provider >= 0) {
                boolean action = path.getValue().has("post") && !path.getValue().has("get");
                served.computeIfAbsent(resourceType(path.getKey().substring(provider + PROVIDERS.length()), action),
                        t -> new TreeSet<>()).add(version);
            }
        }));
        Map<String, Set<String>> registered = new TreeMap<>();
        for (JsonNode type : manifest.path("resourceTypes")) {
            Set<String> versions = new TreeSet<>(strings(type.path("apiVersions")));
            registered.put(type.path("name").asString(), versions);
            Set<String> routed = new TreeSet<>();
            type.path("endpoints").forEach(endpoint -> routed.addAll(strings(endpoint.path("apiVersions"))));
            assertThat(routed).as("api-versions with an endpoint for %s", type.path("name").asString()).isEqualTo(versions);
        }
        assertThat(registered).isEqualTo(served);
    }

    @Test
    void aMembersClusterIsCheckedByArmForTheCallersRightToJoinIt() {
        JsonNode members = type("fleets/members");
        assertThat(members.path("linkedAccessChecks")).singleElement().satisfies(check -> {
            assertThat(check.path("actionName").asString()).isEqualTo("Microsoft.ContainerService/fleets/members/write");
            assertThat(check.path("linkedProperty").asString()).isEqualTo("properties.clusterResourceId");
            assertThat(check.path("linkedAction").asString()).isEqualTo("Microsoft.ContainerService/fleetMemberships/write");
        });
        // The linked property is, in every api-version, the member's id of an AKS cluster.
        swaggers.forEach((version, swagger) -> {
            JsonNode schema = local(swagger, swagger.at("/definitions/FleetMemberProperties/properties/clusterResourceId"));
            assertThat(schema.path("format").asString()).as(version).isEqualTo("arm-id");
            assertThat(schema.at("/x-ms-arm-id-details/allowedResources/0/type").asString()).as(version)
                    .isEqualTo("Microsoft.ContainerService/managedClusters");
        });
    }

    @Test
    void noOtherWriteNamesAnotherResourceById() {
        List<String> armIds = new ArrayList<>();
        swaggers.forEach((version, swagger) -> swagger.path("definitions").properties().forEach(definition ->
                definition.getValue().path("properties").properties().forEach(property -> {
                    JsonNode schema = local(swagger, property.getValue());
                    boolean writable = !property.getValue().path("readOnly").asBoolean(false)
                            && !schema.path("readOnly").asBoolean(false);
                    if (writable && "arm-id".equals(schema.path("format").asString(""))) {
                        armIds.add(definition.getKey() + "." + property.getKey());
                    }
                })));
        // The hub profile's subnets are ids too, but a fleet with a hubProfile is refused (HubClusterNotSupported)
        // before anything is stored: a request that names them never takes effect. Anything else needs a check.
        assertThat(new TreeSet<>(armIds)).as("writable properties that name another resource: each needs a linked access "
                + "check").containsExactly("APIServerAccessProfile.subnetId", "AgentProfile.subnetId",
                        "FleetMemberProperties.clusterResourceId");
    }

    /**
     * The resource type a path below the provider addresses: its type-name segments ({@code fleets/{f}/members/{m}}
     * and {@code fleets/{f}/members} are fleets/members); an action's own name ({@code .../apply}) is not one.
     */
    private static String resourceType(String relativePath, boolean action) {
        List<String> segments = new ArrayList<>(List.of(relativePath.split("/")));
        if (action) {
            segments.remove(segments.size() - 1);
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < segments.size(); i += 2) {
            names.add(segments.get(i));
        }
        return String.join("/", names);
    }

    /**
     * A schema with a reference inside its own file resolved; one to the shared common types stays as it is (they
     * define ARM's envelope, whose only resource references, user-assigned identities, the service refuses).
     */
    private static JsonNode local(JsonNode swagger, JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        return ref.startsWith("#/") ? swagger.at(ref.substring(1)) : schema;
    }

    private JsonNode type(String name) {
        for (JsonNode type : manifest.path("resourceTypes")) {
            if (type.path("name").asString().equals(name)) {
                return type;
            }
        }
        throw new AssertionError("no resource type " + name + " in the manifest");
    }

    private static Map<String, JsonNode> swaggers() {
        Map<String, JsonNode> byVersion = new TreeMap<>();
        try (Stream<Path> versions = Files.list(API_SPEC.resolve("openapi/swagger"))) {
            versions.filter(Files::isDirectory)
                    .forEach(dir -> byVersion.put(dir.getFileName().toString(), read(dir.resolve("fleets.json"))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertThat(byVersion).isNotEmpty();
        return byVersion;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalStateException(file.toString(), e);
        }
    }
}
