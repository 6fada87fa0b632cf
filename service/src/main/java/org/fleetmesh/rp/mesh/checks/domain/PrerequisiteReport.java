package org.fleetmesh.rp.mesh.checks.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the prerequisite checks found for one apply.
 *
 * @param profileResults results about the profile as a whole (the member count its selector yields)
 * @param memberResults every result of every selected member, passed and failed, by member name in name order
 * @param excludedMembers the members that do not take part in the mesh after this apply
 */
public record PrerequisiteReport(List<CheckResult> profileResults, Map<String, List<CheckResult>> memberResults,
        Set<String> excludedMembers) {

    public PrerequisiteReport {
        profileResults = List.copyOf(profileResults);
        Map<String, List<CheckResult>> copy = new LinkedHashMap<>();
        memberResults.forEach((member, results) -> copy.put(member, List.copyOf(results)));
        memberResults = Collections.unmodifiableMap(copy);
        excludedMembers = Collections.unmodifiableSet(new TreeSet<>(excludedMembers));
    }

    /** The failed checks of one member; empty for a member that passed all, or was not selected. */
    public List<CheckResult> failures(String member) {
        return memberResults.getOrDefault(member, List.of()).stream().filter(result -> !result.passed()).toList();
    }

    /** Whether any check on the profile or a member failed. */
    public boolean anyFailed() {
        return profileResults.stream().anyMatch(result -> !result.passed())
                || memberResults.values().stream().flatMap(List::stream).anyMatch(result -> !result.passed());
    }
}
