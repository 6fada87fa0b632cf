package org.fleetmesh.rp.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.fleetmesh.rp.operation.OperationRetention;
import org.fleetmesh.rp.operation.OperationScheduler;
import org.fleetmesh.rp.testing.ContractTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * ARM RPC §3: every write is a long-running operation with the headers its API operation declares (answered as a
 * completed write when it ends within the synchronous budget), and the two monitors answer as clients expect. Operations caught mid-flight are arranged directly in the database,
 * because real ones on hubless fleets finish in milliseconds.
 */
class OperationContractIT extends ContractTestSupport {

    @Autowired
    JdbcTemplate database;

    @Autowired
    OperationScheduler scheduler;

    @Autowired
    OperationRetention retention;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aMemberWhoseJoinOutlastsTheBudgetJoinsThroughJoiningToSucceeded() {
        createFleet("rg", "f1");
        String cluster = clusterId("aks");
        // Azure answers slowly: the create's read of the cluster and the join's each take longer than the budget.
        AZURE.slowDown(".+/managedClusters/aks", Duration.ofMillis(1500));
        Completed joined = call("PUT", memberPath("rg", "f1", "m1"), PREVIEW)
                .body("{\"properties\":{\"clusterResourceId\":\"" + cluster + "\"}}").complete();
        assertThat(joined.accepted().status()).isEqualTo(201);
        assertThat(joined.accepted().json().path("properties").path("provisioningState").asString()).isEqualTo("Joining");
        assertThat(joined.accepted().header("Azure-AsyncOperation")).contains("/operationStatuses/");
        assertThat(Integer.parseInt(joined.accepted().header("Retry-After"))).isBetween(10, 600);
        assertThat(joined.status()).isEqualTo("Succeeded");
        JsonNode member = joined.result().json();
        assertThat(member.path("properties").path("provisioningState").asString()).isEqualTo("Succeeded");
        assertThat(member.path("properties").path("status").path("lastOperationId").asString())
                .isEqualTo(joined.operation().path("name").asString());
    }

    @Test
    void aWriteWhileAnOperationRunsIsRefusedNamingIt() {
        createFleet("rg", "f1");
        UUID running = arrangeRunningOperation(fleetPath("rg", "f1"));
        Response refused = call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"westus\"}").send();
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("AnotherOperationInProgress");
        assertThat(refused.json().path("error").path("message").asString()).contains(running.toString());
        Response childRefused = call("PUT", memberPath("rg", "f1", "m1"), PREVIEW)
                .body("{\"properties\":{\"clusterResourceId\":\"" + clusterId("aks") + "\"}}").send();
        assertThat(childRefused.errorCode()).isEqualTo("AnotherOperationInProgress");
        assertThat(call("DELETE", fleetPath("rg", "f1"), PREVIEW).send().errorCode()).isEqualTo("AnotherOperationInProgress");
    }

    @Test
    void whileRunningTheStatusSaysSoAndLocationAnswers202() {
        createFleet("rg", "f1");
        UUID running = arrangeRunningOperation(fleetPath("rg", "f1"));
        JsonNode status = call("GET", statusPath(running), PREVIEW).send().json();
        assertThat(status.path("status").asString()).as("Azure's word for a running operation").isEqualTo("InProgress");
        assertThat(status.has("endTime")).isFalse();
        Response location = call("GET", resultPath(running), PREVIEW).send();
        assertThat(location.status()).isEqualTo(202);
        assertThat(location.text()).isEmpty();
        assertThat(location.header("Location")).contains("/operationResults/" + running);
        assertThat(location.header("Retry-After")).matches("\\d+");
    }

    @Test
    void anOperationNoReplicaCanRunFailsAtItsDeadlineWithItsErrorOnBothMonitors() {
        createFleet("rg", "f1");
        UUID stranded = arrangeOperation(fleetPath("rg", "f1"), "Accepted", "Fleets_FromANewerRelease",
                Instant.now().minusSeconds(1));
        transactions.executeWithoutResult(status -> scheduler.submit(stranded));
        JsonNode status = Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> call("GET", statusPath(stranded), PREVIEW).send().json(),
                        op -> op.path("status").asString().equals("Failed"));
        assertThat(status.path("error").path("code").asString()).isEqualTo("OperationTimedOut");
        assertThat(status.path("error").path("message").asString()).contains("Fleets_FromANewerRelease");
        Response location = call("GET", resultPath(stranded), PREVIEW).send();
        assertThat(location.status()).isEqualTo(504);
        assertThat(location.errorCode()).isEqualTo("OperationTimedOut");
        assertThat(call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"westus\"}").send().status())
                .as("the failed operation no longer holds the fleet").isEqualTo(200);
    }

    @Test
    void aFinishedPatchLocationAnswersWithTheResourceInTheCallersApiVersion() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "m1", "{\"env\":\"prod\"}");
        Completed patched = call("PATCH", memberPath("rg", "f1", "m1"), OLD_STABLE).body("{\"properties\":{\"group\":\"g\"}}")
                .complete();
        assertThat(patched.result().status()).isEqualTo(200);
        assertThat(patched.result().json().path("properties").path("group").asString()).isEqualTo("g");
        assertThat(patched.result().json().path("properties").has("labels")).isFalse();
    }

    @Test
    void endedOperationsAreForgottenAfterTheRetentionButNotBefore() {
        createFleet("rg", "f1");
        UUID old = arrangeEndedOperation(fleetPath("rg", "f1"), Instant.now().minus(Duration.ofDays(15)));
        UUID recent = arrangeEndedOperation(fleetPath("rg", "f1"), Instant.now().minus(Duration.ofDays(13)));
        assertThat(retention.purge()).isGreaterThanOrEqualTo(1);
        assertThat(call("GET", statusPath(old), PREVIEW).send().status()).isEqualTo(404);
        assertThat(call("GET", statusPath(recent), PREVIEW).send().json().path("status").asString()).isEqualTo("Succeeded");
    }

    @Test
    void operationsAreCountedAndTimedOnThePrometheusEndpoint() {
        createFleet("rg", "f1");
        String metrics = call("GET", "/actuator/prometheus").onManagementPort().withoutToken().send().text();
        assertThat(metrics).contains("fleetmesh_operations_accepted_total{", "type=\"Fleets_CreateOrUpdate\"")
                .contains("fleetmesh_operations_ended_total{", "outcome=\"Succeeded\"")
                .contains("fleetmesh_operations_duration_seconds_count{")
                .contains("fleetmesh_operations_pending ")
                .contains("fleetmesh_operations_oldest_pending_age_seconds ");
    }

    private UUID arrangeEndedOperation(String resourceId, Instant ended) {
        UUID id = arrangeOperation(resourceId, "Succeeded", "Fleets_Update", ended);
        database.update("update operations set end_time = ?, percent_complete = 100, result_status = 200 where id = ?",
                Timestamp.from(ended), id);
        return id;
    }

    /** An operation in flight that no runner will pick up: it has no db-scheduler execution. */
    private UUID arrangeRunningOperation(String resourceId) {
        return arrangeOperation(resourceId, "Running", "Fleets_Update", Instant.now().plusSeconds(600));
    }

    private UUID arrangeOperation(String resourceId, String status, String kind, Instant deadline) {
        UUID id = UUID.randomUUID();
        database.update("""
                insert into operations (id, subscription_id, location, resource_id, kind, status, start_time, deadline)
                values (?, ?, 'westus', ?, ?, ?, ?, ?)""",
                id, subscription, resourceId, kind, status, Timestamp.from(Instant.now()), Timestamp.from(deadline));
        return id;
    }

    private String statusPath(UUID operation) {
        return "/subscriptions/" + subscription + "/providers/Microsoft.ContainerService/locations/westus/operationStatuses/" + operation;
    }

    private String resultPath(UUID operation) {
        return "/subscriptions/" + subscription + "/providers/Microsoft.ContainerService/locations/westus/operationResults/" + operation;
    }
}
