package org.fleetmesh.rp.arm.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.fleetmesh.rp.arm.domain.Preconditions.Write;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The If-Match / If-None-Match table of the ARM RPC addendum, row by row. */
class PreconditionsTest {

    private static final String CURRENT = "\"abc\"";

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("PUT, no header, missing → allowed", Write.PUT, null, null, null, true),
                Arguments.of("PUT, no header, exists → allowed", Write.PUT, CURRENT, null, null, true),
                Arguments.of("PUT, If-Match *, missing → 412", Write.PUT, null, "*", null, false),
                Arguments.of("PUT, If-Match *, exists → allowed", Write.PUT, CURRENT, "*", null, true),
                Arguments.of("PUT, If-Match matching → allowed", Write.PUT, CURRENT, CURRENT, null, true),
                Arguments.of("PUT, If-Match other → 412", Write.PUT, CURRENT, "\"zzz\"", null, false),
                Arguments.of("PUT, If-Match value, missing → 412", Write.PUT, null, CURRENT, null, false),
                Arguments.of("PUT, If-None-Match *, missing → allowed", Write.PUT, null, null, "*", true),
                Arguments.of("PUT, If-None-Match *, exists → 412", Write.PUT, CURRENT, null, "*", false),
                Arguments.of("PATCH, If-Match other → 412", Write.PATCH, CURRENT, "\"zzz\"", null, false),
                Arguments.of("PATCH, If-Match * → allowed", Write.PATCH, CURRENT, "*", null, true),
                Arguments.of("DELETE, If-Match other, exists → 412", Write.DELETE, CURRENT, "\"zzz\"", null, false),
                Arguments.of("DELETE, If-Match value, missing → allowed (204)", Write.DELETE, null, CURRENT, null, true),
                Arguments.of("If-Match list containing the ETag → allowed", Write.PUT, CURRENT, "\"x\", " + CURRENT, null, true),
                Arguments.of("If-Match unquoted ETag → allowed", Write.PUT, CURRENT, "abc", null, true),
                Arguments.of("If-Match weak ETag → allowed", Write.PATCH, CURRENT, "W/" + CURRENT, null, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void followsTheArmTable(String name, Write write, String current, String ifMatch, String ifNoneMatch, boolean allowed) {
        assertThat(Preconditions.failure(write, current, ifMatch, ifNoneMatch) == null).isEqualTo(allowed);
    }
}
