package org.fleetmesh.rp.arm.contract;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.fleetmesh.rp.arm.ArmErrorWriter;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ARM front door for resource requests: checks the api-version, the URL's names and the body against
 * the api-version's committed Swagger, then shapes the response to that version. Controllers behind it only
 * see requests their version allows.
 */
public class ContractFilter extends OncePerRequestFilter {

    /** ARM's limit for a request body. */
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private static final Pattern SUBSCRIPTION_NOTIFICATION = Pattern.compile("^/subscriptions/[^/]+/?$", Pattern.CASE_INSENSITIVE);

    private final ApiContract contract;
    private final ResponseShaper shaper;
    private final ArmErrorWriter errors;
    private final JsonMapper json;
    private final JsonBody bodies;

    public ContractFilter(ApiContract contract, ArmErrorWriter errors, JsonMapper json) {
        this.contract = contract;
        this.shaper = contract.responseShaper();
        this.errors = errors;
        this.json = json;
        this.bodies = new JsonBody(json);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = path(request);
        return path.startsWith("/actuator") || path.startsWith("/local/") || path.equals("/error");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            HttpServletRequest checked = check(request);
            OperationSpec operation = ArmRequest.operation(checked);
            // A response in the models' own version has nothing to cut: it is neither buffered nor parsed.
            if (operation == null || ApiVersions.MODELS.equals(checked.getAttribute(ArmRequest.API_VERSION))) {
                chain.doFilter(checked, response);
                return;
            }
            ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
            chain.doFilter(checked, buffered);
            shapeBody(operation, buffered);
            buffered.copyBodyToResponse();
        } catch (ArmException failure) {
            errors.write(response, failure);
        }
    }

    private HttpServletRequest check(HttpServletRequest request) throws IOException {
        String path = path(request);
        Map<String, List<String>> query = QueryString.parse(request.getQueryString());
        String apiVersion = QueryString.first(query, "api-version");
        if (SUBSCRIPTION_NOTIFICATION.matcher(path).matches()) {
            requireVersion(apiVersion, List.of(ApiVersions.SUBSCRIPTION_NOTIFICATION), "subscriptions");
            return withStrictJson(request);
        }
        List<String> segments = ApiContract.segments(path);
        List<String> serving = contract.versionsServing(segments);
        if (apiVersion == null) {
            throw missingApiVersion();
        }
        if (serving.isEmpty()) {
            throw new ArmException(ErrorCode.INVALID_RESOURCE_TYPE, "The resource type could not be found in the namespace "
                    + "'Microsoft.ContainerService' for api version '" + apiVersion + "'. Check the URL.", null);
        }
        OperationSpec anyVersion = contract.operations(serving.get(0)).stream()
                .filter(op -> op.matches(segments)).findFirst().orElseThrow();
        requireVersion(apiVersion, serving, anyVersion.resourceType());
        OperationSpec operation = contract.find(apiVersion, request.getMethod(), segments)
                .orElseThrow(() -> new ArmException(ErrorCode.METHOD_NOT_ALLOWED, "The method '" + request.getMethod()
                        + "' is not supported on this resource. Supported: " + contract.methodsOn(apiVersion, segments) + ".",
                        null));
        ParameterChecks.path(operation, operation.pathValues(segments));
        ParameterChecks.query(operation, query);
        request.setAttribute(ArmRequest.OPERATION, operation);
        request.setAttribute(ArmRequest.API_VERSION, apiVersion);
        return operation.body() == null ? request : withCheckedBody(request, operation);
    }

    private static ArmException missingApiVersion() {
        return new ArmException(ErrorCode.MISSING_API_VERSION,
                "The api-version query parameter (?api-version=) is required for all requests.", "api-version");
    }

    private static void requireVersion(String apiVersion, List<String> supported, String resourceType) {
        if (apiVersion == null) {
            throw missingApiVersion();
        }
        if (!supported.contains(apiVersion)) {
            throw new ArmException(ErrorCode.UNSUPPORTED_API_VERSION, "No registered resource provider found for API version '"
                    + apiVersion + "' and type '" + resourceType + "'. The supported api-versions are '"
                    + String.join(", ", supported) + "'.", "api-version");
        }
    }

    private HttpServletRequest withCheckedBody(HttpServletRequest request, OperationSpec operation) throws IOException {
        byte[] bytes = readLimited(request.getInputStream());
        if (bytes.length == 0) {
            if (operation.bodyRequired()) {
                throw new ArmException(ErrorCode.INVALID_REQUEST_CONTENT, "A request body is required for this operation.", null);
            }
            return request;
        }
        MediaType contentType = contentType(request);
        if (contentType == null || !contentType.getSubtype().endsWith("json")) {
            throw new ArmException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The Content-Type '" + request.getContentType()
                    + "' is not supported. Send 'application/json'.", null);
        }
        JsonNode body = bodies.read(bytes);
        RequestValidator.validate(contract, operation, body);
        request.setAttribute(ArmRequest.BODY, body);
        return new CheckedBodyRequest(request, bytes);
    }

    /**
     * ARM's subscription notification has no schema in the api-versions' contract, but its JSON is read as strictly
     * as any other body (no key twice, only text the database can store): it is stored too.
     */
    private HttpServletRequest withStrictJson(HttpServletRequest request) throws IOException {
        byte[] bytes = readLimited(request.getInputStream());
        if (bytes.length == 0) {
            return request;
        }
        bodies.read(bytes);
        return new CheckedBodyRequest(request, bytes);
    }

    private static @Nullable MediaType contentType(HttpServletRequest request) {
        try {
            return request.getContentType() == null ? null : MediaType.parseMediaType(request.getContentType());
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ArmException(ErrorCode.REQUEST_TOO_LARGE,
                    "The request body is larger than " + MAX_BODY_BYTES + " bytes, the most ARM accepts.", null);
        }
        return bytes;
    }

    private void shapeBody(OperationSpec operation, ContentCachingResponseWrapper response) throws IOException {
        byte[] content = response.getContentAsByteArray();
        String contentType = response.getContentType();
        if (content.length == 0 || contentType == null || !contentType.contains("json")) {
            return;
        }
        JsonNode body = json.readTree(content);
        // A body the caller's version shows whole goes out as it was written.
        if (shaper.shape(operation, response.getStatus(), body)) {
            response.resetBuffer();
            response.getOutputStream().write(json.writeValueAsBytes(body));
        }
    }

    static String path(HttpServletRequest request) {
        String uri = request.getRequestURI().substring(request.getContextPath().length());
        return uri.length() > 1 && uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    /** Replays the already-read body, and presents JSON variants (merge-patch) as plain JSON to Spring. */
    private static final class CheckedBodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        CheckedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public String getContentType() {
            return MediaType.APPLICATION_JSON_VALUE;
        }

        @Override
        public String getHeader(String name) {
            return HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name) ? getContentType() : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)
                    ? Collections.enumeration(List.of(getContentType())) : super.getHeaders(name);
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("asynchronous reads are not used");
                }
            };
        }
    }
}
