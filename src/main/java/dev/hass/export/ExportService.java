package dev.hass.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hass.experiment.Experiment;
import dev.hass.experiment.ExperimentException;
import dev.hass.experiment.Experiments;
import dev.hass.hardware.board.Platform;
import dev.hass.hardware.board.Platforms;
import dev.hass.hardware.dse.Design;
import dev.hass.hardware.dse.DesignReport;
import dev.hass.hardware.dse.Dse;
import dev.hass.hardware.dse.HardwareOptions;
import dev.hass.hardware.graph.ChannelHistograms;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Networks;
import dev.hass.hardware.graph.Node;
import dev.hass.hardware.graph.Op;
import dev.hass.hardware.graph.TensorShape;
import dev.hass.hardware.onnx.OnnxExport;
import dev.hass.hardware.onnx.OnnxGraph;
import dev.hass.hardware.onnx.OnnxImport;
import dev.hass.hardware.stage.Folding;
import dev.hass.hardware.stage.SparseConvStage;
import dev.hass.hardware.stage.Stage;
import dev.hass.hardware.stage.Widths;
import dev.hass.nn.Evaluation;
import dev.hass.nn.Images;
import dev.hass.nn.PrunableBlock;
import dev.hass.nn.Quantizer;
import dev.hass.nn.ZooModel;
import dev.hass.oracle.DjlAccuracyOracle;
import dev.hass.oracle.Fidelity;
import dev.hass.oracle.LayerSparsity;
import dev.hass.oracle.OnnxAccuracyOracle;
import dev.hass.oracle.OnnxOracleData;
import dev.hass.oracle.OracleConfig;
import dev.hass.oracle.OracleResult;
import dev.hass.oracle.PrunableLayer;
import dev.hass.oracle.Thresholds;
import dev.hass.space.Encoding;
import dev.hass.space.SpaceLayer;
import dev.hass.study.AtomicFiles;
import dev.hass.study.ResultsFiles;
import dev.hass.study.Trial;
import dev.hass.study.TrialLog;
import dev.hass.study.Version;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code hass export}: turns one trial of a results folder into the package the hardware team builds
 * from — design.json, model.onnx (pruned, each BatchNorm a node after its conv, histograms on every Conv),
 * golden vectors (.npy + manifest.json), README.md. The package is written into a temporary sibling
 * folder and renamed into place only when complete (and, with verify, checked), so a failure leaves
 * nothing behind.
 */
public final class ExportService {
    public static final String FORMAT = "hass-export/1";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final float BN_EPS = 1e-5f;   // the zoo's BatchNorm epsilon

    private ExportService() {}

    /** Which trial to export. */
    public sealed interface Selection {
        record Number(int number) implements Selection {}
        record BestThroughput() implements Selection {}
        record BestAccuracy() implements Selection {}
    }

    /** What the export will do, checked before anything heavy runs. */
    public record Plan(Path resultsDir, Experiment experiment, Trial trial, Path out) {}

    /**
     * What was written. {@code agreement}: per integer tensor, how it compares with the oracle's float32 fixed-point
     * values (null for a float package); {@code top1}: images whose integer logits pick the oracle's class (-1: float);
     * {@code noInteger}: why a fixed-point export of an ONNX model has no integer half (null when it has one).
     */
    public record Result(Path out, Trial trial, double accuracy, Design design, int images, VerifyReport verify,
                         List<FixedPointPackage.Agreement> agreement, int top1, String noInteger) {
        public Result(Path out, Trial trial, double accuracy, Design design, int images, VerifyReport verify,
                      List<FixedPointPackage.Agreement> agreement, int top1) {
            this(out, trial, accuracy, design, images, verify, agreement, top1, null);
        }
    }

    /**
     * Reads the results folder and picks the trial. Errors (as {@link ExportException}) name the folder and
     * what is allowed: a folder without trials, an unknown or failed trial number, no feasible trial for
     * a best-of pick, an output folder that exists already.
     */
    public static Plan plan(Path resultsDir, Selection selection, Path out) throws IOException {
        if (!Files.isDirectory(resultsDir)) throw new ExportException(resultsDir + ": no such results folder");
        Path log = resultsDir.resolve(ResultsFiles.TRIALS);
        List<Trial> trials = Files.exists(log) ? TrialLog.read(log) : List.of();
        if (trials.isEmpty()) {
            throw new ExportException(resultsDir + ": no trials (" + ResultsFiles.TRIALS + " is missing or empty); run `hass search` into it first");
        }
        Path expFile = resultsDir.resolve(ResultsFiles.EXPERIMENT);
        if (!Files.isRegularFile(expFile)) throw new ExportException(expFile + ": missing; the results folder was not written by `hass search`");
        Experiment e;
        try {
            e = Experiments.load(expFile, Map.of());
        } catch (ExperimentException x) {
            throw new ExportException(expFile + ": " + String.join("; ", x.problems()));
        }
        Trial t = pick(resultsDir, trials, selection);
        if (Files.exists(out)) throw new ExportException(out + ": already exists; choose a new --out folder or delete it");
        String unwritable = AtomicFiles.unwritable(out);
        if (unwritable != null) throw new ExportException(unwritable + "; choose another --out");
        return new Plan(resultsDir, e, t, out);
    }

    static Trial pick(Path dir, List<Trial> trials, Selection s) {
        if (s instanceof Selection.Number n) {
            Trial t = trials.stream().filter(x -> x.number() == n.number()).findFirst().orElse(null);
            if (t == null) {
                throw new ExportException(dir.resolve(ResultsFiles.TRIALS) + ": no trial " + n.number() + "; trials are numbered "
                        + trials.stream().mapToInt(Trial::number).min().orElse(0) + " to " + trials.stream().mapToInt(Trial::number).max().orElse(0));
            }
            if (!t.complete()) throw new ExportException(dir.resolve(ResultsFiles.TRIALS) + ": trial " + n.number() + " failed (" + t.error() + "); pick a COMPLETE trial");
            if (!t.fullFidelity()) {
                throw new ExportException(dir.resolve(ResultsFiles.TRIALS) + ": trial " + n.number() + " is a screen (" + t.fidelity().evaluationImages()
                        + " validation images), not a measured design; pick a full-fidelity trial (its promotion, if it was promoted)");
            }
            return t;
        }
        List<Trial> feasible = trials.stream().filter(Trial::counts).filter(t -> t.design() != null).toList();
        if (feasible.isEmpty()) throw new ExportException(dir.resolve(ResultsFiles.TRIALS) + ": no feasible complete trial; use --trial N");
        Comparator<Trial> thr = Comparator.comparingDouble(t -> t.design().throughput());
        Comparator<Trial> acc = Comparator.comparingDouble(t -> t.values().getOrDefault("accuracy", Double.NEGATIVE_INFINITY));
        // ties go to the earlier trial
        Comparator<Trial> order = s instanceof Selection.BestThroughput ? thr.thenComparing(acc) : acc.thenComparing(thr);
        order = order.thenComparing(Comparator.comparingInt(Trial::number).reversed());
        return feasible.stream().max(order).orElseThrow();
    }

    /**
     * Writes the package of the planned trial: re-runs the oracle on the trial's thresholds (same fidelity as
     * the search), reads the candidate's weights and golden vectors for {@code images} calibration images,
     * re-runs the DSE on the histograms as stored in the ONNX file, and writes everything into a temporary
     * folder that is renamed to {@code plan.out()} at the end.
     *
     * @param verify run {@link PackageVerifier} on the package before it is moved into place
     */
    public static Result export(Plan plan, OracleConfig config, int images, boolean verify) throws IOException {
        if (images < 1) throw new ExportException("--images must be >= 1, got " + images);
        Experiment e = plan.experiment();
        Trial trial = plan.trial();
        String arch = e.model().architecture();
        Network original = Networks.builtIn(arch);
        Platform platform = Platforms.resolve(e.hardware().platform());
        HardwareOptions options = new HardwareOptions(e.hardware().batch(),
                new Widths(e.hardware().dataWidth(), e.hardware().weightWidth(), Widths.DEFAULT.acc()), e.hardware().resourceFraction());
        Fidelity fidelity = new Fidelity(e.oracle().fineTuneSteps(), e.oracle().evaluationImages());

        Path out = plan.out().toAbsolutePath().normalize();
        if (Files.exists(out)) throw new ExportException(out + ": already exists; choose a new --out folder or delete it");
        String unwritable = AtomicFiles.unwritable(out);
        if (unwritable != null) throw new ExportException(unwritable + "; choose another --out");
        // an unpredictable name, created exclusively: a shared folder cannot prepare it for us (a symlink, a folder)
        Path tmp = Files.createTempDirectory(out.getParent(), "." + out.getFileName() + ".tmp-");
        Files.createDirectories(tmp.resolve("vectors"));
        try (DjlAccuracyOracle oracle = DjlAccuracyOracle.open(config)) {
            List<SpaceLayer> layers = oracle.layers().stream().map(l -> new SpaceLayer(l.name(), l.hasActivationThreshold())).toList();
            Encoding enc = e.space().encoding(layers);
            Thresholds th = thresholds(enc, trial.params());
            OracleResult r = oracle.evaluate(th, fidelity);
            int n = Math.min(images, oracle.calibration().count());
            Images cal = oracle.calibration().head(n);
            Candidate cand = oracle.inspect(th, fidelity, (m, scope) -> capture(m, scope, cal));

            // model.onnx keeps each conv's BatchNorm as its own node: its conv weights are the ones the oracle pruned
            // (|w| < τ_w), so the same thresholds mean the same masks when the file is searched as an ONNX model;
            // the hardware model fuses the BatchNorm into the conv when it lowers the graph. The integer arithmetic
            // works on the folded graph (the BatchNorm is the epilogue's multiplier and shift).
            Network written = unfolded(original, cand);
            Network net = fuseBatchNorm(original, cand);
            Map<String, ChannelHistograms> hist = new LinkedHashMap<>();
            for (Map.Entry<String, LayerSparsity> x : r.layers().entrySet()) {
                if (x.getValue().histogram() != null) hist.put(x.getKey(), OnnxExport.asFloats(new ChannelHistograms(x.getValue().histogram())));
            }
            for (Node c : net.nodesOf(Op.Conv.class)) {
                if (!hist.containsKey(c.name())) throw new IllegalStateException("no histogram measured for conv " + c.name());
            }
            Design d = Dse.optimise(written, hist, platform, options);
            OnnxExport.write(tmp.resolve("model.onnx"), written, hist, cand.unfoldedInitializers(written));
            List<Map<String, Object>> manifest = writeVectors(tmp.resolve("vectors"), written, oracle.layers(), cand, cal);
            Map<String, Object> man = new LinkedHashMap<>();
            man.put("format", FORMAT);
            man.put("images", n);
            man.put("source", "the first " + n + " images of the calibration subset (split seed " + config.seed() + ")");
            Quantizer data = config.activationFormat();
            Map<String, IntegerLayer> ints = null;
            FixedPointPackage.Vectors iv = null;
            if (data != null && config.weightFormat() != null) {
                // the integer half: the arithmetic the hardware implements, on the oracle's own quantised weights
                ints = FixedPointPackage.layers(oracle.layers(), cand, config.weightFormat(), data, th);
                iv = FixedPointPackage.vectors(net, data, ints, cal.pixels(), cal.count(), cand);
                writeIntegerHalf(tmp, net, data, ints, iv, n, manifest, man);
            }
            man.put("tensors", manifest);
            JSON.writeValue(tmp.resolve("vectors/manifest.json").toFile(), man);
            Map<String, Object> design = designJson(plan, written, oracle.layers(), th, r, d, platform, options, fidelity, n);
            if (ints != null) fixedPointDesign(design, data, ints, net);
            JSON.writeValue(tmp.resolve("design.json").toFile(), design);
            Files.copy(plan.resultsDir().resolve(ResultsFiles.EXPERIMENT), tmp.resolve("experiment.json"));
            Files.writeString(tmp.resolve("trial.json"), TrialLog.toJson(trial) + "\n");
            Files.writeString(tmp.resolve("README.md"), readme("package-README.md", plan, d, n));
            VerifyReport report = null;
            if (verify) {
                report = PackageVerifier.verify(tmp);
                if (!report.ok()) {
                    throw new ExportException("the package failed its checks, nothing was written:\n  " + String.join("\n  ", report.problems()));
                }
            }
            // the build folder is private (0700) while it is written; the package gets what the umask gives any new folder
            AtomicFiles.useDefaultPermissions(tmp, true);
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
            return new Result(out, trial, r.accuracy(), d, n, report, iv == null ? null : iv.agreement(), iv == null ? -1 : iv.top1Agree());
        } catch (IOException | RuntimeException x) {
            deleteTree(tmp);
            throw x;
        }
    }

    /**
     * The package of a trial of an ONNX model ({@code model.onnx}): design.json, the user's file with the trial's
     * pruned weights and every Conv's window histograms ({@code channel_sparsity_hist}), golden vectors of the first
     * {@code images} calibration images, README.md, experiment.json and trial.json. The accuracy and the vectors are
     * re-measured by {@link OnnxAccuracyOracle} on {@code data}, at the experiment's fixed point unless
     * {@code floatOnly}. At fixed point the integer half is written as for a built-in model (integer vectors, weights,
     * multipliers, shifts, model.int.onnx) when every node has an integer rule; when one has none the package is the
     * float one, as with {@code floatOnly} (accuracy and vectors of the float oracle), and {@link Result#noInteger} says
     * which node.
     *
     * @param verify run {@link PackageVerifier} on the package before it is moved into place
     */
    public static Result exportOnnx(Plan plan, OnnxOracleData data, boolean floatOnly, int images, boolean verify) throws IOException {
        if (images < 1) throw new ExportException("--images must be >= 1, got " + images);
        Experiment e = plan.experiment();
        Trial trial = plan.trial();
        Path file = Path.of(e.model().onnx());
        Network net = OnnxImport.read(file).network();
        Platform platform = Platforms.resolve(e.hardware().platform());
        HardwareOptions options = new HardwareOptions(e.hardware().batch(),
                new Widths(e.hardware().dataWidth(), e.hardware().weightWidth(), Widths.DEFAULT.acc()), e.hardware().resourceFraction());
        Fidelity fidelity = new Fidelity(0, e.oracle().evaluationImages(), 0, e.oracle().histogramImages());
        Network folded = foldedStructure(net);
        // a node without an integer rule: the float package, as with --float (the oracle in float, no integer half)
        String noInteger = floatOnly ? null : integerProblem(OnnxGraph.read(file), folded);
        boolean fixed = !floatOnly && noInteger == null;
        Quantizer weights = fixed ? Quantizer.forWeights(e.hardware().weightWidth()) : null;
        Quantizer dataFormat = fixed ? Quantizer.forActivations(e.hardware().dataWidth()) : null;
        Path out = plan.out().toAbsolutePath().normalize();
        if (Files.exists(out)) throw new ExportException(out + ": already exists; choose a new --out folder or delete it");
        String unwritable = AtomicFiles.unwritable(out);
        if (unwritable != null) throw new ExportException(unwritable + "; choose another --out");
        Path tmp = Files.createTempDirectory(out.getParent(), "." + out.getFileName() + ".tmp-");
        Files.createDirectories(tmp.resolve("vectors"));
        try (OnnxAccuracyOracle oracle = OnnxAccuracyOracle.open(file, data, e.training().batchSize(), weights, dataFormat)) {
            List<SpaceLayer> layers = oracle.layers().stream().map(l -> new SpaceLayer(l.name(), l.hasActivationThreshold())).toList();
            Thresholds th = thresholds(e.space().encoding(layers), trial.params());
            OracleResult r = oracle.evaluate(th, fidelity);
            Map<String, ChannelHistograms> hist = new LinkedHashMap<>();
            Map<String, float[]> flat = new LinkedHashMap<>();
            for (Map.Entry<String, LayerSparsity> x : r.layers().entrySet()) {
                if (x.getValue().histogram() == null) continue;
                ChannelHistograms h = OnnxExport.asFloats(new ChannelHistograms(x.getValue().histogram()));
                hist.put(x.getKey(), h);
                flat.put(x.getKey(), OnnxExport.flatten(h));
            }
            Design d = Dse.optimise(net, hist, platform, options);
            Map<String, float[]> pruned = oracle.prunedWeights(th);
            Files.write(tmp.resolve("model.onnx"), oracle.graph().pruned(pruned, flat));
            OnnxAccuracyOracle.Capture cap = oracle.capture(th, images);
            int n = cap.labels().length;
            List<Map<String, Object>> manifest = writeVectors(tmp.resolve("vectors"), net, oracle.layers(), cap);
            Map<String, Object> man = new LinkedHashMap<>();
            man.put("format", FORMAT);
            man.put("images", n);
            man.put("source", "the first " + n + " calibration images (" + data.source() + ", order seeded by training.seed "
                    + e.training().seed() + ")");
            Map<String, IntegerLayer> ints = null;
            FixedPointPackage.Vectors iv = null;
            if (fixed) {
                Candidate cand = onnxCandidate(oracle, net, pruned, cap);
                ints = FixedPointPackage.layers(oracle.layers(), cand, weights, dataFormat, th);
                iv = FixedPointPackage.vectors(folded, dataFormat, ints, cap.images(), n, cand);
                writeIntegerHalf(tmp, folded, dataFormat, ints, iv, n, manifest, man);
            } else if (noInteger != null) {
                man.put("noInteger", noInteger);
            }
            man.put("tensors", manifest);
            JSON.writeValue(tmp.resolve("vectors/manifest.json").toFile(), man);
            Map<String, Object> design = designJson(plan, net, oracle.layers(), th, r, d, platform, options, fidelity, n);
            if (ints != null) fixedPointDesign(design, dataFormat, ints, folded);
            if (noInteger != null) design.put("noInteger", noInteger);
            JSON.writeValue(tmp.resolve("design.json").toFile(), design);
            Files.copy(plan.resultsDir().resolve(ResultsFiles.EXPERIMENT), tmp.resolve("experiment.json"));
            Files.writeString(tmp.resolve("trial.json"), TrialLog.toJson(trial) + "\n");
            Files.writeString(tmp.resolve("README.md"), readme("package-README-onnx.md", plan, d, n));
            VerifyReport report = null;
            if (verify) {
                report = PackageVerifier.verify(tmp);
                if (!report.ok()) {
                    throw new ExportException("the package failed its checks, nothing was written:\n  " + String.join("\n  ", report.problems()));
                }
            }
            AtomicFiles.useDefaultPermissions(tmp, true);
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
            return new Result(out, trial, r.accuracy(), d, n, report, iv == null ? null : iv.agreement(), iv == null ? -1 : iv.top1Agree(),
                    noInteger);
        } catch (IOException | RuntimeException x) {
            deleteTree(tmp);
            throw x;
        }
    }

    /** Why the integer arithmetic cannot run the ONNX network (naming the node and its op), or null. */
    static String integerProblem(OnnxGraph graph, Network folded) {
        for (OnnxGraph.Layer l : graph.layers()) {
            String p = graph.integerProblem(l);
            if (p != null) return p;
        }
        return IntegerForward.unsupported(folded);
    }

    /**
     * The candidate as the integer half reads it, from the ONNX file: each layer's pruned (and rounded) weights in
     * {@code out × in} / {@code F × C/g × K × K} order, its bias, the BatchNorm that directly follows a conv (γ, β,
     * mean, variance; ε folded into the variance) and the oracle's vectors.
     */
    static Candidate onnxCandidate(OnnxAccuracyOracle oracle, Network net, Map<String, float[]> pruned, OnnxAccuracyOracle.Capture cap) {
        Map<String, float[]> init = oracle.graph().initializersByNode();
        Map<String, float[]> weights = new LinkedHashMap<>(), biases = new LinkedHashMap<>();
        Map<String, float[][]> bns = new LinkedHashMap<>();
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (OnnxGraph.Layer l : oracle.graph().layers()) {
            float[] w = pruned.get(l.name());
            if (l.transposed()) {
                int in = (int) l.weightShape()[0], o = (int) l.weightShape()[1];
                float[] t = new float[w.length];
                for (int i = 0; i < in; i++) for (int k = 0; k < o; k++) t[k * in + i] = w[i * o + k];
                w = t;
            }
            weights.put(l.name(), w);
            if (init.containsKey(l.name() + ".bias")) biases.put(l.name(), init.get(l.name() + ".bias"));
            List<Node> next = net.consumers(l.name());
            if (l.conv() && next.size() == 1 && next.get(0).op() instanceof Op.BatchNorm) {
                String bn = next.get(0).name();
                bns.put(l.name(), new float[][] {init.get(bn + ".weight"), init.get(bn + ".bias"), init.get(bn + ".running_mean"),
                        init.get(bn + ".running_var")});
            }
            inputs.put(l.name(), new Tensor(cap.layerShapes().get(l.name()), cap.layerInputs().get(l.name())));
        }
        return new Candidate(weights, biases, bns, inputs, new Tensor(cap.logitsShape(), cap.logits()));
    }

    /** The float vectors of an ONNX model's package: images, labels, every layer's input, the logits. */
    private static List<Map<String, Object>> writeVectors(Path dir, Network net, List<PrunableLayer> layers, OnnxAccuracyOracle.Capture c)
            throws IOException {
        List<Map<String, Object>> manifest = new ArrayList<>();
        int n = c.labels().length;
        long[] s = c.imageShape();
        Npy.writeFloat32(dir.resolve("input.npy"), s, c.images());
        manifest.add(entry("input.npy", "input", "<f4", s, "the images (N×" + s[1] + "×" + s[2] + "×" + s[3]
                + ", as the experiment's dataset transforms made them) fed to the network input '" + net.inputName() + "'"));
        Npy.writeInt32(dir.resolve("labels.npy"), new long[] {n}, c.labels());
        manifest.add(entry("labels.npy", "labels", "<i4", new long[] {n}, "the true classes (index of the sorted class folders) of the images"));
        for (PrunableLayer l : layers) {
            String file = FixedPointPackage.fileStem(l.name()) + ".input.npy";
            long[] shape = c.layerShapes().get(l.name());
            Npy.writeFloat32(dir.resolve(file), shape, c.layerInputs().get(l.name()));
            manifest.add(entry(file, l.name(), "<f4", shape, "what layer " + l.name() + " reads: its input after the activation threshold"
                    + (l.hasActivationThreshold() ? " τ_a (x kept when x > τ_a, else 0)" : " (none: it reads the image)")));
        }
        Npy.writeFloat32(dir.resolve("logits.npy"), c.logitsShape(), c.logits());
        manifest.add(entry("logits.npy", net.output().name(), "<f4", c.logitsShape(), "the network's output (logits, before softmax)"));
        return manifest;
    }

    /**
     * Writes the trained model of {@code oracle} as it stands, without thresholds (float weights, each BatchNorm a
     * node of its own as in the package's model.onnx), as an ONNX file that {@code dev.hass.oracle.OnnxAccuracyOracle}
     * and other tools can run: the dense network a user would bring.
     */
    public static void writeDenseOnnx(DjlAccuracyOracle oracle, Path file) throws IOException {
        Images one = oracle.validation().head(1);
        Candidate c = oracle.inspect(Thresholds.none(), new Fidelity(0, 1), (m, scope) -> capture(m, scope, one));
        Network net = unfolded(Networks.builtIn(oracle.architecture()), c);
        OnnxExport.write(file, net, Map.of(), c.unfoldedInitializers(net));
    }

    static Thresholds thresholds(Encoding enc, Map<String, Double> params) {
        Map<String, Double> w = new LinkedHashMap<>(), a = new LinkedHashMap<>();
        enc.weightThresholds(params).forEach((k, v) -> { if (v != null && v > 0) w.put(k, v); });
        enc.activationThresholds(params).forEach((k, v) -> { if (v != null && v > 0) a.put(k, v); });
        return new Thresholds(w, a);
    }

    // ------------------------------------------------------------------ the candidate model

    /** A tensor copied out of native memory: shape (batch first) and values in C order. */
    record Tensor(long[] shape, float[] values) {}

    /**
     * What the export reads from the candidate model: weights of every prunable layer, BatchNorm folding
     * factors of the convs followed by one, and the vectors (thresholded input of every prunable layer and
     * the logits) for the images.
     */
    record Candidate(Map<String, float[]> weights, Map<String, float[]> biases, Map<String, float[][]> batchNorm,
                     Map<String, Tensor> layerInputs, Tensor logits) {

        /**
         * ONNX initializers of the network with its BatchNorm nodes ({@link #unfolded}): every prunable layer's weights
         * and bias as the model holds them, and each BatchNorm's γ, β, running mean and variance under its node's name.
         */
        Map<String, float[]> unfoldedInitializers(Network unfolded) {
            Map<String, float[]> m = new LinkedHashMap<>();
            for (String name : weights.keySet()) {
                m.put(name + ".weight", weights.get(name).clone());
                if (biases.containsKey(name)) m.put(name + ".bias", biases.get(name).clone());
            }
            batchNormNodes(unfolded, this).forEach((node, conv) -> {
                float[][] bn = batchNorm.get(conv);
                m.put(node + ".weight", bn[0].clone());
                m.put(node + ".bias", bn[1].clone());
                m.put(node + ".running_mean", bn[2].clone());
                m.put(node + ".running_var", bn[3].clone());
            });
            return m;
        }

        /** ONNX initializers of the fused network: weight·scale and (bias − mean)·scale + beta per filter. */
        Map<String, float[]> initializers() {
            Map<String, float[]> m = new LinkedHashMap<>();
            for (String name : weights.keySet()) {
                float[] w = weights.get(name).clone();
                float[] b = biases.get(name);
                float[][] bn = batchNorm.get(name);
                if (bn != null) {
                    float[] gamma = bn[0], beta = bn[1], mean = bn[2], var = bn[3];
                    int f = gamma.length, per = w.length / f;
                    float[] fb = new float[f];
                    for (int o = 0; o < f; o++) {
                        float scale = (float) (gamma[o] / Math.sqrt(var[o] + BN_EPS));
                        for (int i = 0; i < per; i++) w[o * per + i] *= scale;   // a pruned 0 stays 0
                        fb[o] = ((b == null ? 0 : b[o]) - mean[o]) * scale + beta[o];
                    }
                    b = fb;
                }
                m.put(name + ".weight", w);
                if (b != null) m.put(name + ".bias", b);
            }
            return m;
        }
    }

    static Candidate capture(ZooModel model, NDManager scope, Images images) {
        Map<String, float[]> weights = new LinkedHashMap<>(), biases = new LinkedHashMap<>();
        Map<String, float[][]> bns = new LinkedHashMap<>();
        Map<Block, BatchNorm> following = batchNormAfter(model.block());
        for (PrunableBlock b : model.layers()) {
            weights.put(b.name(), b.weight().getArray().toFloatArray());
            if (b.bias() != null) biases.put(b.name(), b.bias().getArray().toFloatArray());
            BatchNorm bn = following.get(b.block());
            if (bn != null) {
                bns.put(b.name(), new float[][] {param(bn, "gamma"), param(bn, "beta"), param(bn, "runningMean"), param(bn, "runningVar")});
            }
        }
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (PrunableBlock b : model.layers()) {
            b.tap().setRecorder(x -> inputs.put(b.name(), new Tensor(x.getShape().getShape(), x.toFloatArray())));
        }
        try {
            NDArray x = Evaluation.batchImages(scope, images, 0, images.count());
            NDArray logits = model.predict(scope, x);
            return new Candidate(weights, biases, bns, inputs, new Tensor(logits.getShape().getShape(), logits.toFloatArray()));
        } finally {
            for (PrunableBlock b : model.layers()) b.tap().setRecorder(null);
        }
    }

    private static float[] param(BatchNorm bn, String name) {
        var p = bn.getParameters().get(name);
        if (p == null) throw new IllegalStateException("BatchNorm has no parameter '" + name + "': " + bn.getParameters().keys());
        return p.getArray().toFloatArray();
    }

    /** Conv blocks that a BatchNorm directly follows inside a sequential block (the zoo's conv → BN). */
    private static Map<Block, BatchNorm> batchNormAfter(Block root) {
        Map<Block, BatchNorm> m = new IdentityHashMap<>();
        List<Block> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            Block b = todo.remove(todo.size() - 1);
            List<Block> children = b.getChildren().values();
            if (b instanceof SequentialBlock) {
                for (int i = 0; i + 1 < children.size(); i++) {
                    if (children.get(i) instanceof Conv2d && children.get(i + 1) instanceof BatchNorm bn) m.put(children.get(i), bn);
                }
            }
            todo.addAll(children);
        }
        return m;
    }

    /**
     * The network as exported: every BatchNorm that directly follows a conv whose BN parameters we folded is
     * removed (its consumers read the conv, which now has a bias).
     */
    static Network fuseBatchNorm(Network net, Candidate c) {
        Map<String, String> renamed = batchNormNodes(net, c);
        List<Node> nodes = new ArrayList<>();
        for (Node n : net.nodes()) {
            if (renamed.containsKey(n.name())) continue;
            Op op = n.op() instanceof Op.Conv conv && c.batchNorm().containsKey(n.name()) ? conv.withBias(true) : n.op();
            nodes.add(new Node(n.name(), op, n.inputs().stream().map(i -> renamed.getOrDefault(i, i)).toList()));
        }
        return new Network(net.name(), net.inputName(), net.input(), nodes);
    }

    /**
     * The BatchNorm nodes of {@code net} that follow a conv whose BatchNorm parameters {@code c} holds (node → conv);
     * every such pair of the model must be one.
     */
    static Map<String, String> batchNormNodes(Network net, Candidate c) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (Node n : net.nodes()) {
            if (n.op() instanceof Op.BatchNorm && n.inputs().size() == 1 && c.batchNorm().containsKey(n.inputs().get(0))
                    && net.consumers(n.inputs().get(0)).size() == 1) {
                pairs.put(n.name(), n.inputs().get(0));
            }
        }
        if (c.batchNorm().size() != pairs.size()) {
            throw new IllegalStateException("could not match the model's conv→BatchNorm pairs " + c.batchNorm().keySet()
                    + " to BatchNorm nodes of the " + net.name() + " network");
        }
        return pairs;
    }

    /**
     * The network as the package's model.onnx holds it: every node kept (BatchNorm too), a layer marked with a bias
     * when the model has one. Checks that the model's conv→BatchNorm pairs are nodes of the network.
     */
    static Network unfolded(Network net, Candidate c) {
        batchNormNodes(net, c);
        List<Node> nodes = new ArrayList<>();
        for (Node n : net.nodes()) {
            Op op = n.op();
            if (c.biases().containsKey(n.name())) {
                if (op instanceof Op.Conv conv) op = conv.withBias(true);
                else if (op instanceof Op.InnerProduct ip && !ip.bias()) {
                    throw new IllegalStateException("layer " + n.name() + " of the model has a bias, the " + net.name() + " network has none");
                }
            }
            nodes.add(new Node(n.name(), op, n.inputs()));
        }
        return new Network(net.name(), net.inputName(), net.input(), nodes);
    }

    /**
     * {@code net} with every BatchNorm that directly follows a conv (its only consumer) folded into it: the node
     * removed, its consumers reading the conv, which gets a bias. The integer arithmetic works on this graph
     * (the BatchNorm is the epilogue's multiplier and shift).
     */
    static Network foldedStructure(Network net) {
        Map<String, String> renamed = new LinkedHashMap<>();
        for (Node n : net.nodes()) {
            if (n.op() instanceof Op.BatchNorm && n.inputs().size() == 1 && net.contains(n.inputs().get(0))
                    && net.node(n.inputs().get(0)).op() instanceof Op.Conv && net.consumers(n.inputs().get(0)).size() == 1) {
                renamed.put(n.name(), n.inputs().get(0));
            }
        }
        if (renamed.isEmpty()) return net;
        List<Node> nodes = new ArrayList<>();
        for (Node n : net.nodes()) {
            if (renamed.containsKey(n.name())) continue;
            Op op = n.op() instanceof Op.Conv conv && renamed.containsValue(n.name()) ? conv.withBias(true) : n.op();
            nodes.add(new Node(n.name(), op, n.inputs().stream().map(i -> renamed.getOrDefault(i, i)).toList()));
        }
        return new Network(net.name(), net.inputName(), net.input(), nodes);
    }

    // ------------------------------------------------------------------ files

    private static List<Map<String, Object>> writeVectors(Path dir, Network net, List<PrunableLayer> layers, Candidate c,
                                                          Images images) throws IOException {
        List<Map<String, Object>> manifest = new ArrayList<>();
        int n = images.count();
        long[] inShape = {n, 1, Images.SIDE, Images.SIDE};
        Npy.writeFloat32(dir.resolve("input.npy"), inShape, java.util.Arrays.copyOf(images.pixels(), n * Images.PIXELS));
        manifest.add(entry("input.npy", "input", "<f4", inShape, "the images (N×1×28×28, pixels scaled to [0,1]) fed to the network input '" + net.inputName() + "'"));
        Npy.writeInt32(dir.resolve("labels.npy"), new long[] {n}, java.util.Arrays.copyOf(images.labels(), n));
        manifest.add(entry("labels.npy", "labels", "<i4", new long[] {n}, "the true classes (0-9) of the images"));
        for (PrunableLayer l : layers) {
            Tensor t = c.layerInputs().get(l.name());
            if (t == null) throw new IllegalStateException("layer " + l.name() + " recorded no input");
            String file = FixedPointPackage.fileStem(l.name()) + ".input.npy";
            Npy.writeFloat32(dir.resolve(file), t.shape(), t.values());
            manifest.add(entry(file, l.name(), "<f4", t.shape(), "what layer " + l.name() + " reads: its input after the activation threshold"
                    + (l.hasActivationThreshold() ? " τ_a (x kept when x > τ_a, else 0)" : " (none: it reads the image)")));
        }
        Npy.writeFloat32(dir.resolve("logits.npy"), c.logits().shape(), c.logits().values());
        manifest.add(entry("logits.npy", net.output().name(), "<f4", c.logits().shape(), "the network's output (logits, before softmax)"));
        return manifest;
    }

    /**
     * The integer half of a package, the same for a built-in and an ONNX model: integer vectors and parameters,
     * model.int.onnx, and the manifest's fixed-point format and agreement with the oracle's values.
     */
    private static void writeIntegerHalf(Path tmp, Network net, Quantizer data, Map<String, IntegerLayer> ints, FixedPointPackage.Vectors iv,
                                         int images, List<Map<String, Object>> manifest, Map<String, Object> man) throws IOException {
        manifest.addAll(writeIntegerVectors(tmp.resolve("vectors"), net, data, iv));
        manifest.addAll(FixedPointPackage.writeParameters(tmp.resolve("vectors"), ints, net, data));
        QuantizedOnnx.write(tmp.resolve("model.int.onnx"), net, ints, data);
        man.put("fixedPoint", fixedPointJson(data));
        Map<String, Object> agree = new LinkedHashMap<>();
        for (FixedPointPackage.Agreement a : iv.agreement()) agree.put(a.tensor(), a.json());
        man.put("oracleAgreement", Map.of("meaning", "integer vectors against the oracle's float32 fixed-point values on the same grid",
                "tensors", agree, "top1", iv.top1Agree() + "/" + images));
    }

    private static List<Map<String, Object>> writeIntegerVectors(Path dir, Network net, Quantizer data, FixedPointPackage.Vectors v)
            throws IOException {
        List<Map<String, Object>> manifest = new ArrayList<>();
        Map<String, Object> f = FixedPointPackage.format(data);
        int n = v.images();
        for (Map.Entry<String, int[]> e : v.layerInputs().entrySet()) {
            TensorShape s = net.inputShape(e.getKey());
            long[] shape = net.node(e.getKey()).op() instanceof Op.Conv ? new long[] {n, s.channels(), s.rows(), s.cols()} : new long[] {n, s.elements()};
            String file = FixedPointPackage.fileStem(e.getKey()) + ".input.i2.npy";
            Npy.writeInt16(dir.resolve(file), shape, e.getValue());
            manifest.add(FixedPointPackage.entry(file, e.getKey(), "activation", "<i2", shape, f, "what layer " + e.getKey()
                    + " reads, as the accelerator holds it: its input after τ_a, rounded to " + f.get("q") + " (x = value / 2^" + data.fractionBits() + ")"));
        }
        long[] ls = {n, net.outputShape().elements()};
        Npy.writeInt16(dir.resolve("logits.i2.npy"), ls, v.logits());
        manifest.add(FixedPointPackage.entry("logits.i2.npy", net.output().name(), "logits", "<i2", ls, f,
                "the network's output rounded to " + f.get("q") + " (logits = value / 2^" + data.fractionBits() + ")"));
        return manifest;
    }

    /** The arithmetic's rules, as design.json and manifest.json state them (docs/hardware.md has the full text). */
    static Map<String, Object> fixedPointJson(Quantizer data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", FixedPointPackage.format(data));
        m.put("rounding", "to nearest, ties away from zero, then saturation to the format's signed range");
        m.put("roundedAt", "every Conv/Gemm input (after τ_a: x kept when x > τ_a) and the logits; nowhere else");
        m.put("accumulator", "exact: sum of int16 × int16 products, then × multiplier + shift (64-bit in the reference)");
        m.put("between", "ReLU, pooling and Add work on the exact epilogue results; an average divides once, in the next rounding");
        m.put("docs", "docs/hardware.md#fixed-point-arithmetic");
        return m;
    }

    private static void fixedPointDesign(Map<String, Object> design, Quantizer data, Map<String, IntegerLayer> ints, Network net) {
        design.put("fixedPoint", fixedPointJson(data));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> layers = (List<Map<String, Object>>) design.get("layers");
        for (Map<String, Object> x : layers) {
            IntegerLayer l = ints.get((String) x.get("name"));
            Map<String, Object> fp = new LinkedHashMap<>();
            fp.put("input", FixedPointPackage.format(data));
            fp.put("weight", FixedPointPackage.format(l.weightFormat()));
            fp.put("multiplier", l.multiplierFormat() == null ? null : FixedPointPackage.format(l.multiplierFormat()));
            fp.put("resultFractionBits", l.resultFraction(data.fractionBits()));
            long fanIn = l.weights().length / l.shift().length;
            // worst case of a sum of fanIn products of two signed values: 2·(bits−1) + ⌈log2 fanIn⌉ + sign
            fp.put("accumulatorBits", (data.bits() - 1) + (l.weightFormat().bits() - 1) + 64 - Long.numberOfLeadingZeros(fanIn - 1) + 1);
            x.put("fixedPoint", fp);
        }
    }

    private static Map<String, Object> entry(String file, String tensor, String dtype, long[] shape, String what) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file);
        m.put("layer", tensor);
        m.put("dtype", dtype);
        m.put("shape", shape);
        m.put("description", what);
        return m;
    }

    private static Map<String, Object> designJson(Plan plan, Network net, List<PrunableLayer> layers, Thresholds th, OracleResult r,
                                                  Design d, Platform p, HardwareOptions o, Fidelity f, int images) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("hassVersion", Version.get());
        Trial t = plan.trial();
        Map<String, Object> src = new LinkedHashMap<>();
        src.put("resultsDir", plan.resultsDir().toAbsolutePath().normalize().toString());
        src.put("experimentFile", "experiment.json");
        src.put("experiment", plan.experiment().name());
        src.put("trial", t.number());
        src.put("algorithm", t.algorithm());
        src.put("seed", t.seed());
        src.put("params", t.params());
        m.put("source", src);
        m.put("network", net.name());
        Map<String, Object> board = new LinkedHashMap<>();
        board.put("name", p.name()); board.put("part", p.part()); board.put("dsp", p.dsp()); board.put("bram18", p.bram18());
        board.put("uram", p.uram()); board.put("lut", p.lut()); board.put("ff", p.ff());
        board.put("frequencyMhz", p.frequencyMhz()); board.put("dramGbps", p.dramGbps());
        m.put("platform", board);
        m.put("batch", o.batch());
        m.put("widths", Map.of("data", o.widths().data(), "weight", o.widths().weight(), "acc", o.widths().acc()));
        m.put("resourceFraction", o.resourceFraction());
        Map<String, Object> acc = new LinkedHashMap<>();
        acc.put("searched", t.values() == null ? null : t.values().get("accuracy"));
        acc.put("reproduced", r.accuracy());
        acc.put("fineTuneSteps", f.fineTuneSteps());
        acc.put("evaluationImages", f.evaluationImages());
        m.put("accuracy", acc);
        List<Map<String, Object>> ls = new ArrayList<>();
        for (PrunableLayer l : layers) {
            Node node = net.node(l.name());
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", l.name());
            x.put("type", node.op().kind());
            TensorShape in = net.inputShape(l.name()), out = net.outputShape(l.name());
            x.put("inputShape", new int[] {in.channels(), in.rows(), in.cols()});
            x.put("outputShape", new int[] {out.channels(), out.rows(), out.cols()});
            if (node.op() instanceof Op.Conv c) {
                x.put("kernel", new int[] {c.kernelRows(), c.kernelCols()});
                x.put("stride", new int[] {c.strideRows(), c.strideCols()});
                x.put("pads", new int[] {c.padTop(), c.padLeft(), c.padBottom(), c.padRight()});
                x.put("groups", c.groups());
            }
            x.put("tauW", th.weightOf(l.name()));
            x.put("tauA", th.activationOf(l.name()));
            LayerSparsity s = r.layers().get(l.name());
            x.put("weightSparsity", s.weightSparsity());
            x.put("activationSparsity", s.activationSparsity());
            x.put("productSparsity", s.productSparsity());
            stage(d, l.name(), x);
            ls.add(x);
        }
        m.put("layers", ls);
        m.put("design", JSON.readTree(DesignReport.json(d)));
        return m;
    }

    /** Folding, cycles, resources and (sparse convs) the channel-to-stream order of the layer's stage. */
    private static void stage(Design d, String name, Map<String, Object> x) {
        int i = d.pipeline().indexOf(name);
        if (i < 0) return;
        Stage stage = d.pipeline().stages().get(i);
        Design.StageDesign sd = d.stages().stream().filter(s -> s.name().equals(name) && !s.derived()).findFirst().orElseThrow();
        x.put("stage", dev.hass.hardware.pipeline.Pipeline.typeOf(stage));
        x.put("folding", DesignReport.folding(sd.folding()));
        if (sd.folding() instanceof Folding.Conv fc) {
            int streams = fc.coarseIn() * fc.coarseGroup();
            Map<String, Object> order = new LinkedHashMap<>();
            order.put("streams", streams);
            if (stage instanceof SparseConvStage sparse) {
                order.put("scheme", "snake");
                order.put("order", sparse.interleaving(streams, fc.fine(), true));
            } else {
                order.put("scheme", "naive");
                order.put("order", IntStream.range(0, x.get("inputShape") instanceof int[] s ? s[0] : 0).toArray());
            }
            order.put("meaning", "input stream s reads channels order[s], order[s+streams], order[s+2·streams], …");
            x.put("channelToStream", order);
        }
        x.put("cycles", sd.metrics().latency());
        x.put("DSP", sd.metrics().resources().dsp());
        x.put("BRAM", sd.metrics().resources().bram());
        x.put("LUT", sd.metrics().resources().lut());
        x.put("FF", sd.metrics().resources().ff());
        x.put("bottleneck", d.bottleneck().name().equals(name));
    }

    private static String readme(String template, Plan plan, Design d, int images) throws IOException {
        try (InputStream in = ExportService.class.getResourceAsStream(template)) {
            if (in == null) throw new IllegalStateException(template + " missing from the jar");
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.replace("{{experiment}}", plan.experiment().name())
                    .replace("{{trial}}", String.valueOf(plan.trial().number()))
                    .replace("{{network}}", d.pipeline().name())
                    .replace("{{platform}}", d.platform().name())
                    .replace("{{images}}", String.valueOf(images))
                    .replace("{{throughput}}", String.format(java.util.Locale.ROOT, "%.1f", d.throughput()))
                    .replace("{{interval}}", String.valueOf(d.intervalCycles()));
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        }
    }

}
