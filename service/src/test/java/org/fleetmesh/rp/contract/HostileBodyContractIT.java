package org.fleetmesh.rp.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.fleetmesh.rp.testing.ContractTestSupport;
import org.junit.jupiter.api.Test;

/**
 * Bodies an attacker or a buggy client sends: values the database cannot hold, JSON that two parsers could read
 * differently, locations that are not regions, label sets no user needs. Each is a 400 that names the property,
 * says what is wrong in the API's own words, and stores nothing.
 */
class HostileBodyContractIT extends ContractTestSupport {

    @Test
    void aLocationThatIsNotAnAzureRegionIsRefusedBeforeAnythingIsStored() {
        String huge = "w".repeat(100 * 1024);
        for (String location : new String[] {"westus/../../../subscriptions/" + subscription, "westus?x=1#frag", huge,
                "mars"}) {
            Response refused = call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"" + location + "\"}")
                    .invalidRequest().send();

            assertRefusedAndNothingStored(refused, "LocationNotAvailableForResourceType", "location", fleetPath("rg", "f1"));
            assertThat(refused.text()).hasSizeLessThan(2048);
        }
    }

    @Test
    void regionNamesAreAcceptedInAnyCasingAndSpacingAndStoredCompact() {
        Completed created = call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"East US 2 EUAP\"}").complete();

        assertThat(created.accepted().status()).isEqualTo(201);
        assertThat(created.result().json().path("location").asString()).isEqualTo("eastus2euap");
    }

    @Test
    void aNullTagValueIsRefusedOnPutAndPatch() {
        Response put = call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"westus\",\"tags\":{\"team\":null}}")
                .invalidRequest().send();

        assertRefusedAndNothingStored(put, "InvalidTag", "tags.team", fleetPath("rg", "f1"));

        createFleet("rg", "f1");
        Response patch = call("PATCH", fleetPath("rg", "f1"), PREVIEW).body("{\"tags\":{\"team\":null}}").invalidRequest().send();
        assertArmError(patch, 400, "InvalidTag", "tags.team");
    }

    @Test
    void aNullValueForASystemLabelIsRefusedAsReserved() {
        createFleet("rg", "f1");

        Response refused = call("PUT", memberPath("rg", "f1", "m1"), PREVIEW)
                .body("{\"properties\":{\"clusterResourceId\":\"" + clusterId("m1-aks")
                        + "\",\"labels\":{\"fleet.azure.com/location\":null}}}").invalidRequest().send();

        assertRefusedAndNothingStored(refused, "ReservedLabel", "properties.labels.fleet.azure.com/location",
                memberPath("rg", "f1", "m1"));
    }

    @Test
    void aNulCharacterIsRefusedNamingTheProperty() {
        Response tag = call("PUT", fleetPath("rg", "f1"), PREVIEW)
                .body("{\"location\":\"westus\",\"tags\":{\"team\":\"a\\u0000b\"}}").invalidRequest().send();
        assertRefusedAndNothingStored(tag, "InvalidRequestContent", "tags.team", fleetPath("rg", "f1"));

        Response tagName = call("PUT", fleetPath("rg", "f1"), PREVIEW)
                .body("{\"location\":\"westus\",\"tags\":{\"te\\u0000am\":\"a\"}}").invalidRequest().send();
        assertRefusedAndNothingStored(tagName, "InvalidRequestContent", "tags.te\\u0000am", fleetPath("rg", "f1"));

        createFleet("rg", "f1");
        Response cluster = call("PUT", memberPath("rg", "f1", "m1"), PREVIEW)
                .body("{\"properties\":{\"clusterResourceId\":\"" + clusterId("m1-aks") + "\\u0000\"}}").invalidRequest().send();
        assertRefusedAndNothingStored(cluster, "InvalidRequestContent", "properties.clusterResourceId", memberPath("rg", "f1", "m1"));
    }

    @Test
    void aLoneSurrogateIsRefusedRatherThanStoredAsAQuestionMark() {
        Response refused = call("PUT", fleetPath("rg", "f1"), PREVIEW)
                .body("{\"location\":\"westus\",\"tags\":{\"team\":\"x\\ud800y\"}}").outsideContract().send();

        assertRefusedAndNothingStored(refused, "InvalidRequestContent", "tags.team", fleetPath("rg", "f1"));
    }

    @Test
    void aPairedSurrogateIsOrdinaryTextAndIsKept() {
        Completed created = call("PUT", fleetPath("rg", "f1"), PREVIEW)
                .body("{\"location\":\"westus\",\"tags\":{\"team\":\"rocket \\ud83d\\ude80\"}}").complete();

        assertThat(created.result().json().path("tags").path("team").asString()).isEqualTo("rocket \ud83d\ude80");
    }

    @Test
    void duplicateKeysAreRefusedSoThatNoTwoReadersSeeDifferentRequests() {
        Response refused = call("PUT", fleetPath("rg", "f1"), PREVIEW)
                .body("{\"location\":\"westus\",\"tags\":{\"a\":\"1\",\"a\":\"2\"}}").invalidRequest().send();

        assertRefusedAndNothingStored(refused, "InvalidRequestContent", "tags.a", fleetPath("rg", "f1"));
        assertThat(refused.json().path("error").path("message").asString()).contains("more than once");
    }

    @Test
    void malformedJsonIsDescribedWithoutNamingTheParserOrItsOptions() {
        String deep = "{\"location\":\"westus\",\"tags\":" + "[".repeat(2000) + "]".repeat(2000) + "}";
        String longNumber = "{\"location\":\"westus\",\"properties\":{\"x\":" + "9".repeat(2000) + "}}";
        for (String body : new String[] {"{\"location\":\"westus\"}{}", "{\"location\":\"westus\",}", deep, longNumber,
                "{\"location\":\"westus\"", "[1,2", "{\"location\":'westus'}"}) {
            Response refused = call("PUT", fleetPath("rg", "f1"), PREVIEW).body(body).outsideContract().send();

            String message = refused.json().path("error").path("message").asString();
            assertThat(refused.status()).as(body.length() > 80 ? body.substring(0, 80) : body).isEqualTo(400);
            assertThat(refused.errorCode()).isEqualTo("InvalidRequestContent");
            assertThat(message).contains("line").doesNotContain("jackson").doesNotContain("Jackson")
                    .doesNotContain("FAIL_ON").doesNotContain("Feature").doesNotContain("Constraints").doesNotContain("`")
                    .doesNotContain("tools.").doesNotContain("com.");
        }
        assertThat(call("GET", fleetPath("rg", "f1"), PREVIEW).send().status()).isEqualTo(404);
    }

    @Test
    void aBodyOfOnlyWhiteSpaceIsInvalidJsonAndNotAServerError() {
        for (String body : new String[] {" ", "\n\t "}) {
            Response refused = call("PUT", fleetPath("rg", "f1"), PREVIEW).body(body).outsideContract().send();

            assertRefusedAndNothingStored(refused, "InvalidRequestContent", null, fleetPath("rg", "f1"));
        }
    }

    @Test
    void aMemberCanHaveFiftyLabelsOfItsOwnButNotMore() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "m1", labels(50));

        Response tooMany = call("PUT", memberPath("rg", "f1", "m2"), PREVIEW)
                .body("{\"properties\":{\"clusterResourceId\":\"" + clusterId("m2-aks") + "\",\"labels\":" + labels(5000) + "}}")
                .invalidRequest().send();
        assertRefusedAndNothingStored(tooMany, "InvalidLabel", "properties.labels", memberPath("rg", "f1", "m2"));
        assertThat(tooMany.json().path("error").path("message").asString()).contains("50");

        Response patchedOver = call("PATCH", memberPath("rg", "f1", "m1"), PREVIEW)
                .body("{\"properties\":{\"labels\":{\"one-more\":\"v\"}}}").send();
        assertArmError(patchedOver, 400, "InvalidLabel", "properties.labels");
        assertThat(call("GET", memberPath("rg", "f1", "m1"), PREVIEW).send().json().path("properties").path("labels")
                .has("one-more")).isFalse();
    }

    /** A 400 with this code and target, after which the resource the request would have written does not exist. */
    private void assertRefusedAndNothingStored(Response refused, String code, String target, String resourcePath) {
        assertArmError(refused, 400, code, target);
        assertThat(call("GET", resourcePath, PREVIEW).send().status()).isEqualTo(404);
    }

    private static String labels(int count) {
        return IntStream.range(0, count).mapToObj(i -> "\"key-" + i + "\":\"value-" + i + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }
}
