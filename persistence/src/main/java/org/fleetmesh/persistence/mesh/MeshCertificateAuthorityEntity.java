package org.fleetmesh.persistence.mesh;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

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
}
