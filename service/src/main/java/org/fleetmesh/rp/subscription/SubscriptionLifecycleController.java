package org.fleetmesh.rp.subscription;

import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ErrorCode;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * ARM's subscription lifecycle notification ({@code PUT /subscriptions/{id}?api-version=2.0}). The body holds
 * personal data, so it is never logged.
 */
@RestController
class SubscriptionLifecycleController {

    private final SubscriptionLifecycle lifecycle;

    SubscriptionLifecycleController(SubscriptionLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @PutMapping(path = "/subscriptions/{subscriptionId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public JsonNode notify(@PathVariable String subscriptionId, @RequestBody JsonNode body) {
        String stateName = body.path("state").asString("");
        SubscriptionState state = SubscriptionState.fromWire(stateName).orElseThrow(() -> new ArmException(
                ErrorCode.INVALID_REQUEST_CONTENT, "The subscription state '" + stateName + "' is not one of Registered, "
                        + "Unregistered, Warned, Suspended or Deleted.", "state"));
        lifecycle.record(subscriptionId, state, body.path("properties").path("tenantId").asString(null),
                body.path("registrationDate").asString(null));
        return body;
    }
}
