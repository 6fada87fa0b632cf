package org.fleetmesh.rp.arm;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Turns every failure inside a controller into an ARM error body; nothing else reaches the caller. */
@RestControllerAdvice
class ArmExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ArmExceptionHandler.class);

    /** The partial unique index that lets one operation at a time run on a resource. */
    private static final String ONE_OPERATION_PER_RESOURCE = "operations_one_active_per_resource";


    @ExceptionHandler(ArmException.class)
    ResponseEntity<ArmError.Body> armFailure(ArmException failure) {
        return respond(failure.status(), failure.toError());
    }

    @ExceptionHandler(ObjectOptimisticLockingFailureException.class)
    ResponseEntity<ArmError.Body> concurrentChange(ObjectOptimisticLockingFailureException failure) {
        return respond(ErrorCode.CONFLICT, "The resource was changed by another request while this one ran. "
                + "Read it again and retry.", null);
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ArmError.Body> integrity(DataIntegrityViolationException failure) {
        log.info("request refused by a database constraint: {}", failure.getMostSpecificCause().getMessage());
        if (String.valueOf(failure.getMostSpecificCause().getMessage()).contains(ONE_OPERATION_PER_RESOURCE)) {
            return respond(ErrorCode.ANOTHER_OPERATION_IN_PROGRESS, "Another write to this resource was accepted a moment "
                    + "ago and its operation is running. Wait for it to finish, then retry.", null);
        }
        return respond(ErrorCode.CONFLICT, "The request conflicts with the current state of another resource, "
                + "most likely one created by a concurrent request. Read the resources again and retry.", null);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ArmError.Body> unreadable(HttpMessageNotReadableException failure) {
        return respond(ErrorCode.INVALID_REQUEST_CONTENT,
                "The request body is not valid JSON for this operation. Send a JSON object as described by the api-version's schema.",
                null);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ArmError.Body> mediaType(HttpMediaTypeNotSupportedException failure) {
        return respond(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                "The Content-Type '" + failure.getContentType() + "' is not supported. Send 'application/json'.", null);
    }

    /** The Accept header is malformed, or names nothing this service produces: every answer is JSON. */
    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ArmError.Body> notAcceptable(HttpServletRequest request) {
        try {
            MediaType.parseMediaTypes(request.getHeader(HttpHeaders.ACCEPT));
        } catch (InvalidMediaTypeException malformed) {
            return respond(ErrorCode.INVALID_REQUEST_HEADER, "The Accept header is not a valid list of media types. "
                    + "Send 'Accept: application/json', or omit the header.", HttpHeaders.ACCEPT);
        }
        return respond(ErrorCode.NOT_ACCEPTABLE, "This resource cannot be returned in any media type the Accept header "
                + "lists. Accept 'application/json' (metrics: 'text/plain').", HttpHeaders.ACCEPT);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ArmError.Body> method(HttpRequestMethodNotSupportedException failure) {
        return respond(ErrorCode.METHOD_NOT_ALLOWED, "The method '" + failure.getMethod()
                + "' is not supported on this resource. Supported: " + failure.getSupportedHttpMethods() + ".", null);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ArmError.Body> missingParameter(MissingServletRequestParameterException failure) {
        return respond(ErrorCode.INVALID_PARAMETER, "The query parameter '" + failure.getParameterName() + "' is required.",
                failure.getParameterName());
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ArmError.Body> missingHeader(MissingRequestHeaderException failure) {
        return respond(ErrorCode.INVALID_PARAMETER, "The header '" + failure.getHeaderName() + "' is required.",
                failure.getHeaderName());
    }

    /**
     * The web server parses the query string only when a parameter is first read, and then refuses a malformed
     * one (a parameter without a name, bad percent-encoding, too many parameters) with an exception of its own.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ArmError.Body> malformedQuery(InvalidParameterException failure) {
        return respond(ErrorCode.INVALID_REQUEST_URI, "The query string is malformed. Send each parameter as name=value, "
                + "with a name, percent-encoded as UTF-8, and at most a few dozen parameters.", null);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ArmError.Body> typeMismatch(MethodArgumentTypeMismatchException failure) {
        return respond(ErrorCode.INVALID_PARAMETER, "The value of '" + failure.getName() + "' is not valid.",
                failure.getName());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ArmError.Body> noRoute(NoResourceFoundException failure) {
        return respond(ErrorCode.INVALID_RESOURCE_TYPE, "The resource type could not be found in the namespace "
                + "'Microsoft.ContainerService' for this path.", null);
    }

    /** The database is briefly out of reach (a failover, a restart): the caller should retry, as for any 503. */
    @ExceptionHandler({TransientDataAccessException.class, DataAccessResourceFailureException.class})
    ResponseEntity<ArmError.Body> databaseUnavailable(RuntimeException failure) {
        log.warn("database unavailable: {}", failure.getMessage());
        ResponseEntity<ArmError.Body> response = respond(ErrorCode.SERVICE_UNAVAILABLE,
                "The service cannot reach its database at the moment. Retry in a few seconds.", null);
        return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, "10").body(response.getBody());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ArmError.Body> unexpected(Exception failure) {
        log.error("unexpected failure", failure);
        return respond(ErrorCode.INTERNAL_SERVER_ERROR,
                "The service failed unexpectedly. Retry; if it persists, report the x-ms-request-id.", null);
    }

    private static ResponseEntity<ArmError.Body> respond(ErrorCode code, String message, String target) {
        return respond(code.status(), ArmError.of(code, message, target));
    }

    /**
     * The explicit JSON content type makes Spring skip content negotiation: an error body is JSON whatever the
     * Accept header asks for, so an unacceptable or malformed Accept cannot turn an error into an empty 500.
     */
    private static ResponseEntity<ArmError.Body> respond(int status, ArmError error) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set(ArmErrorWriter.ERROR_CODE_HEADER, error.code());
        return ResponseEntity.status(HttpStatusCode.valueOf(status)).headers(headers).body(new ArmError.Body(error));
    }
}
