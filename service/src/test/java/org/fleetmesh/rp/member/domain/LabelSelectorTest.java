package org.fleetmesh.rp.member.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {

    @Test
    void pairsAreAnded() {
        LabelSelector selector = LabelSelector.parse("env=prod, region=west");
        assertThat(selector.matches(Map.of("env", "prod", "region", "west", "x", "y"))).isTrue();
        assertThat(selector.matches(Map.of("env", "prod"))).isFalse();
        assertThat(selector.matches(Map.of("env", "prod", "region", "east"))).isFalse();
    }

    @Test
    void anEmptySelectorSelectsNothing() {
        assertThat(LabelSelector.parse("").selectsNothing()).isTrue();
        assertThat(LabelSelector.parse(null).matches(Map.of("env", "prod"))).isFalse();
    }

    @Test
    void onlyEqualityIsSupported() {
        assertThatThrownBy(() -> LabelSelector.parse("env!=prod")).hasMessageContaining("'='");
        assertThatThrownBy(() -> LabelSelector.parse("env")).hasMessageContaining("key=value");
        assertThatThrownBy(() -> LabelSelector.parse("env==prod")).hasMessageContaining("key=value");
        assertThatThrownBy(() -> LabelSelector.parse("env in (a,b)")).isInstanceOf(LabelSelector.InvalidSelectorException.class);
    }

    @Test
    void keysAndValuesFollowLabelSyntaxAndDoNotRepeat() {
        assertThatThrownBy(() -> LabelSelector.parse("bad key=x")).isInstanceOf(LabelSelector.InvalidSelectorException.class);
        assertThatThrownBy(() -> LabelSelector.parse("env=a,env=b")).hasMessageContaining("more than once");
    }
}
