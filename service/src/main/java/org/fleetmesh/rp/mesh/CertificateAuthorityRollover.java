package org.fleetmesh.rp.mesh;

import static org.fleetmesh.rp.mesh.DesiredMemberConfig.peersOf;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.persistence.operation.OperationEntity;
import org.fleetmesh.rp.mesh.domain.RolloverPhase;
import org.fleetmesh.rp.operation.StepResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The apply's last two steps, which move a running CA rollover on, one phase at a time, once every member holds what
 * the phase before gave it; each phase is delivered and verified as the steps before deliver and verify any change.
 */
@Component
class CertificateAuthorityRollover {

    private static final Logger log = LoggerFactory.getLogger(ApplyStep.LOGGER);

    private final MeshMembers members;
    private final MeshCertificates certificates;
    private final MeshSettings settings;
    private final TransactionTemplate transactions;
    private final ApplyMembers applyMembers;
    private final DesiredMemberConfig config;
    private final MeshDelivery delivery;
    private final MeshVerification verification;

    CertificateAuthorityRollover(MeshMembers members, MeshCertificates certificates, MeshSettings settings,
            TransactionTemplate transactions, ApplyMembers applyMembers, DesiredMemberConfig config, MeshDelivery delivery,
            MeshVerification verification) {
        this.members = members;
        this.certificates = certificates;
        this.settings = settings;
        this.transactions = transactions;
        this.applyMembers = applyMembers;
        this.config = config;
        this.delivery = delivery;
        this.verification = verification;
    }

    /**
     * A CA rollover that every member trusts both CAs for (its first phase, which the steps before delivered as the
     * trust bundle) moves on to certificates from the next CA: they are issued, delivered and verified like any change.
     * While some member does not yet hold the first phase (unreachable, say), the rollover waits where it is, every
     * member still trusting the current CA, and the next apply resumes it.
     */
    StepResult deliverRolledOverCertificates(OperationEntity operation) {
        UUID profileId = operation.getTargetId();
        Optional<RolloverPhase> phase = certificates.rolloverPhase(profileId);
        if (phase.isEmpty()) {
            return StepResult.done();
        }
        if (phase.get() == RolloverPhase.TrustBoth) {
            if (!everyMemberHoldsWhatItIsGiven(operation)) {
                return StepResult.done();
            }
            Optional<StepResult> syncing = awaitSecretPropagation(profileId);
            if (syncing.isPresent()) {
                return syncing.get();
            }
            transactions.executeWithoutResult(status -> certificates.advanceRollover(profileId, RolloverPhase.TrustBoth));
        }
        return inTurn(operation, List.of(delivery::issueCertificates, delivery::exposeApiServers, delivery::configurePeers,
                verification::verifyMesh));
    }

    /**
     * Once every member holds certificates from the next CA, the previous CA is dropped from what members trust and
     * the next one becomes the mesh's CA. A member that misses this keeps trusting both, which still includes the CA
     * of everyone else's certificates.
     */
    StepResult retirePreviousAuthority(OperationEntity operation) {
        UUID profileId = operation.getTargetId();
        if (certificates.rolloverPhase(profileId).filter(RolloverPhase.NewLeaves::equals).isEmpty()
                || !everyMemberHoldsWhatItIsGiven(operation)) {
            return StepResult.done();
        }
        Optional<StepResult> syncing = awaitSecretPropagation(profileId);
        if (syncing.isPresent()) {
            return syncing.get();
        }
        transactions.executeWithoutResult(status -> certificates.advanceRollover(profileId, RolloverPhase.NewLeaves));
        return inTurn(operation, List.of(delivery::exposeApiServers, delivery::configurePeers, verification::verifyMesh));
    }

    /**
     * A phase moves on only once every member's pods can have its Secrets: Kubernetes writes a changed Secret into the
     * running pods' volumes within the kubelet's sync period, not when the API has it, and certificates reach
     * Cilium's agents and KVStoreMesh only through those files. Until then the step looks again.
     */
    private Optional<StepResult> awaitSecretPropagation(UUID profileId) {
        Instant heldSince = transactions.execute(status -> certificates.rolloverPhaseHeldSince(profileId));
        Duration left = Duration.between(Instant.now(), heldSince.plus(settings.secretPropagationWait()));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(StepResult.retryLater(left,
                "every member holds the rollover's phase; its pods get the Secrets within " + settings.secretPropagationWait()));
    }

    /**
     * Whether every member of the mesh is Connected with exactly what it would be given now: the condition for a CA
     * rollover to move on. A member that failed, or left with an older state, holds it back.
     */
    private boolean everyMemberHoldsWhatItIsGiven(OperationEntity operation) {
        List<MemberEntity> staying = members.inMesh(operation.getTargetId()).stream().filter(ApplyMembers::staysInMesh)
                .toList();
        List<MemberEntity> exposed = applyMembers.exposedMembers(operation);
        Map<UUID, String> material = certificates.publicMaterial(operation.getTargetId());
        List<String> behind = staying.stream().filter(member -> AppliedDigest.of(member)
                .filter(config.desiredDigest(member, material, peersOf(member, exposed))::equals).isEmpty())
                .map(MemberEntity::getName).toList();
        if (!behind.isEmpty()) {
            log.info("profile={} event=caRolloverWaiting members={}", operation.getTargetId(), behind);
        }
        return behind.isEmpty();
    }

    /**
     * Runs steps' work one after the other within one step, each one's database effect committed before the next
     * starts; the first that is not done is the outcome. Each is idempotent, so a retry runs them all again.
     */
    private StepResult inTurn(OperationEntity operation, List<Function<OperationEntity, StepResult>> work) {
        for (Function<OperationEntity, StepResult> part : work) {
            StepResult result = part.apply(operation);
            if (!(result instanceof StepResult.Done done)) {
                return result;
            }
            transactions.executeWithoutResult(status -> done.databaseEffect().run());
        }
        return StepResult.done();
    }
}
