package org.fleetmesh.rp.arm;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Optional;
import java.util.UUID;
import org.fleetmesh.rp.arm.domain.Text;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every response its own {@code x-ms-request-id} and carries the caller's correlation ids into the
 * logs, before anything else runs, so that even authentication failures can be traced. The ids are echoed in
 * response headers and written to every log line, so one that is too long or not printable ASCII is refused
 * here, before anything else runs, and never copied anywhere. So is any header whose value holds a control
 * character (a byte below 0x20, or 0x7F to 0x9F, such as UTF-8 sent where Latin-1 is read): the web server's
 * firewall would otherwise refuse it only when the header is first read, deep inside the request, as a 500.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestCorrelationFilter extends OncePerRequestFilter {

    /** ARM sends GUIDs; a client's own id may be longer, but nothing needs more than this. */
    static final int MAX_ID_LENGTH = 256;

    static final String REQUEST_ID = "x-ms-request-id";
    static final String CORRELATION_ID = "x-ms-correlation-request-id";
    static final String CLIENT_REQUEST_ID = "x-ms-client-request-id";
    static final String RETURN_CLIENT_REQUEST_ID = "x-ms-return-client-request-id";

    private final ArmErrorWriter errors;

    RequestCorrelationFilter(ArmErrorWriter errors) {
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = UUID.randomUUID().toString();
        response.setHeader(REQUEST_ID, requestId);
        ArmError invalid = invalidId(request, CORRELATION_ID).or(() -> invalidId(request, CLIENT_REQUEST_ID))
                .or(() -> controlCharacters(request)).orElse(null);
        if (invalid != null) {
            response.setHeader(CORRELATION_ID, requestId);
            errors.write(response, ErrorCode.statusOf(invalid.code()), invalid);
            return;
        }
        String correlationId = headerOr(request, CORRELATION_ID, requestId);
        String clientRequestId = request.getHeader(CLIENT_REQUEST_ID);
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

    /** Why the id in this header cannot be accepted, or empty when it is absent or acceptable. */
    private static Optional<ArmError> invalidId(HttpServletRequest request, String header) {
        String value = request.getHeader(header);
        if (value == null) {
            return Optional.empty();
        }
        if (value.length() > MAX_ID_LENGTH) {
            return Optional.of(ArmError.of(ErrorCode.HEADER_TOO_LONG, "The header '" + header + "' is " + value.length()
                    + " characters long; it may have at most " + MAX_ID_LENGTH + ". Send a GUID.", header));
        }
        if (!value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return Optional.of(ArmError.of(ErrorCode.INVALID_REQUEST_HEADER, "The header '" + header + "' may contain "
                    + "printable ASCII characters only. Send a GUID.", header));
        }
        return Optional.empty();
    }

    /** A header whose value holds a control character, which no header this service reads may contain. */
    private static Optional<ArmError> controlCharacters(HttpServletRequest request) {
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                if (value.chars().anyMatch(Character::isISOControl)) {
                    return Optional.of(ArmError.of(ErrorCode.INVALID_REQUEST_HEADER, "The header '" + Text.echo(name) + "' "
                            + "contains a control character. Send header values as printable text (non-ASCII text "
                            + "percent-encoded).", name));
                }
            }
        }
        return Optional.empty();
    }

    private static String headerOr(HttpServletRequest request, String header, String fallback) {
        String value = request.getHeader(header);
        return value == null || value.isBlank() ? fallback : value;
    }
}
