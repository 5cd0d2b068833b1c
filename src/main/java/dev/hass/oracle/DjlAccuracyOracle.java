package dev.hass.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.hass.nn.CheckpointMetadata;
import dev.hass.nn.Checkpoints;
import dev.hass.nn.Evaluation;
import dev.hass.nn.FashionMnist;
import dev.hass.nn.ImageBatches;
import dev.hass.nn.Fitter;
import dev.hass.nn.Images;
import dev.hass.nn.Params;
import dev.hass.nn.PrunableBlock;
import dev.hass.nn.RepVgg;
import dev.hass.nn.Splits;
import dev.hass.nn.ZooModel;
import dev.hass.sparsity.LayerProfile;
import dev.hass.sparsity.SparsityProfiler;
import dev.hass.sparsity.WeightMasks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The DJL/libtorch implementation of {@link AccuracyOracle}. It loads the checkpoint and the data splits
 * once, keeps a copy of the trained parameters (including BatchNorm statistics) in native memory, and
 * restores them before every candidate. RepVGG is evaluated (and pruned) in its fused deploy form.
 * Results are cached by (thresholds, fidelity); {@link #evaluateUncached} bypasses the cache.
 */
public final class DjlAccuracyOracle implements AccuracyOracle {

    private final OracleConfig config;
    private final NDManager manager;
    private final ZooModel model;
    /**
     * A second instance of the model, put into each candidate's state, so that the histogram pass over the
     * calibration images runs on a worker thread while the accuracy pass runs on the caller's; null when the
     * process has one libtorch thread (then the passes run one after the other).
     */
    private final ZooModel mirror;
    private final ExecutorService profiler;
    private final List<NDArray> trained;
    private final List<PrunableLayer> layers;
    private final Map<String, PrunableLayer> byName = new LinkedHashMap<>();
    private final Images trainData;
    private final int[] trainSplit;
    private final Images validation;
    private final Images calibration;
    private final Images test;
    /** the validation and calibration images in native memory, copied once (every candidate reads them) */
    private final ImageBatches validationBatches;
    private final ImageBatches calibrationBatches;
    /** the test file in native memory, made on first use (only finalists are tested) */
    private ImageBatches testBatches;
    private final double dense;
    private final CheckpointMetadata metadata;
    private final ResultCache cache = new ResultCache();

    private DjlAccuracyOracle(OracleConfig config, FashionMnist data) {
        this.config = config;
        this.manager = NDManager.newBaseManager();
        try {
            Checkpoints.Loaded loaded = Checkpoints.load(config.checkpoint(), config.architecture(), manager);
            this.metadata = loaded.metadata();
            this.model = RepVgg.fuse(loaded.model(), manager);
            this.trained = Params.snapshot(model.block(), manager);
            boolean concurrent = libtorchThreads() > 1;
            this.mirror = concurrent ? RepVgg.fuse(Checkpoints.load(config.checkpoint(), config.architecture(), manager).model(), manager) : null;
            List<PrunableLayer> ls = new ArrayList<>();
            for (PrunableBlock b : model.layers()) {
                var s = b.spec();
                PrunableLayer pl = new PrunableLayer(s.name(), s.conv() ? PrunableLayer.Kind.CONV : PrunableLayer.Kind.LINEAR,
                        s.inChannels(), s.outChannels(), s.kernel(), s.groups(), s.hasActivationThreshold());
                ls.add(pl);
                byName.put(pl.name(), pl);
            }
            this.layers = List.copyOf(ls);
            Splits splits = Splits.of(data.train().count(), config.calibrationImages(), config.validationImages(), config.seed());
            if (metadata.seed() != config.seed() || metadata.calibrationImages() != config.calibrationImages()
                    || metadata.validationImages() != config.validationImages()) {
                System.err.printf("hass: warning: checkpoint %s was trained with split seed %d (calibration %d, validation %d),"
                                + " the oracle uses seed %d (%d, %d): validation images may have been trained on%n",
                        config.checkpoint(), metadata.seed(), metadata.calibrationImages(), metadata.validationImages(),
                        config.seed(), config.calibrationImages(), config.validationImages());
            }
            this.trainData = data.train();
            this.trainSplit = splits.train();
            this.validation = data.train().select(splits.validation());
            this.calibration = data.train().select(splits.calibration());
            this.test = data.test();
            this.validationBatches = new ImageBatches(validation, manager);
            this.calibrationBatches = new ImageBatches(calibration, manager);
            this.dense = Evaluation.accuracy(model, validationBatches, Integer.MAX_VALUE, config.batchSize(), manager);
            // last: nothing after it can fail and leave the thread behind
            this.profiler = concurrent ? Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "hass-oracle-profiler");
                t.setDaemon(true);
                return t;
            }) : null;
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * libtorch's intra-op threads: OMP_NUM_THREADS, else the cores. Two passes at once pay off when each has
     * cores to run on (resnet8 0.60 → 0.50 s, lenet5 0.13 → 0.10 s per candidate on 2 cores); with one thread
     * (e.g. a local batch of parallel tasks) they would only compete.
     */
    static int libtorchThreads() {
        String env = System.getenv("OMP_NUM_THREADS");
        if (env != null) {
            try {
                return Integer.parseInt(env.trim());
            } catch (NumberFormatException e) {
                return 1;
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Loads the checkpoint and the data splits once; every {@link AccuracyOracle#evaluate} restores the
     * trained weights from memory.
     */
    public static DjlAccuracyOracle open(OracleConfig config) {
        return open(config, FashionMnist.load(FashionMnist.resolveDir(config.datasetDir())));
    }

    /** As {@link #open(OracleConfig)} with data already loaded (tests, or several oracles on one dataset). */
    public static DjlAccuracyOracle open(OracleConfig config, FashionMnist data) {
        return new DjlAccuracyOracle(config, data);
    }

    @Override
    public String architecture() {
        return model.architecture();
    }

    @Override
    public List<PrunableLayer> layers() {
        return layers;
    }

    @Override
    public double denseAccuracy() {
        return dense;
    }

    /** The checkpoint's metadata (training seed, test accuracy, data fingerprint). */
    public CheckpointMetadata checkpointMetadata() {
        return metadata;
    }

    @Override
    public OracleResult evaluate(Thresholds thresholds, Fidelity fidelity) {
        return cache.get(thresholds, fidelity, this::evaluateUncached);
    }

    /** One full evaluation, never served from the cache. */
    public OracleResult evaluateUncached(Thresholds thresholds, Fidelity fidelity) {
        long t0 = System.nanoTime();
        return inspect(thresholds, fidelity, (m, scope) -> {
            int cal = fidelity.histogramImages() == 0 ? calibration.count() : Math.min(fidelity.histogramImages(), calibration.count());
            Future<Map<String, LayerProfile>> histograms = null;
            if (mirror != null) {
                mirror(m);
                histograms = profiler.submit(() -> SparsityProfiler.profile(mirror, calibrationBatches, cal, config.batchSize(), scope));
            }
            double accuracy;
            Double testAccuracy;
            Map<String, LayerProfile> profiles;
            try {
                accuracy = Evaluation.accuracy(m, validationBatches, fidelity.evaluationImages(), config.batchSize(), scope);
                testAccuracy = fidelity.testImages() == 0 ? null
                        : Evaluation.accuracy(m, testBatches(), fidelity.testImages(), config.batchSize(), scope);
                profiles = histograms == null ? SparsityProfiler.profile(m, calibrationBatches, cal, config.batchSize(), scope)
                        : join(histograms);
            } finally {
                if (histograms != null) {
                    awaitQuietly(histograms);   // never leave the worker using arrays of a scope about to close
                    mirror.clearTaps();
                }
            }
            Map<String, LayerSparsity> out = new LinkedHashMap<>();
            profiles.forEach((name, p) -> out.put(name,
                    new LayerSparsity(p.weightSparsity(), p.activationSparsity(), p.productSparsity(), p.histogram())));
            return new OracleResult(accuracy, out, (System.nanoTime() - t0) / 1e9, testAccuracy);
        });
    }

    private ImageBatches testBatches() {
        if (testBatches == null) testBatches = new ImageBatches(test, manager);
        return testBatches;
    }

    /** Whether the histogram pass runs on a second model instance beside the accuracy pass. */
    public boolean concurrentPasses() {
        return mirror != null;
    }

    /** Puts the mirror into the state of {@code m}: its parameters (masked, fine-tuned, quantised) and taps. */
    private void mirror(ZooModel m) {
        Params.copy(m.block(), mirror.block());
        List<PrunableBlock> from = m.layers(), to = mirror.layers();
        for (int i = 0; i < from.size(); i++) {
            to.get(i).tap().setThreshold(from.get(i).tap().threshold());
            to.get(i).tap().setQuantizer(from.get(i).tap().quantizer());
        }
    }

    /** Waits for {@code f} to finish, whatever its outcome (reported by {@link #join}, or the caller failed first). */
    private static void awaitQuietly(Future<?> f) {
        boolean interrupted = false;
        while (true) {
            try {
                f.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                break;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while profiling", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Looks at the model while it is in the state of one candidate (see {@link #inspect}). */
    @FunctionalInterface
    public interface Inspector<T> {
        T inspect(ZooModel candidate, NDManager scope);
    }

    /** Fine-tuning starts at this fraction of the training learning rate and decays to 0 (cosine). */
    public static final double FINE_TUNE_RATE = 0.1;

    /**
     * Puts the model into the exact state {@link #evaluate} scores (trained weights restored, weight masks
     * and activation thresholds applied, fine-tuned as the fidelity says) and hands it to {@code inspector};
     * the trained state is restored afterwards. Used by the export to read the pruned weights and the
     * golden vectors of the very model the oracle measured. Arrays made in {@code scope} are freed after.
     */
    public <T> T inspect(Thresholds thresholds, Fidelity fidelity, Inspector<T> inspector) {
        check(thresholds);
        Params.restore(model.block(), trained);
        model.clearTaps();
        try {
            for (PrunableBlock b : model.layers()) b.tap().setThreshold(thresholds.activationOf(b.name()));
            try (NDManager scope = manager.newSubManager();
                 WeightMasks masks = WeightMasks.apply(model.layers(), thresholds.weight(), scope)) {
                if (fidelity.fineTuneSteps() > 0) {
                    // fresh Adam state; a tenth of the training rate, decaying to 0: Adam's first steps move every
                    // weight by about the rate, which at the training rate knocks a converged model off its minimum
                    // (50 steps at 1e-3 cost the dense lenet5 a point of test accuracy)
                    double rate = FINE_TUNE_RATE * config.learningRate();
                    try (Fitter fitter = new Fitter(model, rate, scope)) {
                        Fitter.Batches batches = new Fitter.Batches(trainSplit, config.batchSize(), config.seed());
                        int steps = fidelity.fineTuneSteps();
                        for (int s = 0; s < steps; s++) {
                            fitter.setLearningRate(rate * 0.5 * (1 + Math.cos(Math.PI * s / steps)));
                            fitter.step(trainData, batches.next(), scope);
                            masks.reapply();
                        }
                    }
                }
                quantize();
                return inspector.inspect(model, scope);
            }
        } finally {
            Params.restore(model.block(), trained);
            model.clearTaps();
        }
    }

    /**
     * Rounds weights and layer inputs to the accelerator's fixed point, so accuracy is what the hardware computes;
     * each layer's weights get the integer bits their largest magnitude needs ({@link Quantizer#fitting}).
     */
    private void quantize() {
        for (PrunableBlock b : model.layers()) {
            if (config.weightFormat() != null) {
                float[] w = b.weight().getArray().toFloatArray();
                Params.write(b.weight(), config.weightFormat().fitting(w).quantize(w));
            }
            b.tap().setQuantizer(config.activationFormat());
        }
    }

    /** The validation subset (the images accuracy is measured on), in its fixed order. */
    public Images validation() {
        return validation;
    }

    /** The configuration the oracle was opened with. */
    public OracleConfig config() {
        return config;
    }

    /** The calibration subset (the images the histograms are measured on), in its fixed order. */
    public Images calibration() {
        return calibration;
    }

    private void check(Thresholds t) {
        Set<String> unknown = new TreeSet<>(t.weight().keySet());
        unknown.addAll(t.activation().keySet());
        unknown.removeAll(byName.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown layer(s) " + unknown + " for " + architecture()
                    + "; prunable layers are " + byName.keySet());
        }
        t.weight().forEach((n, v) -> {
            if (!(v >= 0)) throw new IllegalArgumentException("weight threshold of " + n + " must be >= 0, got " + v);
        });
        t.activation().forEach((n, v) -> {
            if (!(v >= 0)) throw new IllegalArgumentException("activation threshold of " + n + " must be >= 0, got " + v);
            if (v > 0 && !byName.get(n).hasActivationThreshold()) {
                throw new IllegalArgumentException(n + " reads the image and has no activation threshold (got " + v + ")");
            }
        });
    }

    @Override
    public void close() {
        if (profiler != null) profiler.shutdownNow();
        manager.close();
    }
}
