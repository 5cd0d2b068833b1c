package dev.hass.hardware.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hass.hardware.graph.ChannelHistograms;
import dev.hass.hardware.stage.ActivationStage;
import dev.hass.hardware.stage.ConvSpec;
import dev.hass.hardware.stage.ConvStage;
import dev.hass.hardware.stage.DenseConvStage;
import dev.hass.hardware.stage.EltwiseStage;
import dev.hass.hardware.stage.FeatureMap;
import dev.hass.hardware.stage.Folding;
import dev.hass.hardware.stage.GlobalPoolingStage;
import dev.hass.hardware.stage.InnerProductStage;
import dev.hass.hardware.stage.Padding;
import dev.hass.hardware.stage.PointwiseSparseConvStage;
import dev.hass.hardware.stage.PoolingStage;
import dev.hass.hardware.stage.SparseConvStage;
import dev.hass.hardware.stage.Stage;
import dev.hass.hardware.stage.StageMetrics;
import dev.hass.hardware.stage.Widths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks our stage models against fpgaConvNet reference vectors: files in the format of
 * {@code layers.json} (an array of layer vectors) or {@code fine_sweep.json} ({@code {configs: […]}}).
 *
 * <p>Per vector the hard checks are: feasible folding lists, output shape, streams, words per stream,
 * latency (cycles, exact), the other interleaving's latency where given, rates, pipeline depth and
 * DSP (exact). Where the reference is wrong in a documented way (README quirks 1, 2, 3, 6) our value is
 * kept and the reference value must equal the documented wrong formula: the vector is then QUIRK.
 * BRAM (BRAM18) is exact too: the reference's BRAM is analytic everywhere (weights, biases, shift/scale
 * memories, sliding-window line and window buffers; see {@link dev.hass.hardware.board.Memory}), and where a
 * vector lists its sliding-window module, that module's BRAM must equal ours as well, so a difference is
 * located to a module. LUT and FF are recorded for the summary errors only (the reference's come from
 * its regression models).
 */
final class LayerReferenceCheck {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LayerReferenceCheck() {}

    /** Reads and checks a layers.json- or fine_sweep.json-format file. */
    public static CheckReport check(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read reference file " + file + ": " + e.getMessage(), e);
        }
        List<VectorResult> results = new ArrayList<>();
        if (root != null && root.isArray()) {
            for (int i = 0; i < root.size(); i++) results.add(checkLayer(file, i, root.get(i)));
        } else if (root != null && root.has("configs")) {
            JsonNode configs = root.get("configs");
            for (int i = 0; i < configs.size(); i++) results.addAll(checkSweep(file, i, configs.get(i)));
        } else {
            throw new IllegalArgumentException(file + ": expected a JSON array of layer vectors (layers.json format)"
                    + " or an object with \"configs\" (fine_sweep.json format)");
        }
        return new CheckReport(file, results);
    }

    // ---------------------------------------------------------------- layers.json

    private static VectorResult checkLayer(Path file, int index, JsonNode v) {
        String id = v.path("id").asText("#" + index);
        String category = v.path("category").asText("?");
        Stage stage;
        Folding folding;
        try {
            stage = stageFor(v);
            folding = foldingFor(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": vector " + id + ": " + e.getMessage(), e);
        }
        JsonNode out = v.path("out");
        Verdict verdict = new Verdict();
        StageMetrics m;
        try {
            m = stage.evaluate(folding);
        } catch (IllegalArgumentException e) {
            verdict.fail("our model rejects the folding: " + e.getMessage());
            return verdict.result(id, category, zero(), numbers(out, out.path("latency").asDouble()));
        }

        checkFeasible(verdict, stage.space(), v.path("feasible"));

        // output shape, streams, words per stream
        if (out.has("rows_out")) {
            FeatureMap o = outputOf(stage);
            verdict.equal("rows_out", o.rows(), out.get("rows_out").asLong());
            verdict.equal("cols_out", o.cols(), out.get("cols_out").asLong());
            verdict.equal("channels_out", o.channels(), out.get("channels_out").asLong());
        }
        JsonNode sIn = out.path("streams_in");
        for (JsonNode s : sIn.isArray() ? sIn : List.of(sIn)) verdict.equal("streams_in", m.streamsIn(), s.asLong());
        verdict.equal("streams_out", m.streamsOut(), out.path("streams_out").asLong());
        verdict.equal("size_in", m.sizeIn(), out.path("size_in").asLong());
        verdict.equal("size_out", m.sizeOut(), out.path("size_out").asLong());

        // latency, with the documented quirks
        long refLatency = out.path("latency").asLong();
        boolean latencyQuirk = false;
        if (m.latency() != refLatency) {
            String quirk = latencyQuirk(stage, folding, refLatency, true);
            if (quirk != null) { verdict.quirk(quirk + ": ours " + m.latency() + ", reference " + refLatency); latencyQuirk = true; }
            else verdict.fail("latency: ours " + m.latency() + ", reference " + refLatency);
        }
        if (stage instanceof SparseConvStage sp && out.has("latency_naive_interleaving")) {
            Folding.Conv f = (Folding.Conv) folding;
            long ours = sp.latency(f.coarseIn(), f.coarseOut(), f.coarseGroup(), f.fine(), false);
            long ref = out.get("latency_naive_interleaving").asLong();
            if (ours != ref) {
                if (ref == ReferenceQuirks.sparseLatency(sp, f.coarseIn(), f.coarseOut(), f.coarseGroup(), f.fine(), false)) {
                    verdict.quirk("quirk 1 (naive interleaving latency with rows² bounds): ours " + ours + ", reference " + ref);
                } else verdict.fail("naive-interleaving latency: ours " + ours + ", reference " + ref);
            }
        }
        if (stage instanceof PointwiseSparseConvStage pw && out.has("latency_opt_interleaving")) {
            Folding.Conv f = (Folding.Conv) folding;
            long ours = pw.latency(f.coarseIn(), f.coarseOut(), f.coarseGroup(), true);
            long ref = out.get("latency_opt_interleaving").asLong();
            if (ours != ref) {
                if (ref == ReferenceQuirks.pointwiseLatency(pw, f.coarseIn(), f.coarseOut(), f.coarseGroup(), true)) {
                    verdict.quirk("quirk 1 (optimised-interleaving latency with rows² bounds): ours " + ours + ", reference " + ref);
                } else verdict.fail("optimised-interleaving latency: ours " + ours + ", reference " + ref);
            }
        }
        if (!latencyQuirk) {
            verdict.close("rate_in", m.rateIn(), out.path("rate_in").asDouble());
            verdict.close("rate_out", m.rateOut(), out.path("rate_out").asDouble());
        }
        verdict.close("pipeline_depth", m.pipelineDepth(), out.path("pipeline_depth").asDouble());

        // DSP exact; inner product quirk 6 (unrounded packing)
        JsonNode rsc = out.path("resource");
        double refDsp = rsc.path("DSP").asDouble();
        if (m.resources().dsp() != refDsp) {
            if (stage instanceof InnerProductStage ip && folding instanceof Folding.InnerProduct f
                    && Math.abs(ReferenceQuirks.innerProductDsp(ip, f.coarseIn(), f.coarseOut()) - refDsp) < 1e-9) {
                verdict.quirk("quirk 6 (inner-product DSP packing not rounded): ours " + m.resources().dsp() + ", reference " + refDsp);
            } else verdict.fail("DSP: ours " + m.resources().dsp() + ", reference " + refDsp);
        }
        var r = m.resources();
        // BRAM exact, located per module: the sliding window (the only module with BRAM), then the layer total
        JsonNode sw = out.path("modules").path("sliding_window").path("rsc").path("BRAM");
        if (!sw.isMissingNode()) {
            Long ourSw = slidingWindowBram(stage, folding);
            if (ourSw != null) verdict.equal("sliding_window BRAM", ourSw, sw.asLong());
        }
        if (rsc.has("BRAM")) verdict.equal("BRAM", r.bram(), rsc.get("BRAM").asLong());
        VectorResult.Numbers ours = new VectorResult.Numbers(m.latency(), r.dsp(), r.bram(), r.lut(), r.ff());
        VectorResult.Numbers asReference = ours;
        if (stage instanceof ConvStage cs && cs.kind() != ConvStage.Kind.DENSE && folding instanceof Folding.Conv f
                && f.fine() == cs.spec().kernelSize()) {
            long[] sq = cs.squeezeLogic(f.fine());
            asReference = new VectorResult.Numbers(m.latency(), r.dsp(), r.bram(), r.lut() - sq[0], r.ff() - sq[1]);
            verdict.note("quirk 4: the reference subtracts one squeeze (" + sq[0] + " LUT, " + sq[1]
                    + " FF by our estimate) too many at fine = K²; our LUT/FF " + r.lut() + "/" + r.ff()
                    + ", reference " + rsc.path("LUT").asLong() + "/" + rsc.path("FF").asLong());
        }
        return verdict.result(id, category, ours, numbers(out, refLatency), asReference);
    }

    /** BRAM18 of one sliding-window module instance as the reference reports it, or null if the stage has none. */
    private static Long slidingWindowBram(Stage stage, Folding folding) {
        if (stage instanceof ConvStage cs && folding instanceof Folding.Conv f) return cs.slidingWindowBram(f.coarseIn(), f.coarseGroup());
        if (stage instanceof PoolingStage p && folding instanceof Folding.Coarse c) return p.slidingWindowBram(c.coarse());
        return null;
    }

    /** Which documented quirk explains a latency difference, or null. */
    private static String latencyQuirk(Stage stage, Folding folding, long ref, boolean optimised) {
        if (stage instanceof SparseConvStage sp && folding instanceof Folding.Conv f
                && ref == ReferenceQuirks.sparseLatency(sp, f.coarseIn(), f.coarseOut(), f.coarseGroup(), f.fine(), optimised)) {
            return "quirk 1 (sparse latency bounds use rows², ignoring cols and padding)";
        }
        if (stage instanceof PointwiseSparseConvStage pw && folding instanceof Folding.Conv f
                && ref == ReferenceQuirks.pointwiseLatency(pw, f.coarseIn(), f.coarseOut(), f.coarseGroup(), false)) {
            return "quirk 1 (pointwise latency bounds use rows², ignoring cols and padding)";
        }
        if (stage instanceof InnerProductStage ip && folding instanceof Folding.InnerProduct f
                && ref == ReferenceQuirks.innerProductLatency(ip, f.coarseIn(), f.coarseOut())) {
            return "quirk 3 (inner-product latency floored at rows·cols·C)";
        }
        if (stage instanceof GlobalPoolingStage gp && folding instanceof Folding.Coarse c
                && ref == ReferenceQuirks.globalPoolingLatency(gp, c.coarse())) {
            return "quirk 2 (global-pooling latency channels/coarse, ignoring rows·cols)";
        }
        return null;
    }

    private static void checkFeasible(Verdict verdict, Stage.FoldingSpace space, JsonNode feasible) {
        if (feasible.isMissingNode()) return;
        switch (space.kind()) {
            case CONV -> {
                verdict.list("feasible coarse_in", space.coarseIn(), feasible.path("coarse_in"));
                verdict.list("feasible coarse_out", space.coarseOut(), feasible.path("coarse_out"));
                verdict.list("feasible coarse_group", space.coarseGroup(), feasible.path("coarse_group"));
                verdict.list("feasible fine", space.fine(), feasible.path("fine"));
            }
            case INNER_PRODUCT -> {
                verdict.list("feasible coarse_in", space.coarseIn(), feasible.path("coarse_in"));
                verdict.list("feasible coarse_out", space.coarseOut(), feasible.path("coarse_out"));
            }
            case COARSE -> verdict.list("feasible coarse", space.coarseIn(), feasible.path("coarse"));
        }
    }

    private static FeatureMap outputOf(Stage stage) {
        if (stage instanceof ConvStage c) return c.spec().output();
        if (stage instanceof InnerProductStage ip) return new FeatureMap(1, 1, ip.filters());
        if (stage instanceof dev.hass.hardware.stage.CoarseStage c) return c.output();
        throw new IllegalStateException("no output shape for " + stage);
    }

    private static VectorResult.Numbers numbers(JsonNode out, double latency) {
        JsonNode r = out.path("resource");
        return new VectorResult.Numbers(latency, r.path("DSP").asDouble(), r.path("BRAM").asDouble(),
                r.path("LUT").asDouble(), r.path("FF").asDouble());
    }

    private static VectorResult.Numbers zero() { return new VectorResult.Numbers(0, 0, 0, 0, 0); }

    /** Builds our stage for one layers.json vector (by its reference class name and constructor args). */
    public static Stage stageFor(JsonNode v) {
        String cls = text(v, "class");
        JsonNode a = required(v, "args");
        String name = v.path("id").asText(cls);
        FeatureMap in = new FeatureMap(integer(a, "rows"), integer(a, "cols"), integer(a, "channels"));
        return switch (cls) {
            case "ConvolutionLayer", "ConvolutionSparseLayer", "ConvolutionPointwiseSparseLayer" -> {
                boolean pointwise = cls.equals("ConvolutionPointwiseSparseLayer");
                ConvSpec spec = new ConvSpec(in, integer(a, "filters"),
                        pointwise ? 1 : integer(a, "kernel_rows"), pointwise ? 1 : integer(a, "kernel_cols"),
                        integer(a, "stride_rows"), integer(a, "stride_cols"),
                        new Padding(integer(a, "pad_top"), integer(a, "pad_right"), integer(a, "pad_bottom"), integer(a, "pad_left")),
                        a.path("groups").asInt(1), a.path("has_bias").asInt(0) != 0,
                        a.path("block_floating_point").asBoolean(false), false);
                Widths w = new Widths(width(a, "input_t"), width(a, "weight_t"), width(a, "acc_t"));
                JsonNode sp = v.path("sparsity");
                yield switch (cls) {
                    case "ConvolutionLayer" -> new DenseConvStage(name, spec, w);
                    case "ConvolutionSparseLayer" -> new SparseConvStage(name, spec, w,
                            histogramCounts(required(sp, "channel_sparsity_hist_counts"), sp.path("hist_denominator").asDouble(1024)),
                            a.path("skip_all_zero_window").asBoolean(true));
                    default -> new PointwiseSparseConvStage(name, spec, w,
                            averageCounts(required(sp, "channel_sparsity_avg_counts"), sp.path("avg_denominator").asDouble(1024)),
                            a.path("clusters").asInt(1));
                };
            }
            case "InnerProductLayer" -> new InnerProductStage(name, in, integer(a, "filters"), a.path("has_bias").asInt(0) != 0,
                    a.path("block_floating_point").asBoolean(false), false,
                    new Widths(width(a, "input_t"), width(a, "weight_t"), width(a, "acc_t")));
            case "PoolingLayer" -> new PoolingStage(name, in,
                    switch (text(a, "pool_type").toLowerCase(Locale.ROOT)) {
                        case "max" -> PoolingStage.Type.MAX;
                        case "avg", "average" -> PoolingStage.Type.AVG;
                        default -> throw new IllegalArgumentException("args.pool_type=" + a.get("pool_type") + ", allowed max|avg");
                    },
                    integer(a, "kernel_rows"), integer(a, "kernel_cols"), integer(a, "stride_rows"), integer(a, "stride_cols"),
                    new Padding(integer(a, "pad_top"), integer(a, "pad_right"), integer(a, "pad_bottom"), integer(a, "pad_left")),
                    width(a, "data_t"));
            case "ReLULayer" -> new ActivationStage(name, in, ActivationStage.Function.RELU, width(a, "data_t"));
            case "EltWiseLayer" -> new EltwiseStage(name, in,
                    switch (text(a, "op_type").toLowerCase(Locale.ROOT)) {
                        case "add", "sum" -> EltwiseStage.Op.ADD;
                        case "mul" -> EltwiseStage.Op.MUL;
                        default -> throw new IllegalArgumentException("args.op_type=" + a.get("op_type") + ", allowed add|mul");
                    }, a.path("ports_in").asInt(2), a.path("broadcast").asBoolean(false), width(a, "data_t"));
            case "GlobalPoolingLayer" -> new GlobalPoolingStage(name, in, width(a, "data_t"), width(a, "acc_t"));
            default -> throw new IllegalArgumentException("class=" + cls + " is not supported; allowed ConvolutionLayer, "
                    + "ConvolutionSparseLayer, ConvolutionPointwiseSparseLayer, InnerProductLayer, PoolingLayer, ReLULayer, "
                    + "EltWiseLayer, GlobalPoolingLayer");
        };
    }

    /** The folding of one layers.json vector. */
    public static Folding foldingFor(JsonNode v) {
        JsonNode f = required(v, "folding");
        if (f.has("coarse")) return new Folding.Coarse(integer(f, "coarse"));
        if (f.has("fine") || f.has("coarse_group")) {
            return new Folding.Conv(integer(f, "coarse_in"), integer(f, "coarse_out"), f.path("coarse_group").asInt(1), f.path("fine").asInt(1));
        }
        return new Folding.InnerProduct(integer(f, "coarse_in"), integer(f, "coarse_out"));
    }

    static ChannelHistograms histogramCounts(JsonNode counts, double denominator) {
        double[][] p = new double[counts.size()][];
        for (int c = 0; c < p.length; c++) {
            JsonNode row = counts.get(c);
            p[c] = new double[row.size()];
            for (int z = 0; z < row.size(); z++) p[c][z] = row.get(z).asDouble() / denominator;
        }
        return new ChannelHistograms(p);
    }

    static double[] averageCounts(JsonNode counts, double denominator) {
        double[] z = new double[counts.size()];
        for (int c = 0; c < z.length; c++) z[c] = counts.get(c).asDouble() / denominator;
        return z;
    }

    // ---------------------------------------------------------------- fine_sweep.json

    private static final Pattern BINOMIAL = Pattern.compile("binomial_p([0-9.]+)");
    private static final Pattern HETERO = Pattern.compile("hetero_p([0-9.]+)_p([0-9.]+)");

    private static List<VectorResult> checkSweep(Path file, int index, JsonNode config) {
        JsonNode c = required(config, "config");
        String name = c.path("name").asText("config#" + index);
        JsonNode a = required(config, "layer_args");
        FeatureMap in = new FeatureMap(integer(a, "rows"), integer(a, "cols"), integer(a, "channels"));
        ConvSpec spec = new ConvSpec(in, integer(a, "filters"), integer(a, "kernel_rows"), integer(a, "kernel_cols"),
                integer(a, "stride_rows"), integer(a, "stride_cols"),
                new Padding(integer(a, "pad_top"), integer(a, "pad_right"), integer(a, "pad_bottom"), integer(a, "pad_left")),
                a.path("groups").asInt(1), a.path("has_bias").asInt(0) != 0, false, false);
        ChannelHistograms h = sweepHistograms(file, name, config, in.channels());
        SparseConvStage sparse = new SparseConvStage(name, spec, Widths.DEFAULT, h, c.path("skip").asBoolean(true));
        DenseConvStage dense = new DenseConvStage(name + "/dense", spec, Widths.DEFAULT);
        int ci = integer(c, "coarse_in"), co = integer(c, "coarse_out");
        List<VectorResult> results = new ArrayList<>();
        for (JsonNode point : required(config, "sweep")) {
            int fine = integer(point, "fine");
            Verdict verdict = new Verdict();
            StageMetrics m = sparse.evaluate(new Folding.Conv(ci, co, 1, fine));
            long ref = point.path("latency").asLong();
            if (m.latency() != ref) {
                if (ref == ReferenceQuirks.sparseLatency(sparse, ci, co, 1, fine, true)) {
                    verdict.quirk("quirk 1 (rows² bounds): ours " + m.latency() + ", reference " + ref);
                } else verdict.fail("latency: ours " + m.latency() + ", reference " + ref);
            }
            long naive = sparse.latency(ci, co, 1, fine, false), refNaive = point.path("latency_naive_interleaving").asLong();
            if (naive != refNaive) {
                if (refNaive == ReferenceQuirks.sparseLatency(sparse, ci, co, 1, fine, false)) {
                    verdict.quirk("quirk 1 (naive latency, rows² bounds): ours " + naive + ", reference " + refNaive);
                } else verdict.fail("naive-interleaving latency: ours " + naive + ", reference " + refNaive);
            }
            if (point.has("expected_cycles_per_window_layer_mean_hist")) {
                double mean = 0;
                for (int ch = 0; ch < in.channels(); ch++) mean += sparse.channelCycles(ch, fine);
                verdict.close("expected cycles per window", mean / in.channels(), point.get("expected_cycles_per_window_layer_mean_hist").asDouble());
            }
            JsonNode rsc = point.path("resource");
            verdict.equal("DSP", m.resources().dsp(), rsc.path("DSP").asLong());
            if (rsc.has("BRAM")) verdict.equal("BRAM", m.resources().bram(), rsc.get("BRAM").asLong());
            var r = m.resources();
            VectorResult.Numbers ours = new VectorResult.Numbers(m.latency(), r.dsp(), r.bram(), r.lut(), r.ff());
            VectorResult.Numbers asReference = ours;
            if (fine == spec.kernelSize()) {
                long[] sq = sparse.squeezeLogic(fine);
                asReference = new VectorResult.Numbers(m.latency(), r.dsp(), r.bram(), r.lut() - sq[0], r.ff() - sq[1]);
                verdict.note("quirk 4: the reference subtracts one squeeze too many at fine = K² (reference LUT/FF "
                        + rsc.path("LUT").asLong() + "/" + rsc.path("FF").asLong() + ", ours " + r.lut() + "/" + r.ff() + ")");
            }
            JsonNode de = point.path("dense_equivalent");
            if (!de.isMissingNode() && dense.space().fine().contains(fine)) {
                StageMetrics d = dense.evaluate(new Folding.Conv(ci, co, 1, fine));
                verdict.equal("dense-equivalent latency", d.latency(), de.path("latency").asLong());
                verdict.equal("dense-equivalent DSP", d.resources().dsp(), de.path("resource").path("DSP").asLong());
            }
            results.add(verdict.result(name + "/fine=" + fine, "fine_sweep", ours,
                    new VectorResult.Numbers(ref, rsc.path("DSP").asDouble(), rsc.path("BRAM").asDouble(),
                            rsc.path("LUT").asDouble(), rsc.path("FF").asDouble()), asReference));
        }
        return results;
    }

    /**
     * The sweep files list only the first channels' histograms; the kind says how the rest repeat:
     * {@code binomial_p…} = every channel like the first, {@code hetero_pA_pB} = channels alternate
     * between the first two histograms.
     */
    private static ChannelHistograms sweepHistograms(Path file, String name, JsonNode config, int channels) {
        String kind = config.path("hist_kind").asText(config.path("config").path("kind").asText(""));
        JsonNode first = required(config, "channel_sparsity_hist_first_channels");
        int period;
        if (BINOMIAL.matcher(kind).matches()) period = 1;
        else if (HETERO.matcher(kind).matches()) period = 2;
        else throw new IllegalArgumentException(file + ": config " + name + ": hist_kind=" + kind
                + " is not supported; allowed binomial_p<P> or hetero_p<A>_p<B>");
        if (first.size() < period) {
            throw new IllegalArgumentException(file + ": config " + name + ": channel_sparsity_hist_first_channels has "
                    + first.size() + " rows, " + kind + " needs " + period);
        }
        double[][] p = new double[channels][];
        for (int ch = 0; ch < channels; ch++) {
            JsonNode row = first.get(ch % period);
            p[ch] = new double[row.size()];
            for (int z = 0; z < row.size(); z++) p[ch][z] = row.get(z).asDouble();
        }
        return new ChannelHistograms(p);
    }

    // ---------------------------------------------------------------- helpers

    private static JsonNode required(JsonNode node, String field) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) throw new IllegalArgumentException("missing field \"" + field + "\"");
        return n;
    }

    private static int integer(JsonNode node, String field) {
        JsonNode n = required(node, field);
        if (!n.canConvertToInt() || n.asDouble() != n.asInt()) {
            throw new IllegalArgumentException("field \"" + field + "\"=" + n + " must be an integer");
        }
        return n.asInt();
    }

    private static String text(JsonNode node, String field) { return required(node, field).asText(); }

    private static int width(JsonNode args, String field) { return integer(required(args, field), "width"); }

    /** Accumulates hard failures, quirks and notes of one vector. */
    private static final class Verdict {
        private final List<String> fails = new ArrayList<>(), quirks = new ArrayList<>(), notes = new ArrayList<>();

        void fail(String s) { fails.add(s); }

        void quirk(String s) { quirks.add(s); }

        void note(String s) { notes.add(s); }

        void equal(String what, long ours, long ref) {
            if (ours != ref) fail(what + ": ours " + ours + ", reference " + ref);
        }

        void close(String what, double ours, double ref) {
            if (Math.abs(ours - ref) > 1e-9 * Math.max(1, Math.abs(ref))) fail(what + ": ours " + ours + ", reference " + ref);
        }

        void list(String what, List<Integer> ours, JsonNode ref) {
            if (ref.isMissingNode()) return;
            List<Integer> r = new ArrayList<>();
            ref.forEach(x -> r.add(x.asInt()));
            if (!ours.equals(r)) fail(what + ": ours " + ours + ", reference " + r);
        }

        VectorResult result(String id, String category, VectorResult.Numbers ours, VectorResult.Numbers ref) {
            return result(id, category, ours, ref, ours);
        }

        VectorResult result(String id, String category, VectorResult.Numbers ours, VectorResult.Numbers ref,
                            VectorResult.Numbers oursAsReference) {
            VectorResult.Status status = !fails.isEmpty() ? VectorResult.Status.FAIL
                    : !quirks.isEmpty() ? VectorResult.Status.QUIRK : VectorResult.Status.PASS;
            List<String> all = new ArrayList<>(fails);
            all.addAll(quirks);
            all.addAll(notes);
            return new VectorResult(id, category, status, String.join("; ", all), ours, ref, oursAsReference);
        }
    }
}
