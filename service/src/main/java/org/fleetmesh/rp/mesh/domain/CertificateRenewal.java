package org.fleetmesh.rp.mesh.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * When the mesh's member certificates are renewed: once a set share of each one's lifetime has passed, so renewal
 * comes well before expiry whatever validity was chosen, and a certificate the CA's own expiry cut short is renewed
 * early in proportion.
 *
 * @param memberValidity how long a new member certificate is valid (never past its CA)
 * @param renewalPoint   the share of its lifetime after which a certificate is due, strictly between 0 and 1: 0.67
 *                       renews a one-year certificate about four months before it expires
 */
public record CertificateRenewal(Duration memberValidity, double renewalPoint) {

    public CertificateRenewal {
        if (memberValidity.isNegative() || memberValidity.isZero()) {
            throw new IllegalArgumentException("The member certificate validity must be positive");
        }
        if (!(renewalPoint > 0 && renewalPoint < 1)) {
            throw new IllegalArgumentException("The renewal point must be a share of the lifetime between 0 and 1");
        }
    }

    /** The instant at which a certificate valid from {@code notBefore} to {@code notAfter} is due. */
    public Instant dueAt(Instant notBefore, Instant notAfter) {
        long lifetimeSeconds = Duration.between(notBefore, notAfter).toSeconds();
        return notBefore.plusSeconds((long) Math.floor(lifetimeSeconds * renewalPoint));
    }

    public boolean due(Instant notBefore, Instant notAfter, Instant now) {
        return !now.isBefore(dueAt(notBefore, notAfter));
    }
}
