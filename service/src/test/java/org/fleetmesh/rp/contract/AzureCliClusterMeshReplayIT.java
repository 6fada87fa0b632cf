package org.fleetmesh.rp.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.fleetmesh.rp.testing.ContractTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Azure's CLI extension for Fleet keeps a recording of its cluster mesh scenario against Azure's own service
 * (api-version 2026-06-02-preview, July 2026). This replays its calls in the recorded order, with the bodies and query
 * strings the CLI sends, simulated clusters standing in for the recorded ones, and expects what Azure answered:
 * fleet create, two ACNS members labelled {@code env=production}, two profiles with the same selector,
 * {@code list-members} (0, then 2), {@code list-members --selector} (2), {@code apply --what-if} (Add/Add), apply,
 * {@code fleet member list --cluster-mesh-profile}, what-if again (-/-) and on the second profile (Error/Error naming
 * the first), selector {@code env=none} and apply (NotConnected), and both profiles deleted.
 */
class AzureCliClusterMeshReplayIT extends ContractTestSupport {

    private static final String FLEET = "fl-000002";
    private static final String FIRST = "cmp-000005";
    private static final String SECOND = "cmp-000006";
    private static final List<String> MEMBERS = List.of("cm1-000003", "cm2-000004");

    @Test
    void theCliClusterMeshScenarioGetsAzuresAnswers() {
        // az fleet create -g -n: the CLI sends identity None and no tags; Azure echoes the one and invents no other.
        Completed fleet = call("PUT", fleetPath("cli", FLEET), PREVIEW)
                .body("{\"location\": \"westus\", \"identity\": {\"type\": \"None\"}}").complete();
        assertThat(fleet.accepted().status()).isEqualTo(201);
        assertThat(fleet.result().json().path("identity").path("type").asString()).isEqualTo("None");
        assertThat(fleet.result().json().has("tags")).isFalse();

        // az fleet member create --member-cluster-id --update-group group1 --member-labels env=production
        for (String member : MEMBERS) {
            Completed created = call("PUT", memberPath("cli", FLEET, member), PREVIEW)
                    .body("{\"properties\": {\"clusterResourceId\": \"" + clusterId(member) + "\", \"group\": \"group1\", "
                            + "\"labels\": {\"env\": \"production\"}}}")
                    .complete();
            assertThat(created.accepted().status()).isEqualTo(201);
            JsonNode labels = created.accepted().json().at("/properties/labels");
            assertThat(labels.path("fleet.azure.com/group").asString()).isEqualTo("group1");
            assertThat(labels.path("fleet.azure.com/location").asString()).isNotBlank();
            assertThat(created.status()).isEqualTo("Succeeded");
        }

        // az fleet clustermeshprofile create --member-selector env=production, twice: answered at once, Succeeded.
        for (String profile : List.of(FIRST, SECOND)) {
            Response created = call("PUT", profilePath("cli", FLEET, profile), PREVIEW)
                    .body("{\"properties\": {\"memberSelector\": {\"byLabel\": \"env=production\"}}}").send();
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.json().at("/properties/provisioningState").asString()).isEqualTo("Succeeded");
            assertThat(created.json().at("/properties/status/state").asString()).isEqualTo("NotConnected");
        }

        assertThat(names(appliedTo(FIRST))).as("list-members").isEmpty();
        assertThat(names(selectedBy(FIRST))).as("list-members --selector").containsExactlyElementsOf(MEMBERS);
        assertThat(whatIf(FIRST)).as("apply --what-if").isEqualTo(Map.of(MEMBERS.get(0), "Add", MEMBERS.get(1), "Add"));

        // az fleet clustermeshprofile apply: 200 with the profile Applying, then `wait` until it has converged.
        Response applying = call("POST", profilePath("cli", FLEET, FIRST) + "/apply", PREVIEW).send();
        assertThat(applying.status()).isEqualTo(200);
        assertThat(applying.json().at("/properties/status/state").asString()).isEqualTo("Applying");
        assertThat(applying.json().at("/properties/status/lastAppliedMemberSelector/byLabel").asString())
                .isEqualTo("env=production");
        assertThat(applying.json().at("/properties/status/lastOperationId").asString()).isNotBlank();
        assertThat(awaitConverged(FIRST)).isEqualTo("Connected");

        // az fleet member list --cluster-mesh-profile sends the same filter as list-members.
        List<JsonNode> applied = appliedTo(FIRST);
        assertThat(names(applied)).containsExactlyElementsOf(MEMBERS);
        for (int i = 0; i < MEMBERS.size(); i++) {
            JsonNode mesh = applied.get(i).at("/properties/meshProperties");
            assertThat(mesh.at("/status/state").asString()).isEqualTo("Connected");
            assertThat(mesh.path("clusterMeshProfileResourceId").asString()).endsWith("/clusterMeshProfiles/" + FIRST);
            // Azure's form of the Cilium cluster name: the member name and the id, nothing between.
            assertThat(mesh.at("/ciliumProperties/name").asString())
                    .isEqualTo(MEMBERS.get(i) + mesh.at("/ciliumProperties/id").asInt());
        }

        assertThat(whatIf(FIRST)).as("what-if after apply").isEqualTo(Map.of(MEMBERS.get(0), "-", MEMBERS.get(1), "-"));
        assertThat(whatIf(SECOND)).as("what-if on the second profile").isEqualTo(Map.of(
                MEMBERS.get(0), "Error: in " + FIRST, MEMBERS.get(1), "Error: in " + FIRST));

        // Selector env=none, apply: the mesh empties.
        Response emptied = call("PUT", profilePath("cli", FLEET, FIRST), PREVIEW)
                .body("{\"properties\": {\"memberSelector\": {\"byLabel\": \"env=none\"}}}").send();
        assertThat(emptied.status()).isEqualTo(200);
        assertThat(call("POST", profilePath("cli", FLEET, FIRST) + "/apply", PREVIEW).send().status()).isEqualTo(200);
        assertThat(awaitConverged(FIRST)).isEqualTo("NotConnected");
        assertThat(names(appliedTo(FIRST))).isEmpty();

        // az fleet clustermeshprofile delete, both: 204 at once.
        for (String profile : List.of(FIRST, SECOND)) {
            assertThat(call("DELETE", profilePath("cli", FLEET, profile), PREVIEW).send().status()).isEqualTo(204);
            assertThat(call("GET", profilePath("cli", FLEET, profile), PREVIEW).send().status()).isEqualTo(404);
        }
    }

    /** {@code list-members -n P} and {@code fleet member list --cluster-mesh-profile P}. */
    private List<JsonNode> appliedTo(String profile) {
        return members("clusterMeshProfile%20eq%20" + profile);
    }

    /** {@code list-members -n P --selector}. */
    private List<JsonNode> selectedBy(String profile) {
        return members("clusterMeshProfile.Selector%20eq%20" + profile);
    }

    private List<JsonNode> members(String filter) {
        Response listed = call("GET", fleetPath("cli", FLEET) + "/members?api-version=" + PREVIEW + "&$filter=" + filter).send();
        assertThat(listed.status()).as(listed.text()).isEqualTo(200);
        List<JsonNode> members = new ArrayList<>();
        listed.json().path("value").forEach(members::add);
        return members;
    }

    /**
     * {@code apply --what-if} as the CLI computes it from the two lists: selected only, Add (or Error naming the
     * profile the member is applied to, read from its meshProperties); in both, "-"; applied only, Remove.
     */
    private Map<String, String> whatIf(String profile) {
        Map<String, String> applied = new LinkedHashMap<>();
        appliedTo(profile).forEach(member -> applied.put(member.path("name").asString(), "applied"));
        Map<String, String> actions = new LinkedHashMap<>();
        for (JsonNode member : selectedBy(profile)) {
            String name = member.path("name").asString();
            String otherProfile = member.at("/properties/meshProperties/clusterMeshProfileResourceId").asString("");
            if (applied.containsKey(name)) {
                actions.put(name, "-");
            } else if (!otherProfile.isEmpty()) {
                actions.put(name, "Error: in " + otherProfile.substring(otherProfile.lastIndexOf('/') + 1));
            } else {
                actions.put(name, "Add");
            }
        }
        applied.keySet().stream().filter(name -> !actions.containsKey(name)).forEach(name -> actions.put(name, "Remove"));
        return actions;
    }

    /** {@code az fleet clustermeshprofile wait}: reads the profile until its state has moved past Applying. */
    private String awaitConverged(String profile) {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> call("GET", profilePath("cli", FLEET, profile), PREVIEW).send().json()
                                .at("/properties/status/state").asString(),
                        state -> Set.of("Connected", "Degraded", "Failed", "NotConnected").contains(state));
    }

    private static List<String> names(List<JsonNode> members) {
        return members.stream().map(member -> member.path("name").asString()).toList();
    }
}
