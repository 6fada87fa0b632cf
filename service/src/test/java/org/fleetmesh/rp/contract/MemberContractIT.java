package org.fleetmesh.rp.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.fleetmesh.rp.testing.ContractTestSupport;
import org.fleetmesh.rp.testing.TestAzure;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Members: a proxy resource nested in a fleet, with labels in newer api-versions and merge-patch updates. */
class MemberContractIT extends ContractTestSupport {

    @Test
    void aMemberNeedsItsFleet() {
        Response refused = call("PUT", memberPath("rg", "nofleet", "m1"), PREVIEW)
                .body("{\"properties\":{\"clusterResourceId\":\"" + clusterId("aks") + "\"}}").send();
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.errorCode()).isEqualTo("ParentResourceNotFound");
        assertThat(call("GET", memberPath("rg", "nofleet", "m1"), PREVIEW).send().errorCode()).isEqualTo("ParentResourceNotFound");
    }

    @Test
    void aMemberIsCreatedWithSystemLabelsBesideTheCallersLabels() {
        createFleet("rg", "f1");
        JsonNode member = createMember("rg", "f1", "m1", "{\"env\":\"prod\"}");
        assertThat(member.path("id").asString()).isEqualTo(memberPath("rg", "f1", "m1"));
        assertThat(member.path("type").asString()).isEqualTo("Microsoft.ContainerService/fleets/members");
        JsonNode labels = member.path("properties").path("labels");
        assertThat(labels.path("env").asString()).isEqualTo("prod");
        assertThat(labels.path("fleet.azure.com/member-name").asString()).isEqualTo("m1");
        assertThat(labels.path("fleet.azure.com/cluster-name").asString()).isEqualTo("m1-aks");
        assertThat(labels.path("fleet.azure.com/subscription-id").asString()).isEqualTo(subscription);
        // Read from Azure when the member joined.
        assertThat(labels.path("fleet.azure.com/location").asString()).isEqualTo("eastus");
    }

    @Test
    void joiningAClusterThatDoesNotExistFailsSayingSo() {
        createFleet("rg", "f1");
        String missing = "/subscriptions/" + subscription + "/resourceGroups/clusters/providers/Microsoft.ContainerService/"
                + "managedClusters/never-created";
        Completed joined = call("PUT", memberPath("rg", "f1", "m1"), PREVIEW)
                .body("{\"properties\":{\"clusterResourceId\":\"" + missing + "\"}}").complete();
        // Failed within the budget, yet answered asynchronously: the client's poller reads the error from the monitor.
        assertThat(joined.accepted().status()).isEqualTo(201);
        assertThat(joined.accepted().json().at("/properties/provisioningState").asString()).isEqualTo("Joining");
        assertThat(joined.accepted().header("Azure-AsyncOperation")).contains("/operationStatuses/");
        assertThat(joined.status()).isEqualTo("Failed");
        assertThat(joined.operation().at("/error/code").asString()).isEqualTo("ClusterNotFound");
        assertThat(joined.operation().at("/error/message").asString()).contains(missing);
        JsonNode member = joined.result().json().path("properties");
        assertThat(member.path("provisioningState").asString()).isEqualTo("Failed");
        assertThat(member.at("/status/lastOperationError/code").asString()).isEqualTo("ClusterNotFound");
    }

    @Test
    void azureThrottlingAndServerErrorsWhileReadingTheClusterAreRetriedAfterTheDelayAzureAsksFor() {
        createFleet("rg", "f1");
        String id = clusterId("busy-aks");
        AZURE.resetRequests();
        AZURE.throttleNext(1, Duration.ofSeconds(1));
        AZURE.failNext(1, 503);
        Completed joined = call("PUT", memberPath("rg", "f1", "m1"), PREVIEW)
                .body("{\"properties\":{\"clusterResourceId\":\"" + id + "\"}}").complete();
        assertThat(joined.status()).isEqualTo("Succeeded");
        // The create reads the cluster for its location label (throttled, failed, answered), the join once more.
        assertThat(joined.accepted().json().at("/properties/labels").has("fleet.azure.com/location")).isTrue();
        assertThat(AZURE.requestCount("GET", ".*/managedClusters/busy-aks")).isEqualTo(4);
    }

    @Test
    void aCreateAnswersWithEverySystemLabelAzureSets() {
        createFleet("rg", "f1");
        Response created = call("PUT", memberPath("rg", "f1", "m1"), PREVIEW)
                .body("{\"properties\":{\"clusterResourceId\":\"" + clusterId("lbl-aks") + "\",\"group\":\"group1\","
                        + "\"labels\":{\"env\":\"production\"}}}").send();
        assertThat(created.status()).isEqualTo(201);
        // The join read the cluster within the synchronous budget: the member answers as joined.
        assertThat(created.json().at("/properties/provisioningState").asString()).isEqualTo("Succeeded");
        JsonNode labels = created.json().at("/properties/labels");
        assertThat(labels.path("env").asString()).isEqualTo("production");
        assertThat(labels.path("fleet.azure.com/group").asString()).isEqualTo("group1");
        assertThat(labels.path("fleet.azure.com/member-name").asString()).isEqualTo("m1");
        assertThat(labels.path("fleet.azure.com/cluster-name").asString()).isEqualTo("lbl-aks");
        assertThat(labels.path("fleet.azure.com/resource-group").asString()).isNotBlank();
        assertThat(labels.path("fleet.azure.com/subscription-id").asString()).isNotBlank();
        assertThat(labels.path("fleet.azure.com/location").asString()).isEqualTo(cluster("lbl-aks").spec().location());

        Response regrouped = call("PATCH", memberPath("rg", "f1", "m1"), PREVIEW)
                .body("{\"properties\":{\"group\":\"group2\"}}").send();
        assertThat(regrouped.status()).isLessThan(300);
        assertThat(call("GET", memberPath("rg", "f1", "m1"), PREVIEW).send().json()
                .at("/properties/labels/fleet.azure.com~1group").asString()).isEqualTo("group2");
    }

    @Test
    void joiningAClusterTheServiceMayNotReadNamesItsIdentityAndTheMissingPermission() {
        createFleet("rg", "f1");
        String forbidden = clusterId("locked-aks");
        AZURE.forbid(forbidden);
        Completed joined = call("PUT", memberPath("rg", "f1", "m1"), PREVIEW)
                .body("{\"properties\":{\"clusterResourceId\":\"" + forbidden + "\"}}").complete();
        assertThat(joined.status()).isEqualTo("Failed");
        JsonNode error = joined.operation().path("error");
        assertThat(error.path("code").asString()).isEqualTo("AuthorizationFailed");
        assertThat(error.path("message").asString()).contains(TestAzure.CLIENT_ID)
                .contains("Microsoft.ContainerService/managedClusters/read").contains("az role assignment create");
    }

    @Test
    void clusterResourceIdIsRequiredAndMustNameAnAksCluster() {
        createFleet("rg", "f1");
        Response missing = call("PUT", memberPath("rg", "f1", "m1"), PREVIEW).body("{\"properties\":{}}").invalidRequest().send();
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("error").path("target").asString()).isEqualTo("properties.clusterResourceId");
        Response notAks = call("PUT", memberPath("rg", "f1", "m1"), PREVIEW)
                .body("{\"properties\":{\"clusterResourceId\":\"/subscriptions/" + subscription
                        + "/resourceGroups/x/providers/Microsoft.Compute/virtualMachines/vm\"}}").send();
        assertThat(notAks.errorCode()).isEqualTo("InvalidClusterResourceId");
    }

    @Test
    void clusterResourceIdCannotChange() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "m1", null);
        Response refused = call("PUT", memberPath("rg", "f1", "m1"), PREVIEW)
                .body("{\"properties\":{\"clusterResourceId\":\"" + clusterId("other") + "\"}}").send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("PropertyChangeNotAllowed");
    }

    @Test
    void aClusterCanBeAMemberOfOneFleetOnly() {
        createFleet("rg", "f1");
        createFleet("rg", "f2");
        createMember("rg", "f1", "m1", null);
        Response refused = call("PUT", memberPath("rg", "f2", "m2"), PREVIEW)
                .body("{\"properties\":{\"clusterResourceId\":\"" + clusterId("m1-aks").toUpperCase() + "\"}}").send();
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("ClusterAlreadyMember");
        assertThat(refused.json().path("error").path("message").asString()).contains("'m1'").contains("/fleets/f1");
    }

    @Test
    void labelsFollowKubernetesSyntaxAndSystemLabelsAreReserved() {
        createFleet("rg", "f1");
        Response badKey = call("PUT", memberPath("rg", "f1", "m1"), PREVIEW).body("{\"properties\":{\"clusterResourceId\":\""
                + clusterId("aks") + "\",\"labels\":{\"bad key\":\"x\"}}}").send();
        assertThat(badKey.errorCode()).isEqualTo("InvalidLabel");
        assertThat(badKey.json().path("error").path("target").asString()).isEqualTo("properties.labels.bad key");
        Response reserved = call("PUT", memberPath("rg", "f1", "m1"), PREVIEW).body("{\"properties\":{\"clusterResourceId\":\""
                + clusterId("aks") + "\",\"labels\":{\"fleet.azure.com/member-name\":\"spoofed\"}}}").send();
        assertThat(reserved.errorCode()).isEqualTo("ReservedLabel");
    }

    @Test
    void aMemberReadWithGetIsAcceptedBackByPutSystemLabelsIncluded() {
        createFleet("rg", "f1");
        JsonNode member = createMember("rg", "f1", "m1", "{\"env\":\"prod\"}");
        Response replaced = call("PUT", memberPath("rg", "f1", "m1"), PREVIEW).body(member.toString()).invalidRequest().send();
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().path("properties").path("labels").path("env").asString()).isEqualTo("prod");
    }

    @Test
    void patchMergesLabelsKeyByKeyAndNullRemovesOne() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "m1", "{\"env\":\"prod\",\"team\":\"red\"}");
        Completed update = call("PATCH", memberPath("rg", "f1", "m1"), PREVIEW)
                .body("{\"properties\":{\"labels\":{\"team\":null,\"tier\":\"gold\"},\"group\":\"blue\"}}").complete();
        assertThat(update.accepted().status()).isEqualTo(200);
        Response patched = update.result();
        assertThat(patched.status()).isEqualTo(200);
        JsonNode labels = patched.json().path("properties").path("labels");
        assertThat(labels.path("env").asString()).isEqualTo("prod");
        assertThat(labels.has("team")).isFalse();
        assertThat(labels.path("tier").asString()).isEqualTo("gold");
        assertThat(labels.path("fleet.azure.com/member-name").asString()).isEqualTo("m1");
        assertThat(patched.json().path("properties").path("group").asString()).isEqualTo("blue");
        Response ungrouped = call("PATCH", memberPath("rg", "f1", "m1"), PREVIEW).body("{\"properties\":{\"group\":null}}")
                .complete().result();
        assertThat(ungrouped.json().path("properties").has("group")).isFalse();
        assertThat(ungrouped.json().path("properties").path("labels").path("tier").asString()).isEqualTo("gold");
    }

    @Test
    void theGroupFollowsItsPattern() {
        createFleet("rg", "f1");
        Response refused = call("PUT", memberPath("rg", "f1", "m1"), PREVIEW).body("{\"properties\":{\"clusterResourceId\":\""
                + clusterId("aks") + "\",\"group\":\"Not_Valid\"}}").invalidRequest().send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("error").path("target").asString()).isEqualTo("properties.group");
    }

    @Test
    void deleteAnswers200ThenNoContent() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "m1", null);
        Completed deleted = call("DELETE", memberPath("rg", "f1", "m1"), PREVIEW).complete();
        assertThat(deleted.accepted().status()).isEqualTo(200);
        assertThat(deleted.synchronous()).isTrue();
        assertThat(deleted.status()).isEqualTo("Succeeded");
        assertThat(call("DELETE", memberPath("rg", "f1", "m1"), PREVIEW).send().status()).isEqualTo(204);
        assertThat(call("GET", memberPath("rg", "f1", "m1"), PREVIEW).send().errorCode()).isEqualTo("ResourceNotFound");
    }

    @Test
    void api2025HasNoLabelsInRequestsOrResponses() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "m1", "{\"env\":\"prod\"}");
        Response old = call("GET", memberPath("rg", "f1", "m1"), OLD_STABLE).send();
        assertThat(old.status()).isEqualTo(200);
        assertThat(old.json().path("properties").has("labels")).isFalse();
        Response refused = call("PUT", memberPath("rg", "f1", "m2"), OLD_STABLE).body("{\"properties\":{\"clusterResourceId\":\""
                + clusterId("aks2") + "\",\"labels\":{\"env\":\"prod\"}}}").invalidRequest().send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("error").path("target").asString()).isEqualTo("properties.labels");
    }

    @Test
    void aPutWithAnOlderApiVersionKeepsTheLabelsItCannotSee() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "m1", "{\"env\":\"prod\"}");
        Completed replaced = call("PUT", memberPath("rg", "f1", "m1"), OLD_STABLE)
                .body("{\"properties\":{\"clusterResourceId\":\"" + clusterId("m1-aks") + "\",\"group\":\"g1\"}}").complete();
        assertThat(replaced.accepted().status()).isEqualTo(200);
        assertThat(replaced.result().json().path("properties").has("labels")).isFalse();
        JsonNode current = call("GET", memberPath("rg", "f1", "m1"), PREVIEW).send().json();
        assertThat(current.path("properties").path("labels").path("env").asString()).isEqualTo("prod");
        assertThat(current.path("properties").path("group").asString()).isEqualTo("g1");
    }

    @Test
    void stableApi2026HasLabels() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "m1", "{\"env\":\"prod\"}");
        assertThat(call("GET", memberPath("rg", "f1", "m1"), STABLE).send().json().path("properties").path("labels")
                .path("env").asString()).isEqualTo("prod");
    }
}
