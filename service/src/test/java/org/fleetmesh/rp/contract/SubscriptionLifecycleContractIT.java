package org.fleetmesh.rp.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.fleetmesh.rp.testing.ContractTestSupport;
import org.junit.jupiter.api.Test;

/** ARM RPC §5.2: the latest lifecycle state decides what a subscription may do. */
class SubscriptionLifecycleContractIT extends ContractTestSupport {

    @Test
    void theNotificationIsEchoedAndIdempotent() {
        Response first = lifecycle(subscription, "Registered");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("state").asString()).isEqualTo("Registered");
        assertThat(lifecycle(UUID.randomUUID().toString(), "Unregistered").status()).isEqualTo(200);
    }

    @Test
    void anUnknownStateIsRefused() {
        Response refused = call("PUT", "/subscriptions/" + subscription + "?api-version=2.0").body("{\"state\":\"Paused\"}").send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("InvalidRequestContent");
    }

    @Test
    void aNotificationWithANulCharacterIsRefusedNamingThePropertyAndTheStateIsUnchanged() {
        Response refused = call("PUT", "/subscriptions/" + subscription + "?api-version=2.0")
                .body("{\"state\":\"Suspended\",\"registrationDate\":\"Thu\\u0000\"}").send();

        assertArmError(refused, 400, "InvalidRequestContent", "registrationDate");
        assertThat(createFleet("rg", "f1").path("name").asString()).as("writes still allowed: still Registered").isEqualTo("f1");
    }

    @Test
    void theNotificationNeedsApiVersion2() {
        Response refused = call("PUT", "/subscriptions/" + subscription + "?api-version=" + PREVIEW).body("{\"state\":\"Registered\"}")
                .outsideContract().send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("NoRegisteredProviderFound");
    }

    @Test
    void writesInASubscriptionNeverRegisteredAreRefused() {
        String stranger = UUID.randomUUID().toString();
        Response refused = call("PUT", fleetPath("rg", "f1").replace(subscription, stranger), PREVIEW)
                .body("{\"location\":\"westus\"}").send();
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("MissingSubscriptionRegistration");
    }

    @Test
    void listsInASubscriptionNeverRegisteredAreEmpty() {
        String stranger = UUID.randomUUID().toString();
        Response listed = call("GET", "/subscriptions/" + stranger + "/providers/Microsoft.ContainerService/fleets", PREVIEW).send();
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().path("value")).isEmpty();
    }

    @Test
    void warnedAndSuspendedSubscriptionsMayOnlyReadAndDelete() {
        for (String state : new String[] {"Warned", "Suspended"}) {
            lifecycle(subscription, "Registered");
            createFleet("rg", "keep");
            createFleet("rg", "drop");
            lifecycle(subscription, state);
            assertThat(call("GET", fleetPath("rg", "keep"), PREVIEW).send().status()).as(state).isEqualTo(200);
            Response write = call("PUT", fleetPath("rg", "new"), PREVIEW).body("{\"location\":\"westus\"}").send();
            assertThat(write.status()).as(state).isEqualTo(409);
            assertThat(write.errorCode()).as(state).isEqualTo("ReadOnlyDisabledSubscription");
            assertThat(call("PATCH", fleetPath("rg", "keep"), PREVIEW).body("{\"tags\":{}}").send().status()).as(state).isEqualTo(409);
            Completed deleted = call("DELETE", fleetPath("rg", "drop"), PREVIEW).complete();
            assertThat(deleted.accepted().status()).as(state).isEqualTo(200);
            assertThat(deleted.status()).as(state).isEqualTo("Succeeded");
        }
    }

    @Test
    void anUnregisteredSubscriptionMayOnlyRead() {
        createFleet("rg", "f1");
        lifecycle(subscription, "Unregistered");
        assertThat(call("GET", fleetPath("rg", "f1"), PREVIEW).send().status()).isEqualTo(200);
        assertThat(call("DELETE", fleetPath("rg", "f1"), PREVIEW).send().errorCode()).isEqualTo("MissingSubscriptionRegistration");
    }

    @Test
    void aDeletedSubscriptionLosesEverything() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "m1", null);
        lifecycle(subscription, "Deleted");
        assertThat(call("GET", fleetPath("rg", "f1"), PREVIEW).send().status()).isEqualTo(404);
        assertThat(call("GET", "/subscriptions/" + subscription + "/providers/Microsoft.ContainerService/fleets", PREVIEW)
                .send().json().path("value")).isEmpty();
    }

    @Test
    void theLatestStateWinsWhateverTheOrder() {
        lifecycle(subscription, "Suspended");
        lifecycle(subscription, "Registered");
        assertThat(call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"westus\"}").send().status()).isEqualTo(201);
    }
}
