package org.fleetmesh.rp.arm.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Responses are cut to the caller's version from shapes compiled once; a body the version shows whole is left alone. */
class ResponseShaperTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String FLEET = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/"
            + "Microsoft.ContainerService/fleets/f";
    private static final String MEMBER = """
            {"id":"x","name":"m","type":"Microsoft.ContainerService/fleets/members","undefined":1,
             "properties":{"clusterResourceId":"c","labels":{"a":"b"},"provisioningState":"Succeeded",
               "meshProperties":{"status":{"state":"Connected","error":{"code":"c","message":"m","future":true,
                 "details":[{"code":"d","message":"n","deeper":{"x":1},"details":[{"code":"e","message":"o","gone":2}]}]}}}}}""";

    private final ApiContract contract = new ApiContract(JSON);
    private final ResponseShaper shaper = contract.responseShaper();

    @Test
    void anOlderVersionLosesWhatItDoesNotDefineAndSaysSo() {
        JsonNode member = JSON.readTree(MEMBER);
        assertThat(shaper.shape(get(ApiVersions.V2025_03_01, FLEET + "/members/m"), 200, member)).isTrue();
        assertThat(member.path("properties").has("meshProperties")).isFalse();
        assertThat(member.path("properties").has("labels")).isFalse();
        assertThat(member.has("undefined")).isFalse();
        assertThat(member.path("properties").path("clusterResourceId").asString()).isEqualTo("c");
    }

    @Test
    void theNewestVersionKeepsItsOwnPropertiesAndCutsNestedUnknownsThroughSelfReferringSchemas() {
        JsonNode member = JSON.readTree(MEMBER);
        assertThat(shaper.shape(get(ApiVersions.V2026_06_02_PREVIEW, FLEET + "/members/m"), 200, member)).isTrue();
        JsonNode error = member.at("/properties/meshProperties/status/error");
        assertThat(member.at("/properties/labels/a").asString()).isEqualTo("b");
        assertThat(error.has("future")).isFalse();
        assertThat(error.at("/details/0").has("deeper")).isFalse();
        assertThat(error.at("/details/0/details/0").has("gone")).isFalse();
        assertThat(error.at("/details/0/details/0/code").asString()).isEqualTo("e");
    }

    @Test
    void aBodyTheVersionShowsWholeIsReportedUnchanged() {
        JsonNode list = JSON.readTree("{\"value\":[{\"id\":\"x\",\"name\":\"m\",\"properties\":{\"clusterResourceId\":\"c\","
                + "\"labels\":{\"a\":\"b\"}}}],\"nextLink\":\"n\"}");
        JsonNode before = list.deepCopy();
        assertThat(shaper.shape(get(ApiVersions.V2026_06_02_PREVIEW, FLEET + "/members"), 200, list)).isFalse();
        assertThat(list).isEqualTo(before);
        assertThat(shaper.shape(get(ApiVersions.V2025_03_01, FLEET + "/members"), 200, list)).isTrue();
        assertThat(list.at("/value/0/properties").has("labels")).isFalse();
    }

    private OperationSpec get(String version, String path) {
        List<String> segments = ApiContract.segments(path);
        return contract.find(version, "GET", segments).orElseThrow();
    }
}
