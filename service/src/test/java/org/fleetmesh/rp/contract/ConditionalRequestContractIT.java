package org.fleetmesh.rp.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.fleetmesh.rp.testing.ContractTestSupport;
import org.junit.jupiter.api.Test;

/** ARM RPC §2.8: If-Match / If-None-Match, row by row of the addendum's table. */
class ConditionalRequestContractIT extends ContractTestSupport {

    private static final String FLEET = "{\"location\":\"westus\"}";

    @Test
    void putIfMatchAnyOnAMissingResourceFails() {
        assertPreconditionFailed(call("PUT", fleetPath("rg", "f1"), PREVIEW).body(FLEET).header("If-Match", "*").send());
    }

    @Test
    void putIfMatchAnyOnAnExistingResourceReplacesIt() {
        createFleet("rg", "f1");
        assertThat(call("PUT", fleetPath("rg", "f1"), PREVIEW).body(FLEET).header("If-Match", "*").send().status()).isEqualTo(200);
    }

    @Test
    void putIfMatchWithTheCurrentETagSucceedsAndWithAnotherFails() {
        String etag = createFleet("rg", "f1").path("eTag").asString();
        assertPreconditionFailed(call("PUT", fleetPath("rg", "f1"), PREVIEW).body(FLEET).header("If-Match", "\"stale\"").send());
        assertThat(call("PUT", fleetPath("rg", "f1"), PREVIEW).body(FLEET).header("If-Match", etag).send().status()).isEqualTo(200);
    }

    @Test
    void putIfMatchWithAValueOnAMissingResourceFails() {
        assertPreconditionFailed(call("PUT", fleetPath("rg", "f1"), PREVIEW).body(FLEET).header("If-Match", "\"abc\"").send());
    }

    @Test
    void putIfNoneMatchAnyCreatesOnlyWhenMissing() {
        assertThat(call("PUT", fleetPath("rg", "f1"), PREVIEW).body(FLEET).header("If-None-Match", "*").send().status()).isEqualTo(201);
        assertPreconditionFailed(call("PUT", fleetPath("rg", "f1"), PREVIEW).body(FLEET).header("If-None-Match", "*").send());
    }

    @Test
    void patchIfMatchWithAnotherETagFails() {
        createFleet("rg", "f1");
        assertPreconditionFailed(call("PATCH", fleetPath("rg", "f1"), PREVIEW).body("{\"tags\":{}}").header("If-Match", "\"stale\"")
                .send());
    }

    @Test
    void deleteIfMatchWithAnotherETagFailsAndTheResourceStays() {
        createFleet("rg", "f1");
        assertPreconditionFailed(call("DELETE", fleetPath("rg", "f1"), PREVIEW).header("If-Match", "\"stale\"").send());
        assertThat(call("GET", fleetPath("rg", "f1"), PREVIEW).send().status()).isEqualTo(200);
    }

    @Test
    void deleteIfMatchOnAMissingResourceIsNoContent() {
        assertThat(call("DELETE", fleetPath("rg", "f1"), PREVIEW).header("If-Match", "\"abc\"").send().status()).isEqualTo(204);
    }

    @Test
    void childResourcesHonourIfMatchToo() {
        createFleet("rg", "f1");
        String etag = createMember("rg", "f1", "m1", null).path("eTag").asString();
        assertPreconditionFailed(call("PATCH", memberPath("rg", "f1", "m1"), PREVIEW).body("{\"properties\":{\"group\":\"g\"}}")
                .header("If-Match", "\"stale\"").send());
        assertThat(call("PATCH", memberPath("rg", "f1", "m1"), PREVIEW).body("{\"properties\":{\"group\":\"g\"}}")
                .header("If-Match", etag).send().status()).isEqualTo(200);
        createProfile("rg", "f1", "p1", "a=b");
        assertPreconditionFailed(call("DELETE", profilePath("rg", "f1", "p1"), PREVIEW).header("If-Match", "\"stale\"").send());
    }

    private static void assertPreconditionFailed(Response response) {
        assertThat(response.status()).isEqualTo(412);
        assertThat(response.errorCode()).isEqualTo("PreconditionFailed");
    }
}
