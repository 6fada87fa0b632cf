package org.fleetmesh.rp.mesh.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CertificateRenewalPointTest {

    private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
    private final CertificateRenewal twoThirds = new CertificateRenewal(Duration.ofDays(365), 0.67);

    @Test
    void aOneYearCertificateIsDueAfterTwoThirdsOfItsLifetimeAboutFourMonthsBeforeItExpires() {
        Instant notAfter = ISSUED.plus(Duration.ofDays(365));
        Instant due = twoThirds.dueAt(ISSUED, notAfter);
        assertThat(Duration.between(due, notAfter).toDays()).isEqualTo(120);
        assertThat(twoThirds.due(ISSUED, notAfter, due.minusSeconds(1))).isFalse();
        assertThat(twoThirds.due(ISSUED, notAfter, due)).isTrue();
        assertThat(twoThirds.due(ISSUED, notAfter, notAfter.plusSeconds(1))).as("an expired one all the more").isTrue();
    }

    @Test
    void aCertificateTheCaCutShortIsDueInProportionToItsOwnLifetime() {
        Instant cutShort = ISSUED.plus(Duration.ofDays(30));
        assertThat(twoThirds.dueAt(ISSUED, cutShort)).isEqualTo(ISSUED.plus(Duration.ofSeconds((long) (30 * 86400 * 0.67))));
    }

    @Test
    void aRenewalPointOutsideTheLifetimeOrNoValidityIsRefused() {
        assertThatThrownBy(() -> new CertificateRenewal(Duration.ofDays(365), 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CertificateRenewal(Duration.ofDays(365), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CertificateRenewal(Duration.ZERO, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
