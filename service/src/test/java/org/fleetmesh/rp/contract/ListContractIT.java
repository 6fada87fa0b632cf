package org.fleetmesh.rp.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.fleetmesh.rp.testing.ContractTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** ARM RPC §2.6: paging with $top and opaque $skipToken, and the member list's $filter evaluated in the database. */
class ListContractIT extends ContractTestSupport {

    @Test
    void pagesFollowNextLinkUntilTheLastPageWhichHasNone() {
        for (String name : List.of("f5", "f3", "f1", "f4", "f2")) {
            createFleet("rg", name);
        }
        List<String> seen = new ArrayList<>();
        String next = "/subscriptions/" + subscription + "/providers/Microsoft.ContainerService/fleets?api-version=" + PREVIEW
                + "&$top=2";
        int pages = 0;
        while (next != null) {
            JsonNode page = call("GET", next).send().json();
            page.path("value").forEach(f -> seen.add(f.path("name").asString()));
            pages++;
            if (page.hasNonNull("nextLink")) {
                URI link = URI.create(page.path("nextLink").asString());
                assertThat(link.getQuery()).contains("$top=2").contains("api-version=" + PREVIEW);
                next = link.getRawPath() + "?" + link.getRawQuery();
            } else {
                next = null;
            }
        }
        assertThat(seen).containsExactly("f1", "f2", "f3", "f4", "f5");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void anEmptyListIsAnEmptyValueArray() {
        Response empty = call("GET", resourceGroupPath("nothing-here") + "/fleets", PREVIEW).send();
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.json().path("value").isArray()).isTrue();
        assertThat(empty.json().path("value")).isEmpty();
        assertThat(empty.json().has("nextLink")).isFalse();
    }

    @Test
    void nextLinkIsOnTheRefererHost() {
        createFleet("rg", "f1");
        createFleet("rg", "f2");
        String path = resourceGroupPath("rg") + "/fleets?api-version=" + PREVIEW + "&$top=1";
        Response page = call("GET", path).header("Referer", "https://management.example.com" + path).send();
        assertThat(page.json().path("nextLink").asString()).startsWith("https://management.example.com" + resourceGroupPath("rg"));
    }

    @Test
    void aSkipTokenCannotBeReplayedInAnotherSubscription() {
        createFleet("rg", "f1");
        createFleet("rg", "f2");
        URI next = URI.create(call("GET", "/subscriptions/" + subscription + "/providers/Microsoft.ContainerService/fleets?api-version="
                + PREVIEW + "&$top=1").send().json().path("nextLink").asString());
        String other = java.util.UUID.randomUUID().toString();
        assertThat(lifecycle(other, "Registered").status()).isEqualTo(200);
        Response replayed = call("GET", next.getRawPath().replace(subscription, other) + "?" + next.getRawQuery()).send();
        assertThat(replayed.status()).isEqualTo(400);
        assertThat(replayed.errorCode()).isEqualTo("InvalidSkipToken");
    }

    @Test
    void aTamperedSkipTokenIsRefused() {
        createFleet("rg", "f1");
        createFleet("rg", "f2");
        URI next = URI.create(call("GET", resourceGroupPath("rg") + "/fleets?api-version=" + PREVIEW + "&$top=1").send().json()
                .path("nextLink").asString());
        String tampered = next.getRawQuery().replaceAll("(\\$skipToken=)([A-Za-z0-9_-])", "$1X$2");
        Response refused = call("GET", next.getRawPath() + "?" + tampered).send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("InvalidSkipToken");
    }

    @Test
    void topMustBeAPositiveInteger() {
        Response refused = call("GET", "/subscriptions/" + subscription + "/providers/Microsoft.ContainerService/fleets?api-version="
                + PREVIEW + "&$top=zero").invalidRequest().send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("error").path("target").asString()).isEqualTo("$top");
    }

    @Test
    void membersAreFilteredByGroupLabelsAndCombinations() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "a", "{\"env\":\"prod\",\"region\":\"west\"}");
        createMember("rg", "f1", "b", "{\"env\":\"prod\",\"region\":\"east\"}");
        createMember("rg", "f1", "c", "{\"env\":\"dev\"}");
        createMember("rg", "f1", "d", null);
        call("PATCH", memberPath("rg", "f1", "c"), PREVIEW).body("{\"properties\":{\"group\":\"canary\"}}").send();
        assertThat(names("properties/labels/env eq 'prod'")).containsExactly("a", "b");
        assertThat(names("properties/labels/env ne 'prod'")).containsExactly("c", "d");
        assertThat(names("properties/group eq 'canary'")).containsExactly("c");
        assertThat(names("properties/group eq null")).containsExactly("a", "b", "d");
        assertThat(names("properties/labels/env eq 'prod' and properties/labels/region eq 'east'")).containsExactly("b");
        assertThat(names("(properties/labels/region eq 'west' or properties/group eq 'canary') and properties/labels/env ne 'x'"))
                .containsExactly("a", "c");
        assertThat(names("properties/labels/fleet.azure.com/member-name eq 'd'")).containsExactly("d");
        assertThat(names("properties/meshProperties/status/state eq null")).containsExactly("a", "b", "c", "d");
        assertThat(names("properties/meshProperties/clusterMeshProfileResourceId eq '" + profilePath("rg", "f1", "p1") + "'"))
                .isEmpty();
    }

    @Test
    void filteredListsPageToo() {
        createFleet("rg", "f1");
        for (String name : List.of("m1", "m2", "m3", "x1")) {
            createMember("rg", "f1", name, name.startsWith("m") ? "{\"k\":\"v\"}" : null);
        }
        String filter = URLEncoder.encode("properties/labels/k eq 'v'", StandardCharsets.UTF_8).replace("+", "%20");
        JsonNode first = call("GET", fleetPath("rg", "f1") + "/members?api-version=" + PREVIEW + "&$top=2&$filter=" + filter)
                .send().json();
        assertThat(first.path("value")).hasSize(2);
        URI next = URI.create(first.path("nextLink").asString());
        JsonNode second = call("GET", next.getRawPath() + "?" + next.getRawQuery()).send().json();
        assertThat(second.path("value")).extracting(m -> m.path("name").asString()).containsExactly("m3");
        assertThat(second.has("nextLink")).isFalse();
    }

    @Test
    void anUnsupportedFilterIsRefusedNamingWhatIsSupported() {
        createFleet("rg", "f1");
        Response refused = filter("properties/clusterResourceId eq 'x'", PREVIEW);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("InvalidFilter");
        assertThat(refused.json().path("error").path("message").asString())
                .contains("properties/group", "properties/labels/<key>", "properties/meshProperties/status/state");
        assertThat(filter("properties/group gt 'a'", PREVIEW).errorCode()).isEqualTo("InvalidFilter");
    }

    @Test
    void theProfileFiltersAzureCliSendsListAppliedAndSelectedMembers() {
        createFleet("rg", "f1");
        createMember("rg", "f1", "p1", "{\"env\":\"production\"}");
        createMember("rg", "f1", "p2", "{\"env\":\"production\"}");
        createMember("rg", "f1", "d1", "{\"env\":\"dev\"}");
        createProfile("rg", "f1", "cmp-1", "env=production");
        // Exactly as `az fleet clustermeshprofile list-members` and `--selector` send them: the bare profile name.
        assertThat(names("clusterMeshProfile eq cmp-1")).as("applied: none before apply").isEmpty();
        assertThat(names("clusterMeshProfile.Selector eq cmp-1")).containsExactly("p1", "p2");
        assertThat(applyProfile("rg", "f1", "cmp-1").status()).isEqualTo("Succeeded");
        assertThat(names("clusterMeshProfile eq cmp-1")).containsExactly("p1", "p2");
        assertThat(names("clusterMeshProfile ne cmp-1")).containsExactly("d1");

        // The selector is evaluated now, whatever the mesh holds: relabelled members follow it before any apply.
        call("PATCH", memberPath("rg", "f1", "d1"), PREVIEW).body("{\"properties\":{\"labels\":{\"env\":\"production\"}}}")
                .send();
        assertThat(names("clusterMeshProfile.Selector eq cmp-1")).containsExactly("d1", "p1", "p2");
        assertThat(names("clusterMeshProfile eq cmp-1")).containsExactly("p1", "p2");
        assertThat(names("clusterMeshProfile.Selector eq cmp-1 and clusterMeshProfile eq cmp-1")).containsExactly("p1", "p2");

        // An unknown profile, and a profile whose selector matches nothing, list nobody, as Azure's service does.
        assertThat(names("clusterMeshProfile eq nope")).isEmpty();
        assertThat(names("clusterMeshProfile.Selector eq nope")).isEmpty();
        createProfile("rg", "f1", "empty", "");
        assertThat(names("clusterMeshProfile.Selector eq empty")).isEmpty();
        assertThat(filter("clusterMeshProfile eq cmp-1", STABLE).errorCode()).as("no profiles in a stable api-version")
                .isEqualTo("InvalidFilter");
    }

    @Test
    void meshFieldsCannotBeFilteredInAnApiVersionWithoutThem() {
        createFleet("rg", "f1");
        Response refused = filter("properties/meshProperties/status/state eq 'Connected'", STABLE);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("InvalidFilter");
    }

    @Test
    void aFilterNestedDeeperThanTheLimitIsRefusedNamingTheLimit() {
        createFleet("rg", "f1");
        assertThat(names("(".repeat(8) + "properties/group eq 'g'" + ")".repeat(8))).isEmpty();

        String deep = "(".repeat(20_000) + "properties/group%20eq%20'g'" + ")".repeat(20_000);
        Response refused = call("GET", fleetPath("rg", "f1") + "/members?api-version=" + PREVIEW + "&$filter=" + deep).send();

        assertArmError(refused, 400, "InvalidFilter", "$filter");
        assertThat(refused.json().path("error").path("message").asString()).contains("nest", "32");
    }

    @Test
    void aFilterWithMoreComparisonsThanTheLimitIsRefusedNamingTheLimit() {
        createFleet("rg", "f1");
        assertThat(names(String.join(" or ", java.util.Collections.nCopies(100, "properties/group eq 'g'")))).isEmpty();

        Response refused = filter(String.join(" or ", java.util.Collections.nCopies(1_200, "properties/group eq 'g'")), PREVIEW);

        assertArmError(refused, 400, "InvalidFilter", "$filter");
        assertThat(refused.json().path("error").path("message").asString()).contains("100 comparisons");
    }

    @Test
    void aNulCharacterInAFilterIsRefusedAsAnInvalidFilter() {
        createFleet("rg", "f1");

        Response refused = filter("properties/labels/env eq 'a\u0000b'", PREVIEW);

        assertArmError(refused, 400, "InvalidFilter", "$filter");
        assertThat(refused.json().path("error").path("message").asString()).contains("NUL");
    }

    private List<String> names(String filter) {
        Response listed = filter(filter, PREVIEW);
        assertThat(listed.status()).as(listed.text()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        listed.json().path("value").forEach(m -> names.add(m.path("name").asString()));
        return names;
    }

    private Response filter(String filter, String apiVersion) {
        String encoded = URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
        return call("GET", fleetPath("rg", "f1") + "/members?api-version=" + apiVersion + "&$filter=" + encoded).send();
    }
}
