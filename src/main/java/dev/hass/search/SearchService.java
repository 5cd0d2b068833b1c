package dev.hass.search;

import dev.hass.experiment.Architectures;
import dev.hass.experiment.Experiment;
import dev.hass.hardware.HardwareOptions;
import dev.hass.hardware.Network;
import dev.hass.hardware.Networks;
import dev.hass.hardware.Platform;
import dev.hass.hardware.Platforms;
import dev.hass.hardware.Widths;
import dev.hass.oracle.AccuracyOracle;
import dev.hass.oracle.DjlAccuracyOracle;
import dev.hass.oracle.Fidelity;
import dev.hass.oracle.OracleConfig;
import dev.hass.oracle.PrunableLayer;
import dev.hass.space.Encoding;
import dev.hass.space.SpaceLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code hass search}: opens the oracle and the hardware model of an experiment and runs its search. */
public final class SearchService {
    private SearchService() {}

    /** A precondition of the search that the user can fix (missing checkpoint, layer mismatch). */
    public static final class SearchSetupException extends RuntimeException {
        public SearchSetupException(String m) { super(m); }
    }

    /** Where a model's checkpoint lives: the file's {@code model.checkpoint}, else {@code results/models/<architecture>}. */
    public static Path checkpoint(Experiment e) {
        return Path.of(e.model().checkpoint() != null ? e.model().checkpoint() : "results/models/" + e.model().architecture());
    }

    public static SearchSummary run(Experiment e, List<Progress.Listener> progress) throws IOException {
        String arch = e.model().architecture();
        Network network = Networks.builtIn(arch);
        Platform platform = Platforms.resolve(e.hardware().platform());
        HardwareOptions options = new HardwareOptions(e.hardware().batch(),
                new Widths(e.hardware().dataWidth(), e.hardware().weightWidth(), Widths.DEFAULT.acc()), e.hardware().resourceFraction());
        Path ckpt = checkpoint(e);
        if (!Files.exists(ckpt)) {
            // TODO(nn): train here when the nn branch provides training; until then the user trains first
            throw new SearchSetupException("no checkpoint at " + ckpt + " (model.checkpoint); train it first: bin/hass train <experiment>");
        }
        OracleConfig cfg = new OracleConfig(arch, ckpt, Path.of(e.dataset().path()), e.dataset().calibrationImages(),
                e.dataset().validationImages(), e.training().seed(), e.training().batchSize(), e.training().learningRate());
        try (AccuracyOracle oracle = DjlAccuracyOracle.open(cfg)) {
            List<SpaceLayer> layers = oracle.layers().stream()
                    .map(l -> new SpaceLayer(l.name(), l.hasActivationThreshold())).toList();
            List<String> names = oracle.layers().stream().map(PrunableLayer::name).toList();
            if (!names.equals(Architectures.layerNames(arch))) {
                throw new SearchSetupException("the " + arch + " model has prunable layers " + names + " but the experiment space expects "
                        + Architectures.layerNames(arch));
            }
            Encoding enc = e.space().encoding(layers);
            HassScorer scorer = new HassScorer(oracle, enc, network, platform, options,
                    new Fidelity(e.oracle().fineTuneSteps(), e.oracle().evaluationImages()), e.constraints().maxAccuracyDrop());
            SearchRunner runner = new SearchRunner(e, enc, scorer);
            progress.forEach(runner::onProgress);
            return runner.run();
        }
    }
}
