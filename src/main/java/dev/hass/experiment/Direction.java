package dev.hass.experiment;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/** An objective's direction, named as Optuna's {@code StudyDirection} in lower case. */
public enum Direction {
    MINIMIZE("minimize"), MAXIMIZE("maximize");

    private final String json;

    Direction(String json) { this.json = json; }

    @JsonValue
    public String json() { return json; }

    public static List<String> names() { return List.of("maximize", "minimize"); }

    public static Direction of(String s) {
        for (Direction d : values()) if (d.json.equals(s)) return d;
        throw new IllegalArgumentException("direction " + s + " not in " + names());
    }
}
