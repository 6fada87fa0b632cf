package org.fleetmesh.rp.arm.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** What each api-version offers is read from its committed document, not kept in a second list. */
class ApiContractCapabilitiesTest {

    private final ApiContract contract = new ApiContract(JsonMapper.builder().build());

    @Test
    void meshIsInThePreviewsOnly() {
        assertThat(ApiVersions.ALL.stream().filter(contract::hasMesh).toList())
                .isEqualTo(List.of(ApiVersions.V2026_03_02_PREVIEW, ApiVersions.V2026_06_02_PREVIEW));
    }

    @Test
    void memberLabelsCameWithThePreviewsAndReachedTheStableLineIn20260601() {
        assertThat(ApiVersions.ALL.stream().filter(contract::hasMemberLabels).toList())
                .isEqualTo(List.of(ApiVersions.V2026_03_02_PREVIEW, ApiVersions.V2026_06_01, ApiVersions.V2026_06_02_PREVIEW));
        assertThat(contract.hasMesh("2099-01-01")).isFalse();
    }
}
