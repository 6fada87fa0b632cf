package org.fleetmesh.rp.subscription;

import java.time.Clock;
import java.util.Locale;
import org.fleetmesh.persistence.fleet.FleetRepository;
import org.fleetmesh.persistence.operation.OperationRepository;
import org.fleetmesh.persistence.subscription.SubscriptionEntity;
import org.fleetmesh.persistence.subscription.SubscriptionRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Records ARM's subscription lifecycle notifications. The latest state always wins; Deleted removes everything at once. */
@Service
class SubscriptionLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionLifecycle.class);

    private final SubscriptionRepository subscriptions;
    private final FleetRepository fleets;
    private final OperationRepository operations;
    private final Clock clock;

    SubscriptionLifecycle(SubscriptionRepository subscriptions, FleetRepository fleets, OperationRepository operations,
            Clock clock) {
        this.subscriptions = subscriptions;
        this.fleets = fleets;
        this.operations = operations;
        this.clock = clock;
    }

    /** The details are personal data: they are stored, never logged. */
    @Transactional
    public void record(String subscriptionId, SubscriptionState state, String tenantId, String registrationDate) {
        String id = subscriptionId.toLowerCase(Locale.ROOT);
        SubscriptionEntity subscription = subscriptions.findById(id).orElseGet(() -> new SubscriptionEntity(id));
        subscription.record(state.wireName(), tenantId, registrationDate, clock.instant());
        subscriptions.save(subscription);
        if (state == SubscriptionState.DELETED) {
            int canceled = operations.cancelActiveIn(id, clock.instant());
            int removed = fleets.deleteBySubscription(id);
            log.info("subscription deleted: removed {} fleets with their members and profiles, canceled {} operations",
                    removed, canceled);
        }
        log.info("subscription state is now {}", state.wireName());
    }
}
