package org.fleetmesh.rp.arm.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.fleetmesh.rp.arm.ArmException;
import org.junit.jupiter.api.Test;

class QueryStringTest {

    @Test
    void parametersAreDecodedAsTheWebServerReadsThem() {
        Map<String, List<String>> query = QueryString.parse(
                "api-version=2026-06-02-preview&$filter=properties/labels/mesh%20eq+'a%2Bb'&flag&$top=1&$top=2");

        assertThat(query).containsEntry("$filter", List.of("properties/labels/mesh eq 'a+b'"))
                .containsEntry("flag", List.of("")).containsEntry("$top", List.of("1", "2"));
        assertThat(QueryString.first(query, "API-VERSION")).isEqualTo("2026-06-02-preview");
        assertThat(QueryString.first(query, "$skipToken")).isNull();
        assertThat(QueryString.parse(null)).isEmpty();
    }

    @Test
    void aMalformedPercentEncodingIsTheCallersError() {
        assertThatThrownBy(() -> QueryString.parse("api-version=%zz")).isInstanceOf(ArmException.class)
                .hasMessageContaining("malformed percent-encoding");
    }
}
