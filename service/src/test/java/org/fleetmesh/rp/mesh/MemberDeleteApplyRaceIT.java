package org.fleetmesh.rp.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.fleetmesh.rp.testing.ContractTestSupport;
import org.junit.jupiter.api.Test;

/**
 * A member's DELETE and an apply of a profile that selects it, sent at the same moment, as an attacker found: the
 * delete was accepted and 5 ms later the apply put the member in the mesh, leaving an apiserver, certificates and
 * peer entries on a cluster with no row to clean them up. Whichever is accepted first, the other is refused while it
 * runs, so a member that leaves the fleet never has anything of a mesh pushed to its cluster.
 */
class MemberDeleteApplyRaceIT extends ContractTestSupport {

    private static final int ROUNDS = 12;

    @Test
    void aDeleteAndAnApplyOfAProfileSelectingTheMemberNeverBothTakeEffect() throws Exception {
        createFleet("rg", "f1");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        int deletesWon = 0;
        int appliesWon = 0;
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String member = "race" + round;
                String profile = "p" + round;
                createMember("rg", "f1", member, "{\"race\":\"r" + round + "\"}");
                createProfile("rg", "f1", profile, "race=r" + round);
                cluster(member + "-aks").kubernetes().resetCounts();

                CyclicBarrier together = new CyclicBarrier(2);
                CompletableFuture<Response> deletion = CompletableFuture.supplyAsync(() -> {
                    await(together);
                    return call("DELETE", memberPath("rg", "f1", member), PREVIEW).send();
                }, pool);
                CompletableFuture<Response> apply = CompletableFuture.supplyAsync(() -> {
                    await(together);
                    return call("POST", profilePath("rg", "f1", profile) + "/apply", PREVIEW).send();
                }, pool);
                Response deleted = deletion.get();
                Response applied = apply.get();
                String profileState = awaitProfileSettled(profile);

                // Accepted: answered 200 when the deletion ended within the synchronous budget, 202 when it ran longer.
                if (deleted.status() == 200 || deleted.status() == 202) {
                    deletesWon++;
                    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(
                            () -> call("GET", memberPath("rg", "f1", member), PREVIEW).send().status() == 404);
                    assertThat(cluster(member + "-aks").kubernetes().writeCount())
                            .as("round %d: the member left, so nothing of a mesh reached its cluster (apply answered %d %s)",
                                    round, applied.status(), applied.text())
                            .isZero();
                    assertThat(profileState).as("round %d", round).isEqualTo("NotConnected");
                } else {
                    appliesWon++;
                    assertThat(applied.status()).as("round %d: the delete was refused, %s", round, deleted.text()).isEqualTo(200);
                    assertThat(deleted.errorCode()).as("round %d", round).isIn("AnotherOperationInProgress", "MemberInClusterMesh");
                    assertThat(profileState).as("round %d", round).isEqualTo("Connected");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(deletesWon + appliesWon).isEqualTo(ROUNDS);
    }

    private String awaitProfileSettled(String profile) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> call("GET", profilePath("rg", "f1", profile), PREVIEW).send().json()
                        .at("/properties/status/state").asString(), state -> !state.equals("Applying"));
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
