package org.fleetmesh.rp.arm.contract;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The raw query string's parameters, split by Spring's {@link UriComponentsBuilder}: reading them through the servlet
 * API could consume a form body. What Spring leaves to the caller is here: decoding, with ARM's error for a malformed
 * one, and ARM's case-insensitive parameter names.
 */
public final class QueryString {

    private QueryString() {
    }

    /** Each parameter's decoded values, in order; a parameter without {@code =} has the empty value. */
    public static MultiValueMap<String, String> parse(@Nullable String raw) {
        MultiValueMap<String, String> decoded = new LinkedMultiValueMap<>();
        UriComponentsBuilder.newInstance().query(raw).build().getQueryParams().forEach((name, values) ->
                values.forEach(value -> decoded.add(decode(name), value == null ? "" : decode(value))));
        return decoded;
    }

    /** The first value of a parameter; ARM's query parameter names match case-insensitively. */
    public static @Nullable String first(Map<String, List<String>> parameters, String name) {
        for (Map.Entry<String, List<String>> entry : parameters.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return entry.getValue().get(0);
            }
        }
        return null;
    }

    /** A query string is form-encoded, as the web server reads it: {@code +} is a space, {@code %2B} a plus. */
    private static String decode(String value) {
        try {
            return UriUtils.decode(value.replace('+', ' '), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw new ArmException(ErrorCode.INVALID_PARAMETER, "The query string has a malformed percent-encoding near '"
                    + value + "'. Encode '%' as '%25'.", null);
        }
    }
}
