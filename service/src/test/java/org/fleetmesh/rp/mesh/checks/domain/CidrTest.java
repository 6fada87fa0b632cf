package org.fleetmesh.rp.mesh.checks.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @Test
    void hostBitsAreDroppedAsAzureReadsThePrefix() {
        assertThat(Cidr.parse("10.0.0.5/16")).isEqualTo(Cidr.parse("10.0.0.0/16"));
        assertThat(Cidr.parse("10.0.0.5/16")).hasToString("10.0.0.0/16");
        assertThat(Cidr.parse("fd00::1/64")).hasToString("fd00::/64");
    }

    @ParameterizedTest
    @CsvSource({
            "0.0.0.0/0, 0.0.0.0/0",
            "192.168.1.1/32, 192.168.1.1/32",
            "FD00:0010:0000:0000::/64, fd00:10::/64",
            "::/0, ::/0",
            "::1/128, ::1/128",
            "2001:db8:0:0:1:0:0:1/128, 2001:db8::1:0:0:1/128",
            "1:2:3:4:5:6:7::/128, 1:2:3:4:5:6:7:0/128",
            "::ffff:10.0.0.1/128, ::ffff:a00:1/128"})
    void printsTheCanonicalForm(String text, String canonical) {
        assertThat(Cidr.parse(text)).hasToString(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0", "10.0.0.256/8", "10.0.0/8", "10.0.0.0.0/8", "10.0.0.0/33", "10.0.0.0/-1",
            "10.0.0.0/", "/8", "a.b.c.d/8", "10.0.0.0/ 8", "fd00::1::/64", "fd00:12345::/64", "1:2:3:4:5:6:7:8:9/64",
            "1:2:3:4:5:6:7/64", "fd00::/129", "fd00::g/64", "::ffff:10.0.0/96", "fe80::1%eth0/64", ""})
    void rejectsWhatIsNotAPrefix(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(Cidr.InvalidCidrException.class).hasMessageContaining(text);
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> Cidr.parse(null)).isInstanceOf(Cidr.InvalidCidrException.class);
    }

    @Test
    void theConstructorInsistsOnAnAlignedNetwork() {
        assertThatThrownBy(() -> new Cidr(Cidr.IpFamily.IPv4, BigInteger.valueOf(0x0A000005L), 16))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Cidr(Cidr.IpFamily.IPv4, BigInteger.ONE.shiftLeft(32), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
            "10.0.0.0/16, 10.0.128.0/17, true",
            "10.0.0.0/16, 10.0.0.0/16, true",
            "10.0.0.0/8, 10.200.3.4/32, true",
            "0.0.0.0/0, 192.168.0.0/16, true",
            "10.0.0.0/16, 10.1.0.0/16, false",
            "10.0.0.0/17, 10.0.128.0/17, false",
            "fd00::/48, fd00:0:0:1::/64, true",
            "fd00::/64, fd00:0:0:1::/64, false",
            "::/0, 2001:db8::/32, true",
            "0.0.0.0/0, ::/0, false",
            "10.0.0.0/8, ::ffff:10.0.0.0/104, false"})
    void overlapIsSymmetricAndNeverCrossesFamilies(String a, String b, boolean overlap) {
        assertThat(Cidr.parse(a).overlaps(Cidr.parse(b))).isEqualTo(overlap);
        assertThat(Cidr.parse(b).overlaps(Cidr.parse(a))).isEqualTo(overlap);
    }

    @Test
    void containmentIsOneWay() {
        assertThat(Cidr.parse("10.0.0.0/16").contains(Cidr.parse("10.0.128.0/17"))).isTrue();
        assertThat(Cidr.parse("10.0.128.0/17").contains(Cidr.parse("10.0.0.0/16"))).isFalse();
        assertThat(Cidr.parse("fd00::/8").contains(Cidr.parse("fd12:3456::/32"))).isTrue();
        assertThat(Cidr.parse("::/0").contains(Cidr.parse("0.0.0.0/0"))).isFalse();
    }
}
