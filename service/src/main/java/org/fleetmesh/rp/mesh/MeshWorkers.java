package org.fleetmesh.rp.mesh;

import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.slf4j.MDC;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * The threads that work on members at once, shared by every apply and what-if of this replica, so that the
 * configured parallelism bounds the load on the members and on Azure whatever else runs. The pool is this class's
 * own, not a bean: a TaskExecutor bean would replace the one Spring Boot configures for the rest of the application.
 */
@Component
class MeshWorkers {

    private final ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();

    MeshWorkers(MeshSettings settings) {
        pool.setCorePoolSize(settings.parallelism());
        pool.setMaxPoolSize(settings.parallelism());
        pool.setThreadNamePrefix("mesh-");
        pool.setDaemon(true);
        pool.setTaskDecorator(withCallersLogContext());
        pool.initialize();
    }

    /** Stops the workers at once: an apply cut short resumes from its last step on this or another replica. */
    @PreDestroy
    void stop() {
        pool.shutdown();
    }

    /** A task runs with the operation and correlation ids of the thread that submitted it, in its log lines too. */
    private static TaskDecorator withCallersLogContext() {
        return task -> {
            Map<String, String> context = MDC.getCopyOfContextMap();
            return () -> {
                if (context != null) {
                    MDC.setContextMap(context);
                }
                try {
                    task.run();
                } finally {
                    MDC.clear();
                }
            };
        };
    }

    /** Runs every task; their results in order. */
    <T> List<T> all(List<Callable<T>> tasks) {
        List<Future<T>> running = new ArrayList<>();
        for (Callable<T> task : tasks) {
            running.add(pool.submit(task));
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
