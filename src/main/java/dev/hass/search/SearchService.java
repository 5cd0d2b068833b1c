package dev.hass.search;

import dev.hass.experiment.Architectures;
import dev.hass.experiment.Experiment;
import dev.hass.hardware.HardwareOptions;
import dev.hass.hardware.Network;
import dev.hass.hardware.Networks;
import dev.hass.hardware.OnnxImport;
import dev.hass.hardware.Platform;
import dev.hass.hardware.Platforms;
import dev.hass.hardware.Widths;
import dev.hass.oracle.AccuracyOracle;
import dev.hass.oracle.DjlAccuracyOracle;
import dev.hass.oracle.Fidelity;
import dev.hass.oracle.OnnxAccuracyOracle;
import dev.hass.oracle.OnnxOracleData;
import dev.hass.oracle.OracleConfig;
import dev.hass.oracle.PrunableLayer;
import dev.hass.space.Encoding;
import dev.hass.space.SpaceLayer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code hass search}: opens the oracle and the hardware model of an experiment and runs its search. */
public final class SearchService {
    private SearchService() {}

    /** A precondition of the search that the user can fix (missing checkpoint, layer mismatch). */
    public static final class SearchSetupException extends RuntimeException {
        public SearchSetupException(String m) { super(m); }
    }

    /**
     * Runs the experiment's search with the oracle opened from {@code cfg} (a trained checkpoint; the CLI
     * trains one first when it is missing).
     */
    public static SearchSummary run(Experiment e, OracleConfig cfg, List<Progress.Listener> progress) throws IOException {
        try (AccuracyOracle oracle = DjlAccuracyOracle.open(cfg)) {
            return run(e, oracle, progress);
        }
    }

    /**
     * Runs the search of an experiment whose model is an ONNX file ({@code model.onnx}) on {@code data}: the
     * accuracy side through ONNX Runtime, the hardware graph read from the same file.
     */
    public static SearchSummary runOnnx(Experiment e, OnnxOracleData data, List<Progress.Listener> progress) throws IOException {
        try (AccuracyOracle oracle = OnnxAccuracyOracle.open(Path.of(e.model().onnx()), data, e.training().batchSize())) {
            return run(e, oracle, progress);
        }
    }

    /** Runs the experiment's search against an open oracle (its model must be the experiment's). */
    public static SearchSummary run(Experiment e, AccuracyOracle oracle, List<Progress.Listener> progress) throws IOException {
        String arch = e.model().label();
        Network network = e.model().onnx() != null ? OnnxImport.read(Path.of(e.model().onnx())).network() : Networks.builtIn(arch);
        Platform platform = Platforms.resolve(e.hardware().platform());
        HardwareOptions options = new HardwareOptions(e.hardware().batch(),
                new Widths(e.hardware().dataWidth(), e.hardware().weightWidth(), Widths.DEFAULT.acc()), e.hardware().resourceFraction());
        if (!oracle.architecture().equals(arch)) {
            throw new SearchSetupException("the oracle's model is " + oracle.architecture() + " but the experiment's is " + arch);
        }
        List<SpaceLayer> layers = oracle.layers().stream()
                .map(l -> new SpaceLayer(l.name(), l.hasActivationThreshold())).toList();
        List<String> names = oracle.layers().stream().map(PrunableLayer::name).toList();
        if (e.model().onnx() == null && !names.equals(Architectures.layerNames(arch))) {
            throw new SearchSetupException("the " + arch + " model has prunable layers " + names + " but the experiment space expects "
                    + Architectures.layerNames(arch));
        }
        List<String> unmapped = names.stream().filter(n -> network.nodes().stream().noneMatch(x -> x.name().equals(n))).toList();
        if (!unmapped.isEmpty()) {
            throw new SearchSetupException("the hardware graph of " + arch + " has no node for the prunable layer(s) " + unmapped);
        }
        Encoding enc = e.space().encoding(layers);
        HassScorer scorer = new HassScorer(oracle, enc, network, platform, options,
                new Fidelity(e.oracle().fineTuneSteps(), e.oracle().evaluationImages(), 0, e.oracle().histogramImages()),
                e.constraints().maxAccuracyDrop());
        SearchRunner runner = new SearchRunner(e, enc, scorer);
        if (e.oracle().finalistFineTuneSteps() > 0) {
            // the test file is scored here only, after the search has chosen: it never steers a choice
            runner.finalists(scorer.atFidelity(new Fidelity(e.oracle().finalistFineTuneSteps(), e.oracle().evaluationImages(),
                    e.dataset().testImages(), e.oracle().histogramImages())), !"best".equals(e.oracle().finalists()));
        }
        progress.forEach(runner::onProgress);
        return runner.run();
    }
}
