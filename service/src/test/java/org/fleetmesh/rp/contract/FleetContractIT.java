package org.fleetmesh.rp.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.fleetmesh.rp.testing.ContractTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** ARM RPC §2.1–2.5 and §2.7 for the tracked fleet resource. */
class FleetContractIT extends ContractTestSupport {

    @Test
    void putCreatesWith201AndReplacesWith200AnsweringTheFinishedWriteAtOnce() {
        // A hubless fleet's operation ends in milliseconds, within the synchronous budget: the PUT answers as a
        // completed one, with the terminal provisioningState and nothing to poll (RPC: "201 Created or 200 OK (per
        // normal guidance)"; the non-terminal state and the monitor are only for provisioning not yet complete).
        Completed created = call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"westus\"}").complete();
        assertThat(created.accepted().status()).isEqualTo(201);
        assertThat(created.accepted().json().path("properties").path("provisioningState").asString()).isEqualTo("Succeeded");
        assertThat(created.synchronous()).as("nothing to poll: %s", created.accepted().headers()).isTrue();
        Completed replaced = call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"westus\"}").complete();
        assertThat(replaced.accepted().status()).isEqualTo(200);
        assertThat(replaced.synchronous()).isTrue();
        JsonNode fleet = replaced.result().json();
        assertThat(fleet.path("id").asString()).isEqualTo(fleetPath("rg", "f1"));
        assertThat(fleet.path("name").asString()).isEqualTo("f1");
        assertThat(fleet.path("type").asString()).isEqualTo("Microsoft.ContainerService/fleets");
        assertThat(fleet.path("properties").path("provisioningState").asString()).isEqualTo("Succeeded");
        String operation = fleet.path("properties").path("status").path("lastOperationId").asString();
        assertThat(call("GET", "/subscriptions/" + subscription + "/providers/Microsoft.ContainerService/locations/westus/"
                + "operationStatuses/" + operation, PREVIEW).send().json().path("status").asString())
                .as("the operation the answer names").isEqualTo("Succeeded");
    }

    @Test
    void aFleetAnswersWithTheIdentityItWasSentAndInventsNoTags() {
        // The body `az fleet create` sends.
        Completed created = call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"westus\",\"identity\":{\"type\":\"None\"}}")
                .complete();
        for (JsonNode fleet : List.of(created.accepted().json(), created.result().json())) {
            assertThat(fleet.path("identity").path("type").asString()).isEqualTo("None");
            assertThat(fleet.has("tags")).as("no tags were sent: %s", fleet).isFalse();
        }
        Completed plain = call("PUT", fleetPath("rg", "f2"), PREVIEW).body("{\"location\":\"westus\",\"tags\":{\"a\":\"b\"}}")
                .complete();
        assertThat(plain.result().json().has("identity")).isFalse();
        assertThat(plain.result().json().path("tags").path("a").asString()).isEqualTo("b");
    }

    @Test
    void theNameComesFromTheUrlNotTheBody() {
        Response created = call("PUT", fleetPath("rg", "f1"), PREVIEW)
                .body("{\"location\":\"westus\",\"name\":\"other\",\"id\":\"/x\",\"type\":\"y\"}").invalidRequest().send();
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("name").asString()).isEqualTo("f1");
        assertThat(call("GET", fleetPath("rg", "other"), PREVIEW).send().status()).isEqualTo(404);
    }

    @Test
    void aBodyReadWithGetIsAcceptedBackByPut() {
        JsonNode fleet = createFleet("rg", "f1");
        Response replaced = call("PUT", fleetPath("rg", "f1"), PREVIEW).body(fleet.toString()).invalidRequest().send();
        assertThat(replaced.status()).isEqualTo(200);
    }

    @Test
    void aDifferentProvisioningStateInThePutBodyIsRefused() {
        createFleet("rg", "f1");
        Response refused = call("PUT", fleetPath("rg", "f1"), PREVIEW)
                .body("{\"location\":\"westus\",\"properties\":{\"provisioningState\":\"Failed\"}}").send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("error").path("target").asString()).isEqualTo("properties.provisioningState");
    }

    @Test
    void locationIsNormalisedAndCannotChange() {
        Completed created = call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"West US 2\"}").complete();
        assertThat(created.result().json().path("location").asString()).isEqualTo("westus2");
        assertThat(call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"westus2\"}").complete().accepted().status())
                .isEqualTo(200);
        Response moved = call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"eastus\"}").send();
        assertThat(moved.status()).isEqualTo(400);
        assertThat(moved.errorCode()).isEqualTo("PropertyChangeNotAllowed");
        assertThat(moved.json().path("error").path("target").asString()).isEqualTo("location");
    }

    @Test
    void aMissingLocationIsRefused() {
        Response refused = call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"tags\":{}}").invalidRequest().send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("LocationRequired");
    }

    @Test
    void aPropertyTheApiVersionDoesNotHaveIsRefusedNamingIt() {
        Response refused = call("PUT", fleetPath("rg", "f1"), PREVIEW)
                .body("{\"location\":\"westus\",\"properties\":{\"meshMode\":\"on\"}}").invalidRequest().send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("InvalidRequestContent");
        assertThat(refused.json().path("error").path("target").asString()).isEqualTo("properties.meshMode");
    }

    @Test
    void malformedJsonIsRefused() {
        Response refused = call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":").outsideContract().send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("InvalidRequestContent");
    }

    @Test
    void aHubClusterIsRefusedBecauseItIsOutOfScope() {
        Response refused = call("PUT", fleetPath("rg", "f1"), PREVIEW)
                .body("{\"location\":\"westus\",\"properties\":{\"hubProfile\":{\"dnsPrefix\":\"hub\"}}}").send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("HubClusterNotSupported");
        assertThat(refused.json().path("error").path("target").asString()).isEqualTo("properties.hubProfile");
    }

    @Test
    void aManagedIdentityIsRefusedRatherThanFaked() {
        Response refused = call("PUT", fleetPath("rg", "f1"), PREVIEW)
                .body("{\"location\":\"westus\",\"identity\":{\"type\":\"SystemAssigned\"}}").send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("ManagedIdentityNotSupported");
        assertThat(call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"westus\",\"identity\":{\"type\":\"None\"}}")
                .send().status()).isEqualTo(201);
    }

    @Test
    void tagLimitsAreEnforced() {
        StringBuilder tags = new StringBuilder("{");
        for (int i = 0; i < 51; i++) {
            tags.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":\"v\"");
        }
        tags.append("}");
        Response tooMany = call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"westus\",\"tags\":" + tags + "}").send();
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.errorCode()).isEqualTo("InvalidTag");
        Response badName = call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"westus\",\"tags\":{\"a<b\":\"v\"}}").send();
        assertThat(badName.errorCode()).isEqualTo("InvalidTag");
        assertThat(badName.json().path("error").path("target").asString()).isEqualTo("tags.a<b");
    }

    @Test
    void patchReplacesTagsAsAWhole() {
        call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"westus\",\"tags\":{\"tag1\":\"a\",\"tag2\":\"b\"}}").complete();
        Completed patched = call("PATCH", fleetPath("rg", "f1"), PREVIEW).body("{\"tags\":{\"tag3\":\"c\"}}").complete();
        // Finished within the budget: 200 with the merged resource, as a synchronous PATCH answers.
        assertThat(patched.accepted().status()).isEqualTo(200);
        assertThat(patched.synchronous()).isTrue();
        assertThat(patched.result().status()).isEqualTo(200);
        assertThat(patched.result().json().at("/properties/provisioningState").asString()).isEqualTo("Succeeded");
        assertThat(patched.result().json().path("tags").propertyNames()).containsExactly("tag3");
        assertThat(patched.result().json().path("location").asString()).isEqualTo("westus");
    }

    @Test
    void patchCannotChangeLocationOrName() {
        createFleet("rg", "f1");
        Response refused = call("PATCH", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"eastus\",\"name\":\"f2\"}")
                .invalidRequest().send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("InvalidRequestContent");
        assertThat(call("GET", fleetPath("rg", "f1"), PREVIEW).send().json().path("location").asString()).isEqualTo("westus");
    }

    @Test
    void patchAcceptsTheMergePatchMediaType() {
        createFleet("rg", "f1");
        Response patched = call("PATCH", fleetPath("rg", "f1"), PREVIEW).body("{\"tags\":{\"a\":\"b\"}}")
                .header("Content-Type", "application/merge-patch+json").invalidRequest().send();
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().path("tags").path("a").asString()).isEqualTo("b");
    }

    @Test
    void patchOfAMissingFleetIsNotFound() {
        Response missing = call("PATCH", fleetPath("rg", "nope"), PREVIEW).body("{\"tags\":{}}").send();
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("ResourceNotFound");
    }

    @Test
    void deleteAnswers200OnceTheFleetIsGoneAndAnotherDeleteIsNoContent() {
        createFleet("rg", "f1");
        Completed deleted = call("DELETE", fleetPath("rg", "f1"), PREVIEW).complete();
        // Finished within the budget: 200 with no body, as a synchronous DELETE of an existing resource answers.
        assertThat(deleted.accepted().status()).isEqualTo(200);
        assertThat(deleted.accepted().text()).isEmpty();
        assertThat(deleted.synchronous()).isTrue();
        assertThat(call("DELETE", fleetPath("rg", "f1"), PREVIEW).send().status()).isEqualTo(204);
        assertThat(call("GET", fleetPath("rg", "f1"), PREVIEW).send().status()).isEqualTo(404);
    }

    @Test
    void deletingAFleetDeletesItsMembersAndProfiles() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "m1", null);
        assertThat(call("DELETE", fleetPath("rg", "f1"), PREVIEW).complete().status()).isEqualTo("Succeeded");
        createFleet("rg", "f1");
        assertThat(call("GET", memberPath("rg", "f1", "m1"), PREVIEW).send().status()).isEqualTo(404);
        assertThat(createMember("rg", "f1", "m1", null).path("name").asString()).isEqualTo("m1");
    }

    @Test
    void getOfAMissingFleetIsResourceNotFound() {
        Response missing = call("GET", fleetPath("rg", "nope"), PREVIEW).send();
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("ResourceNotFound");
        assertThat(missing.json().path("error").path("message").asString())
                .contains("Microsoft.ContainerService/fleets/nope").contains("'rg'");
    }

    @Test
    void everyResourceCarriesAnETagMirroredInTheHeaderThatChangesOnEveryWrite() {
        Completed created = call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"westus\"}").complete();
        assertThat(created.accepted().json().path("eTag").asString()).isNotBlank().isEqualTo(created.accepted().header("ETag"));
        String etag = created.result().json().path("eTag").asString();
        assertThat(etag).isEqualTo(created.result().header("ETag"));
        Completed patched = call("PATCH", fleetPath("rg", "f1"), PREVIEW).body("{\"tags\":{\"a\":\"b\"}}").complete();
        assertThat(patched.result().json().path("eTag").asString()).isNotEqualTo(etag);
        Response read = call("GET", fleetPath("rg", "f1"), PREVIEW).send();
        assertThat(read.header("ETag")).isEqualTo(read.json().path("eTag").asString()).isNotEqualTo(etag);
    }

    @Test
    void systemDataComesFromArmsHeaderWhenPresent() {
        Response created = call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"westus\"}")
                .header("x-ms-arm-resource-system-data", "{\"createdBy\":\"alice@contoso.com\",\"createdByType\":\"User\","
                        + "\"createdAt\":\"2026-01-02T03:04:05Z\",\"lastModifiedBy\":\"alice@contoso.com\","
                        + "\"lastModifiedByType\":\"User\",\"lastModifiedAt\":\"2026-01-02T03:04:05Z\"}")
                .send();
        JsonNode systemData = created.json().path("systemData");
        assertThat(systemData.path("createdBy").asString()).isEqualTo("alice@contoso.com");
        assertThat(systemData.path("createdAt").asString()).startsWith("2026-01-02T03:04:05");
    }

    @Test
    void systemDataOtherwiseNamesTheCallerAndKeepsTheCreator() {
        Response created = call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"westus\"}").complete().result();
        JsonNode first = created.json().path("systemData");
        assertThat(first.path("createdBy").asString()).isEqualTo("contract-tests@fleetmesh.local");
        assertThat(first.path("createdByType").asString()).isEqualTo("User");
        Response patched = call("PATCH", fleetPath("rg", "f1"), PREVIEW).body("{\"tags\":{\"a\":\"b\"}}")
                .header("Authorization", "Bearer " + tokens.mint("bob@contoso.com", java.time.Duration.ofMinutes(5))).complete()
                .result();
        JsonNode second = patched.json().path("systemData");
        assertThat(second.path("createdBy").asString()).isEqualTo("contract-tests@fleetmesh.local");
        assertThat(second.path("createdAt").asString()).isEqualTo(first.path("createdAt").asString());
        assertThat(second.path("lastModifiedBy").asString()).isEqualTo("bob@contoso.com");
    }

    @Test
    void listCredentialsExplainsThatAHublessFleetHasNone() {
        createFleet("rg", "f1");
        Response refused = call("POST", fleetPath("rg", "f1") + "/listCredentials", PREVIEW).send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("HubClusterNotSupported");
    }
}
