package org.fleetmesh.rp.member.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.fleetmesh.domain.MeshMemberState;
import org.fleetmesh.rp.arm.domain.Text;

/**
 * Parses the OData subset {@link MemberFilter} supports. Grammar:
 * <pre>
 *   filter     := or
 *   or         := and ("or" and)*
 *   and        := primary ("and" primary)*
 *   primary    := "(" or ")" | path ("eq" | "ne") literal
 *   literal    := 'text' (a quote inside is written '') | null
 * </pre>
 * The profile fields ({@code clusterMeshProfile}, {@code clusterMeshProfile.Selector}) also take a profile name
 * bare, as Azure's CLI writes it: {@code clusterMeshProfile eq mesh-1}.
 */
public final class MemberFilterParser {

    /**
     * Bounds that no real filter reaches, so that a hostile one cannot exhaust the parser's stack or the query
     * built from it: parentheses nested this deep, and this many comparisons in one filter.
     */
    public static final int MAX_DEPTH = 32;
    public static final int MAX_COMPARISONS = 100;

    private static final String LABELS_PREFIX = "properties/labels/";
    /** A cluster mesh profile's name, as its resource name pattern allows. */
    private static final Pattern PROFILE_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", Pattern.CASE_INSENSITIVE);

    private final List<String> tokens;
    private int position;
    private int depth;
    private int comparisons;

    private MemberFilterParser(List<String> tokens) {
        this.tokens = tokens;
    }

    public static MemberFilter parse(String text) {
        String unstorable = Text.unstorableReason(text);
        if (unstorable != null) {
            throw new InvalidFilterException("The $filter " + unstorable + ".");
        }
        MemberFilterParser parser = new MemberFilterParser(tokenize(text));
        if (parser.tokens.isEmpty()) {
            throw new InvalidFilterException("The $filter is empty.");
        }
        MemberFilter filter = parser.or();
        if (parser.position < parser.tokens.size()) {
            throw new InvalidFilterException("Unexpected '" + parser.tokens.get(parser.position) + "' in $filter.");
        }
        return filter;
    }

    private MemberFilter or() {
        MemberFilter left = and();
        while (nextIs("or")) {
            position++;
            left = new MemberFilter.Or(left, and());
        }
        return left;
    }

    private MemberFilter and() {
        MemberFilter left = primary();
        while (nextIs("and")) {
            position++;
            left = new MemberFilter.And(left, primary());
        }
        return left;
    }

    private MemberFilter primary() {
        String token = take("a comparison or '('");
        if (token.equals("(")) {
            if (++depth > MAX_DEPTH) {
                throw new InvalidFilterException("The $filter nests parentheses more than " + MAX_DEPTH
                        + " deep. Simplify it.");
            }
            MemberFilter inner = or();
            depth--;
            if (!take("')'").equals(")")) {
                throw new InvalidFilterException("Expected ')' in $filter.");
            }
            return inner;
        }
        if (++comparisons > MAX_COMPARISONS) {
            throw new InvalidFilterException("The $filter has more than " + MAX_COMPARISONS + " comparisons. Simplify it, "
                    + "for example by giving the members you want a label of their own and filtering on that.");
        }
        MemberFilter.Comparison field = field(token);
        String operator = take("'eq' or 'ne'").toLowerCase(Locale.ROOT);
        if (!operator.equals("eq") && !operator.equals("ne")) {
            throw new InvalidFilterException("Only the operators 'eq' and 'ne' are supported; found '" + operator + "'.");
        }
        String literal = take("a quoted value or null");
        String value;
        if (literal.equalsIgnoreCase("null")) {
            value = null;
        } else if (literal.startsWith("'")) {
            value = literal.substring(1, literal.length() - 1).replace("''", "'");
        } else if (field.field().takesProfileName() && PROFILE_NAME.matcher(literal).matches()) {
            value = literal;
        } else {
            throw new InvalidFilterException("Values in $filter are quoted strings, like 'production'; found " + literal + ".");
        }
        if (field.field() == MemberFilter.Field.MESH_STATE && value != null) {
            value = meshState(value);
        }
        if (field.field() == MemberFilter.Field.CLUSTER_MESH_PROFILE_SELECTOR && value == null) {
            throw new InvalidFilterException("clusterMeshProfile.Selector compares with a cluster mesh profile's name, "
                    + "as in 'clusterMeshProfile.Selector eq mesh-1'; null names no profile.");
        }
        return new MemberFilter.Comparison(field.field(), field.labelKey(), operator.equals("eq"), value);
    }

    /** A mesh member state in its canonical casing; anything else is a mistake the caller should hear about. */
    private static String meshState(String value) {
        for (MeshMemberState state : MeshMemberState.values()) {
            if (state.name().equalsIgnoreCase(value)) {
                return state.name();
            }
        }
        throw new InvalidFilterException("'" + value + "' is not a mesh member state. Use one of "
                + Arrays.stream(MeshMemberState.values()).map(Enum::name).collect(Collectors.joining(", ")) + ".");
    }

    private static MemberFilter.Comparison field(String path) {
        for (MemberFilter.Field field : MemberFilter.Field.values()) {
            if (field != MemberFilter.Field.LABEL && field.path().equalsIgnoreCase(path)) {
                return new MemberFilter.Comparison(field, null, true, null);
            }
        }
        if (path.regionMatches(true, 0, LABELS_PREFIX, 0, LABELS_PREFIX.length()) && path.length() > LABELS_PREFIX.length()) {
            return new MemberFilter.Comparison(MemberFilter.Field.LABEL, path.substring(LABELS_PREFIX.length()), true, null);
        }
        List<String> supported = new ArrayList<>();
        for (MemberFilter.Field field : MemberFilter.Field.values()) {
            supported.add(field.path());
        }
        throw new InvalidFilterException("Cannot filter on '" + path + "'. Supported properties: " + String.join(", ", supported)
                + "; operators eq and ne, combined with and, or and parentheses.");
    }

    private boolean nextIs(String keyword) {
        return position < tokens.size() && tokens.get(position).equalsIgnoreCase(keyword);
    }

    private String take(String expected) {
        if (position >= tokens.size()) {
            throw new InvalidFilterException("The $filter ends where " + expected + " was expected.");
        }
        return tokens.get(position++);
    }

    private static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                tokens.add(String.valueOf(c));
                i++;
            } else if (c == '\'') {
                int end = closingQuote(text, i);
                tokens.add(text.substring(i, end + 1));
                i = end + 1;
            } else {
                int start = i;
                while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && "()'".indexOf(text.charAt(i)) < 0) {
                    i++;
                }
                tokens.add(text.substring(start, i));
            }
        }
        return tokens;
    }

    private static int closingQuote(String text, int open) {
        int i = open + 1;
        while (i < text.length()) {
            if (text.charAt(i) == '\'') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        throw new InvalidFilterException("A quoted value in $filter is not closed.");
    }

    /** The filter text is not in the supported subset; the message says what is. */
    public static final class InvalidFilterException extends RuntimeException {
        public InvalidFilterException(String message) {
            super(message);
        }
    }
}
