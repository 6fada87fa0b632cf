package org.fleetmesh.rp.operation;

import java.time.Clock;
import org.fleetmesh.persistence.operation.OperationRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Forgets operations that ended longer ago than the retention: their monitors then answer 404, as ARM allows
 * once a client had ample time to read the outcome. The resource keeps its last operation's id and error.
 */
@Component
public class OperationRetention {

    private static final Logger log = LoggerFactory.getLogger(OperationRetention.class);

    private final OperationRepository operations;
    private final OperationSettings settings;
    private final Clock clock;

    OperationRetention(OperationRepository operations, OperationSettings settings, Clock clock) {
        this.operations = operations;
        this.settings = settings;
        this.clock = clock;
    }

    @Transactional
    public int purge() {
        int deleted = operations.deleteEndedBefore(clock.instant().minus(settings.retention()));
        if (deleted > 0) {
            log.info("event=retention deleted={} olderThan={}", deleted, settings.retention());
        }
        return deleted;
    }
}
