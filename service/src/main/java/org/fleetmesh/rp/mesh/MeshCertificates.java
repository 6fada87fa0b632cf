package org.fleetmesh.rp.mesh;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.fleetmesh.persistence.mesh.MeshCertificateAuthorityEntity;
import org.fleetmesh.persistence.mesh.MeshCertificateAuthorityRepository;
import org.fleetmesh.persistence.mesh.MeshCertificateRepository;
import org.fleetmesh.persistence.mesh.MeshMemberCertificateEntity;
import org.fleetmesh.rp.mesh.domain.CertificateRenewal;
import org.fleetmesh.rp.mesh.domain.MemberMeshConfig;
import org.fleetmesh.rp.mesh.pki.IssuedCertificate;
import org.fleetmesh.rp.mesh.pki.KeyEncryption;
import org.fleetmesh.rp.mesh.pki.MemberCertificateKind;
import org.fleetmesh.rp.mesh.pki.MeshCertificateAuthority;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The mesh PKI as stored: one CA per profile and four certificates per member, issued when the member joins and
 * renewed once past their renewal point ({@link CertificateRenewal}), so re-applying an unchanged mesh finds every
 * Secret already as desired, and a renewal changes only the Secrets of the members it renewed. Private keys are
 * encrypted under the key-encryption key, each bound to its row so a ciphertext copied elsewhere does not decrypt.
 */
@Component
class MeshCertificates {

    private static final Logger log = LoggerFactory.getLogger(MeshCertificates.class);

    private final MeshCertificateAuthorityRepository authorities;
    private final MeshCertificateRepository certificates;
    private final KeyEncryption keys;
    private final MeshWorkers workers;
    private final MeshSettings settings;
    private final Clock clock;

    MeshCertificates(MeshCertificateAuthorityRepository authorities, MeshCertificateRepository certificates,
            KeyEncryption keys, MeshWorkers workers, MeshSettings settings, Clock clock) {
        this.authorities = authorities;
        this.certificates = certificates;
        this.keys = keys;
        this.workers = workers;
        this.settings = settings;
        this.clock = clock;
    }

    /** A member that needs certificates: its row and its Cilium cluster name. */
    record Holder(UUID memberId, String clusterName) {
    }

    /**
     * Issues what is missing or due, without storing it: the mesh CA if the profile has none, the certificates of the
     * members that lack any, and renewals of those past their renewal point. Runs outside a transaction;
     * {@link Issued#store()} stores the result in one.
     */
    Issued issueMissingOrDue(UUID profileId, Collection<Holder> holders) {
        MeshCertificateAuthorityEntity stored = authorities.findById(profileId).orElse(null);
        MeshCertificateAuthority authority = stored == null ? MeshCertificateAuthority.generate(profileId.toString(), clock)
                : MeshCertificateAuthority.load(stored.getCertificate(),
                        keys.decryptText(stored.getEncryptedPrivateKey(), caOwner(profileId)));
        Map<UUID, Map<String, MeshMemberCertificateEntity>> held = new HashMap<>();
        certificates.findByMembers(holders.stream().map(Holder::memberId).toList())
                .forEach(c -> held.computeIfAbsent(c.getMemberId(), id -> new HashMap<>()).put(c.getKind(), c));
        CertificateRenewal renewal = settings.certificateRenewal();
        Instant now = clock.instant();
        // Key generation and signing are CPU-bound: members are issued for in parallel.
        List<Callable<MemberIssue>> perMember = holders.stream()
                .<Callable<MemberIssue>>map(holder -> () -> issueMissingOrDue(authority, profileId, holder,
                        held.getOrDefault(holder.memberId(), Map.of()), renewal, now))
                .toList();
        List<MemberIssue> issued = workers.all(perMember).stream().filter(MemberIssue::changed).toList();
        MeshCertificateAuthorityEntity newAuthority = stored != null ? null : new MeshCertificateAuthorityEntity(profileId,
                authority.certificatePem(), keys.encryptText(authority.privateKeyPem(), caOwner(profileId)), now,
                authority.certificate().getNotBefore().toInstant(), authority.notAfter());
        return new Issued(newAuthority, issued);
    }

    private MemberIssue issueMissingOrDue(MeshCertificateAuthority authority, UUID profileId, Holder holder,
            Map<String, MeshMemberCertificateEntity> has, CertificateRenewal renewal, Instant now) {
        List<MeshMemberCertificateEntity> issued = new ArrayList<>();
        Instant earliestNotAfter = Instant.MAX;
        for (MemberCertificateKind kind : EnumSet.allOf(MemberCertificateKind.class)) {
            MeshMemberCertificateEntity current = has.get(kind.name());
            if (current == null || renewal.due(current.getNotBefore(), current.getNotAfter(), now)) {
                IssuedCertificate certificate = authority.issue(kind, holder.clusterName(), renewal.memberValidity(), clock);
                current = new MeshMemberCertificateEntity(holder.memberId(), kind.name(), profileId,
                        certificate.certificatePem(), keys.encryptText(certificate.privateKeyPem(),
                                memberOwner(holder.memberId(), kind.name())), certificate.notBefore(), certificate.notAfter());
                issued.add(current);
            }
            earliestNotAfter = earliestNotAfter.isBefore(current.getNotAfter()) ? earliestNotAfter : current.getNotAfter();
        }
        return new MemberIssue(holder, issued, !has.isEmpty(), earliestNotAfter);
    }

    /** One member's new certificates, whether they renew ones it held, and when the first it then holds expires. */
    private record MemberIssue(Holder holder, List<MeshMemberCertificateEntity> certificates, boolean renewal,
            Instant earliestNotAfter) {
        boolean changed() {
            return !certificates.isEmpty();
        }
    }

    /** What {@link #issueMissingOrDue} issued, to be stored in the transaction that completes the step. */
    final class Issued {
        private final @Nullable MeshCertificateAuthorityEntity authority;
        private final List<MemberIssue> members;

        private Issued(@Nullable MeshCertificateAuthorityEntity authority, List<MemberIssue> members) {
            this.authority = authority;
            this.members = members;
        }

        void store() {
            if (authority != null) {
                authorities.save(authority);
            }
            for (MemberIssue member : members) {
                certificates.saveAll(member.certificates());
                log.info("ciliumCluster={} event={} kinds={} notAfter={}", member.holder().clusterName(),
                        member.renewal() ? "certificatesRenewed" : "certificatesIssued", member.certificates().stream()
                                .map(MeshMemberCertificateEntity::getKind).toList(), member.earliestNotAfter());
            }
        }

        int count() {
            return members.stream().mapToInt(m -> m.certificates().size()).sum() + (authority == null ? 0 : 1);
        }
    }

    /** The member's TLS Secrets as it receives them, keys decrypted for this push only. */
    Map<String, MemberMeshConfig.TlsSecret> tlsSecrets(UUID profileId, UUID memberId) {
        return held(profileId, memberId).secrets();
    }

    /** What a member is given to hold: its TLS Secrets, and when the first of their certificates expires. */
    record Held(Map<String, MemberMeshConfig.TlsSecret> secrets, Instant earliestNotAfter) {
    }

    /** The member's TLS Secrets, keys decrypted for this push only, and when the first of them expires. */
    Held held(UUID profileId, UUID memberId) {
        String caCertificate = authorities.findById(profileId).orElseThrow(() -> new IllegalStateException(
                "mesh " + profileId + " has no certificate authority")).getCertificate();
        Map<String, MemberMeshConfig.TlsSecret> secrets = new HashMap<>();
        Instant earliestNotAfter = Instant.MAX;
        for (MeshMemberCertificateEntity certificate : certificates.findByMembers(List.of(memberId))) {
            MemberCertificateKind kind = MemberCertificateKind.valueOf(certificate.getKind());
            secrets.put(kind.secretName(), new MemberMeshConfig.TlsSecret(caCertificate, certificate.getCertificate(),
                    keys.decryptText(certificate.getEncryptedPrivateKey(), memberOwner(memberId, certificate.getKind()))));
            earliestNotAfter = certificate.getNotAfter().isBefore(earliestNotAfter) ? certificate.getNotAfter()
                    : earliestNotAfter;
        }
        if (secrets.size() != MemberCertificateKind.values().length) {
            throw new IllegalStateException("member " + memberId + " lacks certificates");
        }
        return new Held(secrets, earliestNotAfter);
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

    private static String caOwner(UUID profileId) {
        return "mesh-ca/" + profileId;
    }

    private static String memberOwner(UUID memberId, String kind) {
        return "member-cert/" + memberId + "/" + kind;
    }
}
