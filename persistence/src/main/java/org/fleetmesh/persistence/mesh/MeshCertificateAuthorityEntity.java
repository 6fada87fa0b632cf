package org.fleetmesh.persistence.mesh;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The certificate authority of one mesh; its private key as the service encrypted it. */
@Entity
@Table(name = "mesh_certificate_authorities")
public class MeshCertificateAuthorityEntity {

    @Id
    @Column(name = "profile_id")
    private UUID profileId;

    @Column(nullable = false)
    private String certificate;

    @Column(name = "private_key", nullable = false)
    private byte[] encryptedPrivateKey;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "not_before", nullable = false)
    private Instant notBefore;

    @Column(name = "not_after", nullable = false)
    private Instant notAfter;

    @Column(name = "next_certificate")
    private @Nullable String nextCertificate;

    @Column(name = "next_private_key")
    private byte @Nullable [] nextEncryptedPrivateKey;

    @Column(name = "next_not_before")
    private @Nullable Instant nextNotBefore;

    @Column(name = "next_not_after")
    private @Nullable Instant nextNotAfter;

    @Column(name = "rollover_phase")
    private @Nullable String rolloverPhase;

    @Column(name = "rollover_phase_held_at")
    private @Nullable Instant rolloverPhaseHeldAt;

    protected MeshCertificateAuthorityEntity() {
    }

    public MeshCertificateAuthorityEntity(UUID profileId, String certificate, byte[] encryptedPrivateKey, Instant createdAt,
            Instant notBefore, Instant notAfter) {
        this.profileId = profileId;
        this.certificate = certificate;
        this.encryptedPrivateKey = encryptedPrivateKey.clone();
        this.createdAt = createdAt;
        this.notBefore = notBefore;
        this.notAfter = notAfter;
    }

    public UUID getProfileId() {
        return profileId;
    }

    public String getCertificate() {
        return certificate;
    }

    public byte[] getEncryptedPrivateKey() {
        return encryptedPrivateKey.clone();
    }

    public Instant getNotBefore() {
        return notBefore;
    }

    public Instant getNotAfter() {
        return notAfter;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    /** The CA that will replace this one, while a rollover runs; null otherwise. */
    public @Nullable String getNextCertificate() {
        return nextCertificate;
    }

    public byte @Nullable [] getNextEncryptedPrivateKey() {
        return nextEncryptedPrivateKey == null ? null : nextEncryptedPrivateKey.clone();
    }

    public @Nullable Instant getNextNotAfter() {
        return nextNotAfter;
    }

    /** How far the rollover has gone ({@code TrustBoth}, {@code NewLeaves}); null when none runs. */
    public @Nullable String getRolloverPhase() {
        return rolloverPhase;
    }

    /** A rollover begins: the next CA is stored beside this one, in the given first phase. */
    public void beginRollover(String certificate, byte[] encryptedPrivateKey, Instant notBefore, Instant notAfter,
            String phase) {
        this.nextCertificate = certificate;
        this.nextEncryptedPrivateKey = encryptedPrivateKey.clone();
        this.nextNotBefore = notBefore;
        this.nextNotAfter = notAfter;
        this.rolloverPhase = phase;
    }

    public void setRolloverPhase(@Nullable String phase) {
        this.rolloverPhase = phase;
        this.rolloverPhaseHeldAt = null;
    }

    /** Since when every member has held the rollover's phase; null until they all do. */
    public @Nullable Instant getRolloverPhaseHeldAt() {
        return rolloverPhaseHeldAt;
    }

    public void setRolloverPhaseHeldAt(@Nullable Instant at) {
        this.rolloverPhaseHeldAt = at;
    }

    /**
     * The rollover ends: the next CA becomes this mesh's CA, with its key encrypted for this row as
     * {@code encryptedPrivateKey}, and the previous one is forgotten.
     */
    public void completeRollover(byte[] encryptedPrivateKey, Instant at) {
        this.certificate = nextCertificate;
        this.encryptedPrivateKey = encryptedPrivateKey.clone();
        this.notBefore = nextNotBefore;
        this.notAfter = nextNotAfter;
        this.createdAt = at;
        this.nextCertificate = null;
        this.nextEncryptedPrivateKey = null;
        this.nextNotBefore = null;
        this.nextNotAfter = null;
        this.rolloverPhase = null;
        this.rolloverPhaseHeldAt = null;
    }
}
