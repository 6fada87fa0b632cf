package org.fleetmesh.rp.arm;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.fleetmesh.rp.arm.contract.ArmRequest;
import org.fleetmesh.rp.arm.contract.QueryString;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the current HTTP call into an {@link ArmCall}. */
@Component
public class ArmCalls {

    static final String SYSTEM_DATA_HEADER = "x-ms-arm-resource-system-data";
    /** A DNS name (at most 253 characters), a colon and a port. */
    static final int MAX_AUTHORITY_LENGTH = 253 + 6;
    private static final Logger log = LoggerFactory.getLogger(ArmCalls.class);

    private final JsonMapper json;
    private final Clock clock;

    public ArmCalls(JsonMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    public ArmCall current() {
        HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
        Instant now = clock.instant();
        return new ArmCall(ArmRequest.apiVersion(request), caller(now), systemData(request), request.getHeader("If-Match"),
                request.getHeader("If-None-Match"), publicRequestUri(request), QueryString.parse(request.getQueryString()),
                ArmRequest.body(request));
    }

    /**
     * ARM sends the public URL in Referer; without ARM in front, the request's own URL (its Host header) is the
     * public one. Links (Location, Azure-AsyncOperation, nextLink) are built on its scheme and authority, so an
     * authority longer than any host name and port would make response headers no server can send: it is refused.
     */
    private static URI publicRequestUri(HttpServletRequest request) {
        String referer = request.getHeader("Referer");
        if (referer != null) {
            try {
                URI uri = new URI(referer);
                if (uri.isAbsolute() && uri.getHost() != null) {
                    return withShortAuthority(uri, "Referer", "Send the URL the client called, or omit the header.");
                }
            } catch (URISyntaxException ignored) {
                log.debug("ignoring a Referer that is not a URL: {}", referer);
            }
        }
        String query = request.getQueryString();
        return withShortAuthority(URI.create(request.getRequestURL() + (query == null ? "" : "?" + query)), "Host",
                "Send the host name the client called.");
    }

    private static URI withShortAuthority(URI uri, String header, String remedy) {
        if (uri.getRawAuthority() != null && uri.getRawAuthority().length() > MAX_AUTHORITY_LENGTH) {
            throw new ArmException(ErrorCode.INVALID_REQUEST_HEADER, "The host and port of the " + header + " header are "
                    + "longer than " + MAX_AUTHORITY_LENGTH + " characters, longer than any host name. " + remedy, header);
        }
        return uri;
    }

    private ArmCall.SystemDataHeader systemData(HttpServletRequest request) {
        return new SystemDataHeaderReader(json).read(request.getHeader(SYSTEM_DATA_HEADER));
    }

    private static Actor caller(Instant now) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            Map<String, Object> claims = token.getTokenAttributes();
            for (String claim : new String[] {"upn", "unique_name", "preferred_username", "email"}) {
                if (claims.get(claim) instanceof String user && !user.isBlank()) {
                    return new Actor(user, "User", now);
                }
            }
            if (claims.get("xms_mirid") instanceof String managedIdentity) {
                return new Actor(managedIdentity, "ManagedIdentity", now);
            }
            Object app = claims.getOrDefault("appid", claims.getOrDefault("azp", token.getName()));
            return new Actor(String.valueOf(app), "Application", now);
        }
        return new Actor("anonymous", "Application", now);
    }

    /** Parses ARM's systemData header; a malformed header is ignored rather than failing the write. */
    private record SystemDataHeaderReader(JsonMapper json) {

        ArmCall.@Nullable SystemDataHeader read(String header) {
            if (header == null || header.isBlank()) {
                return null;
            }
            try {
                JsonNode node = json.readTree(header);
                return new ArmCall.SystemDataHeader(text(node, "createdBy"), text(node, "createdByType"),
                        time(node, "createdAt"), text(node, "lastModifiedBy"), text(node, "lastModifiedByType"),
                        time(node, "lastModifiedAt"));
            } catch (JacksonException | java.time.format.DateTimeParseException malformed) {
                log.warn("ignoring a malformed {} header", SYSTEM_DATA_HEADER);
                return null;
            }
        }

        private static @Nullable String text(JsonNode node, String field) {
            return node.hasNonNull(field) ? node.get(field).asString() : null;
        }

        private static @Nullable Instant time(JsonNode node, String field) {
            return node.hasNonNull(field) ? OffsetDateTime.parse(node.get(field).asString()).toInstant() : null;
        }
    }
}
