package dev.hass.oracle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hass.nn.CheckpointException;
import dev.hass.nn.CheckpointMetadata;
import dev.hass.nn.Checkpoints;
import dev.hass.nn.Evaluation;
import dev.hass.nn.Params;
import dev.hass.nn.PrunableBlock;
import dev.hass.nn.Quantizer;
import dev.hass.nn.ZooModel;
import dev.hass.sparsity.LayerProfile;
import dev.hass.sparsity.SparsityProfiler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The transformation passes of {@code hass transform}, applied in order to the oracle's model: RepVGG fusion
 * (the oracle always holds the fused deploy form), pruning ({@code |w| < τ_w → 0}), activation thresholds,
 * fixed-point quantisation of the prunable layers' weights (biases and BatchNorm stay float: they live in
 * the wider accumulator) and of every prunable layer's input activations. Lives in {@code oracle} because it
 * reuses {@link DjlAccuracyOracle#inspect}, so the transformed model is exactly the one the oracle scores.
 */
public final class Transform {
    public static final String REPORT = "report.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Transform() {}

    /**
     * @param weights          weight format ({@code null} = keep float)
     * @param activations      activation format ({@code null} = keep float)
     * @param evaluationImages validation images accuracy is measured on (clipped to the split)
     * @param fitWeights       give each layer's weights the integer bits their largest magnitude needs
     *                         ({@link Quantizer#fitting}, as the oracle does), trading fraction bits; false = every
     *                         layer in exactly {@code weights}, which saturates weights beyond its range
     */
    public record Options(Thresholds thresholds, Quantizer weights, Quantizer activations, boolean fuse, int evaluationImages,
                          boolean fitWeights) {
        /** Every layer in exactly the given weight format. */
        public Options(Thresholds thresholds, Quantizer weights, Quantizer activations, boolean fuse, int evaluationImages) {
            this(thresholds, weights, activations, fuse, evaluationImages, false);
        }
    }

    /**
     * One prunable layer after the passes. Errors compare the quantised weights with the float weights after
     * pruning (0 when weights stay float).
     */
    public record LayerReport(String name, String kind, double weightThreshold, double activationThreshold,
                              double weightSparsity, double activationSparsity, String weightFormat,
                              double maxAbsError, double meanAbsError) {}

    /**
     * @param accuracyBefore float dense model
     * @param accuracyPruned after pruning and activation thresholds, still float
     * @param accuracyAfter  after all passes (what the accelerator computes)
     */
    public record Report(String architecture, boolean fused, String weightFormat, String activationFormat,
                         Thresholds thresholds, int evaluationImages, double accuracyBefore, double accuracyPruned,
                         double accuracyAfter, List<LayerReport> layers) {}

    /**
     * Applies the passes and writes the transformed checkpoint ({@code parameters.bin}, {@code metadata.json},
     * readable by {@link Checkpoints#load}) and {@value #REPORT} into {@code out}, which must not exist.
     * Activation thresholds and formats are not parameters: they are recorded in the report only.
     */
    public static Report run(DjlAccuracyOracle oracle, Options o, Path out) {
        if (Files.exists(out)) throw new CheckpointException("output directory " + out + " already exists; choose a new --out");
        if ("repvgg_small".equals(oracle.architecture()) && !o.fuse()) {
            throw new IllegalArgumentException("repvgg_small can be pruned and quantised only in its fused deploy form: pass --fuse");
        }
        int batch = oracle.config().batchSize();
        int n = Math.min(o.evaluationImages(), oracle.validation().count());
        Fidelity fid = new Fidelity(0, n);
        double before = oracle.inspect(Thresholds.none(), fid,
                (m, s) -> Evaluation.accuracy(m, oracle.validation(), n, batch, s));
        return oracle.inspect(o.thresholds(), fid, (m, scope) -> {
            double pruned = Evaluation.accuracy(m, oracle.validation(), n, batch, scope);
            Map<String, double[]> errors = new LinkedHashMap<>();
            Map<String, String> formats = new LinkedHashMap<>();
            for (PrunableBlock b : m.layers()) {
                double max = 0, sum = 0;
                float[] w = b.weight().getArray().toFloatArray();
                Quantizer format = o.weights();
                if (format != null && o.fitWeights()) format = format.fitting(w);
                formats.put(b.name(), format == null ? "float" : format.toString());
                if (format != null) {
                    float[] q = format.quantize(w);
                    for (int i = 0; i < w.length; i++) {
                        double e = Math.abs((double) q[i] - w[i]);
                        max = Math.max(max, e);
                        sum += e;
                    }
                    Params.write(b.weight(), q);
                }
                errors.put(b.name(), new double[]{max, sum / w.length});
                b.tap().setQuantizer(o.activations());
            }
            double after = Evaluation.accuracy(m, oracle.validation(), n, batch, scope);
            Map<String, LayerProfile> profiles = SparsityProfiler.profile(m, oracle.calibration(), batch, scope);
            List<LayerReport> layers = new ArrayList<>();
            for (PrunableLayer l : oracle.layers()) {
                LayerProfile p = profiles.get(l.name());
                double[] e = errors.get(l.name());
                layers.add(new LayerReport(l.name(), l.kind().name().toLowerCase(), o.thresholds().weightOf(l.name()),
                        o.thresholds().activationOf(l.name()), p.weightSparsity(), p.activationSparsity(),
                        formats.get(l.name()), e[0], e[1]));
            }
            Report r = new Report(oracle.architecture(), o.fuse() && "repvgg_small".equals(oracle.architecture()),
                    o.weights() == null ? "float" : o.weights() + (o.fitWeights() ? " (integer bits fitted per layer)" : ""),
                    String.valueOf(o.activations() == null ? "float" : o.activations()),
                    o.thresholds(), n, before, pruned, after, List.copyOf(layers));
            write(m, oracle.checkpointMetadata(), after, r, out);
            return r;
        });
    }

    private static void write(ZooModel m, CheckpointMetadata src, double accuracy, Report r, Path out) {
        // validationAccuracy is the transformed model's (on the evaluated images); testAccuracy stays the source's
        CheckpointMetadata meta = new CheckpointMetadata(src.architecture(), "deploy", src.seed(), src.epochs(), src.batchSize(),
                src.learningRate(), src.calibrationImages(), src.validationImages(), src.trainImages(), accuracy,
                src.testAccuracy(), src.dataFingerprint(), src.trainingSeconds(), java.time.Instant.now().toString());
        Checkpoints.save(out, m, meta, false);
        try {
            JSON.writeValue(out.resolve(REPORT).toFile(), r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out.resolve(REPORT) + ": " + e.getMessage(), e);
        }
    }

}
