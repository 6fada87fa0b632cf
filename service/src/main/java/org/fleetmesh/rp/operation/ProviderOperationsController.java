package org.fleetmesh.rp.operation;

import java.util.List;
import org.fleetmesh.rp.api.OperationsApi;
import org.fleetmesh.rp.api.model.Operation;
import org.fleetmesh.rp.api.model.OperationDisplay;
import org.fleetmesh.rp.api.model.OperationListResult;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /providers/Microsoft.ContainerService/operations}: every action this provider exposes, for RBAC. */
@RestController
class ProviderOperationsController implements OperationsApi {

    private static final String PROVIDER = "Microsoft Container Service";
    private static final List<Operation> CATALOG = List.of(
            operation("register/action", "Subscription", "Register", "Registers the subscription for Microsoft.ContainerService."),
            operation("fleets/read", "Fleet", "Get fleet", "Gets or lists fleets."),
            operation("fleets/write", "Fleet", "Create or update fleet", "Creates or updates a fleet."),
            operation("fleets/delete", "Fleet", "Delete fleet", "Deletes a fleet with its members and cluster mesh profiles."),
            operation("fleets/listCredentials/action", "Fleet", "List fleet credentials", "Lists the hub credentials of a fleet."),
            operation("fleets/members/read", "Fleet member", "Get fleet member", "Gets or lists the members of a fleet."),
            operation("fleets/members/write", "Fleet member", "Create or update fleet member",
                    "Joins an AKS cluster to a fleet, or updates its group and labels."),
            operation("fleets/members/delete", "Fleet member", "Delete fleet member", "Removes a cluster from a fleet."),
            operation("fleets/clusterMeshProfiles/read", "Cluster mesh profile", "Get cluster mesh profile",
                    "Gets or lists cluster mesh profiles."),
            operation("fleets/clusterMeshProfiles/write", "Cluster mesh profile", "Create or update cluster mesh profile",
                    "Creates or updates a cluster mesh profile's member selector."),
            operation("fleets/clusterMeshProfiles/delete", "Cluster mesh profile", "Delete cluster mesh profile",
                    "Deletes a cluster mesh profile that has no connected members."),
            operation("fleets/clusterMeshProfiles/apply/action", "Cluster mesh profile", "Apply cluster mesh profile",
                    "Connects the selected members into a Cilium ClusterMesh and disconnects the others."),
            operation("fleets/clusterMeshProfiles/rotateCertificates/action", "Cluster mesh profile",
                    "Rotate cluster mesh certificates", "Rolls the mesh over to a new certificate authority and new member "
                    + "certificates, without a moment in which two members trust no common authority."),
            operation("fleets/clusterMeshProfiles/listConnectivity/action", "Cluster mesh profile",
                    "List cluster mesh connectivity", "Shows which members of the mesh reach which, as each member's "
                    + "KVStoreMesh reports its peers, changing nothing."),
            operation("fleets/clusterMeshProfiles/whatIf/action", "Cluster mesh profile", "Preview cluster mesh profile apply",
                    "Shows what the next apply would do to each member, with every prerequisite check, changing nothing."),
            operation("locations/operations/read", "Operation", "Get operation status",
                    "Gets the status of an asynchronous operation."),
            operation("operations/read", "Operations", "List operations", "Lists the operations of Microsoft.ContainerService."));

    @Override
    public ResponseEntity<OperationListResult> operationsList(String apiVersion) {
        return ResponseEntity.ok(new OperationListResult().value(CATALOG));
    }

    private static Operation operation(String action, String resource, String operation,
            String description) {
        return new Operation()
                .name("Microsoft.ContainerService/" + action)
                .isDataAction(false)
                .origin("user,system")
                .display(new OperationDisplay()
                        .provider(PROVIDER).resource(resource).operation(operation).description(description));
    }
}
