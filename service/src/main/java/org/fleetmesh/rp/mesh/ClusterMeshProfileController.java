package org.fleetmesh.rp.mesh;

import java.util.ArrayList;
import java.util.List;
import org.fleetmesh.persistence.fleet.FleetEntity;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileEntity;
import org.fleetmesh.rp.api.ClusterMeshProfilesApi;
import org.fleetmesh.rp.api.model.ClusterMeshProfile;
import org.fleetmesh.rp.api.model.ClusterMeshProfileListResult;
import org.fleetmesh.rp.api.model.ClusterMeshProfileProperties;
import org.fleetmesh.rp.api.model.ClusterMeshWhatIfMember;
import org.fleetmesh.rp.api.model.ClusterMeshWhatIfResult;
import org.fleetmesh.rp.api.model.PrerequisiteCheck;
import org.fleetmesh.rp.arm.ArmCall;
import org.fleetmesh.rp.arm.ArmCalls;
import org.fleetmesh.rp.arm.Paging;
import org.fleetmesh.rp.arm.domain.ResourceIds;
import org.fleetmesh.rp.fleet.FleetService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ClusterMeshProfileController implements ClusterMeshProfilesApi {

    private final ClusterMeshProfileService profiles;
    private final FleetService fleets;
    private final ArmCalls calls;
    private final ClusterMeshProfileModels profileModels;
    private final ClusterMeshWhatIf whatIf;
    private final Paging paging;

    ClusterMeshProfileController(ClusterMeshProfileService profiles, FleetService fleets,
            ArmCalls calls, ClusterMeshProfileModels profileModels, ClusterMeshWhatIf whatIf, Paging paging) {
        this.profiles = profiles;
        this.fleets = fleets;
        this.calls = calls;
        this.profileModels = profileModels;
        this.whatIf = whatIf;
        this.paging = paging;
    }

    @Override
    public ResponseEntity<ClusterMeshProfile> clusterMeshProfilesCreateOrUpdate(String apiVersion, String subscriptionId,
            String resourceGroupName, String fleetName, String clusterMeshProfileName, ClusterMeshProfile clusterMeshProfile,
            String ifMatch, String ifNoneMatch) {
        ClusterMeshProfileProperties properties = clusterMeshProfile.getProperties();
        String selector = properties == null || properties.getMemberSelector() == null ? ""
                : properties.getMemberSelector().getByLabel();
        String provisioningState = properties == null || properties.getProvisioningState() == null ? null
                : properties.getProvisioningState();
        ArmCall call = calls.current();
        ClusterMeshProfileService.Stored<ClusterMeshProfileEntity> stored = profiles.createOrReplace(subscriptionId,
                resourceGroupName, fleetName, clusterMeshProfileName, selector, provisioningState, call);
        return respond(stored.created() ? HttpStatus.CREATED : HttpStatus.OK, stored.resource());
    }

    @Override
    public ResponseEntity<ClusterMeshProfile> clusterMeshProfilesGet(String apiVersion, String subscriptionId,
            String resourceGroupName, String fleetName, String clusterMeshProfileName) {
        return respond(HttpStatus.OK, profiles.get(subscriptionId, resourceGroupName, fleetName, clusterMeshProfileName));
    }

    @Override
    public ResponseEntity<Void> clusterMeshProfilesDelete(String apiVersion, String subscriptionId, String resourceGroupName,
            String fleetName, String clusterMeshProfileName, String ifMatch) {
        profiles.delete(subscriptionId, resourceGroupName, fleetName, clusterMeshProfileName, calls.current());
        return ResponseEntity.noContent().build();
    }

    @Override
    public ResponseEntity<ClusterMeshProfile> clusterMeshProfilesApply(String apiVersion, String subscriptionId,
            String resourceGroupName, String fleetName, String clusterMeshProfileName, String ifMatch) {
        // As Azure's service answers: 200 with the profile Applying at once, while the apply converges in the
        // background; status.lastOperationId names the operation, whose monitors still answer.
        return respond(HttpStatus.OK, profiles.apply(subscriptionId, resourceGroupName, fleetName, clusterMeshProfileName,
                calls.current()));
    }

    @Override
    public ResponseEntity<ClusterMeshWhatIfResult> clusterMeshProfilesWhatIf(String apiVersion, String subscriptionId,
            String resourceGroupName, String fleetName, String clusterMeshProfileName) {
        ClusterMeshProfileEntity profile = profiles.get(subscriptionId, resourceGroupName, fleetName, clusterMeshProfileName);
        ClusterMeshWhatIfResult result = new ClusterMeshWhatIfResult().members(new ArrayList<>());
        for (ClusterMeshWhatIf.Outcome outcome : whatIf.of(profile)) {
            MemberEntity member = outcome.member();
            FleetEntity fleet = member.getFleet();
            ClusterMeshWhatIfMember view = new ClusterMeshWhatIfMember()
                    .name(member.getName())
                    .memberResourceId(ResourceIds.member(fleet.getSubscriptionId(), fleet.getResourceGroup(), fleet.getName(),
                            member.getName()))
                    .clusterResourceId(member.getClusterResourceId())
                    .action(outcome.action().name())
                    .ciliumClusterId(outcome.clusterId())
                    .meshState(outcome.otherProfile() == null ? member.getMeshState() : null)
                    .checks(outcome.checks().stream().map(check -> new PrerequisiteCheck()
                            .code(check.code()).result(check.passed() ? "Passed" : "Failed").message(check.message())
                            .target(check.target()).remediation(check.remediation())).toList());
            if (outcome.otherProfile() != null) {
                view.otherClusterMeshProfileResourceId(ClusterMeshProfileIds.resourceId(outcome.otherProfile()));
            }
            result.addMembersItem(view);
        }
        return ResponseEntity.ok(result);
    }

    @Override
    public ResponseEntity<ClusterMeshProfileListResult> clusterMeshProfilesListByFleet(String apiVersion, String subscriptionId,
            String resourceGroupName, String fleetName) {
        ArmCall call = calls.current();
        FleetEntity fleet = fleets.parent(subscriptionId, resourceGroupName, fleetName);
        String scope = "clusterMeshProfiles/" + fleet.getId();
        Paging.Page page = paging.page(call, scope, 1);
        Paging.Listing<ClusterMeshProfileEntity> listing = paging.listing(profiles.page(fleet, page), page, call, scope,
                last -> List.of(last.getNameKey()));
        return ResponseEntity.ok(new ClusterMeshProfileListResult()
                .value(listing.items().stream().map(this::toModel).toList())
                .nextLink(listing.nextLink()));
    }

    private ResponseEntity<ClusterMeshProfile> respond(HttpStatus status, ClusterMeshProfileEntity profile) {
        return ResponseEntity.status(status).eTag(ClusterMeshProfileIds.etag(profile)).body(toModel(profile));
    }

    private ClusterMeshProfile toModel(ClusterMeshProfileEntity profile) {
        return profileModels.toModel(profile);
    }
}
