package dev.hass.hardware.board;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The built-in boards (JSON files under {@code dev/hass/hardware/platforms/}) and loading of user
 * board files of the same format:
 * <pre>{"name": "u250", "part": "...", "dsp": 12288, "bram18": 5376, "uram": 1280, "lut": 1728000,
 *  "ff": 3456000, "frequencyMhz": 250, "dramGbps": 614.4}</pre>
 * {@code part} and {@code uram} are optional (URAM defaults to 0); unknown fields are rejected so that
 * typos do not pass silently.
 */
public final class Platforms {
    private static final String DIR = "/dev/hass/hardware/platforms/";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> FIELDS = Set.of("name", "part", "description", "dsp", "bram18", "uram",
            "lut", "ff", "frequencyMhz", "dramGbps");
    private static volatile Map<String, Platform> builtIn;

    private Platforms() {}

    /** Names of the built-in boards, in table order. */
    public static List<String> names() {
        return List.copyOf(all().keySet());
    }

    /** A built-in board by name (case-insensitive); unknown names list the allowed ones. */
    public static Platform get(String name) {
        Platform p = all().get(name.toLowerCase(java.util.Locale.ROOT));
        if (p == null) {
            throw new PlatformException("unknown platform '" + name + "'; allowed: " + String.join(", ", names())
                    + " (or a board JSON file)");
        }
        return p;
    }

    /** A built-in name, or else a path to a board JSON file. */
    public static Platform resolve(String nameOrFile) {
        if (all().containsKey(nameOrFile.toLowerCase(java.util.Locale.ROOT))) return get(nameOrFile);
        Path p = Path.of(nameOrFile);
        if (nameOrFile.endsWith(".json") || Files.exists(p)) return load(p);
        return get(nameOrFile);
    }

    /** Loads a user board file; errors name the file, the field, the value and what is allowed. */
    public static Platform load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PlatformException(file + ": cannot read board file (" + e.getMessage() + ")");
        }
        return parse(text, file.toString());
    }

    static Platform parse(String text, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new PlatformException(source + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) throw new PlatformException(source + ": expected a JSON object with the board fields");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new PlatformException(source + ": unknown field '" + f + "'; allowed: " + String.join(", ",
                        FIELDS.stream().sorted().toList()));
            }
        }
        String name = text(root, "name", source);
        String part = root.has("part") ? text(root, "part", source) : "";
        long dsp = count(root, "dsp", source, true, 1);
        // a board without BRAM has nowhere to put weights or line buffers: every percentage of it would be infinite
        long bram = count(root, "bram18", source, true, 1);
        long uram = count(root, "uram", source, false, 0);
        long lut = count(root, "lut", source, true, 1);
        long ff = count(root, "ff", source, true, 1);
        double f = positive(root, "frequencyMhz", source);
        double bw = positive(root, "dramGbps", source);
        return new Platform(name, part, dsp, bram, uram, lut, ff, f, bw);
    }

    private static String text(JsonNode root, String field, String source) {
        JsonNode n = root.get(field);
        if (n == null) throw new PlatformException(source + ": missing field '" + field + "' (a string)");
        if (!n.isTextual() || n.asText().isBlank()) {
            throw new PlatformException(source + ": field '" + field + "' = " + n + " must be a non-empty string");
        }
        return n.asText();
    }

    private static long count(JsonNode root, String field, String source, boolean required, long min) {
        JsonNode n = root.get(field);
        if (n == null) {
            if (required) throw new PlatformException(source + ": missing field '" + field + "' (an integer >= " + min + ")");
            return 0;
        }
        if (!n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < min) {
            throw new PlatformException(source + ": field '" + field + "' = " + n + " must be an integer >= " + min);
        }
        return n.asLong();
    }

    private static double positive(JsonNode root, String field, String source) {
        JsonNode n = root.get(field);
        if (n == null) throw new PlatformException(source + ": missing field '" + field + "' (a number > 0)");
        if (!n.isNumber() || !(n.asDouble() > 0) || Double.isInfinite(n.asDouble())) {
            throw new PlatformException(source + ": field '" + field + "' = " + n + " must be a number > 0");
        }
        return n.asDouble();
    }

    private static Map<String, Platform> all() {
        Map<String, Platform> m = builtIn;
        if (m == null) {
            synchronized (Platforms.class) {
                if (builtIn == null) builtIn = loadBuiltIn();
                m = builtIn;
            }
        }
        return m;
    }

    private static Map<String, Platform> loadBuiltIn() {
        Map<String, Platform> m = new LinkedHashMap<>();
        for (String name : Arrays.stream(resource("index.txt").split("\n")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList()) {
            Platform p = parse(resource(name + ".json"), "classpath:" + DIR + name + ".json");
            m.put(p.name().toLowerCase(java.util.Locale.ROOT), p);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private static String resource(String file) {
        try (InputStream in = Platforms.class.getResourceAsStream(DIR + file)) {
            if (in == null) throw new IllegalStateException("missing resource " + DIR + file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + DIR + file, e);
        }
    }

    /** A bad board name or board file; the message says what is wrong and what is allowed. */
    public static final class PlatformException extends IllegalArgumentException {
        public PlatformException(String message) {
            super(message);
        }
    }
}
