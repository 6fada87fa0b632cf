package org.fleetmesh.rp.arm;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes ARM error bodies where no controller is involved: filters, security, the servlet error page. */
@Component
public class ArmErrorWriter {

    public static final String ERROR_CODE_HEADER = "x-ms-error-code";

    private final JsonMapper json;

    public ArmErrorWriter(JsonMapper json) {
        this.json = json;
    }

    public void write(HttpServletResponse response, int status, ArmError error) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader(ERROR_CODE_HEADER, error.code());
        response.getOutputStream().write(json.writeValueAsBytes(new ArmError.Body(error)));
        response.flushBuffer();
    }

    public void write(HttpServletResponse response, ArmException failure) throws IOException {
        write(response, failure.status(), failure.toError());
    }
}
