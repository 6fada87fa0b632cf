package org.fleetmesh.rp.mesh;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.fleetmesh.persistence.mesh.MeshCertificateAuthorityEntity;
import org.fleetmesh.persistence.mesh.MeshCertificateAuthorityRepository;
import org.fleetmesh.persistence.mesh.MeshCertificateRepository;
import org.fleetmesh.persistence.mesh.MeshMemberCertificateEntity;
import org.fleetmesh.rp.mesh.domain.MemberMeshConfig;
import org.fleetmesh.rp.mesh.pki.IssuedCertificate;
import org.fleetmesh.rp.mesh.pki.KeyEncryption;
import org.fleetmesh.rp.mesh.pki.MemberCertificateKind;
import org.fleetmesh.rp.mesh.pki.MeshCertificateAuthority;
import org.springframework.stereotype.Component;

/**
 * The mesh PKI as stored: one CA per profile and four certificates per member, issued once and kept for as long
 * as the member stays, so re-applying an unchanged mesh finds every Secret already as desired. Private keys are
 * encrypted under the key-encryption key, each bound to its row so a ciphertext copied elsewhere does not decrypt.
 */
@Component
class MeshCertificates {

    private final MeshCertificateAuthorityRepository authorities;
    private final MeshCertificateRepository certificates;
    private final KeyEncryption keys;
    private final MeshWorkers workers;
    private final Clock clock;

    MeshCertificates(MeshCertificateAuthorityRepository authorities, MeshCertificateRepository certificates,
            KeyEncryption keys, MeshWorkers workers, Clock clock) {
        this.authorities = authorities;
        this.certificates = certificates;
        this.keys = keys;
        this.workers = workers;
        this.clock = clock;
    }

    /** A member that needs certificates: its row and its Cilium cluster name. */
    record Holder(UUID memberId, String clusterName) {
    }

    /**
     * Issues what is missing, without storing it: the mesh CA if the profile has none, and the certificates of the
     * members that lack any. Runs outside a transaction; {@link Issued#store()} stores the result in one.
     */
    Issued issueMissing(UUID profileId, Collection<Holder> holders) {
        MeshCertificateAuthorityEntity stored = authorities.findById(profileId).orElse(null);
        MeshCertificateAuthority authority = stored == null ? MeshCertificateAuthority.generate(profileId.toString(), clock)
                : MeshCertificateAuthority.load(stored.getCertificate(),
                        keys.decryptText(stored.getEncryptedPrivateKey(), caOwner(profileId)));
        Map<UUID, Set<String>> present = new HashMap<>();
        certificates.findByMembers(holders.stream().map(Holder::memberId).toList())
                .forEach(c -> present.computeIfAbsent(c.getMemberId(), id -> new HashSet<>()).add(c.getKind()));
        // Key generation and signing are CPU-bound: members are issued for in parallel.
        List<Callable<List<MeshMemberCertificateEntity>>> perMember = holders.stream()
                .<Callable<List<MeshMemberCertificateEntity>>>map(holder -> () -> issueMissing(authority, profileId, holder,
                        present.getOrDefault(holder.memberId(), Set.of())))
                .toList();
        List<MeshMemberCertificateEntity> issued = workers.all(perMember).stream().flatMap(List::stream).toList();
        MeshCertificateAuthorityEntity newAuthority = stored != null ? null : new MeshCertificateAuthorityEntity(profileId,
                authority.certificatePem(), keys.encryptText(authority.privateKeyPem(), caOwner(profileId)), clock.instant());
        return new Issued(newAuthority, issued);
    }

    private List<MeshMemberCertificateEntity> issueMissing(MeshCertificateAuthority authority, UUID profileId, Holder holder,
            Set<String> has) {
        List<MeshMemberCertificateEntity> issued = new ArrayList<>();
        for (MemberCertificateKind kind : EnumSet.allOf(MemberCertificateKind.class)) {
            if (!has.contains(kind.name())) {
                IssuedCertificate certificate = authority.issue(kind, holder.clusterName(), clock);
                issued.add(new MeshMemberCertificateEntity(holder.memberId(), kind.name(), profileId,
                        certificate.certificatePem(), keys.encryptText(certificate.privateKeyPem(),
                                memberOwner(holder.memberId(), kind.name()))));
            }
        }
        return issued;
    }

    /** What {@link #issueMissing} issued, to be stored in the transaction that completes the step. */
    final class Issued {
        private final MeshCertificateAuthorityEntity authority;
        private final List<MeshMemberCertificateEntity> memberCertificates;

        private Issued(MeshCertificateAuthorityEntity authority, List<MeshMemberCertificateEntity> memberCertificates) {
            this.authority = authority;
            this.memberCertificates = memberCertificates;
        }

        void store() {
            if (authority != null) {
                authorities.save(authority);
            }
            certificates.saveAll(memberCertificates);
        }

        int count() {
            return memberCertificates.size() + (authority == null ? 0 : 1);
        }
    }

    /** The member's TLS Secrets as it receives them, keys decrypted for this push only. */
    Map<String, MemberMeshConfig.TlsSecret> tlsSecrets(UUID profileId, UUID memberId) {
        String caCertificate = authorities.findById(profileId).orElseThrow(() -> new IllegalStateException(
                "mesh " + profileId + " has no certificate authority")).getCertificate();
        Map<String, MemberMeshConfig.TlsSecret> secrets = new HashMap<>();
        for (MeshMemberCertificateEntity certificate : certificates.findByMembers(List.of(memberId))) {
            MemberCertificateKind kind = MemberCertificateKind.valueOf(certificate.getKind());
            secrets.put(kind.secretName(), new MemberMeshConfig.TlsSecret(caCertificate, certificate.getCertificate(),
                    keys.decryptText(certificate.getEncryptedPrivateKey(), memberOwner(memberId, certificate.getKind()))));
        }
        if (secrets.size() != MemberCertificateKind.values().length) {
            throw new IllegalStateException("member " + memberId + " lacks certificates");
        }
        return secrets;
    }

    /**
     * Per member, the public part of what its TLS Secrets hold (the CA and its certificates): two equal texts mean
     * equal Secrets, since a private key never changes without its certificate. Reads no private key.
     */
    Map<UUID, String> publicMaterial(UUID profileId) {
        String caCertificate = authorities.findById(profileId).map(MeshCertificateAuthorityEntity::getCertificate).orElse("");
        Map<UUID, Map<String, String>> byMember = new HashMap<>();
        certificates.findByProfile(profileId).forEach(c -> byMember.computeIfAbsent(c.getMemberId(), id -> new TreeMap<>())
                .put(c.getKind(), c.getCertificate()));
        Map<UUID, String> material = new HashMap<>();
        byMember.forEach((memberId, pems) -> material.put(memberId, caCertificate + String.join("", pems.values())));
        return material;
    }

    /** The member left its mesh: its certificates go with it; a later join issues new ones. */
    void forget(UUID memberId) {
        certificates.deleteByMember(memberId);
    }

    /** What the CA's encrypted private key is bound to; {@link PrivateKeyReEncryption} binds it to the same. */
    static String caOwner(UUID profileId) {
        return "mesh-ca/" + profileId;
    }

    /** What a member certificate's encrypted private key is bound to. */
    static String memberOwner(UUID memberId, String kind) {
        return "member-cert/" + memberId + "/" + kind;
    }
}
