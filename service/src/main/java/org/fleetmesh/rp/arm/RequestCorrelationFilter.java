package org.fleetmesh.rp.arm;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every response its own {@code x-ms-request-id} and carries the caller's correlation ids into the
 * logs, before anything else runs, so that even authentication failures can be traced.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestCorrelationFilter extends OncePerRequestFilter {

    static final String REQUEST_ID = "x-ms-request-id";
    static final String CORRELATION_ID = "x-ms-correlation-request-id";
    static final String CLIENT_REQUEST_ID = "x-ms-client-request-id";
    static final String RETURN_CLIENT_REQUEST_ID = "x-ms-return-client-request-id";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = UUID.randomUUID().toString();
        String correlationId = headerOr(request, CORRELATION_ID, requestId);
        String clientRequestId = request.getHeader(CLIENT_REQUEST_ID);
        response.setHeader(REQUEST_ID, requestId);
        response.setHeader(CORRELATION_ID, correlationId);
        if (clientRequestId != null && "true".equalsIgnoreCase(request.getHeader(RETURN_CLIENT_REQUEST_ID))) {
            response.setHeader(CLIENT_REQUEST_ID, clientRequestId);
        }
        MDC.put("requestId", requestId);
        MDC.put("correlationId", correlationId);
        if (clientRequestId != null) {
            MDC.put("clientRequestId", clientRequestId);
        }
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("requestId");
            MDC.remove("correlationId");
            MDC.remove("clientRequestId");
        }
    }

    private static String headerOr(HttpServletRequest request, String header, String fallback) {
        String value = request.getHeader(header);
        return value == null || value.isBlank() ? fallback : value;
    }
}
