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

    protected MeshCertificateAuthorityEntity() {
    }

    public MeshCertificateAuthorityEntity(UUID profileId, String certificate, byte[] encryptedPrivateKey, Instant createdAt) {
        this.profileId = profileId;
        this.certificate = certificate;
        this.encryptedPrivateKey = encryptedPrivateKey.clone();
        this.createdAt = createdAt;
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
}
