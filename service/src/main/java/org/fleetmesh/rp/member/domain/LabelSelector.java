package org.fleetmesh.rp.member.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A clusterMeshProfile's {@code memberSelector.byLabel}: comma-separated {@code key=value} pairs, all of which
 * a member's labels must have (the pairs are ANDed, as in a Kubernetes equality-based selector). An empty
 * selector selects no member.
 */
public record LabelSelector(Map<String, String> requirements) {

    public LabelSelector {
        requirements = Map.copyOf(requirements);
    }

    public static LabelSelector parse(String text) {
        Map<String, String> requirements = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return new LabelSelector(requirements);
        }
        for (String pair : text.split(",", -1)) {
            int eq = pair.indexOf('=');
            if (eq < 0 || pair.indexOf('=', eq + 1) >= 0 || pair.contains("!")) {
                throw new InvalidSelectorException("'" + pair.trim() + "' is not a key=value pair. Only the '=' operator is "
                        + "supported, as in 'env=production' or 'env=production,region=west'.");
            }
            String key = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            Optional<String> problem = Labels.keyProblem(key).or(() -> Labels.valueProblem(key, value));
            if (problem.isPresent()) {
                throw new InvalidSelectorException(problem.get());
            }
            if (requirements.putIfAbsent(key, value) != null) {
                throw new InvalidSelectorException("The key '" + key + "' appears more than once in the selector.");
            }
        }
        return new LabelSelector(requirements);
    }

    public boolean selectsNothing() {
        return requirements.isEmpty();
    }

    public boolean matches(Map<String, String> labels) {
        return !requirements.isEmpty()
                && requirements.entrySet().stream().allMatch(r -> r.getValue().equals(labels.get(r.getKey())));
    }

    /** The selector text is not a list of key=value pairs; the message says what is wrong. */
    public static final class InvalidSelectorException extends RuntimeException {
        public InvalidSelectorException(String message) {
            super(message);
        }
    }
}
