package org.fleetmesh.rp.subscription;

import java.util.Locale;
import java.util.Optional;
import org.fleetmesh.persistence.subscription.SubscriptionRepository;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ErrorCode;
import org.springframework.stereotype.Component;

/** Enforces what a subscription's lifecycle state allows, as ARM would when no ARM sits in front. */
@Component
public class SubscriptionGuard {

    private final SubscriptionRepository subscriptions;

    SubscriptionGuard(SubscriptionRepository subscriptions) {
        this.subscriptions = subscriptions;
    }

    public void requireWritable(String subscriptionId) {
        SubscriptionState state = state(subscriptionId).orElseThrow(() -> notRegistered(subscriptionId));
        if (!state.allowsWrites()) {
            throw refused(subscriptionId, state);
        }
    }

    public void requireDeletable(String subscriptionId) {
        SubscriptionState state = state(subscriptionId).orElseThrow(() -> notRegistered(subscriptionId));
        if (!state.allowsDeletes()) {
            throw refused(subscriptionId, state);
        }
    }

    /**
     * Whether the service keeps the subscription's resources working on its own initiative (renewing their
     * certificates, say): while it is registered, and while it is warned, when ARM keeps resources running read-only.
     */
    public boolean keepsResourcesRunning(String subscriptionId) {
        return state(subscriptionId).filter(s -> s == SubscriptionState.REGISTERED || s == SubscriptionState.WARNED)
                .isPresent();
    }

    private Optional<SubscriptionState> state(String subscriptionId) {
        return subscriptions.findById(subscriptionId.toLowerCase(Locale.ROOT))
                .flatMap(s -> SubscriptionState.fromWire(s.getState()));
    }

    private static ArmException refused(String subscriptionId, SubscriptionState state) {
        if (state == SubscriptionState.WARNED || state == SubscriptionState.SUSPENDED) {
            return new ArmException(ErrorCode.READ_ONLY_DISABLED_SUBSCRIPTION, "The subscription '" + subscriptionId
                    + "' is " + state.wireName().toLowerCase(Locale.ROOT) + " and therefore read-only: only reads and "
                    + "deletes are allowed until it is re-enabled.", "subscriptionId");
        }
        return notRegistered(subscriptionId);
    }

    private static ArmException notRegistered(String subscriptionId) {
        return new ArmException(ErrorCode.MISSING_SUBSCRIPTION_REGISTRATION, "The subscription '" + subscriptionId
                + "' is not registered to use namespace 'Microsoft.ContainerService'. Register it "
                + "(az provider register --namespace Microsoft.ContainerService) and retry.", "subscriptionId");
    }
}
