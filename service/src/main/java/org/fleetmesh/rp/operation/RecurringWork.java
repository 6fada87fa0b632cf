package org.fleetmesh.rp.operation;

import java.time.Duration;

/**
 * Work that one replica does at a fixed delay, whichever replica that is (db-scheduler's recurring tasks): e.g.
 * looking for certificates due for renewal. A replica that dies mid-run leaves it to another.
 */
public interface RecurringWork {

    /** Unique among recurring work; names the task's row in {@code scheduled_tasks}, so keep it stable. */
    String name();

    /** The delay from one run's end to the next run's start. */
    Duration interval();

    void run();
}
