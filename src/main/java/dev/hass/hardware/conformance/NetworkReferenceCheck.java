package dev.hass.hardware.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hass.hardware.board.Platform;
import dev.hass.hardware.dse.Design;
import dev.hass.hardware.dse.Dse;
import dev.hass.hardware.dse.HardwareOptions;
import dev.hass.hardware.graph.ImportedNetwork;
import dev.hass.hardware.onnx.OnnxImport;
import dev.hass.hardware.pipeline.Lowering;
import dev.hass.hardware.pipeline.Pipeline;
import dev.hass.hardware.stage.Folding;
import dev.hass.hardware.stage.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks our pipeline model and DSE against the reference optimiser's runs (a file in the format of
 * {@code networks.json}). Per run, four checks:
 * <ol>
 *   <li>{@code stages}: lowering the ONNX model and applying the reference's folding gives exactly the
 *       reference's stage names (squeezes and splits included);</li>
 *   <li>{@code interval}: our interval at the reference's folding equals its interval;</li>
 *   <li>{@code fps}: our throughput at the reference's folding equals its throughput (relative 1e-9;
 *       this covers the pipeline depth of the conformance README);</li>
 *   <li>{@code dse}: our optimiser's design is feasible on the run's board and at least as fast.</li>
 * </ol>
 * ONNX files are resolved relative to the checked file.
 */
final class NetworkReferenceCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double REL = 1e-9;

    private NetworkReferenceCheck() {}

    /**
     * One check of one run. {@code quirk}: passed because our (correct) value differs from the reference's
     * only by its documented quirks — the reference's arithmetic ({@link ReferenceModel}) reproduces it exactly.
     */
    public record Check(String run, String name, boolean passed, boolean quirk, String detail) {
        Check(String run, String name, boolean passed, String detail) { this(run, name, passed, false, detail); }
    }

    /** Figures of one run: reference, ours at its folding, ours optimised. */
    public record Run(String network, String platform, long referenceInterval, double referenceFps,
                      double referenceDepth, long interval, double fps, double depth, long dseInterval,
                      double dseFps, boolean dseFeasible, double dseMillis, double boundRatio, Design dse) {}

    /** All checks and runs of a file. */
    public record Report(Path file, List<Check> checks, List<Run> runs) {
        public long passed() { return checks.stream().filter(Check::passed).count(); }

        public long failed() { return checks.size() - passed(); }

        /** One line per failed check, a table of the runs, and last "N passed, M failed". */
        public List<String> summaryLines() {
            List<String> l = new ArrayList<>();
            for (Check c : checks) if (!c.passed()) l.add("FAIL  " + c.run() + " " + c.name() + ": " + c.detail());
            for (Check c : checks) if (c.quirk()) l.add("QUIRK " + c.run() + " " + c.name() + ": " + c.detail());
            l.add(String.format(Locale.ROOT, "%-26s %9s %12s %12s %12s %8s %8s", "run", "interval", "ref FPS",
                    "ours@ref FPS", "our DSE FPS", "DSE ms", "bound"));
            for (Run r : runs) {
                l.add(String.format(Locale.ROOT, "%-26s %9d %12.1f %12.1f %12.1f %8.1f %8.3f", r.network() + "@" + r.platform(),
                        r.referenceInterval(), r.referenceFps(), r.fps(), r.dseFps(), r.dseMillis(), r.boundRatio()));
            }
            l.add(passed() + " passed, " + failed() + " failed");
            return l;
        }
    }

    /** True when the JSON root looks like networks.json (an object with "runs"). */
    public static boolean accepts(JsonNode root) {
        return root != null && root.isObject() && root.has("runs");
    }

    public static Report check(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read reference file " + file + ": " + e.getMessage(), e);
        }
        if (!accepts(root)) throw new IllegalArgumentException(file + ": expected an object with \"runs\" (networks.json format)");
        Path dir = file.toAbsolutePath().getParent();
        Map<String, ImportedNetwork> imported = new HashMap<>();
        List<Check> checks = new ArrayList<>();
        List<Run> runs = new ArrayList<>();
        JsonNode runsNode = root.get("runs");
        for (int i = 0; i < runsNode.size(); i++) {
            JsonNode run = runsNode.get(i);
            String net = run.path("network").asText();
            String board = run.path("platform").asText("?").replace(".toml", "");
            String id = net + "@" + board;
            try {
                ImportedNetwork in = imported.computeIfAbsent(net, k -> load(root, k, dir, file));
                runs.add(checkRun(id, net, board, run, in, checks));
            } catch (RuntimeException e) {
                checks.add(new Check(id, "run", false, e.getMessage()));
            }
        }
        return new Report(file, checks, runs);
    }

    private static ImportedNetwork load(JsonNode root, String net, Path dir, Path file) {
        JsonNode n = root.path("networks").path(net);
        if (!n.has("onnx_file")) throw new IllegalArgumentException(file + ": networks." + net + ".onnx_file missing");
        Path onnx = dir.resolve(n.get("onnx_file").asText());
        try {
            return OnnxImport.read(onnx);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + onnx + ": " + e.getMessage(), e);
        }
    }

    static Platform platform(String board, JsonNode spec) {
        JsonNode r = spec.path("resources");
        return new Platform(board, spec.path("part").asText(""), r.path("DSP").asLong(), r.path("BRAM").asLong(),
                r.path("URAM").asLong(0), r.path("LUT").asLong(), r.path("FF").asLong(),
                spec.path("board_freq").asDouble(), spec.path("mem_bw").asDouble());
    }

    private static Run checkRun(String id, String net, String board, JsonNode run, ImportedNetwork in, List<Check> checks) {
        Platform platform = platform(board, run.path("platform_spec"));
        HardwareOptions options = HardwareOptions.DEFAULT.withBatch(run.path("batch_size").asInt(256));
        JsonNode part = run.path("partitions").get(0);
        Map<String, JsonNode> layers = new HashMap<>();
        for (JsonNode l : part.path("layers")) layers.put(l.path("name").asText(), l);
        Pipeline p = Lowering.lower(in.network(), in.histograms(), options.widths());
        List<Folding> foldings = new ArrayList<>();
        for (Stage s : p.stages()) {
            JsonNode l = layers.get(s.name());
            if (l == null) throw new IllegalArgumentException("our stage " + s.name() + " is not in the reference's layers " + new TreeSet<>(layers.keySet()));
            foldings.add(folding(s, l));
        }
        Design atRef = Design.evaluate(p, foldings, platform, options);
        Design quirky = Design.evaluate(ReferenceModel.lower(in.network(), in.histograms(), options.widths()), foldings, platform, options);
        // 1. stage names
        TreeSet<String> ours = new TreeSet<>();
        for (Design.StageDesign s : atRef.stages()) ours.add(s.name());
        TreeSet<String> ref = new TreeSet<>(layers.keySet());
        TreeSet<String> missing = new TreeSet<>(ref), extra = new TreeSet<>(ours);
        missing.removeAll(ours);
        extra.removeAll(ref);
        checks.add(new Check(id, "stages", missing.isEmpty() && extra.isEmpty(),
                "missing " + missing + ", not in the reference " + extra));
        // 2. interval, 3. throughput at the reference folding
        long refInterval = part.path("interval_cycles").asLong();
        double refFps = run.path("throughput_fps").asDouble();
        double refDepth = part.path("pipeline_depth_cycles").asDouble();
        boolean intervalExact = atRef.intervalCycles() == refInterval;
        boolean intervalQuirk = !intervalExact && quirky.intervalCycles() == refInterval;
        checks.add(new Check(id, "interval", intervalExact || intervalQuirk, intervalQuirk,
                "ours " + atRef.intervalCycles() + " (" + atRef.bottleneck().name() + "), with the reference's quirks "
                        + quirky.intervalCycles() + ", reference " + refInterval));
        boolean fpsExact = Math.abs(atRef.throughput() - refFps) <= REL * refFps;
        boolean fpsQuirk = !fpsExact && Math.abs(quirky.throughput() - refFps) <= REL * refFps;
        checks.add(new Check(id, "fps", fpsExact || fpsQuirk, fpsQuirk,
                String.format(Locale.ROOT, "ours %.6f, with the reference's quirks %.6f, reference %.6f (depth ours %.4f, with quirks %.4f, reference %.4f)",
                        atRef.throughput(), quirky.throughput(), refFps, atRef.pipelineDepthCycles(), quirky.pipelineDepthCycles(), refDepth)));
        // 4. our DSE
        long t0 = System.nanoTime();
        Design best = Dse.optimise(p, platform, options);
        double ms = (System.nanoTime() - t0) / 1e6;
        checks.add(new Check(id, "dse", best.feasible() && best.throughput() >= refFps,
                String.format(Locale.ROOT, "ours %.1f FPS (interval %d, %s), reference %.1f FPS", best.throughput(),
                        best.intervalCycles(), best.feasible() ? "feasible" : "infeasible " + best.violations(), refFps)));
        return new Run(net, board, refInterval, refFps, refDepth, atRef.intervalCycles(), atRef.throughput(),
                atRef.pipelineDepthCycles(), best.intervalCycles(), best.throughput(), best.feasible(), ms, best.boundRatio(), best);
    }

    private static Folding folding(Stage s, JsonNode l) {
        return switch (s.space().kind()) {
            case CONV -> new Folding.Conv(l.path("coarse_in").asInt(), l.path("coarse_out").asInt(),
                    l.path("coarse_group").asInt(1), l.path("fine").asInt());
            case INNER_PRODUCT -> new Folding.InnerProduct(l.path("coarse_in").asInt(), l.path("coarse_out").asInt());
            case COARSE -> new Folding.Coarse(l.path("coarse").asInt());
        };
    }
}
