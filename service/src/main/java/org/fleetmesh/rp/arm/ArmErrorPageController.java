package org.fleetmesh.rp.arm;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring's default error page, which the servlet container uses for failures outside
 * Spring MVC (malformed requests, errors in filters), so those too are ARM error bodies.
 */
@RestController
class ArmErrorPageController implements ErrorController {

    private final ArmErrorWriter writer;

    ArmErrorPageController(ArmErrorWriter writer) {
        this.writer = writer;
    }

    @RequestMapping("/error")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int code = status instanceof Integer value ? value : 500;
        ErrorCode errorCode = switch (code) {
            case 400 -> ErrorCode.INVALID_REQUEST_CONTENT;
            case 401 -> ErrorCode.AUTHENTICATION_FAILED;
            case 404 -> ErrorCode.INVALID_RESOURCE_TYPE;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.REQUEST_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> ErrorCode.INTERNAL_SERVER_ERROR;
        };
        String message = code >= 500
                ? "The service failed unexpectedly. Retry; if it persists, report the x-ms-request-id."
                : "The request could not be processed (HTTP " + code + "). Check the URL, headers and body.";
        writer.write(response, code < 400 ? 500 : code, ArmError.of(errorCode, message, null));
    }
}
