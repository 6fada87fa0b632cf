package org.fleetmesh.persistence.mesh;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** One of a mesh member's clustermesh-apiserver certificates; its private key as the service encrypted it. */
@Entity
@Table(name = "mesh_member_certificates")
@IdClass(MeshMemberCertificateEntity.Key.class)
public class MeshMemberCertificateEntity {

    @Id
    @Column(name = "member_id")
    private UUID memberId;

    @Id
    @Column(name = "kind")
    private String kind;

    @Column(name = "profile_id", nullable = false)
    private UUID profileId;

    @Column(nullable = false)
    private String certificate;

    @Column(name = "private_key", nullable = false)
    private byte[] encryptedPrivateKey;

    @Column(name = "not_before", nullable = false)
    private Instant notBefore;

    @Column(name = "not_after", nullable = false)
    private Instant notAfter;

    protected MeshMemberCertificateEntity() {
    }

    public MeshMemberCertificateEntity(UUID memberId, String kind, UUID profileId, String certificate,
            byte[] encryptedPrivateKey, Instant notBefore, Instant notAfter) {
        this.memberId = memberId;
        this.kind = kind;
        this.profileId = profileId;
        this.certificate = certificate;
        this.encryptedPrivateKey = encryptedPrivateKey.clone();
        this.notBefore = notBefore;
        this.notAfter = notAfter;
    }

    public UUID getMemberId() {
        return memberId;
    }

    public String getKind() {
        return kind;
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

    /** The certificate's own notBefore, as a column: renewal is due at a point between it and notAfter. */
    public Instant getNotBefore() {
        return notBefore;
    }

    public Instant getNotAfter() {
        return notAfter;
    }

    /** The composite primary key (member, kind). */
    public record Key(UUID memberId, String kind) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
