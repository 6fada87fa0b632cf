package org.fleetmesh.rp.member;

import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.fleetmesh.domain.ProvisioningState;
import org.fleetmesh.persistence.fleet.FleetEntity;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.persistence.member.MemberRepository;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileRepository;
import org.fleetmesh.persistence.operation.OperationEntity;
import org.fleetmesh.rp.arm.ArmCall;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ConditionalWrites;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.arm.Failures;
import org.fleetmesh.rp.arm.Paging;
import org.fleetmesh.rp.arm.SystemDataStamp;
import org.fleetmesh.rp.arm.Written;
import org.fleetmesh.rp.arm.contract.ApiContract;
import org.fleetmesh.rp.arm.domain.Preconditions;
import org.fleetmesh.rp.arm.domain.ResourceIds;
import org.fleetmesh.rp.fleet.FleetService;
import org.fleetmesh.rp.member.domain.LabelSelector;
import org.fleetmesh.rp.member.domain.Labels;
import org.fleetmesh.rp.member.domain.MemberFilter;
import org.fleetmesh.rp.operation.Operations;
import org.fleetmesh.rp.subscription.SubscriptionGuard;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Fleet members: AKS clusters joined to a fleet, with the labels that mesh selectors match. */
@Service
public class MemberService {

    /** The provisioning state of a member whose deletion has been accepted. */

    private final MemberRepository members;
    private final ClusterMeshProfileRepository profiles;
    private final FleetService fleets;
    private final SubscriptionGuard subscriptions;
    private final Operations operations;
    private final AksClusters aks;
    private final Paging paging;
    private final ApiContract contract;

    MemberService(MemberRepository members, ClusterMeshProfileRepository profiles, FleetService fleets,
            SubscriptionGuard subscriptions, Operations operations, AksClusters aks, Paging paging, ApiContract contract) {
        this.paging = paging;
        this.contract = contract;
        this.members = members;
        this.profiles = profiles;
        this.fleets = fleets;
        this.subscriptions = subscriptions;
        this.operations = operations;
        this.aks = aks;
    }

    @Transactional(readOnly = true)
    public MemberEntity get(String subscriptionId, String resourceGroup, String fleetName, String memberName) {
        FleetEntity fleet = fleets.parent(subscriptionId, resourceGroup, fleetName);
        return members.findByName(fleet.getId(), memberName)
                .orElseThrow(() -> Failures.notFound(ResourceIds.MEMBER_TYPE, fleetName + "/" + memberName, resourceGroup));
    }

    /**
     * The member if it exists and its provisioning state is final: what a write whose operation has just completed
     * answers with. Empty when it is gone, or another write has started on it since.
     */
    @Transactional(readOnly = true)
    public Optional<MemberEntity> settled(String subscriptionId, String resourceGroup, String fleetName, String memberName) {
        return fleets.find(subscriptionId, resourceGroup, fleetName).flatMap(fleet -> members.findByName(fleet.getId(), memberName))
                .filter(member -> member.getProvisioningState().isTerminal());
    }

    /**
     * Where Azure says the cluster runs, for the member's location label; null when Azure cannot say now (no such
     * cluster, no access, an outage): the join reads the cluster again and fails or fills the label then. Read before
     * a write's transaction, so that no database connection waits on Azure.
     */
    public @Nullable String clusterLocation(String clusterResourceId) {
        if (ResourceIds.managedCluster(clusterResourceId).isEmpty()) {
            return null;
        }
        try {
            return aks.get(clusterResourceId).location();
        } catch (ArmException | UncheckedIOException unavailable) {
            return null;
        }
    }

    /** @param clusterLocation the cluster's location as {@link #clusterLocation} read it, or null */
    @Transactional
    public Written<MemberEntity> createOrReplace(String subscriptionId, String resourceGroup, String fleetName,
            String memberName, MemberSpec spec, String clusterLocation, ArmCall call) {
        subscriptions.requireWritable(subscriptionId);
        FleetEntity fleet = fleets.parentForWrite(subscriptionId, resourceGroup, fleetName);
        ResourceIds.ManagedCluster cluster = ResourceIds.managedCluster(spec.clusterResourceId())
                .orElseThrow(() -> new ArmException(ErrorCode.INVALID_CLUSTER_RESOURCE_ID, "'" + spec.clusterResourceId()
                        + "' is not the resource id of an AKS cluster. Use /subscriptions/{subscriptionId}/resourceGroups/"
                        + "{resourceGroup}/providers/Microsoft.ContainerService/managedClusters/{clusterName}.",
                        "properties.clusterResourceId"));
        MemberEntity existing = members.findByName(fleet.getId(), memberName).orElse(null);
        ConditionalWrites.require(Preconditions.Write.PUT, existing == null ? null : MemberIds.etag(existing), call);
        MemberEntity member;
        if (existing == null) {
            refuseClusterOfAnotherMember(spec.clusterResourceId(), subscriptionId);
            member = new MemberEntity(UUID.randomUUID(), fleet, memberName, spec.clusterResourceId());
        } else {
            member = existing;
            if (!member.getClusterResourceId().equalsIgnoreCase(spec.clusterResourceId())) {
                throw new ArmException(ErrorCode.PROPERTY_CHANGE_NOT_ALLOWED, "A member's clusterResourceId cannot change: "
                        + "it is '" + member.getClusterResourceId() + "'. Delete the member and create a new one for "
                        + "another cluster.", "properties.clusterResourceId");
            }
            Failures.requireUnchangedProvisioningState(member.getProvisioningState(), spec.provisioningState());
            member.rename(memberName);
            if (!member.claimsCluster()) {
                // Its join could not read the cluster; a PUT joins again, and claims the cluster again if it is free.
                refuseClusterOfAnotherMember(member.getClusterResourceId(), subscriptionId);
                member.claimCluster();
            }
        }
        member.setGroup(spec.group());
        Map<String, String> system = Labels.system(memberName, spec.group(), cluster.subscriptionId(), cluster.resourceGroup(),
                cluster.name(), clusterLocation != null ? clusterLocation : member.getLabels().get(Labels.LOCATION));
        Map<String, String> userLabels = spec.labels() == null ? MemberLabels.userLabels(member.getLabels()) : MemberLabels.checkedUserLabels(spec.labels(), system);
        member.replaceLabels(MemberLabels.withSystem(userLabels, system));
        member.setSystemData(SystemDataStamp.stamp(member.getSystemData(), call));
        OperationEntity operation = operations.start(MemberOperationTypes.CREATE, subscriptionId, fleet.getLocation(),
                MemberIds.resourceId(member), member.getId(), member,
                existing == null ? ProvisioningState.Joining : ProvisioningState.Updating);
        return new Written<>(members.saveAndFlush(member), existing == null, operation);
    }

    /** PATCH as a JSON merge patch: labels merge key by key, a null removes one; group is replaced or removed. */
    @Transactional
    public Written<MemberEntity> update(String subscriptionId, String resourceGroup, String fleetName, String memberName,
            MemberPatch patch, ArmCall call) {
        subscriptions.requireWritable(subscriptionId);
        FleetEntity fleet = fleets.parentForWrite(subscriptionId, resourceGroup, fleetName);
        MemberEntity member = members.findByName(fleet.getId(), memberName)
                .orElseThrow(() -> Failures.notFound(ResourceIds.MEMBER_TYPE, fleetName + "/" + memberName, resourceGroup));
        ConditionalWrites.require(Preconditions.Write.PATCH, MemberIds.etag(member), call);
        if (patch.groupPresent()) {
            member.setGroup(patch.group());
        }
        Map<String, String> system = MemberLabels.systemLabels(member, null);
        Map<String, String> merged = MemberLabels.userLabels(member.getLabels());
        if (patch.labels() != null) {
            Map<String, String> additions = new LinkedHashMap<>();
            patch.labels().forEach((key, value) -> {
                if (value == null) {
                    merged.remove(key);
                } else {
                    additions.put(key, value);
                }
            });
            merged.putAll(MemberLabels.checkedUserLabels(additions, system));
            MemberLabels.checkLabelCount(merged.size());
        }
        member.replaceLabels(MemberLabels.withSystem(merged, system));
        member.rename(memberName);
        member.setSystemData(SystemDataStamp.stamp(member.getSystemData(), call));
        OperationEntity operation = operations.start(MemberOperationTypes.UPDATE, subscriptionId, member.getFleet().getLocation(),
                MemberIds.resourceId(member), member.getId(), member, ProvisioningState.Updating);
        return new Written<>(members.saveAndFlush(member), false, operation);
    }

    /** Starts the member's departure from the fleet; empty when there was no such member. */
    @Transactional
    public Optional<OperationEntity> delete(String subscriptionId, String resourceGroup, String fleetName, String memberName,
            ArmCall call) {
        subscriptions.requireDeletable(subscriptionId);
        FleetEntity fleet = fleets.parentForWrite(subscriptionId, resourceGroup, fleetName);
        MemberEntity member = members.findByName(fleet.getId(), memberName).orElse(null);
        ConditionalWrites.require(Preconditions.Write.DELETE, member == null ? null : MemberIds.etag(member), call);
        if (member == null) {
            return Optional.empty();
        }
        Optional<ArmException> inMesh = MemberOperationTypes.inMeshProblem(member);
        if (inMesh.isPresent()) {
            throw inMesh.get();
        }
        refuseWhileAnApplySelects(member, fleet);
        OperationEntity operation = operations.start(MemberOperationTypes.DELETE, subscriptionId, fleet.getLocation(),
                MemberIds.resourceId(member), member.getId(), member, ProvisioningState.Leaving);
        members.saveAndFlush(member);
        return Optional.of(operation);
    }

    /** The page of the fleet's members the call asks for, by name, that match the caller's {@code $filter}. */
    @Transactional(readOnly = true)
    public Paging.Listing<MemberEntity> list(String subscriptionId, String resourceGroup, String fleetName, String filter,
            String apiVersion, ArmCall call) {
        FleetEntity fleet = fleets.parent(subscriptionId, resourceGroup, fleetName);
        MemberFilter parsed = MemberFilters.parse(filter, apiVersion, contract);
        String scope = "members/" + fleet.getId() + "/" + (filter == null ? "" : filter);
        Paging.Page page = paging.page(call, scope, 1);
        return paging.listing(page(fleet, parsed, page), page, call, scope, last -> List.of(last.getNameKey()));
    }

    private List<MemberEntity> page(FleetEntity fleet, MemberFilter filter, Paging.Page page) {
        Specification<MemberEntity> spec = MemberFilters.inFleet(fleet.getId()).and(MemberFilters.after(page.after().get(0)));
        if (filter != null) {
            Map<String, LabelSelector> selectors = new HashMap<>();
            for (String profileName : MemberFilters.selectorProfiles(filter)) {
                profiles.findByName(fleet.getId(), profileName)
                        .ifPresent(profile -> selectors.put(profileName, LabelSelector.parse(profile.getMemberSelector())));
            }
            spec = spec.and(MemberFilters.matching(filter, fleet, selectors));
        }
        return members.findBy(spec, q -> q.sortBy(Sort.by("nameKey")).limit(page.size() + 1).all());
    }

    /**
     * An apply running in the fleet whose selector picks this member would put it in the mesh while it leaves: the
     * two exclude each other (the fleet row, locked by both, orders their acceptance).
     */
    private void refuseWhileAnApplySelects(MemberEntity member, FleetEntity fleet) {
        for (OperationEntity running : operations.runningWithin(ResourceIds.fleet(fleet.getSubscriptionId(),
                fleet.getResourceGroup(), fleet.getName()))) {
            profiles.findById(running.getTargetId())
                    .filter(profile -> LabelSelector.parse(profile.getLastAppliedMemberSelector()).matches(member.getLabels()))
                    .ifPresent(profile -> {
                        throw new ArmException(ErrorCode.ANOTHER_OPERATION_IN_PROGRESS, "Operation '" + running.getId()
                                + "' is applying cluster mesh profile '" + profile.getName() + "', whose selector picks member '"
                                + member.getName() + "'. Wait for it to finish, then change the member's labels, apply "
                                + "the profile again and delete the member.", member.getName());
                    });
        }
    }

    /**
     * A cluster is a member of one fleet only. The refusal names the other fleet only to a caller of the same
     * subscription: anyone may name any cluster id, and must not learn whose fleets hold it.
     */
    private void refuseClusterOfAnotherMember(String clusterResourceId, String callerSubscriptionId) {
        members.findClaimOn(clusterResourceId).ifPresent(other -> {
            FleetEntity otherFleet = other.getFleet();
            String holder = otherFleet.getSubscriptionId().equalsIgnoreCase(callerSubscriptionId)
                    ? "member '" + other.getName() + "' of fleet '" + ResourceIds.fleet(otherFleet.getSubscriptionId(),
                            otherFleet.getResourceGroup(), otherFleet.getName()) + "'"
                    : "a member of a fleet in another subscription";
            throw new ArmException(ErrorCode.CLUSTER_ALREADY_MEMBER, "The cluster '" + clusterResourceId + "' is already "
                    + holder + ". A cluster can be a member of one fleet only: that member must be deleted first.",
                    "properties.clusterResourceId");
        });
    }
}
