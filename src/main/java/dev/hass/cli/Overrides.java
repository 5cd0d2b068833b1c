package dev.hass.cli;

import dev.hass.experiment.Experiment;
import dev.hass.experiment.ExperimentException;
import dev.hass.experiment.Experiments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line options that override fields of an experiment file. A problem with an overridden field names the
 * option it came from ("… $.search.seed: got -3 …  (from --seed -3)"): the file itself is fine.
 */
final class Overrides {
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, String> options = new LinkedHashMap<>();

    /** Sets the dotted field {@code key} to {@code value} when the option was given (value not null). */
    Overrides put(String key, Object value, String option) {
        if (value != null) {
            values.put(key, value);
            options.put(key, option + " " + value);
        }
        return this;
    }

    Experiment load(Path file) {
        try {
            return Experiments.load(file, values);
        } catch (ExperimentException e) {
            List<String> lines = new ArrayList<>();
            for (String p : e.problems()) lines.add(p + origin(p));
            throw new ExperimentException(lines);
        }
    }

    private String origin(String problem) {
        for (Map.Entry<String, String> o : options.entrySet()) {
            String path = "$." + o.getKey();
            if (problem.contains(": " + path + ":") || problem.contains(": " + path + ".")) return " (from " + o.getValue() + ")";
        }
        return "";
    }
}
