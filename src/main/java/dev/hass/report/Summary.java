package dev.hass.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hass.study.Direction;
import dev.hass.study.Hypervolume;
import dev.hass.study.Pareto;
import dev.hass.study.Trial;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** {@code summary.json} (machine-readable) and {@code summary.md} (what the CLI prints). */
public final class Summary {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Summary() {}

    /** Best feasible trial per objective (ties: the lowest number), or none. */
    static Trial best(ReportInput in, int k) {
        Trial best = null;
        double bv = 0;
        Direction d = in.directions().get(k);
        for (Trial t : in.trials()) {
            if (!in.usable(t)) continue;
            double v = in.values(t)[k];
            if (best == null || (d.atLeastAsGood(v, bv) && v != bv)) {
                best = t;
                bv = v;
            }
        }
        return best;
    }

    public static String json(ReportInput in, Analysis a) {
        ObjectNode root = JSON.createObjectNode();
        root.put("experiment", in.name());
        root.put("platform", in.platform());
        ObjectNode obj = root.putObject("objectives");
        in.objectives().forEach((k, v) -> obj.put(k, v.json()));
        if (in.maxAccuracyDrop() != null) root.put("maxAccuracyDrop", in.maxAccuracyDrop());
        ObjectNode counts = root.putObject("counts");
        counts.put("trials", in.trials().size());
        counts.put("complete", in.trials().stream().filter(Trial::complete).count());
        counts.put("failed", in.trials().stream().filter(t -> !t.complete()).count());
        counts.put("feasible", in.trials().stream().filter(Trial::feasible).count());
        long screens = in.trials().stream().filter(t -> !t.fullFidelity()).count();
        if (screens > 0) counts.put("screens", screens);   // feasible or not, never designs (Trial#counts)
        counts.put("pareto", a.front().size());
        ObjectNode per = counts.putObject("perAlgorithm");
        for (String alg : a.fronts().keySet()) {
            List<Trial> mine = Analysis.byAlgorithm(in.trials(), alg);
            ObjectNode o = per.putObject(alg);
            o.put("trials", mine.size());
            o.put("complete", mine.stream().filter(Trial::complete).count());
            o.put("failed", mine.stream().filter(t -> !t.complete()).count());
            o.put("feasible", mine.stream().filter(Trial::feasible).count());
            o.put("front", a.fronts().get(alg).size());
            o.put("onGlobalFront", a.front().stream().filter(t -> t.algorithm().equals(alg)).count());
        }
        ObjectNode best = root.putObject("best");
        List<String> names = in.objectiveNames();
        for (int k = 0; k < names.size(); k++) {
            Trial t = best(in, k);
            if (t == null) best.putNull(names.get(k));
            else best.set(names.get(k), trialNode(in, t));
        }
        ObjectNode hv = root.putObject("hypervolume");
        if (a.reference() == null) {
            hv.putNull("referencePolicy");
            hv.putNull("referencePoint");
        } else {
            hv.put("referencePolicy", a.reference().policy().label());
            hv.put("referenceRule", a.reference().policy().rule());
            ObjectNode ref = hv.putObject("referencePoint");
            a.reference().point().forEach(ref::put);
        }
        ObjectNode hvs = hv.putObject("perAlgorithm");
        a.hypervolume().forEach((k, v) -> { if (!k.equals("all")) hvs.put(k, v); });
        if (a.hypervolume().containsKey("all")) hv.put("all", a.hypervolume().get("all"));
        ArrayNode front = root.putArray("pareto");
        for (Trial t : a.front()) front.add(trialNode(in, t));
        ObjectNode tim = root.putObject("timings");
        tim.put("oracleSeconds", in.trials().stream().mapToDouble(Trial::oracleSeconds).sum());
        tim.put("dseSeconds", in.trials().stream().mapToDouble(Trial::dseSeconds).sum());
        LocalDateTime first = null, last = null;
        for (Trial t : in.trials()) {
            LocalDateTime s = Timestamps.parseOrNull(t.startedAt()), c = Timestamps.parseOrNull(t.completedAt());
            if (s != null && (first == null || s.isBefore(first))) first = s;
            if (c != null && (last == null || c.isAfter(last))) last = c;
        }
        if (first != null) tim.put("firstStartedAt", Timestamps.format(first));
        if (last != null) tim.put("lastCompletedAt", Timestamps.format(last));
        if (first != null && last != null) tim.put("wallSeconds", Duration.between(first, last).toNanos() / 1e9);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode trialNode(ReportInput in, Trial t) {
        ObjectNode o = JSON.createObjectNode();
        o.put("number", t.number());
        o.put("algorithm", t.algorithm());
        o.put("generation", t.generation());
        ObjectNode v = o.putObject("values");
        double[] vals = in.values(t);
        List<String> names = in.objectiveNames();
        for (int k = 0; k < names.size(); k++) v.put(names.get(k), vals[k]);
        if (t.design() != null && t.design().bottleneck() != null) o.put("bottleneck", t.design().bottleneck());
        ObjectNode p = o.putObject("params");
        if (t.params() != null) t.params().forEach(p::put);
        return o;
    }

    public static String markdown(ReportInput in, Analysis a) {
        StringBuilder s = new StringBuilder();
        List<String> names = in.objectiveNames();
        s.append("# HASS results: ").append(in.name()).append("\n\n");
        long complete = in.trials().stream().filter(Trial::complete).count();
        long feasible = in.trials().stream().filter(Trial::feasible).count();
        s.append(String.format(Locale.ROOT, "%d trials: %d complete, %d failed, %d feasible; %d on the Pareto front.%s%n%n",
                in.trials().size(), complete, in.trials().size() - complete, feasible, a.front().size(),
                in.platform() == null ? "" : " Platform: " + in.platform() + "."));
        s.append("| algorithm | trials | feasible | front | hypervolume")
                .append(a.reference() == null ? "" : " (reference: " + a.reference().policy().label() + ")").append(" |\n|---|---:|---:|---:|---:|\n");
        for (String alg : a.fronts().keySet()) {
            List<Trial> mine = Analysis.byAlgorithm(in.trials(), alg);
            Double hv = a.hypervolume().get(alg);
            s.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %s |%n", alg, mine.size(),
                    mine.stream().filter(Trial::feasible).count(), a.fronts().get(alg).size(), hv == null ? "-" : Hypervolume.number(hv)));
        }
        if (a.reference() != null) {
            s.append("\nHypervolume reference point, policy ").append(a.reference().policy().label()).append(" (")
                    .append(a.reference().policy().rule()).append("): ");
            int k = 0;
            for (Map.Entry<String, Double> e : a.reference().point().entrySet()) {
                s.append(k++ == 0 ? "" : ", ").append(e.getKey()).append(" = ").append(fmt(e.getValue()));
            }
            s.append(".\n");
        }
        s.append("\n## Best feasible designs\n\n| objective | trial | algorithm |");
        for (String n : names) s.append(' ').append(n).append(" |");
        s.append("\n|---|---:|---|").append("---:|".repeat(names.size())).append('\n');
        for (int k = 0; k < names.size(); k++) {
            Trial t = best(in, k);
            s.append("| ").append(names.get(k)).append(" (").append(in.directions().get(k).json()).append(") | ");
            if (t == null) {
                s.append("- | - |").append(" - |".repeat(names.size())).append('\n');
                continue;
            }
            s.append(t.number()).append(" | ").append(t.algorithm()).append(" |");
            for (double v : in.values(t)) s.append(' ').append(fmt(v)).append(" |");
            s.append('\n');
        }
        // one row per point: trials with identical objective values are one design as far as the front goes
        List<Pareto.Tie> points = a.frontPoints(in);
        s.append("\n## Pareto front (feasible, non-dominated)\n\n");
        if (points.size() < a.front().size()) {
            s.append(String.format(Locale.ROOT, "%d trials at %d distinct points; trials with identical values share a row "
                    + "(all are in pareto.csv).%n%n", a.front().size(), points.size()));
        }
        s.append("| trial | algorithm | generation |");
        for (String n : names) s.append(' ').append(n).append(" |");
        s.append(" bottleneck | identical trials |\n|---:|---|---:|").append("---:|".repeat(names.size())).append("---|---|\n");
        for (Pareto.Tie p : points) {
            Trial t = p.first();
            s.append("| ").append(t.number()).append(" | ").append(t.algorithm()).append(" | ").append(t.generation()).append(" |");
            for (double v : in.values(t)) s.append(' ').append(fmt(v)).append(" |");
            s.append(' ').append(t.design() == null || t.design().bottleneck() == null ? "-" : t.design().bottleneck()).append(" | ");
            List<Trial> others = p.trials().subList(1, p.trials().size());
            s.append(others.isEmpty() ? "-" : String.join(", ", others.stream().map(o -> o.number() + " (" + o.algorithm() + ")").toList()))
                    .append(" |\n");
        }
        double oracle = in.trials().stream().mapToDouble(Trial::oracleSeconds).sum();
        double dse = in.trials().stream().mapToDouble(Trial::dseSeconds).sum();
        s.append(String.format(Locale.ROOT, "%nTime: oracle %.1f s, hardware DSE %.1f s in total.%n", oracle, dse));
        return s.toString();
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) return String.format(Locale.ROOT, "%.0f", v);
        double a = Math.abs(v);
        if (a >= 1000) return String.format(Locale.ROOT, "%.1f", v);
        if (a >= 1) return String.format(Locale.ROOT, "%.3f", v);
        return String.format(Locale.ROOT, "%.4f", v);
    }

}
