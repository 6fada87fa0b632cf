package org.fleetmesh.rp.arm.domain;

import java.util.Map;
import java.util.Optional;

/** ARM's limits on resource tags: at most 50, names up to 512 characters, values up to 256. */
public final class Tags {

    public static final int MAX_TAGS = 50;
    public static final int MAX_NAME_LENGTH = 512;
    public static final int MAX_VALUE_LENGTH = 256;

    /** A violation as (target, message), or empty when the tags are acceptable. */
    public static Optional<Violation> check(Map<String, String> tags) {
        if (tags.size() > MAX_TAGS) {
            return Optional.of(new Violation("tags", "A resource can have at most " + MAX_TAGS + " tags; " + tags.size()
                    + " were given. Remove some."));
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String name = tag.getKey();
            String target = "tags." + name;
            if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
                return Optional.of(new Violation(target, "A tag name must be 1 to " + MAX_NAME_LENGTH + " characters long."));
            }
            if (name.chars().anyMatch(c -> "<>%&\\?/".indexOf(c) >= 0 || Character.isISOControl(c))) {
                return Optional.of(new Violation(target, "The tag name '" + name
                        + "' contains a character ARM does not allow in tag names (< > % & \\ ? / or a control character)."));
            }
            if (tag.getValue() == null || tag.getValue().length() > MAX_VALUE_LENGTH) {
                return Optional.of(new Violation(target, "The value of tag '" + name + "' must be a string of at most "
                        + MAX_VALUE_LENGTH + " characters."));
            }
        }
        return Optional.empty();
    }

    public record Violation(String target, String message) {
    }

    private Tags() {
    }
}
