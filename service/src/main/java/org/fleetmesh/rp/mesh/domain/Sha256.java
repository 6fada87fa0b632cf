package org.fleetmesh.rp.mesh.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The digest that tells whether what a member holds is what an apply would write: of the objects the service puts
 * on a member (their desired-state annotation) and of what a Connected member was last given.
 */
public final class Sha256 {

    /** Lower-case hex of the SHA-256 of the text's UTF-8 bytes. */
    public static String hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", impossible);
        }
    }

    private Sha256() {
    }
}
