package org.fleetmesh.rp.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.fleetmesh.rp.testing.ContractTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * ARM RPC §3.1 with a synchronous budget of zero: every fleet and member write is answered asynchronously, as one
 * whose operation outlasts the budget is (201 with a non-terminal provisioningState and Azure-AsyncOperation for PUT,
 * 202 with Location for PATCH and DELETE), each with a Retry-After within ARM's range.
 */
// Its own context, closed after it: the other contract tests keep the default budget.
@DirtiesContext
@TestPropertySource(properties = "fleetmesh.operations.synchronous-budget=0s")
class AsynchronousWriteContractIT extends ContractTestSupport {

    @Test
    void putAnswers201WithANonTerminalStateAndTheStatusMonitor() {
        Completed created = call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"westus\"}").complete();
        assertThat(created.accepted().status()).isEqualTo(201);
        assertThat(created.accepted().json().path("properties").path("provisioningState").asString()).isEqualTo("Creating");
        assertThat(created.accepted().header("Azure-AsyncOperation")).startsWith("http").contains("/operationStatuses/");
        assertThat(Integer.parseInt(created.accepted().header("Retry-After"))).isBetween(10, 600);
        assertThat(created.status()).isEqualTo("Succeeded");
        Completed replaced = call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"westus\"}").complete();
        assertThat(replaced.accepted().status()).isEqualTo(200);
        assertThat(replaced.accepted().json().path("properties").path("provisioningState").asString()).isEqualTo("Updating");
        assertThat(replaced.result().json().path("properties").path("provisioningState").asString()).isEqualTo("Succeeded");
        assertThat(replaced.result().json().path("properties").path("status").path("lastOperationId").asString())
                .isEqualTo(replaced.operation().path("name").asString());
    }

    @Test
    void patchAndDeleteAnswer202WithLocationAzureAsyncOperationAndRetryAfter() {
        createFleet("rg", "f1");
        Response patched = call("PATCH", fleetPath("rg", "f1"), PREVIEW).body("{\"tags\":{\"a\":\"b\"}}").send();
        assertThat(patched.status()).isEqualTo(202);
        assertThat(patched.text()).isEmpty();
        assertThat(patched.header("Location")).startsWith("http").contains("/operationResults/");
        assertThat(patched.header("Azure-AsyncOperation")).startsWith("http").contains("/operationStatuses/");
        assertThat(Integer.parseInt(patched.header("Retry-After"))).isBetween(10, 600);
        Completed deleted = call("DELETE", fleetPath("rg", "f1"), PREVIEW).complete();
        assertThat(deleted.accepted().status()).isEqualTo(202);
        assertThat(deleted.accepted().text()).isEmpty();
        assertThat(deleted.accepted().header("Location")).contains("/operationResults/");
        assertThat(Integer.parseInt(deleted.accepted().header("Retry-After"))).isBetween(10, 600);
        assertThat(deleted.status()).isEqualTo("Succeeded");
        assertThat(deleted.result().status()).isEqualTo(200);
    }

    @Test
    void aMemberPatchAndDeleteAreAcceptedAndFollowedThroughLocation() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "m1", null);
        Completed patched = call("PATCH", memberPath("rg", "f1", "m1"), PREVIEW).body("{\"properties\":{\"group\":\"g\"}}")
                .complete();
        assertThat(patched.accepted().status()).isEqualTo(202);
        assertThat(patched.result().status()).isEqualTo(200);
        assertThat(patched.result().json().path("properties").path("group").asString()).isEqualTo("g");
        Completed deleted = call("DELETE", memberPath("rg", "f1", "m1"), PREVIEW).complete();
        assertThat(deleted.accepted().status()).isEqualTo(202);
        assertThat(deleted.status()).isEqualTo("Succeeded");
    }

    /** Moved from RoutingContractIT: only an asynchronous answer has links. */
    @Test
    void linksAreBuiltOnTheHostTheClientCalledThroughArm() {
        createFleet("rg", "f1");
        String publicUrl = "https://management.example.com" + fleetPath("rg", "f1") + "?api-version=" + PREVIEW;
        Response deleted = call("DELETE", fleetPath("rg", "f1"), PREVIEW).header("Referer", publicUrl).send();
        assertThat(deleted.status()).isEqualTo(202);
        assertThat(deleted.header("Location")).startsWith("https://management.example.com/subscriptions/" + subscription);
        assertThat(deleted.header("Azure-AsyncOperation")).startsWith("https://management.example.com/subscriptions/");
        assertThat(deleted.header("Retry-After")).matches("\\d+");
    }

    @Test
    void withoutArmInFrontLinksUseTheRequestsOwnUrl() {
        createFleet("rg", "f1");
        Response deleted = call("DELETE", fleetPath("rg", "f1"), PREVIEW).send();
        assertThat(deleted.header("Location")).startsWith("http://127.0.0.1:" + port + "/subscriptions/");
    }

}
