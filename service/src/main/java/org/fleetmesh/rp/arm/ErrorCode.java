package org.fleetmesh.rp.arm;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every error code this service returns. Codes are part of the API: clients branch on them, so a
 * code never changes once shipped. Where ARM itself has a code for the situation, that code is used. Each says who
 * must act ({@link Kind}) and what to do; {@code src/site/markdown/errors.md} is generated from this list.
 */
public enum ErrorCode {
    MISSING_API_VERSION("MissingApiVersionParameter", 400, Kind.CALLER,
            "Add the query parameter api-version, one of the versions the resource type lists."),
    UNSUPPORTED_API_VERSION("NoRegisteredProviderFound", 400, Kind.CALLER,
            "Use an api-version this resource type supports; the message lists them."),
    INVALID_RESOURCE_TYPE("InvalidResourceType", 404, Kind.CALLER,
            "Check the URL: the resource type or action does not exist in that api-version."),
    INVALID_RESOURCE_NAME("InvalidResourceName", 400, Kind.CALLER,
            "Use a name that matches the resource type's pattern and length (the message says which)."),
    INVALID_SUBSCRIPTION_ID("InvalidSubscriptionId", 400, Kind.CALLER,
            "Use the subscription's GUID in the URL."),
    INVALID_REQUEST_CONTENT("InvalidRequestContent", 400, Kind.CALLER,
            "Fix the request body at the JSON path the target names: well-formed JSON, no duplicate keys, only the api-version's properties, values of the right type."),
    INVALID_PARAMETER("InvalidParameter", 400, Kind.CALLER,
            "Fix the query parameter or header the target names."),
    INVALID_REQUEST_HEADER("InvalidRequestHeader", 400, Kind.CALLER,
            "Fix the header the target names: printable ASCII, a valid value, a host ARM can call back."),
    HEADER_TOO_LONG("HeaderTooLong", 400, Kind.CALLER,
            "Send the header the target names with at most 256 characters (a GUID for request ids)."),
    INVALID_REQUEST_URI("InvalidRequestUri", 400, Kind.CALLER,
            "Remove encoded '/', '\\' or NUL characters from the path."),
    LOCATION_REQUIRED("LocationRequired", 400, Kind.CALLER,
            "Send the fleet's location."),
    LOCATION_NOT_AVAILABLE("LocationNotAvailableForResourceType", 400, Kind.CALLER,
            "Use an Azure region name (az account list-locations --query [].name)."),
    PROPERTY_CHANGE_NOT_ALLOWED("PropertyChangeNotAllowed", 400, Kind.CALLER,
            "Send the property's current value, or delete the resource and create a new one."),
    INVALID_TAG("InvalidTag", 400, Kind.CALLER,
            "Use at most 50 tags, names up to 512 and values up to 256 characters, without < > % & \\ ? /, and no null values."),
    INVALID_LABEL("InvalidLabel", 400, Kind.CALLER,
            "Use Kubernetes label syntax (names and values up to 63 characters) and at most 50 labels of your own."),
    RESERVED_LABEL("ReservedLabel", 400, Kind.CALLER,
            "Leave labels under fleet.azure.com/ out of the request: the service sets them."),
    HUB_CLUSTER_NOT_SUPPORTED("HubClusterNotSupported", 400, Kind.CALLER,
            "Create the fleet without properties.hubProfile."),
    MANAGED_IDENTITY_NOT_SUPPORTED("ManagedIdentityNotSupported", 400, Kind.CALLER,
            "Omit identity, or set identity.type to None."),
    INVALID_CLUSTER_RESOURCE_ID("InvalidClusterResourceId", 400, Kind.CALLER,
            "Use the full resource id of an AKS managed cluster."),
    INVALID_MEMBER_SELECTOR("InvalidMemberSelector", 400, Kind.CALLER,
            "Use comma-separated key=value pairs, e.g. env=production,region=west."),
    INVALID_FILTER("InvalidFilter", 400, Kind.CALLER,
            "Use the $filter subset the message lists (eq, ne, and, or, parentheses), within its depth and size limits."),
    INVALID_SKIP_TOKEN("InvalidSkipToken", 400, Kind.CALLER,
            "Follow nextLink as returned, in the subscription that listed."),
    CLUSTER_NOT_FOUND("ClusterNotFound", 400, Kind.CALLER,
            "Check the subscription, resource group and name in properties.clusterResourceId."),
    TOO_MANY_MESH_MEMBERS("TooManyMeshMembers", 400, Kind.CALLER,
            "Narrow the selector: a mesh holds at most 255 members."),
    MESH_MEMBERS_FAILED("MeshMembersFailed", 400, Kind.CALLER,
            "Read details: one entry per failed member, each with what to do; fix them and apply again."),
    MESH_PREREQUISITES_NOT_MET("MeshPrerequisitesNotMet", 400, Kind.CALLER,
            "Run the remediation each detail names (az aks update ...), then apply again."),
    FEATURE_NOT_AVAILABLE("FeatureNotYetAvailable", 400, Kind.CALLER,
            "Use a preview api-version that has the feature."),
    AUTHENTICATION_FAILED("AuthenticationFailed", 401, Kind.CALLER,
            "Send a bearer token in the Authorization header."),
    INVALID_AUTHENTICATION_TOKEN("InvalidAuthenticationToken", 401, Kind.CALLER,
            "Send a token from a trusted issuer for the service's audience."),
    EXPIRED_AUTHENTICATION_TOKEN("ExpiredAuthenticationToken", 401, Kind.CALLER,
            "Get a new token and retry."),
    AUTHORIZATION_FAILED("AuthorizationFailed", 403, Kind.CALLER,
            "Grant the identity the message names the permission it names, then retry."),
    RESOURCE_NOT_FOUND("ResourceNotFound", 404, Kind.CALLER,
            "Check the resource's name and resource group, or create it first."),
    PARENT_RESOURCE_NOT_FOUND("ParentResourceNotFound", 404, Kind.CALLER,
            "Create the parent fleet first."),
    METHOD_NOT_ALLOWED("MethodNotAllowed", 405, Kind.CALLER,
            "Use a method the resource supports."),
    NOT_ACCEPTABLE("NotAcceptable", 406, Kind.CALLER,
            "Accept application/json."),
    CONFLICT("Conflict", 409, Kind.CALLER,
            "Read the resource again and retry the request."),
    ANOTHER_OPERATION_IN_PROGRESS("AnotherOperationInProgress", 409, Kind.CALLER,
            "Wait for the running operation the message names, then retry."),
    CLUSTER_ALREADY_MEMBER("ClusterAlreadyMember", 409, Kind.CALLER,
            "Delete the existing member of that cluster first: a cluster joins one fleet only."),
    MEMBER_IN_CLUSTER_MESH("MemberInClusterMesh", 409, Kind.CALLER,
            "Relabel the member so that no profile selects it, apply the profile, then delete the member."),
    CLUSTER_MESH_PROFILE_IN_USE("ClusterMeshProfileInUse", 409, Kind.CALLER,
            "Set a selector that matches nothing, apply, then delete the profile."),
    CLUSTER_MESH_NOT_APPLIED("ClusterMeshNotApplied", 409, Kind.CALLER,
            "Apply the profile first: its first apply issues the mesh's certificate authority and certificates."),
    MISSING_SUBSCRIPTION_REGISTRATION("MissingSubscriptionRegistration", 409, Kind.CALLER,
            "Register the subscription with the resource provider (az provider register -n Microsoft.ContainerService)."),
    READ_ONLY_DISABLED_SUBSCRIPTION("ReadOnlyDisabledSubscription", 409, Kind.CALLER,
            "Re-enable the subscription; until then it can be read only."),
    PRECONDITION_FAILED("PreconditionFailed", 412, Kind.CALLER,
            "Read the resource again for its current ETag, then retry with that If-Match."),
    REQUEST_TOO_LARGE("RequestContentTooLarge", 413, Kind.CALLER,
            "Send a body under 4 MB."),
    UNSUPPORTED_MEDIA_TYPE("UnsupportedMediaType", 415, Kind.CALLER,
            "Send the body as application/json."),
    INTERNAL_SERVER_ERROR("InternalServerError", 500, Kind.SERVICE,
            "Retry; if it persists, report it with the x-ms-correlation-request-id: the service logged it."),
    AZURE_REQUEST_FAILED("AzureRequestFailed", 502, Kind.DEPENDENCY,
            "Retried by the service until the operation's deadline; if it ends with this, check Azure's status and apply again."),
    MEMBER_CLUSTER_UNREACHABLE("MemberClusterUnreachable", 502, Kind.DEPENDENCY,
            "Retried by the service until the member's retry window ends; then check that the cluster runs and its API server is reachable, and apply again."),
    MEMBER_CLUSTER_NOT_READY("MemberClusterNotReady", 502, Kind.DEPENDENCY,
            "Retried by the service until the member's retry window ends; then follow the message (load balancer, objects changed on the cluster) and apply again."),
    PARTIAL_CONNECTIVITY("PartialConnectivity", 502, Kind.DEPENDENCY,
            "While Connecting: the peers named are not ready yet, the service waits. Once Failed: each detail names a peer "
            + "and what this member's KVStoreMesh reported; fix that (allow TCP 2379 between the members' networks, "
            + "check peering and DNS), then apply again."),
    CONNECTIVITY_TIMEOUT("ConnectivityTimeout", 504, Kind.DEPENDENCY,
            "No peer became visible to the member's KVStoreMesh within the wait: check that TCP 2379 reaches the other "
            + "members' clustermesh-apiserver load balancers (NSGs, VNet peering), then apply again."),
    MESH_CONFIGURATION_DRIFTED("MeshConfigurationDrifted", 502, Kind.DEPENDENCY,
            "The health check found objects the service gave the member deleted or changed by someone else (or its "
            + "clustermesh-apiserver given another load-balancer address); each detail names one. Find what changes them "
            + "('kubectl -n kube-system get <kind> <name> -o yaml' shows managedFields), then apply again: the apply "
            + "puts them back."),
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503, Kind.DEPENDENCY,
            "Retry after the Retry-After the response gives."),
    OPERATION_TIMED_OUT("OperationTimedOut", 504, Kind.SERVICE,
            "Retry the request; the message names the step that did not finish."),
    AZURE_REQUEST_TIMED_OUT("AzureRequestTimedOut", 504, Kind.DEPENDENCY,
            "Retried by the service until the operation's deadline; if it ends with this, retry the request later.");

    /** Who must act on an error, which decides whether a long-running operation tries again. */
    public enum Kind {
        /** The caller asked for something that cannot be done as asked: final, the message says what to change. */
        CALLER,
        /**
         * Something the service depends on failed or was slow (Azure Resource Manager, Entra ID, a member's API server,
         * the database): retried with backoff until the operation's deadline (per member, within the mesh's retry
         * window), and final only then.
         */
        DEPENDENCY,
        /** The service itself failed: final, logged with the correlation id. */
        SERVICE
    }

    private final String code;
    private final int status;
    private final Kind kind;
    private final String remediation;

    ErrorCode(String code, int status, Kind kind, String remediation) {
        this.code = code;
        this.status = status;
        this.kind = kind;
        this.remediation = remediation;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public Kind kind() {
        return kind;
    }

    public String remediation() {
        return remediation;
    }

    /** Whether an operation that met this error should try again rather than end. */
    public boolean isTransient() {
        return kind == Kind.DEPENDENCY;
    }

    /** Whether an error this service issued, by its code, is a dependency's failure worth another try. */
    public static boolean isTransient(String code) {
        return find(code).map(ErrorCode::isTransient).orElse(false);
    }

    /** The HTTP status of a code this service issued; an unknown code is a server error. */
    public static int statusOf(String code) {
        return find(code).orElse(INTERNAL_SERVER_ERROR).status;
    }

    private static Optional<ErrorCode> find(String code) {
        return Arrays.stream(values()).filter(candidate -> candidate.code.equals(code)).findFirst();
    }
}
