package org.fleetmesh.rp.mesh;

import org.fleetmesh.rp.api.ClusterMeshProfilesApi;
import org.fleetmesh.rp.api.model.ClusterMeshConnectivityRequest;
import org.fleetmesh.rp.api.model.ClusterMeshConnectivityResult;
import org.fleetmesh.rp.api.model.ClusterMeshProfile;
import org.fleetmesh.rp.api.model.ClusterMeshProfileListResult;
import org.fleetmesh.rp.api.model.ClusterMeshProfileProperties;
import org.fleetmesh.rp.api.model.ClusterMeshWhatIfResult;
import org.fleetmesh.rp.arm.ArmCall;
import org.fleetmesh.rp.arm.ArmCalls;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ClusterMeshProfileController implements ClusterMeshProfilesApi {

    private final ClusterMeshProfileService profiles;
    private final ArmCalls calls;
    private final ClusterMeshProfileModels profileModels;
    private final ClusterMeshWhatIf whatIf;
    private final ClusterMeshWhatIfModels whatIfModels;
    private final MeshConnectivity connectivity;
    private final ClusterMeshConnectivityModels connectivityModels;

    ClusterMeshProfileController(ClusterMeshProfileService profiles, ArmCalls calls, ClusterMeshProfileModels profileModels,
            ClusterMeshWhatIf whatIf, ClusterMeshWhatIfModels whatIfModels, MeshConnectivity connectivity,
            ClusterMeshConnectivityModels connectivityModels) {
        this.connectivity = connectivity;
        this.connectivityModels = connectivityModels;
        this.whatIfModels = whatIfModels;
        this.profiles = profiles;
        this.calls = calls;
        this.profileModels = profileModels;
        this.whatIf = whatIf;
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
        return profileModels.stored(profiles.createOrReplace(subscriptionId, resourceGroupName, fleetName,
                clusterMeshProfileName, selector, provisioningState, call));
    }

    @Override
    public ResponseEntity<ClusterMeshProfile> clusterMeshProfilesGet(String apiVersion, String subscriptionId,
            String resourceGroupName, String fleetName, String clusterMeshProfileName) {
        return profileModels.respond(HttpStatus.OK, profiles.get(subscriptionId, resourceGroupName, fleetName,
                clusterMeshProfileName));
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
        return profileModels.respond(HttpStatus.OK, profiles.apply(subscriptionId, resourceGroupName, fleetName, clusterMeshProfileName,
                calls.current()));
    }

    @Override
    public ResponseEntity<ClusterMeshProfile> clusterMeshProfilesRotateCertificates(String apiVersion, String subscriptionId,
            String resourceGroupName, String fleetName, String clusterMeshProfileName, String ifMatch) {
        // Answered as apply is, since it runs as one: 200 with the profile Applying, the operation in lastOperationId.
        return profileModels.respond(HttpStatus.OK, profiles.rotateCertificates(subscriptionId, resourceGroupName, fleetName,
                clusterMeshProfileName, calls.current()));
    }

    @Override
    public ResponseEntity<ClusterMeshWhatIfResult> clusterMeshProfilesWhatIf(String apiVersion, String subscriptionId,
            String resourceGroupName, String fleetName, String clusterMeshProfileName) {
        return ResponseEntity.ok(whatIfModels.toModel(whatIf.of(profiles.get(subscriptionId, resourceGroupName, fleetName,
                clusterMeshProfileName))));
    }

    @Override
    public ResponseEntity<ClusterMeshConnectivityResult> clusterMeshProfilesListConnectivity(String apiVersion,
            String subscriptionId, String resourceGroupName, String fleetName, String clusterMeshProfileName,
            ClusterMeshConnectivityRequest request) {
        return ResponseEntity.ok(connectivityModels.toModel(connectivity.of(subscriptionId, resourceGroupName, fleetName,
                clusterMeshProfileName, Boolean.TRUE.equals(request.getRefresh()))));
    }

    @Override
    public ResponseEntity<ClusterMeshProfileListResult> clusterMeshProfilesListByFleet(String apiVersion, String subscriptionId,
            String resourceGroupName, String fleetName) {
        return ResponseEntity.ok(profileModels.list(profiles.list(subscriptionId, resourceGroupName, fleetName,
                calls.current())));
    }

}
