package org.fleetmesh.rp.arm;

import java.util.regex.Pattern;

/**
 * The ARM error for a failure the servlet container, not the service's code, detected: what it is called and what
 * the caller should do, from the HTTP status and the raw request path. Shared by the error page (failures inside
 * a web application) and the error report valve (requests refused before any application is chosen).
 */
final class ContainerErrors {

    /**
     * Sequences in a raw path that the web server or the security firewall refuse before any code of the service
     * runs: an encoded '/', '\', NUL, '%', '.' or ';', a raw backslash or ';'. No resource name can contain them.
     */
    private static final Pattern REFUSED_IN_PATH = Pattern.compile("%(2f|5c|00|25|2e|3b)|[\\\\;]", Pattern.CASE_INSENSITIVE);

    private static final String SERVER_FAILURE = "The service failed unexpectedly. Retry; if it persists, report the "
            + "x-ms-request-id.";

    private ContainerErrors() {
    }

    /** The status the caller gets: a container error below 400 is a server failure. */
    static int status(int status) {
        return status < 400 ? 500 : status;
    }

    static ArmError errorFor(int status, String rawPath) {
        if (status == 400 && rawPath != null && REFUSED_IN_PATH.matcher(rawPath).find()) {
            return ArmError.of(ErrorCode.INVALID_REQUEST_URI, "The URL path contains an encoded '/', '\\' or NUL (%2F, "
                    + "%5C, %00), or another sequence (%25, %2E, ';', '\\') that no resource name or path segment may "
                    + "contain. Remove it from the URL.", null);
        }
        ErrorCode code = switch (status) {
            case 400 -> ErrorCode.INVALID_REQUEST_CONTENT;
            case 401 -> ErrorCode.AUTHENTICATION_FAILED;
            case 404 -> ErrorCode.INVALID_RESOURCE_TYPE;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 413 -> ErrorCode.REQUEST_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 400 && status < 500 ? ErrorCode.INVALID_REQUEST_CONTENT : ErrorCode.INTERNAL_SERVER_ERROR;
        };
        String message = status(status) >= 500 ? SERVER_FAILURE
                : "The request could not be processed (HTTP " + status + "). Check the URL, headers and body.";
        return ArmError.of(code, message, null);
    }
}
