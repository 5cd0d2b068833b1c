package dev.hass.report;

import dev.hass.study.Trial;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The columns of {@code trials.csv} and {@code pareto.csv}, in a fixed order (documented in README):
 * identity and state, params (the space's order), objectives (the experiment's order), constraints,
 * per-layer statistics (layer order of the log), design totals, timings. Numbers are written with
 * Java's shortest round-trip form, empty cells mean "not available".
 */
public final class TrialTable {
    private record Column(String name, Function<Trial, Object> value) {}

    private final List<Column> columns = new ArrayList<>();

    public static final List<String> LAYER_FIELDS = List.of("weightSparsity", "activationSparsity", "productSparsity",
            "cycles", "denseCycles", "dsp", "bottleneck");
    public static final List<String> DESIGN_FIELDS = List.of("platform", "throughput", "latencySeconds", "intervalCycles",
            "dsp", "bram", "lut", "ff", "uram", "dspFraction", "bramFraction", "lutFraction", "ffFraction",
            "bottleneck", "boundRatio", "feasible");

    public TrialTable(ReportInput in) {
        add("number", Trial::number);
        add("algorithm", Trial::algorithm);
        add("seed", Trial::seed);
        add("generation", Trial::generation);
        add("state", Trial::state);
        add("feasible", Trial::feasible);
        if (in.trials().stream().anyMatch(t -> t.fidelity() != null)) {   // a screening search: say which rows are screens
            add("fidelity", t -> t.fidelity() == null ? Trial.Fidelity.FULL : t.fidelity().level());
        }
        for (String p : in.paramNames()) add("param." + p, t -> get(t.params(), p));
        for (String o : in.objectiveNames()) add("value." + o, t -> get(t.values(), o));
        for (String c : in.constraintNames()) add("constraint." + c, t -> get(t.constraints(), c));
        for (String l : in.layerNames()) {
            for (String f : LAYER_FIELDS) add("layer." + l + "." + f, t -> layerField(layer(t, l), f));
        }
        for (String f : DESIGN_FIELDS) add("design." + f, t -> t.design() == null ? null : designField(t.design(), f));
        add("startedAt", Trial::startedAt);
        add("completedAt", Trial::completedAt);
        add("oracleSeconds", Trial::oracleSeconds);
        add("dseSeconds", Trial::dseSeconds);
        add("error", Trial::error);
    }

    private void add(String name, Function<Trial, Object> v) {
        columns.add(new Column(name, v));
    }

    public List<String> header() {
        return columns.stream().map(Column::name).toList();
    }

    public String toCsv(List<Trial> trials) {
        CSVFormat fmt = CSVFormat.DEFAULT.builder().setHeader(header().toArray(String[]::new))
                .setRecordSeparator("\n").get();
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, fmt)) {
            for (Trial t : trials) {
                List<Object> row = new ArrayList<>(columns.size());
                for (Column c : columns) row.add(cell(c.value().apply(t)));
                p.printRecord(row);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringWriter does not fail
        }
        return w.toString();
    }

    private static Object cell(Object v) {
        if (v == null) return "";
        if (v instanceof Double d) return Double.isFinite(d) ? d.toString() : (d.isNaN() ? "NaN" : (d > 0 ? "Infinity" : "-Infinity"));
        return v.toString();
    }

    private static Double get(Map<String, Double> m, String k) {
        return m == null ? null : m.get(k);
    }

    static Trial.LayerStats layer(Trial t, String name) {
        if (t.layers() == null) return null;
        for (Trial.LayerStats l : t.layers()) if (l.name().equals(name)) return l;
        return null;
    }

    private static Object layerField(Trial.LayerStats l, String f) {
        if (l == null) return null;
        return switch (f) {
            case "weightSparsity" -> l.weightSparsity();
            case "activationSparsity" -> l.activationSparsity();
            case "productSparsity" -> l.productSparsity();
            case "cycles" -> l.cycles();
            case "denseCycles" -> l.denseCycles();
            case "dsp" -> l.dsp();
            case "bottleneck" -> l.bottleneck();
            default -> throw new IllegalArgumentException(f);
        };
    }

    private static Object designField(Trial.DesignSummary d, String f) {
        return switch (f) {
            case "platform" -> d.platform();
            case "throughput" -> d.throughput();
            case "latencySeconds" -> d.latencySeconds();
            case "intervalCycles" -> d.intervalCycles();
            case "dsp" -> d.dsp();
            case "bram" -> d.bram();
            case "lut" -> d.lut();
            case "ff" -> d.ff();
            case "uram" -> d.uram();
            case "dspFraction" -> d.dspFraction();
            case "bramFraction" -> d.bramFraction();
            case "lutFraction" -> d.lutFraction();
            case "ffFraction" -> d.ffFraction();
            case "bottleneck" -> d.bottleneck();
            case "boundRatio" -> d.boundRatio();
            case "feasible" -> d.feasible();
            default -> throw new IllegalArgumentException(f);
        };
    }
}
