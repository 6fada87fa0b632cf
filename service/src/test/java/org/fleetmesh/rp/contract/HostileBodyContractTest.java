package org.fleetmesh.rp.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Bodies an attacker or a buggy client sends: values the database cannot hold, JSON that two parsers could read
 * differently, locations that are not regions, label sets no user needs. Each is a 400 that names the property,
 * says what is wrong in the API's own words, and stores nothing.
 */
class HostileBodyContractTest extends ContractTestSupport {

    @Test
    void aLocationThatIsNotAnAzureRegionIsRefusedBeforeAnythingIsStored() {
        String huge = "w".repeat(100 * 1024);
        for (String location : new String[] {"westus/../../../subscriptions/" + subscription, "westus?x=1#frag", huge,
                "mars"}) {
            Response refused = call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"" + location + "\"}")
                    .invalidRequest().send();

            assertThat(refused.status()).as(refused.text()).isEqualTo(400);
            assertThat(refused.errorCode()).isEqualTo("LocationNotAvailableForResourceType");
            assertThat(refused.json().path("error").path("target").asString()).isEqualTo("location");
            assertThat(refused.text()).hasSizeLessThan(2048);
            assertThat(call("GET", fleetPath("rg", "f1"), PREVIEW).send().status()).isEqualTo(404);
        }
    }

    @Test
    void regionNamesAreAcceptedInAnyCasingAndSpacingAndStoredCompact() {
        Completed created = call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"East US 2 EUAP\"}").complete();

        assertThat(created.accepted().status()).isEqualTo(201);
        assertThat(created.result().json().path("location").asString()).isEqualTo("eastus2euap");
    }

}
