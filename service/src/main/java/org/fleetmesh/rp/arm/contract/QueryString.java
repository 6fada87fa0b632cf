package org.fleetmesh.rp.arm.contract;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ErrorCode;
import org.jspecify.annotations.Nullable;

/** Parses the raw query string; reading parameters through the servlet API could consume a form body. */
public final class QueryString {

    private QueryString() {
    }

    public static Map<String, List<String>> parse(String raw) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            parameters.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return parameters;
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

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw new ArmException(ErrorCode.INVALID_PARAMETER, "The query string has a malformed percent-encoding near '"
                    + value + "'. Encode '%' as '%25'.", null);
        }
    }
}
