package dev.hass.app;

import dev.hass.experiment.Experiment;
import dev.hass.experiment.Experiments;
import dev.hass.nn.FashionMnist;
import dev.hass.nn.TrainingConfig;
import dev.hass.oracle.OracleConfig;

import java.nio.file.Path;

/**
 * Maps an experiment onto the configs of {@code nn} and {@code oracle}: the one mapping that {@code hass search},
 * {@code train}, {@code profile}, {@code transform}, {@code export} and {@code reproduce tables} share, so that
 * table 1 scores the model the searches use.
 */
public final class ExperimentConfigs {
    private ExperimentConfigs() {}

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
        var t = e.training();
        return new OracleConfig(e.model().architecture(), checkpoint(e), datasetDir(e),
                e.dataset().calibrationImages(), e.dataset().validationImages(), t.seed(), t.batchSize(), t.learningRate());
    }

}
