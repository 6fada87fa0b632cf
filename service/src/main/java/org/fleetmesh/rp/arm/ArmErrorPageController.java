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
        if (!(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer status)) {
            // called as a URL, not dispatched by the container for a failure: there is no such resource
            writer.write(response, ErrorCode.INVALID_RESOURCE_TYPE.status(), ArmError.of(ErrorCode.INVALID_RESOURCE_TYPE,
                    "The resource type could not be found in the namespace 'Microsoft.ContainerService' for this path.",
                    null));
            return;
        }
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        writer.write(response, ContainerErrors.status(status),
                ContainerErrors.errorFor(status, uri == null ? request.getRequestURI() : uri.toString()));
    }
}
