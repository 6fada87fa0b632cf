package org.fleetmesh.rp.mesh;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.fleetmesh.persistence.mesh.MeshCertificateAuthorityEntity;
import org.fleetmesh.persistence.mesh.MeshCertificateAuthorityRepository;
import org.fleetmesh.persistence.mesh.MeshCertificateRepository;
import org.fleetmesh.persistence.mesh.MeshMemberCertificateEntity;
import org.fleetmesh.rp.mesh.domain.CertificateRenewal;
import org.fleetmesh.rp.mesh.domain.MemberMeshConfig;
import org.fleetmesh.rp.mesh.domain.RolloverPhase;
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
     * members that lack any, renewals of those past their renewal point, and, once a CA rollover has reached
     * {@link RolloverPhase#NewLeaves}, new certificates from the next CA for those the previous one signed. Runs outside a transaction;
     * {@link Issued#store()} stores the result in one.
     */
    Issued issueMissingOrDue(UUID profileId, Collection<Holder> holders) {
        MeshCertificateAuthorityEntity stored = authorities.findById(profileId).orElse(null);
        MeshCertificateAuthority authority = stored == null ? MeshCertificateAuthority.generate(profileId.toString(), clock)
                : issuingAuthority(stored);
        // Only once a rollover issues from the next CA can a member hold certificates from another CA than this one.
        boolean reissueOthers = stored != null && rolloverPhase(stored).filter(RolloverPhase::leavesFromNextAuthority)
                .isPresent();
        Map<UUID, Map<String, MeshMemberCertificateEntity>> held = new HashMap<>();
        certificates.findByMembers(holders.stream().map(Holder::memberId).toList())
                .forEach(c -> held.computeIfAbsent(c.getMemberId(), id -> new HashMap<>()).put(c.getKind(), c));
        CertificateRenewal renewal = settings.certificateRenewal();
        Instant now = clock.instant();
        // Key generation and signing are CPU-bound: members are issued for in parallel.
        List<Callable<MemberIssue>> perMember = holders.stream()
                .<Callable<MemberIssue>>map(holder -> () -> issueMissingOrDue(authority, profileId, holder,
                        held.getOrDefault(holder.memberId(), Map.of()), renewal, now, reissueOthers))
                .toList();
        List<MemberIssue> issued = workers.all(perMember).stream().filter(MemberIssue::changed).toList();
        MeshCertificateAuthorityEntity newAuthority = stored != null ? null : new MeshCertificateAuthorityEntity(profileId,
                authority.certificatePem(), keys.encryptText(authority.privateKeyPem(), caOwner(profileId)), now,
                authority.certificate().getNotBefore().toInstant(), authority.notAfter());
        return new Issued(newAuthority, issued);
    }

    private MemberIssue issueMissingOrDue(MeshCertificateAuthority authority, UUID profileId, Holder holder,
            Map<String, MeshMemberCertificateEntity> has, CertificateRenewal renewal, Instant now, boolean reissueOthers) {
        List<MeshMemberCertificateEntity> issued = new ArrayList<>();
        Instant earliestNotAfter = Instant.MAX;
        for (MemberCertificateKind kind : EnumSet.allOf(MemberCertificateKind.class)) {
            MeshMemberCertificateEntity current = has.get(kind.name());
            if (current == null || renewal.due(current.getNotBefore(), current.getNotAfter(), now)
                    || reissueOthers && !authority.signed(current.getCertificate())) {
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
        String caCertificate = trustBundle(authorities.findById(profileId).orElseThrow(() -> new IllegalStateException(
                "mesh " + profileId + " has no certificate authority")));
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
        String caCertificate = authorities.findById(profileId).map(MeshCertificates::trustBundle).orElse("");
        Map<UUID, Map<String, String>> byMember = new HashMap<>();
        certificates.findByProfile(profileId).forEach(c -> byMember.computeIfAbsent(c.getMemberId(), id -> new TreeMap<>())
                .put(c.getKind(), c.getCertificate()));
        Map<UUID, String> material = new HashMap<>();
        byMember.forEach((memberId, pems) -> material.put(memberId, caCertificate + String.join("", pems.values())));
        return material;
    }

    /**
     * What every member trusts, the {@code ca.crt} of each of its Secrets: the mesh CA, and during a rollover the next
     * CA as well, both in one PEM bundle as etcd's {@code --trusted-ca-file} and Cilium's {@code trusted-ca-file} read
     * it.
     */
    private static String trustBundle(MeshCertificateAuthorityEntity authority) {
        return authority.getRolloverPhase() == null ? authority.getCertificate()
                : authority.getCertificate() + authority.getNextCertificate();
    }

    /** The CA that signs members' certificates now: the next one once a rollover has reached that phase. */
    private MeshCertificateAuthority issuingAuthority(MeshCertificateAuthorityEntity stored) {
        return rolloverPhase(stored).filter(RolloverPhase::leavesFromNextAuthority).isPresent()
                ? MeshCertificateAuthority.load(stored.getNextCertificate(),
                        keys.decryptText(stored.getNextEncryptedPrivateKey(), nextCaOwner(stored.getProfileId())))
                : MeshCertificateAuthority.load(stored.getCertificate(),
                        keys.decryptText(stored.getEncryptedPrivateKey(), caOwner(stored.getProfileId())));
    }

    /** The phase of the mesh's CA rollover; empty when none runs (or the mesh has no CA yet). */
    Optional<RolloverPhase> rolloverPhase(UUID profileId) {
        return authorities.findById(profileId).flatMap(MeshCertificates::rolloverPhase);
    }

    private static Optional<RolloverPhase> rolloverPhase(MeshCertificateAuthorityEntity authority) {
        return Optional.ofNullable(authority.getRolloverPhase()).map(RolloverPhase::valueOf);
    }

    /**
     * Begins a rollover of the mesh's CA, within the caller's transaction: a new CA is issued and stored as the next
     * one, which members are to trust beside the current one. False, changing nothing, when the mesh has no CA yet
     * (its first apply issues one) or a rollover already runs.
     */
    boolean beginRollover(UUID profileId) {
        MeshCertificateAuthorityEntity stored = authorities.findById(profileId).orElse(null);
        if (stored == null || stored.getRolloverPhase() != null) {
            return false;
        }
        MeshCertificateAuthority next = MeshCertificateAuthority.generate(profileId.toString(), clock);
        stored.beginRollover(next.certificatePem(), keys.encryptText(next.privateKeyPem(), nextCaOwner(profileId)),
                next.certificate().getNotBefore().toInstant(), next.notAfter(), RolloverPhase.TrustBoth.name());
        authorities.save(stored);
        log.info("profile={} event=caRolloverBegun phase={} nextNotAfter={}", profileId, RolloverPhase.TrustBoth,
                next.notAfter());
        return true;
    }

    /**
     * Since when every member has held the rollover's current phase: the first call once they all do records now.
     * Within the caller's transaction.
     */
    Instant rolloverPhaseHeldSince(UUID profileId) {
        MeshCertificateAuthorityEntity stored = authorities.findById(profileId).orElseThrow();
        if (stored.getRolloverPhaseHeldAt() == null) {
            stored.setRolloverPhaseHeldAt(clock.instant());
            authorities.save(stored);
        }
        return stored.getRolloverPhaseHeldAt();
    }

    /**
     * Moves the rollover on, within the caller's transaction, once every member holds the phase {@code from}: to the
     * following phase, or, after the last one, to the next CA alone. Does nothing if the rollover is not at
     * {@code from} (a step repeated after a crash).
     */
    void advanceRollover(UUID profileId, RolloverPhase from) {
        MeshCertificateAuthorityEntity stored = authorities.findById(profileId).orElseThrow();
        if (rolloverPhase(stored).filter(from::equals).isEmpty()) {
            return;
        }
        Optional<RolloverPhase> following = from.following();
        if (following.isPresent()) {
            stored.setRolloverPhase(following.get().name());
        } else {
            // The key moves to the current CA's row owner, so that it decrypts as the mesh CA from now on.
            String nextKey = keys.decryptText(stored.getNextEncryptedPrivateKey(), nextCaOwner(profileId));
            stored.completeRollover(keys.encryptText(nextKey, caOwner(profileId)), clock.instant());
        }
        authorities.save(stored);
        log.info("profile={} event=caRolloverAdvanced from={} to={}", profileId, from,
                following.map(RolloverPhase::name).orElse("complete"));
    }

    /** The member left its mesh: its certificates go with it; a later join issues new ones. */
    void forget(UUID memberId) {
        certificates.deleteByMember(memberId);
    }

    /** What the CA's encrypted private key is bound to; {@link PrivateKeyReEncryption} binds it to the same. */
    static String caOwner(UUID profileId) {
        return "mesh-ca/" + profileId;
    }

    /** What the private key of a rollover's next CA is bound to, until the rollover completes. */
    static String nextCaOwner(UUID profileId) {
        return "mesh-ca-next/" + profileId;
    }

    /** What a member certificate's encrypted private key is bound to. */
    static String memberOwner(UUID memberId, String kind) {
        return "member-cert/" + memberId + "/" + kind;
    }
}
