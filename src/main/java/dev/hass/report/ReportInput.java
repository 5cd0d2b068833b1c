package dev.hass.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hass.study.Direction;
import dev.hass.study.Objectives;
import dev.hass.study.ResultsFiles;
import dev.hass.study.Trial;
import dev.hass.study.TrialLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a report needs from a results folder: the resolved experiment ({@code experiment.json},
 * read as a plain JSON tree so the report does not depend on the experiment package), the search space
 * ({@code space.json}: param name to Optuna distribution JSON) and the trial log ({@code trials.jsonl}).
 *
 * @param name            experiment name (the Optuna study name)
 * @param platform        {@code hardware.platform}, or null
 * @param objectives      objective name to direction, in the experiment's order
 * @param maxAccuracyDrop {@code constraints.maxAccuracyDrop}, or null
 * @param space           param name to distribution JSON, in the file's order
 * @param trials          the log, in file order
 */
public record ReportInput(String name, String platform, Map<String, Direction> objectives, Double maxAccuracyDrop,
                          Map<String, JsonNode> space, List<Trial> trials) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ReportInput {
        objectives = Collections.unmodifiableMap(new LinkedHashMap<>(objectives));
        space = Collections.unmodifiableMap(new LinkedHashMap<>(space));
        trials = List.copyOf(trials);
    }

    public List<String> objectiveNames() {
        return List.copyOf(objectives.keySet());
    }

    /** The objectives with their directions: minimisation, usability, fronts. */
    public Objectives objectiveSpace() {
        return new Objectives(objectives);
    }

    public List<Direction> directions() {
        return List.copyOf(objectives.values());
    }

    /** Constraint names in order of first appearance in the log. */
    public List<String> constraintNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Trial t : trials) if (t.constraints() != null) names.addAll(t.constraints().keySet());
        return List.copyOf(names);
    }

    /** Layer names in order of first appearance in the log. */
    public List<String> layerNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Trial t : trials) if (t.layers() != null) for (Trial.LayerStats l : t.layers()) names.add(l.name());
        return List.copyOf(names);
    }

    /** Param names: the space's order, then any param only the log has, sorted. */
    public List<String> paramNames() {
        Set<String> names = new LinkedHashSet<>(space.keySet());
        Set<String> extra = new java.util.TreeSet<>();
        for (Trial t : trials) if (t.params() != null) for (String p : t.params().keySet()) if (!names.contains(p)) extra.add(p);
        names.addAll(extra);
        return List.copyOf(names);
    }

    /** Complete with every objective value finite (a NaN would neither dominate nor be dominated). */
    public boolean finite(Trial t) {
        if (!t.complete()) return false;
        for (double v : values(t)) if (!Double.isFinite(v)) return false;
        return true;
    }

    /** What fronts, hypervolumes and "best" consider: {@link Objectives#usable}. */
    public boolean usable(Trial t) {
        return objectiveSpace().usable(t);
    }

    /** The objective values of a complete trial in objective order. */
    public double[] values(Trial t) {
        double[] v = new double[objectives.size()];
        int i = 0;
        for (String o : objectives.keySet()) {
            Double x = t.values() == null ? null : t.values().get(o);
            if (x == null) {
                throw new ReportException(ResultsFiles.TRIALS + ": trial " + t.number() + " is COMPLETE but has no value for objective '"
                        + o + "' (objectives: " + objectives.keySet() + ")");
            }
            v[i++] = x;
        }
        return v;
    }

    /** Reads a results folder; every problem becomes a {@link ReportException} naming the file. */
    public static ReportInput load(Path dir) {
        if (!Files.isDirectory(dir)) throw new ReportException(dir + ": not a results folder (no such directory)");
        Path log = dir.resolve(ResultsFiles.TRIALS);
        if (!Files.isRegularFile(log)) throw new ReportException(log + ": missing; a results folder needs the trial log written by 'hass search'");
        JsonNode exp = readJson(dir.resolve(ResultsFiles.EXPERIMENT));
        String name = text(exp, "name", dir.resolve(ResultsFiles.EXPERIMENT));
        JsonNode hw = exp.path("hardware").path("platform");
        String platform = hw.isTextual() ? hw.asText() : null;
        JsonNode obj = exp.path("objectives");
        if (!obj.isObject() || obj.size() == 0) {
            throw new ReportException(dir.resolve(ResultsFiles.EXPERIMENT) + ": field 'objectives' must be a non-empty object name -> \"maximize\"|\"minimize\", got " + obj);
        }
        Map<String, Direction> objectives = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                objectives.put(e.getKey(), Direction.of(e.getValue().asText("").toLowerCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException x) {
                throw new ReportException(dir.resolve(ResultsFiles.EXPERIMENT) + ": field 'objectives." + e.getKey()
                        + "' is " + e.getValue() + "; allowed: \"maximize\" or \"minimize\"");
            }
        }
        JsonNode drop = exp.path("constraints").path("maxAccuracyDrop");
        Double maxDrop = drop.isNumber() ? drop.asDouble() : null;
        JsonNode sp = readJson(dir.resolve(ResultsFiles.SPACE));
        if (!sp.isObject()) throw new ReportException(dir.resolve(ResultsFiles.SPACE) + ": must be an object param name -> Optuna distribution JSON");
        Map<String, JsonNode> space = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = sp.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            OptunaDistribution.parse(e.getValue(), dir.resolve(ResultsFiles.SPACE) + ": '" + e.getKey() + "'"); // validate early
            space.put(e.getKey(), e.getValue());
        }
        List<Trial> trials;
        try {
            trials = TrialLog.read(log);
        } catch (IOException e) {
            throw new ReportException(e.getMessage(), e);
        }
        List<Trial> checked = new ArrayList<>();
        Set<Integer> numbers = new java.util.HashSet<>();
        for (Trial t : trials) {
            if (t.algorithm() == null) throw new ReportException(log + ": trial " + t.number() + " has no 'algorithm'");
            if (!numbers.add(t.number())) throw new ReportException(log + ": trial number " + t.number() + " appears twice");
            // an unknown state does not parse (TrialLog); a missing one does, and is refused here
            if (t.state() == null) throw new ReportException(log + ": trial " + t.number() + " has no 'state'; allowed: COMPLETE, FAIL");
            checked.add(t);   // absent maps in a hand-written or older log read as empty (Trial's constructor)
        }
        ReportInput in = new ReportInput(name, platform, objectives, maxDrop, space, checked);
        for (Trial t : checked) if (t.complete()) in.values(t); // fail early on missing objective values
        return in;
    }

    private static JsonNode readJson(Path f) {
        if (!Files.isRegularFile(f)) throw new ReportException(f + ": missing; the search writes it at the start of a run");
        try {
            return JSON.readTree(f.toFile());
        } catch (IOException e) {
            throw new ReportException(f + ": not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private static String text(JsonNode n, String field, Path f) {
        JsonNode v = n.path(field);
        if (!v.isTextual() || v.asText().isBlank()) throw new ReportException(f + ": field '" + field + "' must be a non-empty string, got " + v);
        return v.asText();
    }
}
