package org.fleetmesh.rp.subscription;

import java.time.Clock;
import java.util.Locale;
import org.fleetmesh.persistence.fleet.FleetRepository;
import org.fleetmesh.persistence.operation.OperationRepository;
import org.fleetmesh.persistence.subscription.SubscriptionEntity;
import org.fleetmesh.persistence.subscription.SubscriptionRepository;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * ARM's subscription lifecycle notification ({@code PUT /subscriptions/{id}?api-version=2.0}). The body holds
 * personal data, so it is never logged. The latest state always wins; Deleted removes everything at once.
 */
@RestController
class SubscriptionLifecycleController {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionLifecycleController.class);

    private final SubscriptionRepository subscriptions;
    private final FleetRepository fleets;
    private final OperationRepository operations;
    private final Clock clock;

    SubscriptionLifecycleController(SubscriptionRepository subscriptions, FleetRepository fleets, OperationRepository operations,
            Clock clock) {
        this.subscriptions = subscriptions;
        this.fleets = fleets;
        this.operations = operations;
        this.clock = clock;
    }

    @PutMapping(path = "/subscriptions/{subscriptionId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Transactional
    public JsonNode notify(@PathVariable String subscriptionId, @RequestBody JsonNode body) {
        String stateName = body.path("state").asString("");
        SubscriptionState state = SubscriptionState.fromWire(stateName).orElseThrow(() -> new ArmException(
                ErrorCode.INVALID_REQUEST_CONTENT, "The subscription state '" + stateName + "' is not one of Registered, "
                        + "Unregistered, Warned, Suspended or Deleted.", "state"));
        String id = subscriptionId.toLowerCase(Locale.ROOT);
        SubscriptionEntity subscription = subscriptions.findById(id).orElseGet(() -> new SubscriptionEntity(id));
        subscription.record(state.wireName(), body.path("properties").path("tenantId").asString(null),
                body.path("registrationDate").asString(null), clock.instant());
        subscriptions.save(subscription);
        if (state == SubscriptionState.DELETED) {
            int canceled = operations.cancelActiveIn(id, clock.instant());
            int removed = fleets.deleteBySubscription(id);
            log.info("subscription deleted: removed {} fleets with their members and profiles, canceled {} operations",
                    removed, canceled);
        }
        log.info("subscription state is now {}", state.wireName());
        return body;
    }
}
