package org.fleetmesh.rp.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON written by hand, so that a fuzzed body can hold what no serializer writes: a key twice in one object, lone
 * surrogates as escapes, numbers beyond any type. Values are {@link Obj}, {@link List}, {@link String},
 * {@link Number}, {@link Boolean} and {@link Raw} text.
 */
final class Json {

    private Json() {
    }

    /** An object whose keys may repeat, kept in order. */
    record Obj(List<Map.Entry<String, Object>> entries) {
    }

    /** Text written as it is: null, odd numbers, deep nesting. */
    record Raw(String text) {
    }

    /** An object of key, value, key, value... */
    static Obj object(Object... keysAndValues) {
        List<Map.Entry<String, Object>> entries = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            entries.add(Map.entry((String) keysAndValues[i], nullable(keysAndValues[i + 1])));
        }
        return new Obj(entries);
    }

    static Object nullable(Object value) {
        return value == null ? new Raw("null") : value;
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value instanceof Obj obj) {
            out.append('{');
            for (int i = 0; i < obj.entries().size(); i++) {
                out.append(i == 0 ? "" : ",");
                writeString(obj.entries().get(i).getKey(), out);
                out.append(':');
                write(obj.entries().get(i).getValue(), out);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(list.get(i), out);
            }
            out.append(']');
        } else if (value instanceof String text) {
            writeString(text, out);
        } else if (value instanceof Raw raw) {
            out.append(raw.text());
        } else {
            out.append(value);
        }
    }

    /** Control characters and every surrogate as an escape, so that a lone surrogate reaches the service as one. */
    private static void writeString(String text, StringBuilder out) {
        out.append('"');
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
