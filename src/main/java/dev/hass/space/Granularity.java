package dev.hass.space;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/** One threshold pair per prunable layer (the HASS default) or one pair for the whole network. */
public enum Granularity {
    PER_LAYER("per-layer"), GLOBAL("global");

    private final String json;

    Granularity(String json) { this.json = json; }

    @JsonValue
    public String json() { return json; }

    public static List<String> names() { return Arrays.stream(values()).map(Granularity::json).toList(); }

    public static Granularity of(String s) {
        for (Granularity g : values()) if (g.json.equals(s)) return g;
        throw new IllegalArgumentException("granularity " + s + " not in " + names());
    }
}
