package org.fleetmesh.rp.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

/** Walking rendered manifests and Bicep-derived values parsed as YAML: plain maps and lists, failing on other shapes. */
final class YamlTrees {

    private YamlTrees() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        assertTrue(o instanceof Map, "expected a mapping, got " + o);
        return (Map<String, Object>) o;
    }

    /** The mapping under {@code key}; empty when there is none. */
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? Map.of() : asMap(value);
    }

    /** The list under {@code key}; empty when there is none. */
    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (value == null) {
            return List.of();
        }
        assertTrue(value instanceof List, key + " should be a list: " + value);
        return (List<Object>) value;
    }
}
