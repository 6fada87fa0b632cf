package org.fleetmesh.rp.arm.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * An ETag is derived from the row's identity and its optimistic-lock version, so every committed change
 * yields a new one, and a resource deleted and created again never repeats an old one.
 */
public final class ETags {

    public static String of(UUID id, long version) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(id.toString().getBytes(StandardCharsets.US_ASCII));
            digest.update(ByteBuffer.allocate(Long.BYTES).putLong(version).array());
            return "\"" + HexFormat.of().formatHex(digest.digest(), 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    private ETags() {
    }
}
