package org.fleetmesh.rp.arm;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * List paging with opaque, signed {@code $skipToken}s. A token records where the previous page ended and the
 * scope it belongs to (subscription, parent, filter); a token from another scope, or altered, is refused.
 */
@Component
public class Paging {

    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_PAGE_SIZE = 1000;

    private final JsonMapper json;
    private final byte[] key;

    public Paging(JsonMapper json, Settings settings) {
        this.json = json;
        this.key = settings.tokenKey() == null || settings.tokenKey().isBlank()
                ? SecureRandom.getSeed(32)
                : settings.tokenKey().getBytes(StandardCharsets.UTF_8);
    }

    /** @param tokenKey the HMAC key; every replica must share it, else a token from one fails on another */
    @ConfigurationProperties("fleetmesh.paging")
    public record Settings(String tokenKey) {
    }

    /** The page requested: its size from {@code $top} and where it starts from {@code $skipToken}. */
    public record Page(int size, List<String> after) {
    }

    public Page page(ArmCall call, String scope, int keyCount) {
        String top = call.queryParameter("$top");
        int size = top == null ? DEFAULT_PAGE_SIZE : Math.min(positive(top), MAX_PAGE_SIZE);
        String token = call.queryParameter("$skipToken");
        List<String> after = token == null ? emptyPosition(keyCount) : read(token, scope);
        if (after.size() != keyCount) {
            throw invalidToken();
        }
        return new Page(size, after);
    }

    /** One page of a list: the items to show and, when more follow, the absolute link to the next page. */
    public record Listing<E>(List<E> items, URI nextLink) {
    }

    /**
     * Cuts a query result to the page; the query fetched one item more than the page holds, which tells whether
     * a next page exists without counting.
     */
    public <E> Listing<E> listing(List<E> fetched, Page page, ArmCall call, String scope,
            Function<E, List<String>> position) {
        if (fetched.size() <= page.size()) {
            return new Listing<>(fetched, null);
        }
        List<E> items = fetched.subList(0, page.size());
        return new Listing<>(items, URI.create(nextLink(call, scope, position.apply(items.get(items.size() - 1)))));
    }

    /** The absolute nextLink continuing after the given position, keeping every other query parameter. */
    private String nextLink(ArmCall call, String scope, List<String> lastPosition) {
        String token = write(new Token(scope, lastPosition));
        return UriComponentsBuilder.fromUri(call.publicRequestUri())
                .replaceQueryParam("$skipToken", token)
                .replaceQueryParam("$skiptoken")
                .build(true)
                .toUriString();
    }

    private static int positive(String top) {
        try {
            int value = Integer.parseInt(top);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new ArmException(ErrorCode.INVALID_PARAMETER, "$top must be a positive integer.", "$top");
    }

    private static List<String> emptyPosition(int keyCount) {
        return java.util.Collections.nCopies(keyCount, "");
    }

    private record Token(String scope, List<String> after) {
    }

    private String write(Token token) {
        byte[] payload = json.writeValueAsBytes(token);
        return encode(payload) + "." + encode(sign(payload));
    }

    private List<String> read(String text, String scope) {
        int dot = text.indexOf('.');
        if (dot < 0) {
            throw invalidToken();
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(text.substring(0, dot));
            byte[] signature = Base64.getUrlDecoder().decode(text.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, sign(payload))) {
                throw invalidToken();
            }
            Token token = json.readValue(payload, Token.class);
            if (!scope.equals(token.scope())) {
                throw invalidToken();
            }
            return token.after();
        } catch (IllegalArgumentException | JacksonException malformed) {
            throw invalidToken();
        }
    }

    private byte[] sign(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java runtime", e);
        }
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static ArmException invalidToken() {
        return new ArmException(ErrorCode.INVALID_SKIP_TOKEN, "The $skipToken is not valid for this list. Use the nextLink "
                + "exactly as the previous page returned it, or start again without $skipToken.", "$skipToken");
    }
}
