package org.fleetmesh.rp.mesh;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.fleetmesh.persistence.mesh.MeshCertificateAuthorityEntity;
import org.fleetmesh.persistence.mesh.MeshCertificateAuthorityRepository;
import org.fleetmesh.persistence.mesh.MeshCertificateRepository;
import org.fleetmesh.persistence.mesh.MeshMemberCertificateEntity;
import org.fleetmesh.rp.mesh.pki.KeyDecryptionException;
import org.fleetmesh.rp.mesh.pki.KeyEncryption;
import org.fleetmesh.rp.operation.RecurringWork;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Key-encryption key rotation: re-encrypts every stored private key (mesh CA and member certificate keys) that is not
 * under the current key-encryption key, so that the previous keys can be removed afterwards.
 *
 * <p>It runs as a db-scheduler recurring task, so one replica at a time does it, every minute, and only while previous
 * keys are configured: without them there is no key to rotate away from, and keys written before key ids existed stay
 * readable as they are (re-encrypting them then would only lock out replicas of an older release during an upgrade).
 * Each batch commits on its own, and a run starts over from what is still not under the current key, so a run cut
 * short loses nothing and the next one resumes. Each row is replaced only if it still holds the ciphertext that was
 * read, so a key issued, replaced or deleted meanwhile is left as it is.
 *
 * <p>The gauge {@value #GAUGE} shows, on every replica, how many stored private keys are not under the current key;
 * at 0, and with the log line saying so, the previous keys can be removed.
 */
@Component
class PrivateKeyReEncryption implements RecurringWork {

    static final String TASK = "private-key-re-encryption";
    static final String GAUGE = "fleetmesh.pki.keys.not.under.current.kek";
    static final int BATCH_SIZE = 100;
    private static final UUID BEFORE_ANY_ID = new UUID(0, 0);

    private static final Logger log = LoggerFactory.getLogger(PrivateKeyReEncryption.class);

    private final MeshCertificateAuthorityRepository authorities;
    private final MeshCertificateRepository certificates;
    private final KeyEncryption keys;
    private final TransactionTemplate transactions;
    /** What this replica last logged, so an unchanged state is not logged again every minute. */
    private volatile @Nullable Outcome lastLogged;

    PrivateKeyReEncryption(MeshCertificateAuthorityRepository authorities, MeshCertificateRepository certificates,
            KeyEncryption keys, TransactionTemplate transactions, MeterRegistry registry, Clock clock) {
        this.authorities = authorities;
        this.certificates = certificates;
        this.keys = keys;
        this.transactions = transactions;
        // Held strongly: a gauge holds its object weakly, and nothing else holds this one.
        Gauge.builder(GAUGE, new NotUnderCurrentKey(this, clock), NotUnderCurrentKey::read).strongReference(true)
                .description("Stored mesh private keys not encrypted under the current key-encryption key, on all "
                        + "replicas; the previous keys can be removed at 0")
                .register(registry);
    }

    @Override
    public String name() {
        return TASK;
    }

    @Override
    public Duration interval() {
        return Duration.ofMinutes(1);
    }

    /** Re-encrypts while previous keys are configured; with the current key alone there is nothing to move. */
    @Override
    public void run() {
        if (!keys.previousKeyIds().isEmpty()) {
            reEncrypt();
        }
    }

    /**
     * What a run did: keys re-encrypted, keys that no configured key decrypts; and after it, the keys still not under
     * the current key, of all the keys stored.
     */
    record Outcome(int reEncrypted, int undecryptable, long remaining, long total) {
    }

    /** Re-encrypts, batch by batch, what is not under the current key, and logs what it did and what is left. */
    Outcome reEncrypt() {
        Tally tally = new Tally();
        UUID afterProfile = BEFORE_ANY_ID;
        while (true) {
            List<MeshCertificateAuthorityEntity> batch = authorities.findPrivateKeysNotStartingWith(
                    keys.currentKeyPrefix(), afterProfile, BATCH_SIZE);
            if (batch.isEmpty()) {
                break;
            }
            transactions.executeWithoutResult(status -> batch.forEach(ca -> {
                if (!startsWith(ca.getEncryptedPrivateKey(), keys.currentKeyPrefix())) {
                    tally.count(replace(MeshCertificates.caOwner(ca.getProfileId()), ca.getEncryptedPrivateKey(),
                            (expected, replacement) -> authorities.replacePrivateKey(ca.getProfileId(), expected, replacement)));
                }
                byte[] next = ca.getNextEncryptedPrivateKey();
                if (next != null && !startsWith(next, keys.currentKeyPrefix())) {
                    tally.count(replace(MeshCertificates.nextCaOwner(ca.getProfileId()), next,
                            (expected, replacement) -> authorities.replaceNextPrivateKey(ca.getProfileId(), expected,
                                    replacement)));
                }
            }));
            afterProfile = batch.get(batch.size() - 1).getProfileId();
        }
        UUID afterMember = BEFORE_ANY_ID;
        String afterKind = "";
        while (true) {
            List<MeshMemberCertificateEntity> batch = certificates.findPrivateKeysNotStartingWith(
                    keys.currentKeyPrefix(), afterMember, afterKind, BATCH_SIZE);
            if (batch.isEmpty()) {
                break;
            }
            transactions.executeWithoutResult(status -> batch.forEach(c -> tally.count(replace(
                    MeshCertificates.memberOwner(c.getMemberId(), c.getKind()), c.getEncryptedPrivateKey(),
                    (expected, replacement) -> certificates.replacePrivateKey(c.getMemberId(), c.getKind(), expected,
                            replacement)))));
            afterMember = batch.get(batch.size() - 1).getMemberId();
            afterKind = batch.get(batch.size() - 1).getKind();
        }
        Outcome outcome = new Outcome(tally.reEncrypted, tally.undecryptable, notUnderCurrentKey(),
                authorities.count() + authorities.countByNextCertificateIsNotNull() + certificates.count());
        report(outcome);
        return outcome;
    }

    private static boolean startsWith(byte[] ciphertext, byte[] prefix) {
        return ciphertext.length >= prefix.length
                && Arrays.equals(ciphertext, 0, prefix.length, prefix, 0, prefix.length);
    }

    private interface Replacement {
        int replace(byte[] expected, byte[] replacement);
    }

    private enum Result { RE_ENCRYPTED, CHANGED_MEANWHILE, UNDECRYPTABLE }

    private Result replace(String owner, byte[] stored, Replacement replacement) {
        byte[] reEncrypted;
        try {
            reEncrypted = keys.reEncrypt(stored, owner);
        } catch (KeyDecryptionException e) {
            // Left as it is: the key that wrote it may yet be configured; the run goes on with the others.
            log.warn("Not re-encrypted: {}", e.getMessage());
            return Result.UNDECRYPTABLE;
        }
        return replacement.replace(stored, reEncrypted) == 1 ? Result.RE_ENCRYPTED : Result.CHANGED_MEANWHILE;
    }

    private static final class Tally {
        private int reEncrypted;
        private int undecryptable;

        void count(Result result) {
            switch (result) {
                case RE_ENCRYPTED -> reEncrypted++;
                case UNDECRYPTABLE -> undecryptable++;
                case CHANGED_MEANWHILE -> { }
            }
        }
    }

    private void report(Outcome outcome) {
        if (outcome.reEncrypted() == 0 && outcome.equals(lastLogged)) {
            return;
        }
        lastLogged = outcome;
        if (outcome.remaining() == 0) {
            log.info("Re-encrypted {} private keys; all {} private keys are under key-encryption key {}; the previous "
                    + "keys {} can be removed", outcome.reEncrypted(), outcome.total(), keys.currentKeyId(),
                    keys.previousKeyIds());
        } else {
            log.warn("Re-encrypted {} private keys; {} of {} private keys are still not under key-encryption key {} "
                    + "({} that no configured key decrypts): keep the previous keys {}", outcome.reEncrypted(),
                    outcome.remaining(), outcome.total(), keys.currentKeyId(), outcome.undecryptable(),
                    keys.previousKeyIds());
        }
    }

    long notUnderCurrentKey() {
        return certificates.countAllPrivateKeysNotStartingWith(keys.currentKeyPrefix());
    }

    /** The count as the database last showed it; read at most every few seconds, however often metrics are scraped. */
    private static final class NotUnderCurrentKey {

        private static final Duration FRESH_FOR = Duration.ofSeconds(5);

        private final PrivateKeyReEncryption reEncryption;
        private final Clock clock;
        private long last;
        private Instant readAt = Instant.MIN;

        NotUnderCurrentKey(PrivateKeyReEncryption reEncryption, Clock clock) {
            this.reEncryption = reEncryption;
            this.clock = clock;
        }

        synchronized double read() {
            Instant now = clock.instant();
            if (readAt.plus(FRESH_FOR).isBefore(now)) {
                last = reEncryption.notUnderCurrentKey();
                readAt = now;
            }
            return last;
        }
    }
}
