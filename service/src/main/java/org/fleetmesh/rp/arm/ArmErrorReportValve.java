package org.fleetmesh.rp.arm;

import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat refuses some requests before any web application sees them (an encoded '/', '\' or NUL in the path) and
 * reports them with this host-level valve, which by default writes an HTML page. This one writes the ARM error
 * body instead. Tomcat creates it by class name, so it builds its own JSON writer.
 */
public class ArmErrorReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        ArmError error = ContainerErrors.errorFor(status, request.getRequestURI());
        try {
            response.resetBuffer();
            response.setStatus(ContainerErrors.status(status));
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            response.setHeader(ArmErrorWriter.ERROR_CODE_HEADER, error.code());
            if (response.getHeader(RequestCorrelationFilter.REQUEST_ID) == null) {
                response.setHeader(RequestCorrelationFilter.REQUEST_ID, UUID.randomUUID().toString());
            }
            OutputStream out = response.getOutputStream();
            out.write(JSON.writeValueAsBytes(new ArmError.Body(error)));
            response.finishResponse();
        } catch (IOException | IllegalStateException unwritable) {
            container.getLogger().debug("could not write the error body", unwritable);
        }
    }
}
