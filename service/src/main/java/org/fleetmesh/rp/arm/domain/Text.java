package org.fleetmesh.rp.arm.domain;

import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Text the service can store and echo. PostgreSQL's text cannot hold U+0000, and an unpaired UTF-16 surrogate is
 * not a character at all (it would be stored as '?'), so both are refused where they enter rather than failing or
 * changing in the database. Input that is echoed in a message is quoted in a bounded, printable form.
 */
public final class Text {

    /** The most characters of a caller's value that a message repeats. */
    public static final int MAX_ECHO = 64;

    /** The index of the first character that cannot be stored: NUL or an unpaired surrogate. */
    public static OptionalInt firstUnstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return OptionalInt.of(i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /** Why the text cannot be stored, as the end of a sentence about it, or null when it can. */
    public static @Nullable String unstorableReason(String text) {
        OptionalInt at = firstUnstorable(text);
        if (at.isEmpty()) {
            return null;
        }
        return text.charAt(at.getAsInt()) == '\u0000'
                ? "contains the NUL character (U+0000), which no text in this API can hold"
                : "contains an unpaired UTF-16 surrogate (\\u" + String.format("%04x", (int) text.charAt(at.getAsInt()))
                        + "), which is not a character; send valid Unicode text";
    }

    /**
     * A caller's value as a message may repeat it: at most {@link #MAX_ECHO} characters, control characters and
     * unpaired surrogates escaped as {@code \\uXXXX}, so a message never carries what the caller should not have sent.
     */
    public static String echo(String text) {
        StringBuilder echoed = new StringBuilder();
        int limit = Math.min(text.length(), MAX_ECHO);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                echoed.append(c).append(text.charAt(++i));
            } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                echoed.append(String.format("\\u%04x", (int) c));
            } else {
                echoed.append(c);
            }
        }
        return text.length() > limit ? echoed + "... (" + text.length() + " characters)" : echoed.toString();
    }

    private Text() {
    }
}
