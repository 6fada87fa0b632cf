package org.fleetmesh.rp.arm.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagsTest {

    @Test
    void fiftyTagsAreAllowedButNotFiftyOne() {
        Map<String, String> tags = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            tags.put("t" + i, "v");
        }
        assertThat(Tags.check(tags)).isEmpty();
        tags.put("one-more", "v");
        assertThat(Tags.check(tags)).get().extracting(Tags.Violation::target).isEqualTo("tags");
    }

    @Test
    void nameAndValueLengthsAreLimited() {
        assertThat(Tags.check(Map.of("k".repeat(512), "v".repeat(256)))).isEmpty();
        assertThat(Tags.check(Map.of("k".repeat(513), "v"))).isPresent();
        assertThat(Tags.check(Map.of("k", "v".repeat(257)))).get().extracting(Tags.Violation::target).isEqualTo("tags.k");
    }

    @Test
    void forbiddenCharactersInNamesAreRefused() {
        for (String name : new String[] {"a<b", "a>b", "a%b", "a&b", "a\\b", "a?b", "a/b", "a\u0001b"}) {
            assertThat(Tags.check(Map.of(name, "v"))).as(name).isPresent();
        }
    }

    @Test
    void locationsAreComparedWithoutSpacesOrCase() {
        assertThat(Locations.normalize("West US 2")).isEqualTo("westus2");
    }
}
