package org.fleetmesh.rp.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.fleetmesh.rp.testing.ContractTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A member whose clustermesh-apiserver Service waits for its internal load-balancer address: the apply looks again
 * later instead of failing (or holding a thread), and fails only a member whose address never comes within the
 * load-balancer wait (10 s in tests), saying what to check; the others connect.
 */
class LoadBalancerWaitIT extends ContractTestSupport {

    private static final String MESH = "{\"mesh\":\"blue\"}";

    @Test
    void aSlowLoadBalancerIsWaitedForAndOneThatNeverProvisionsFailsOnlyItsMember() {
        createFleet("rg", "f1");
        List.of("a", "b", "c").forEach(name -> createMember("rg", "f1", name, MESH));
        createProfile("rg", "f1", "blue", "mesh=blue");
        cluster("b-aks").kubernetes().setLoadBalancerDelay(Duration.ofSeconds(2));
        cluster("c-aks").kubernetes().suppressLoadBalancer(true);

        Completed applied = applyProfile("rg", "f1", "blue");

        assertThat(applied.result().json().at("/properties/status/state").asString()).isEqualTo("Degraded");
        assertThat(memberState("a")).isEqualTo("Connected");
        assertThat(memberState("b")).as("its address came after 2 s").isEqualTo("Connected");
        assertThat(memberState("c")).isEqualTo("Failed");
        JsonNode error = member("c").at("/meshProperties/status/error");
        assertThat(error.path("code").asString()).isEqualTo("MemberClusterNotReady");
        assertThat(error.path("message").asString())
                .contains("got no internal load-balancer address within 10 seconds")
                .contains("Network Contributor");
        assertThat(error.path("target").asString()).isEqualTo("c");
    }
}
