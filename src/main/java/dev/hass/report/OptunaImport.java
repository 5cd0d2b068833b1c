package dev.hass.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hass.study.Trial;
import dev.hass.study.TrialState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an Optuna journal (any writer: Optuna 3.1+, or ours) into our trial format. Finished trials only
 * (COMPLETE; FAIL becomes FAIL; a PRUNED trial that is one of our screens — it carries {@code fidelity} and
 * {@code screen_values} — comes back as the complete low-fidelity trial it was, any other PRUNED trial becomes
 * FAIL); RUNNING/WAITING trials are skipped. Values are named by
 * {@code study:metric_names} (else {@code values_0, values_1, ...}); params are external values
 * (a non-numeric categorical choice becomes its index); constraints are named by the trial's user attr
 * {@code constraint_names} (else {@code c0, c1, ...}); our own user attrs (algorithm, seed, layers, design)
 * come back as they were written, so a journal we wrote imports to the same trials.
 */
public final class OptunaImport {
    private OptunaImport() {}

    public static List<Trial> read(Path journal, String studyName) {
        if (!java.nio.file.Files.isRegularFile(journal)) throw new ReportException(journal + ": no such journal file");
        JournalReplay r = JournalReplay.read(journal);
        List<JournalReplay.JStudy> live = r.studies.values().stream().filter(s -> !s.deleted).toList();
        JournalReplay.JStudy s;
        if (studyName != null) {
            s = r.live(studyName);
            if (s == null) throw new ReportException(journal + ": no study named '" + studyName + "'; studies: " + names(live));
        } else if (live.size() == 1) {
            s = live.get(0);
        } else {
            throw new ReportException(journal + ": " + (live.isEmpty() ? "holds no study" : "holds several studies " + names(live) + "; pick one with --study NAME"));
        }
        List<String> metrics = new ArrayList<>();
        JsonNode mn = s.systemAttrs.get("study:metric_names");
        if (mn != null && mn.isArray() && mn.size() == s.directions.size()) mn.forEach(x -> metrics.add(x.asText()));
        else for (int i = 0; i < s.directions.size(); i++) metrics.add(s.directions.size() == 1 ? "value" : "values_" + i);
        List<Trial> out = new ArrayList<>();
        for (JournalReplay.JTrial jt : s.trials) {
            if (!jt.finished()) continue;
            out.add(toTrial(journal, s, jt, metrics));
        }
        return out;
    }

    private static List<String> names(List<JournalReplay.JStudy> studies) {
        return studies.stream().map(x -> x.name).toList();
    }

    private static Trial toTrial(Path journal, JournalReplay.JStudy s, JournalReplay.JTrial jt, List<String> metrics) {
        String where = journal + ": study '" + s.name + "' trial " + jt.number;
        Map<String, JsonNode> ua = jt.userAttrs;
        Map<String, Double> params = new LinkedHashMap<>();
        for (Map.Entry<String, Double> p : jt.params.entrySet()) {
            String dj = jt.distributions.get(p.getKey());
            OptunaDistribution d = OptunaDistribution.parse(OptunaDistribution.parseJsonString(dj, where), where + " param '" + p.getKey() + "'");
            params.put(p.getKey(), d.toExternal(p.getValue()));
        }
        Trial.Fidelity fidelity = fidelity(ua.get("fidelity"));
        JsonNode screenValues = ua.get("screen_values");
        // our screen: PRUNED for Optuna (never on its front), but measured; its values are in the user attrs
        boolean screen = jt.state == 2 && fidelity != null && !fidelity.full() && screenValues != null && screenValues.isObject();
        boolean complete = jt.state == 1 || screen;
        Map<String, Double> values = new LinkedHashMap<>();
        if (screen) {
            for (String m : metrics) {
                JsonNode v = screenValues.get(m);
                if (v == null || !v.isNumber()) {
                    throw new ReportException(where + ": a screen (PRUNED) whose screen_values lack '" + m + "': " + screenValues);
                }
                values.put(m, v.asDouble());
            }
        } else if (complete) {
            if (jt.values == null || jt.values.size() != metrics.size()) {
                throw new ReportException(where + ": COMPLETE with values " + jt.values + " but the study has " + metrics.size() + " objectives");
            }
            for (int i = 0; i < metrics.size(); i++) values.put(metrics.get(i), jt.values.get(i));
        }
        Map<String, Double> constraints = new LinkedHashMap<>();
        JsonNode c = jt.systemAttrs.get("constraints");
        if (c != null && c.isArray()) {
            JsonNode names = ua.get("constraint_names");
            for (int i = 0; i < c.size(); i++) {
                String n = names != null && names.isArray() && names.size() == c.size() ? names.get(i).asText() : "c" + i;
                constraints.put(n, c.get(i).asDouble());
            }
        }
        int generation = intAttr(jt.systemAttrs, "NSGAIISampler:generation",
                intAttr(jt.systemAttrs, "nsga2:generation", intAttr(ua, "generation", 0)));
        List<Trial.LayerStats> layers = null;
        JsonNode ls = ua.get("layers");
        if (ls != null && ls.isArray()) {
            layers = new ArrayList<>();
            for (JsonNode l : ls) {
                layers.add(new Trial.LayerStats(l.path("name").asText(), dbl(l, "weightSparsity"), dbl(l, "activationSparsity"),
                        dbl(l, "productSparsity"), l.path("cycles").asLong(), l.path("denseCycles").asLong(),
                        l.path("dsp").asLong(), l.path("bottleneck").asBoolean()));
            }
        }
        Trial.DesignSummary design = null;
        JsonNode d = ua.get("design");
        if (d != null && d.isObject()) {
            design = new Trial.DesignSummary(d.path("platform").isTextual() ? d.get("platform").asText() : null,
                    dbl(d, "throughput"), dbl(d, "latencySeconds"), d.path("intervalCycles").asLong(),
                    d.path("dsp").asLong(), d.path("bram").asLong(), d.path("lut").asLong(), d.path("ff").asLong(),
                    d.path("uram").asLong(), dbl(d, "dspFraction"), dbl(d, "bramFraction"), dbl(d, "lutFraction"),
                    dbl(d, "ffFraction"), d.path("bottleneck").isTextual() ? d.get("bottleneck").asText() : null,
                    dbl(d, "boundRatio"), d.path("feasible").asBoolean());
        }
        String error = null;
        if (!complete) {
            JsonNode e = ua.get("error");
            error = e != null && e.isTextual() ? e.asText() : (jt.state == 2 ? "PRUNED" : "FAIL");
        }
        JsonNode alg = ua.get("algorithm");
        JsonNode seed = ua.get("seed");
        JsonNode num = ua.get(OptunaJournal.TRIAL_KEY);
        return new Trial(num != null && num.canConvertToInt() ? num.asInt() : jt.number,
                alg != null && alg.isTextual() ? alg.asText() : "optuna",
                seed != null && seed.canConvertToLong() ? seed.asLong() : 0,
                generation, complete ? TrialState.COMPLETE : TrialState.FAIL, params, values, constraints, layers, design,
                ts(jt.datetimeStart), ts(jt.datetimeComplete),
                ua.containsKey("oracle_seconds") ? dbl(ua.get("oracle_seconds")) : 0,
                ua.containsKey("dse_seconds") ? dbl(ua.get("dse_seconds")) : 0, error, fidelity);
    }

    /** The fidelity our journal writer put in the user attrs, null when absent (the full fidelity). */
    private static Trial.Fidelity fidelity(JsonNode f) {
        if (f == null || !f.isObject() || !f.path("level").isTextual()) return null;
        return new Trial.Fidelity(f.get("level").asText(), f.path("evaluationImages").asInt(), f.path("histogramImages").asInt(),
                f.path("fineTuneSteps").asInt(), f.has("cost") ? f.get("cost").asDouble() : 1);
    }

    private static String ts(String s) {
        var t = Timestamps.parseOrNull(s);
        return t == null ? null : Timestamps.format(t);
    }

    private static int intAttr(Map<String, JsonNode> m, String k, int dflt) {
        JsonNode v = m.get(k);
        return v != null && v.canConvertToInt() && v.isNumber() ? v.asInt() : dflt;
    }

    private static double dbl(JsonNode o, String k) {
        return dbl(o.get(k));
    }

    private static double dbl(JsonNode v) {
        return v == null || !v.isNumber() ? Double.NaN : v.asDouble();
    }
}
