package org.fleetmesh.rp.mesh;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.fleetmesh.domain.MeshState;
import org.fleetmesh.domain.ProvisioningState;
import org.fleetmesh.persistence.fleet.FleetEntity;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.persistence.member.MemberRepository;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileEntity;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileRepository;
import org.fleetmesh.persistence.operation.OperationEntity;
import org.fleetmesh.rp.arm.ArmCall;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ConditionalWrites;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.arm.Failures;
import org.fleetmesh.rp.arm.Paging;
import org.fleetmesh.rp.arm.Stored;
import org.fleetmesh.rp.arm.SystemDataStamp;
import org.fleetmesh.rp.arm.domain.Preconditions;
import org.fleetmesh.rp.arm.domain.ResourceIds;
import org.fleetmesh.rp.fleet.FleetService;
import org.fleetmesh.rp.member.domain.LabelSelector;
import org.fleetmesh.rp.mesh.domain.CiliumIdentities;
import org.fleetmesh.rp.mesh.domain.MeshPlan;
import org.fleetmesh.rp.operation.Operations;
import org.fleetmesh.rp.subscription.SubscriptionGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;

/** Cluster mesh profiles: which members form one Cilium ClusterMesh, chosen by a label selector. */
@Service
public class ClusterMeshProfileService {

    private static final Logger log = LoggerFactory.getLogger(ClusterMeshProfileService.class);

    private final ClusterMeshProfileRepository profiles;
    private final MemberRepository members;
    private final FleetService fleets;
    private final SubscriptionGuard subscriptions;
    private final Operations operations;
    private final Paging paging;
    private final MeshCertificates certificates;

    ClusterMeshProfileService(ClusterMeshProfileRepository profiles, MemberRepository members, FleetService fleets,
            SubscriptionGuard subscriptions, Operations operations, Paging paging, MeshCertificates certificates) {
        this.paging = paging;
        this.certificates = certificates;
        this.profiles = profiles;
        this.members = members;
        this.fleets = fleets;
        this.subscriptions = subscriptions;
        this.operations = operations;
    }

    /** A profile's provisioning state after any of its writes: each completes within its request. */

    @Transactional(readOnly = true)
    public ClusterMeshProfileEntity get(String subscriptionId, String resourceGroup, String fleetName, String profileName) {
        FleetEntity fleet = fleets.parent(subscriptionId, resourceGroup, fleetName);
        return profiles.findByName(fleet.getId(), profileName).orElseThrow(() -> Failures.notFound(
                ResourceIds.CLUSTER_MESH_PROFILE_TYPE, fleetName + "/" + profileName, resourceGroup));
    }

    /**
     * Stores the selector, synchronously as Azure's service does: nothing changes on any cluster until apply, so
     * there is nothing to wait for. Re-sending PUT with another selector is how the documented CLI flow changes a
     * profile's membership, so the selector is not create-only here.
     */
    @Transactional
    public Stored<ClusterMeshProfileEntity> createOrReplace(String subscriptionId, String resourceGroup, String fleetName,
            String profileName, String selector, String provisioningState, ArmCall call) {
        subscriptions.requireWritable(subscriptionId);
        FleetEntity fleet = fleets.parentForWrite(subscriptionId, resourceGroup, fleetName);
        try {
            LabelSelector.parse(selector);
        } catch (LabelSelector.InvalidSelectorException invalid) {
            throw new ArmException(ErrorCode.INVALID_MEMBER_SELECTOR, invalid.getMessage(), "properties.memberSelector.byLabel");
        }
        ClusterMeshProfileEntity existing = profiles.findByName(fleet.getId(), profileName).orElse(null);
        ConditionalWrites.require(Preconditions.Write.PUT, existing == null ? null : ClusterMeshProfileIds.etag(existing), call);
        ClusterMeshProfileEntity profile = existing;
        if (profile == null) {
            profile = new ClusterMeshProfileEntity(UUID.randomUUID(), fleet, profileName, MeshState.NotConnected);
        } else {
            Failures.requireUnchangedProvisioningState(profile.getProvisioningState(), provisioningState);
            profile.rename(profileName);
        }
        // An apply running on the profile reads its selector and state; a new selector waits until it ends.
        operations.requireNoneRunningOn(ClusterMeshProfileIds.resourceId(profile));
        profile.setMemberSelector(selector == null ? "" : selector);
        profile.setProvisioningState(ProvisioningState.Succeeded);
        profile.setSystemData(SystemDataStamp.stamp(profile.getSystemData(), call));
        return new Stored<>(profiles.saveAndFlush(profile), existing == null);
    }

    /**
     * Deletes a profile that no member is connected through, synchronously (no cluster holds anything of an empty
     * mesh); false when there was nothing to delete.
     */
    @Transactional
    public boolean delete(String subscriptionId, String resourceGroup, String fleetName,
            String profileName, ArmCall call) {
        subscriptions.requireDeletable(subscriptionId);
        FleetEntity fleet = fleets.parentForWrite(subscriptionId, resourceGroup, fleetName);
        ClusterMeshProfileEntity profile = profiles.findByName(fleet.getId(), profileName).orElse(null);
        ConditionalWrites.require(Preconditions.Write.DELETE, profile == null ? null : ClusterMeshProfileIds.etag(profile), call);
        if (profile == null) {
            return false;
        }
        long inMesh = members.countByMeshProfile(profile.getId());
        if (inMesh > 0) {
            throw new ArmException(ErrorCode.CLUSTER_MESH_PROFILE_IN_USE, "Cluster mesh profile '" + profile.getName()
                    + "' still has " + inMesh + " member(s) in its mesh. Disconnect them first: set a selector that "
                    + "matches nothing (for example 'mesh=none'), apply the profile, then delete it.", profileName);
        }
        operations.requireNoneRunningOn(ClusterMeshProfileIds.resourceId(profile));
        profiles.delete(profile);
        return true;
    }

    /**
     * Starts an apply of the profile's current selector: the selector is snapshotted now, so relabelling members
     * while the apply runs changes nothing until the next apply. Returns the profile as it stands now, Applying.
     */
    @Transactional
    public ClusterMeshProfileEntity apply(String subscriptionId, String resourceGroup, String fleetName, String profileName,
            ArmCall call) {
        subscriptions.requireWritable(subscriptionId);
        FleetEntity fleet = fleets.parentForWrite(subscriptionId, resourceGroup, fleetName);
        ClusterMeshProfileEntity profile = profiles.findByName(fleet.getId(), profileName).orElseThrow(() -> Failures.notFound(
                ResourceIds.CLUSTER_MESH_PROFILE_TYPE, fleetName + "/" + profileName, resourceGroup));
        ConditionalWrites.require(Preconditions.Write.ACTION, ClusterMeshProfileIds.etag(profile), call);
        profile.setSystemData(SystemDataStamp.stamp(profile.getSystemData(), call));
        return startApply(fleet, profile, profile.getMemberSelector());
    }

    /**
     * Starts a rollover of the mesh's CA (or resumes the one under way) through an apply of the selector the profile
     * was last applied with: the apply delivers the next CA to every member beside the current one, then certificates
     * from it, then retires the current one, each once every member holds the phase before.
     */
    @Transactional
    public ClusterMeshProfileEntity rotateCertificates(String subscriptionId, String resourceGroup, String fleetName,
            String profileName, ArmCall call) {
        subscriptions.requireWritable(subscriptionId);
        FleetEntity fleet = fleets.parentForWrite(subscriptionId, resourceGroup, fleetName);
        ClusterMeshProfileEntity profile = profiles.findByName(fleet.getId(), profileName).orElseThrow(() -> Failures.notFound(
                ResourceIds.CLUSTER_MESH_PROFILE_TYPE, fleetName + "/" + profileName, resourceGroup));
        ConditionalWrites.require(Preconditions.Write.ACTION, ClusterMeshProfileIds.etag(profile), call);
        if (profile.getLastAppliedMemberSelector() == null || certificates.rolloverPhase(profile.getId()).isEmpty()
                && !certificates.beginRollover(profile.getId())) {
            throw new ArmException(ErrorCode.CLUSTER_MESH_NOT_APPLIED, "Cluster mesh profile '" + profileName + "' has "
                    + "no certificates to rotate yet: apply it first (az fleet clustermeshprofile apply), which issues "
                    + "them, then rotate them when you need to.", profileName);
        }
        profile.setSystemData(SystemDataStamp.stamp(profile.getSystemData(), call));
        return startApply(fleet, profile, profile.getLastAppliedMemberSelector());
    }

    /**
     * Starts an apply of the selector the profile was last applied with, as the service's own maintenance: renewing
     * certificates, beginning a rollover of a CA that passed its renewal point ({@code rollOverAuthority}), or resuming
     * a rollover under way. The mesh stays as its users last made it, and only what changed is written. Does nothing,
     * returning empty, for a profile never applied, in a subscription whose resources are stopped, or while an
     * operation runs on the profile or on a member it selects: the next check tries again.
     */
    @Transactional
    public Optional<ClusterMeshProfileEntity> reapply(UUID profileId, boolean rollOverAuthority) {
        ClusterMeshProfileEntity profile = profiles.findById(profileId).orElse(null);
        if (profile == null || profile.getLastAppliedMemberSelector() == null
                || !subscriptions.keepsResourcesRunning(profile.getFleet().getSubscriptionId())) {
            return Optional.empty();
        }
        FleetEntity fleet = fleets.parentForWrite(profile.getFleet().getSubscriptionId(), profile.getFleet().getResourceGroup(),
                profile.getFleet().getName());
        // Checked here rather than caught from operations.start, whose refusal would doom this transaction.
        String resourceId = ClusterMeshProfileIds.resourceId(profile);
        List<OperationEntity> running = operations.runningWithin(resourceId);
        if (!running.isEmpty()) {
            log.info("profile={} event=reapplyDeferred runningOperation={}", resourceId, running.get(0).getId());
            return Optional.empty();
        }
        if (rollOverAuthority) {
            certificates.beginRollover(profileId);
        }
        try {
            return Optional.of(startApply(fleet, profile, profile.getLastAppliedMemberSelector()));
        } catch (ArmException busy) {
            // The rollover begins with the apply that delivers it, or not at all.
            TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
            log.info("profile={} event=reapplyDeferred reason=\"{}\"", resourceId, busy.getMessage());
            return Optional.empty();
        }
    }

    private ClusterMeshProfileEntity startApply(FleetEntity fleet, ClusterMeshProfileEntity profile, String selectorText) {
        LabelSelector selector = LabelSelector.parse(selectorText);
        Map<UUID, MemberEntity> selected = new HashMap<>();
        members.findAllInFleet(fleet.getId()).stream().filter(m -> selector.matches(m.getLabels()))
                .forEach(m -> selected.put(m.getId(), m));
        if (selected.size() > CiliumIdentities.MAX_CONNECTED_CLUSTERS) {
            throw new ArmException(ErrorCode.TOO_MANY_MESH_MEMBERS, new MeshPlan.TooManyMembersException(selected.size())
                    .getMessage(), "properties.memberSelector.byLabel");
        }
        refuseWhileASelectedMemberChanges(fleet, selected);
        profile.setLastAppliedMemberSelector(selectorText);
        profile.setState(MeshState.Applying);
        operations.start(ClusterMeshApply.KIND, fleet.getSubscriptionId(), fleet.getLocation(),
                ClusterMeshProfileIds.resourceId(profile), profile.getId(), profile, profile.getProvisioningState());
        return profiles.saveAndFlush(profile);
    }

    /**
     * A member being written (its deletion above all) and an apply that selects it exclude each other: the fleet row,
     * locked by both, orders their acceptance, and the later one is refused until the earlier one ends.
     */
    private void refuseWhileASelectedMemberChanges(FleetEntity fleet, Map<UUID, MemberEntity> selected) {
        for (OperationEntity running : operations.runningWithin(ResourceIds.fleet(fleet.getSubscriptionId(),
                fleet.getResourceGroup(), fleet.getName()))) {
            MemberEntity member = selected.get(running.getTargetId());
            if (member != null) {
                throw new ArmException(ErrorCode.ANOTHER_OPERATION_IN_PROGRESS, "Operation '" + running.getId() + "' ("
                        + running.getKind() + ") is still running on member '" + member.getName() + "', which the selector "
                        + "picks. Wait for it to finish (poll its Azure-AsyncOperation URL), then apply again.",
                        member.getName());
            }
        }
    }

    /** The page of the fleet's profiles the call asks for, by name. */
    @Transactional(readOnly = true)
    public Paging.Listing<ClusterMeshProfileEntity> list(String subscriptionId, String resourceGroup, String fleetName,
            ArmCall call) {
        FleetEntity fleet = fleets.parent(subscriptionId, resourceGroup, fleetName);
        String scope = "clusterMeshProfiles/" + fleet.getId();
        Paging.Page page = paging.page(call, scope, 1);
        List<ClusterMeshProfileEntity> found = profiles.pageByFleet(fleet.getId(), page.after().get(0), Limit.of(page.size() + 1));
        return paging.listing(found, page, call, scope, last -> List.of(last.getNameKey()));
    }
}
