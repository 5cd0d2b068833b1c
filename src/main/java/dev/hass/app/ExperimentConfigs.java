package dev.hass.app;

import dev.hass.experiment.Experiment;
import dev.hass.experiment.ExperimentException;
import dev.hass.experiment.Experiments;
import dev.hass.nn.FashionMnist;
import dev.hass.nn.ImageFolder;
import dev.hass.nn.TrainingConfig;
import dev.hass.nn.Quantizer;
import dev.hass.oracle.OnnxAccuracyOracle;
import dev.hass.oracle.OnnxOracleData;
import dev.hass.oracle.OracleConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Maps an experiment onto the configs of {@code nn} and {@code oracle}: the one mapping that {@code hass search},
 * {@code train}, {@code profile}, {@code transform}, {@code export} and {@code reproduce tables} share, so that
 * table 1 scores the model the searches use.
 */
public final class ExperimentConfigs {
    private ExperimentConfigs() {}


    /**
     * Refuses an experiment whose model is an ONNX file where a built-in architecture is needed (train,
     * profile, transform): the file is a trained network, and its oracle is {@code OnnxAccuracyOracle}.
     */
    public static void requireBuiltIn(Experiment e) {
        if (e.model().onnx() != null) {
            throw new ExperimentException(List.of(e.name() + ": model.onnx (" + e.model().onnx() + ") is a trained network; this command works on"
                    + " the built-in architectures only (an ONNX model is checked with `hass inspect`, searched with `hass search`)"));
        }
    }

    /** The experiment's {@code model.checkpoint}, else {@code results/models/<architecture>}. */
    public static Path checkpoint(Experiment e) {
        String c = e.model().checkpoint();
        return Path.of(c != null ? c : "results/models/" + e.model().architecture());
    }

    /**
     * The dataset directory: the experiment's {@code dataset.path} when it differs from the default,
     * else {@code $HASS_FASHION_MNIST}, else the Debian path.
     */
    public static Path datasetDir(Experiment e) {
        String p = e.dataset().path();
        return FashionMnist.resolveDir(p == null || p.equals(Experiments.DEFAULT_DATASET) ? null : Path.of(p));
    }

    public static TrainingConfig training(Experiment e, Integer epochs, boolean force) {
        requireBuiltIn(e);
        var t = e.training();
        return new TrainingConfig(e.model().architecture(), checkpoint(e), datasetDir(e),
                epochs != null ? epochs : t.epochs(), t.batchSize(), t.learningRate(), t.seed(),
                e.dataset().calibrationImages(), e.dataset().validationImages(), force);
    }

    /** The oracle the search and profile use: the accelerator's fixed point at the experiment's widths. */
    public static OracleConfig oracle(Experiment e) {
        return floatOracle(e).atWidths(e.hardware().weightWidth(), e.hardware().dataWidth());
    }

    /**
     * The same oracle in float: for {@code transform}, which applies its own fixed point, and for
     * {@code export}, whose golden vectors are checked against a float inference of model.onnx.
     */
    public static OracleConfig floatOracle(Experiment e) {
        requireBuiltIn(e);
        var t = e.training();
        return new OracleConfig(e.model().architecture(), checkpoint(e), datasetDir(e),
                e.dataset().calibrationImages(), e.dataset().validationImages(), t.seed(), t.batchSize(), t.learningRate());
    }

    /**
     * The oracle of an ONNX model: ONNX Runtime on the experiment's images, at the accelerator's fixed point (the
     * experiment's weight and data widths, as {@link #oracle} for a built-in model) unless {@code floatOnly}.
     */
    public static OnnxAccuracyOracle onnxOracle(Experiment e, boolean floatOnly) throws IOException {
        Path file = Path.of(e.model().onnx());
        if (floatOnly) return OnnxAccuracyOracle.open(file, onnxData(e), e.training().batchSize());
        return OnnxAccuracyOracle.open(file, onnxData(e), e.training().batchSize(),
                Quantizer.forWeights(e.hardware().weightWidth()), Quantizer.forActivations(e.hardware().dataWidth()));
    }

    /**
     * The images an ONNX model's oracle scores: the experiment's ImageFolder (split by its folders, seeded by
     * training.seed) or Fashion-MNIST split as for the built-in models.
     */
    public static OnnxOracleData onnxData(Experiment e) {
        var d = e.dataset();
        long seed = e.training().seed();
        if (!d.imageFolder()) return OnnxOracleData.of(FashionMnist.load(datasetDir(e)), d.calibrationImages(), d.validationImages(), seed);
        ImageFolder.Transform t = new ImageFolder.Transform(d.mean().stream().mapToDouble(Double::doubleValue).toArray(),
                d.std().stream().mapToDouble(Double::doubleValue).toArray(),
                d.size() == null ? null : d.size().stream().mapToInt(Integer::intValue).toArray());
        // only the images the oracle will use are decoded (calib/ or train/ share one limit: only one is used)
        Map<String, Integer> limits = Map.of(ImageFolder.VAL, d.validationImages(), ImageFolder.TEST, d.testImages(),
                ImageFolder.CALIB, d.calibrationImages(), ImageFolder.TRAIN, d.calibrationImages());
        return OnnxOracleData.of(ImageFolder.load(Path.of(d.path()), t, limits, seed), d.calibrationImages(), d.validationImages(),
                d.testImages(), seed);
    }
}
