package org.fleetmesh.rp.mesh;

import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * The threads that work on members at once, shared by every apply and what-if of this replica, so that the
 * configured parallelism bounds the load on the members and on Azure whatever else runs.
 */
@Component
class MeshWorkers {

    private final ExecutorService pool;

    MeshWorkers(MeshSettings settings) {
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(settings.parallelism(), task -> {
            Thread thread = new Thread(task, "mesh-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    /** Runs every task, each with the caller's log context; their results in order. */
    <T> List<T> all(List<Callable<T>> tasks) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        List<Future<T>> running = new ArrayList<>();
        for (Callable<T> task : tasks) {
            running.add(pool.submit(() -> {
                if (context != null) {
                    MDC.setContextMap(context);
                }
                try {
                    return task.call();
                } finally {
                    MDC.clear();
                }
            }));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> task : running) {
            try {
                results.add(task.get());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while members were being worked on", interrupted);
            } catch (ExecutionException failed) {
                if (failed.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(failed.getCause());
            }
        }
        return results;
    }
}
