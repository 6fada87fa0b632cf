package org.fleetmesh.rp.arm.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void nulAndUnpairedSurrogatesCannotBeStored() {
        assertThat(Text.unstorableReason("a\u0000b")).contains("NUL");
        assertThat(Text.unstorableReason("a\ud800b")).contains("surrogate");
        assertThat(Text.unstorableReason("a\udc00")).contains("surrogate");
        assertThat(Text.unstorableReason("\ud83d")).contains("surrogate");
    }

    @Test
    void ordinaryTextIncludingCharactersOutsideTheBasicPlaneCanBeStored() {
        assertThat(Text.unstorableReason("")).isNull();
        assertThat(Text.unstorableReason("plain, tab\tand newline\n")).isNull();
        assertThat(Text.unstorableReason("rocket \ud83d\ude80")).isNull();
    }

    @Test
    void echoedInputIsBoundedAndPrintable() {
        assertThat(Text.echo("westus")).isEqualTo("westus");
        assertThat(Text.echo("a\u0000b\ud800")).isEqualTo("a\\u0000b\\ud800");
        assertThat(Text.echo("w".repeat(100_000))).hasSizeLessThan(Text.MAX_ECHO + 40).endsWith("(100000 characters)");
    }
}
