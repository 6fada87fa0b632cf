package org.fleetmesh.rp.mesh;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.fleetmesh.domain.MeshMemberState;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.persistence.member.MemberRepository;
import org.fleetmesh.persistence.member.MeshMembership;
import org.fleetmesh.rp.arm.ArmError;
import org.fleetmesh.rp.arm.ArmModels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A mesh member's state as an apply moves it, one short transaction per change, so that watchers see each member
 * move as it happens. Every change sets a state outright, so repeating it after a crash changes nothing.
 */
@Component
class MeshMembers {

    private static final Logger log = LoggerFactory.getLogger(MeshMembers.class);

    private final MemberRepository members;
    private final ArmModels models;
    private final Clock clock;

    MeshMembers(MemberRepository members, ArmModels models, Clock clock) {
        this.members = members;
        this.models = models;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<MemberEntity> inMesh(UUID profileId) {
        return members.findInMesh(profileId);
    }

    /**
     * The member's clustermesh-apiserver answers at these addresses, which its peers will be told, with certificates
     * of which the first expires at {@code certificatesNotAfter}.
     */
    @Transactional
    public void exposed(UUID memberId, List<String> addresses, Instant certificatesNotAfter) {
        members.findById(memberId).ifPresent(member -> {
            member.getMesh().setApiServerAddresses(addresses);
            member.getMesh().setCertificatesNotAfter(certificatesNotAfter);
        });
    }

    /** @param applied what the member now holds, so that a later apply that would give it the same can skip it */
    @Transactional
    public void connected(UUID memberId, String operationId, AppliedDigest applied) {
        members.findById(memberId).ifPresent(member -> {
            member.getMesh().setApplied(applied.apiServer(), applied.peers());
            change(member, MeshMemberState.Connected, null, operationId);
        });
    }

    /**
     * The member was found not to hold what it was last given and was given it again: it no longer counts as holding
     * the applied state until it is read back, so every later step of the apply treats it as changed.
     */
    @Transactional
    public void repaired(UUID memberId) {
        members.findById(memberId).ifPresent(member -> member.getMesh().forgetApplied());
    }

    /**
     * The member is on its way, with what it still waits for; written only when that changed, so a member whose peers
     * come up one by one shows the ones still missing, and polling writes nothing new.
     */
    @Transactional
    public void connecting(UUID memberId, ArmError waitingFor, String operationId) {
        members.findById(memberId).ifPresent(member -> {
            String stored = models.store(waitingFor);
            if (!member.inMeshState(MeshMemberState.Connecting)
                    || !java.util.Objects.equals(stored, member.getMesh().getError())) {
                change(member, MeshMemberState.Connecting, waitingFor, operationId);
            }
        });
    }

    /**
     * @param withdrawn whether the member is also withdrawn from its peers' lists (its apiserver has no address the
     *                  service could confirm)
     */
    @Transactional
    public void failed(UUID memberId, ArmError error, String operationId, boolean withdrawn) {
        members.findById(memberId).ifPresent(member -> {
            if (withdrawn) {
                member.getMesh().setApiServerAddresses(List.of());
            }
            change(member, MeshMemberState.Failed, error, operationId);
        });
    }

    void change(MemberEntity member, MeshMemberState state, ArmError error, String operationId) {
        MeshMembership mesh = member.getMesh();
        MeshMemberState previous = mesh.getState();
        mesh.setStatus(state, models.store(error), operationId, clock.instant());
        if (state != previous) {
            log.info("member={} profile={} event=meshStateChanged from={} to={}{}", member.getName(),
                    mesh.getProfile().getName(), previous, state,
                    error == null ? "" : " error=" + error.code());
        }
    }
}
