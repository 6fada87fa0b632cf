package org.fleetmesh.rp.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class MeshWorkersTest {

    private final MeshWorkers workers = new MeshWorkers(new MeshSettings("quay.io/cilium/clustermesh-apiserver", 2,
            Duration.ofMinutes(5), Duration.ofSeconds(20), Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofDays(365),
            0.67, Duration.ofHours(1), Duration.ofMinutes(2), Duration.ofMinutes(5)));

    @AfterEach
    void stop() {
        workers.stop();
        MDC.clear();
    }

    @Test
    void tasksRunOnTheWorkersWithTheCallersLogContextAndTheirResultsComeInOrder() {
        MDC.put("operationId", "op-1");
        List<Callable<String>> tasks = List.of(() -> "a" + MDC.get("operationId"), () -> "b" + MDC.get("operationId"),
                () -> Thread.currentThread().getName());

        List<String> results = workers.all(tasks);

        assertThat(results.subList(0, 2)).containsExactly("aop-1", "bop-1");
        assertThat(results.get(2)).startsWith("mesh-");
    }

    @Test
    void aTasksFailureReachesTheCaller() {
        assertThatThrownBy(() -> workers.all(List.<Callable<String>>of(() -> {
            throw new IllegalArgumentException("member failed");
        }))).isInstanceOf(IllegalArgumentException.class).hasMessage("member failed");
    }
}
