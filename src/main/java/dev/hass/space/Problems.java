package dev.hass.space;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Collects every problem of one JSON document, one line each, as
 * {@code <file>: <json path>: got <value>; <what is allowed>}. Validation goes on after a problem so that
 * the user sees all of them at once; readers return a default (or empty) after reporting.
 */
public final class Problems {
    private final String file;
    private final List<String> lines = new ArrayList<>();

    public Problems(String file) { this.file = file; }

    public String file() { return file; }

    public List<String> lines() { return List.copyOf(lines); }

    public boolean isEmpty() { return lines.isEmpty(); }

    public int size() { return lines.size(); }

    /** A problem with a value: names file, path, the value as JSON, and what is allowed. */
    public void bad(String path, JsonNode value, String allowed) {
        lines.add(file + ": " + path + ": got " + show(value) + "; " + allowed);
    }

    /** A problem stated in full (after file and path). */
    public void add(String path, String message) {
        lines.add(file + ": " + path + ": " + message);
    }

    static String show(JsonNode v) {
        if (v == null || v.isMissingNode()) return "nothing";
        String s = v.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    // ---- typed readers: report and return a fallback on a problem ----

    /** Reports keys of {@code obj} that are not in {@code allowed}, with the closest allowed key. */
    public void onlyKeys(JsonNode obj, String path, Collection<String> allowed) {
        if (obj == null || !obj.isObject()) return;
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (allowed.contains(k)) continue;
            String near = closest(k, allowed);
            lines.add(file + ": " + path + "." + k + ": unknown key; allowed keys: " + String.join(", ", allowed)
                    + (near == null ? "" : " (did you mean \"" + near + "\"?)"));
        }
    }

    /** The object at {@code obj.key}, or an empty object if missing or not an object (reported). */
    public ObjectNode object(JsonNode obj, String key, String path) {
        JsonNode v = obj.get(key);
        if (v == null || v.isNull()) return JsonNodeFactory.instance.objectNode();
        if (!v.isObject()) {
            bad(path, v, "expected a JSON object {...}");
            return JsonNodeFactory.instance.objectNode();
        }
        return (ObjectNode) v;
    }

    public String string(JsonNode obj, String key, String path, String fallback) {
        JsonNode v = obj.get(key);
        if (v == null || v.isNull()) return fallback;
        if (!v.isTextual()) {
            bad(path, v, "expected a string");
            return fallback;
        }
        return v.asText();
    }

    /** A string from a fixed set of choices. */
    public String choice(JsonNode obj, String key, String path, String fallback, Collection<String> allowed) {
        JsonNode v = obj.get(key);
        String s = string(obj, key, path, null);
        if (s == null) return fallback;
        if (!allowed.contains(s)) {
            String near = closest(s, allowed);
            bad(path, v, "allowed: " + String.join(", ", allowed) + (near == null ? "" : " (did you mean \"" + near + "\"?)"));
            return fallback;
        }
        return s;
    }

    public long integer(JsonNode obj, String key, String path, long fallback, long min, long max) {
        JsonNode v = obj.get(key);
        if (v == null || v.isNull()) return fallback;
        OptionalLong x = integerValue(v);
        if (x.isEmpty() || x.getAsLong() < min || x.getAsLong() > max) {
            bad(path, v, "expected an integer " + range(min, max));
            return fallback;
        }
        return x.getAsLong();
    }

    public double number(JsonNode obj, String key, String path, double fallback, double min, double max, boolean minExclusive) {
        JsonNode v = obj.get(key);
        if (v == null || v.isNull()) return fallback;
        OptionalDouble x = v.isNumber() ? OptionalDouble.of(v.asDouble()) : OptionalDouble.empty();
        boolean ok = x.isPresent() && Double.isFinite(x.getAsDouble())
                && (minExclusive ? x.getAsDouble() > min : x.getAsDouble() >= min) && x.getAsDouble() <= max;
        if (!ok) {
            String lo = (minExclusive ? "> " : "≥ ") + fmt(min);
            String r = max == Double.MAX_VALUE ? lo : "in " + (minExclusive ? "(" : "[") + fmt(min) + ", " + fmt(max) + "]";
            bad(path, v, "expected a number " + r);
            return fallback;
        }
        return x.getAsDouble();
    }

    public boolean bool(JsonNode obj, String key, String path, boolean fallback) {
        JsonNode v = obj.get(key);
        if (v == null || v.isNull()) return fallback;
        if (!v.isBoolean()) {
            bad(path, v, "expected true or false");
            return fallback;
        }
        return v.asBoolean();
    }

    static OptionalLong integerValue(JsonNode v) {
        if (v.isIntegralNumber() && v.canConvertToLong()) return OptionalLong.of(v.asLong());
        if (v.isFloatingPointNumber() && v.asDouble() == Math.rint(v.asDouble()) && Math.abs(v.asDouble()) < 1e15) {
            return OptionalLong.of((long) v.asDouble());
        }
        return OptionalLong.empty();
    }

    private static String range(long min, long max) {
        if (max == Long.MAX_VALUE) return "≥ " + min;
        return "in [" + min + ", " + max + "]";
    }

    static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** The allowed word closest to {@code s} (case-insensitive; a prefix, or edit distance ≤ max(2, |s|/3)). */
    public static String closest(String s, Collection<String> allowed) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String a : allowed) {
            String x = s.toLowerCase(), y = a.toLowerCase();
            int d = x.equals(y) ? 0 : x.length() >= 3 && (y.startsWith(x) || x.startsWith(y)) ? 1 : distance(x, y);
            if (d < bestD) {
                bestD = d;
                best = a;
            }
        }
        return best != null && bestD <= Math.max(2, s.length() / 3) ? best : null;
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }

}
