package org.fleetmesh.rp.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.fleetmesh.rp.testing.ContractTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 14: a write whose operation ends within the synchronous budget is answered as a completed one, which ARM's
 * clients (SDK pollers, az, deployments) take as done without another request; one that outlasts it is answered
 * asynchronously as before, with a Retry-After computed from the operation.
 */
class WriteCompletionContractIT extends ContractTestSupport {

    @Test
    void aFleetPutThatFinishesAtOnceAnswers201WithTheFinalFleetAndNothingToPoll() {
        long started = System.nanoTime();
        Response created = call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"westus\"}").send();
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("[issue14] fleet PUT answered %d in %d ms%n", created.status(), tookMs);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().at("/properties/provisioningState").asString()).isEqualTo("Succeeded");
        // What a poller would follow: none of it, so the PUT's answer is the final one.
        assertThat(created.header("Azure-AsyncOperation")).isNull();
        assertThat(created.header("Location")).isNull();
        assertThat(created.header("Retry-After")).isNull();
        assertThat(created.header("ETag")).isEqualTo(created.json().path("eTag").asString());
        JsonNode read = call("GET", fleetPath("rg", "f1"), PREVIEW).send().json();
        assertThat(created.json()).isEqualTo(read);
    }

    @Test
    void aMemberPutThatFinishesAtOnceAnswers201Succeeded() {
        createFleet("rg", "f1");
        Response created = call("PUT", memberPath("rg", "f1", "m1"), PREVIEW)
                .body("{\"properties\":{\"clusterResourceId\":\"" + clusterId("fast-aks") + "\"}}").send();
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().at("/properties/provisioningState").asString()).isEqualTo("Succeeded");
        assertThat(created.header("Azure-AsyncOperation")).isNull();
    }

    @Test
    void aWriteWhoseOperationOutlastsTheBudgetIsAnsweredAsynchronouslyWithAComputedRetryAfter() {
        createFleet("rg", "f1");
        String cluster = clusterId("slow-aks");
        // The create reads the cluster (slow, but before the budget starts), then the join reads it again: 1.5 s.
        AZURE.slowDown(".+/managedClusters/slow-aks", Duration.ofMillis(1500));
        long started = System.nanoTime();
        Completed joined = call("PUT", memberPath("rg", "f1", "m1"), PREVIEW)
                .body("{\"properties\":{\"clusterResourceId\":\"" + cluster + "\"}}").complete();
        System.out.printf("[issue14] slow member PUT answered %d in %d ms (then polled)%n", joined.accepted().status(),
                (System.nanoTime() - started) / 1_000_000);
        assertThat(joined.accepted().status()).isEqualTo(201);
        assertThat(joined.accepted().json().at("/properties/provisioningState").asString()).isEqualTo("Joining");
        assertThat(joined.accepted().header("Azure-AsyncOperation")).contains("/operationStatuses/");
        assertThat(Integer.parseInt(joined.accepted().header("Retry-After"))).as("ARM's range").isBetween(10, 600);
        assertThat(joined.status()).isEqualTo("Succeeded");
        assertThat(joined.result().json().at("/properties/provisioningState").asString()).isEqualTo("Succeeded");
    }
}
