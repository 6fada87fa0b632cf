package org.fleetmesh.rp.arm;

/**
 * Every error code this service returns. Codes are part of the API: clients branch on them, so a
 * code never changes once shipped. Where ARM itself has a code for the situation, that code is used.
 */
public enum ErrorCode {
    MISSING_API_VERSION("MissingApiVersionParameter", 400),
    UNSUPPORTED_API_VERSION("NoRegisteredProviderFound", 400),
    INVALID_RESOURCE_TYPE("InvalidResourceType", 404),
    INVALID_RESOURCE_NAME("InvalidResourceName", 400),
    INVALID_SUBSCRIPTION_ID("InvalidSubscriptionId", 400),
    INVALID_REQUEST_CONTENT("InvalidRequestContent", 400),
    INVALID_PARAMETER("InvalidParameter", 400),
    INVALID_REQUEST_HEADER("InvalidRequestHeader", 400),
    HEADER_TOO_LONG("HeaderTooLong", 400),
    INVALID_REQUEST_URI("InvalidRequestUri", 400),
    LOCATION_REQUIRED("LocationRequired", 400),
    LOCATION_NOT_AVAILABLE("LocationNotAvailableForResourceType", 400),
    PROPERTY_CHANGE_NOT_ALLOWED("PropertyChangeNotAllowed", 400),
    INVALID_TAG("InvalidTag", 400),
    INVALID_LABEL("InvalidLabel", 400),
    RESERVED_LABEL("ReservedLabel", 400),
    HUB_CLUSTER_NOT_SUPPORTED("HubClusterNotSupported", 400),
    MANAGED_IDENTITY_NOT_SUPPORTED("ManagedIdentityNotSupported", 400),
    INVALID_CLUSTER_RESOURCE_ID("InvalidClusterResourceId", 400),
    INVALID_MEMBER_SELECTOR("InvalidMemberSelector", 400),
    INVALID_FILTER("InvalidFilter", 400),
    INVALID_SKIP_TOKEN("InvalidSkipToken", 400),
    CLUSTER_NOT_FOUND("ClusterNotFound", 400),
    TOO_MANY_MESH_MEMBERS("TooManyMeshMembers", 400),
    MESH_MEMBERS_FAILED("MeshMembersFailed", 400),
    MESH_PREREQUISITES_NOT_MET("MeshPrerequisitesNotMet", 400),
    FEATURE_NOT_AVAILABLE("FeatureNotYetAvailable", 400),
    AUTHENTICATION_FAILED("AuthenticationFailed", 401),
    INVALID_AUTHENTICATION_TOKEN("InvalidAuthenticationToken", 401),
    EXPIRED_AUTHENTICATION_TOKEN("ExpiredAuthenticationToken", 401),
    AUTHORIZATION_FAILED("AuthorizationFailed", 403),
    RESOURCE_NOT_FOUND("ResourceNotFound", 404),
    PARENT_RESOURCE_NOT_FOUND("ParentResourceNotFound", 404),
    METHOD_NOT_ALLOWED("MethodNotAllowed", 405),
    NOT_ACCEPTABLE("NotAcceptable", 406),
    CONFLICT("Conflict", 409),
    ANOTHER_OPERATION_IN_PROGRESS("AnotherOperationInProgress", 409),
    CLUSTER_ALREADY_MEMBER("ClusterAlreadyMember", 409),
    MEMBER_IN_CLUSTER_MESH("MemberInClusterMesh", 409),
    CLUSTER_MESH_PROFILE_IN_USE("ClusterMeshProfileInUse", 409),
    MISSING_SUBSCRIPTION_REGISTRATION("MissingSubscriptionRegistration", 409),
    READ_ONLY_DISABLED_SUBSCRIPTION("ReadOnlyDisabledSubscription", 409),
    PRECONDITION_FAILED("PreconditionFailed", 412),
    REQUEST_TOO_LARGE("RequestContentTooLarge", 413),
    UNSUPPORTED_MEDIA_TYPE("UnsupportedMediaType", 415),
    INTERNAL_SERVER_ERROR("InternalServerError", 500),
    AZURE_REQUEST_FAILED("AzureRequestFailed", 502),
    MEMBER_CLUSTER_UNREACHABLE("MemberClusterUnreachable", 502),
    MEMBER_CLUSTER_NOT_READY("MemberClusterNotReady", 502),
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503),
    OPERATION_TIMED_OUT("OperationTimedOut", 504),
    AZURE_REQUEST_TIMED_OUT("AzureRequestTimedOut", 504);

    private final String code;
    private final int status;

    ErrorCode(String code, int status) {
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** The HTTP status of a code this service issued; an unknown code is a server error. */
    public static int statusOf(String code) {
        for (ErrorCode candidate : values()) {
            if (candidate.code.equals(code)) {
                return candidate.status;
            }
        }
        return INTERNAL_SERVER_ERROR.status;
    }
}
