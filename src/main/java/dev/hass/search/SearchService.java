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
import dev.hass.oracle.Fidelity;
import dev.hass.oracle.PrunableLayer;
import dev.hass.space.Encoding;
import dev.hass.space.SpaceLayer;
import java.io.IOException;
import java.util.List;

/**
 * {@code hass search}: builds the hardware model and the scorer of an experiment around an open oracle and runs
 * its search. Which oracle (DJL, or anything else that is an {@link AccuracyOracle}) is the caller's choice:
 * {@code dev.hass.app.SearchApp} wires the DJL one.
 */
public final class SearchService {
    private SearchService() {}

    /** A precondition of the search that the user can fix (missing checkpoint, layer mismatch). */
    public static final class SearchSetupException extends RuntimeException {
        public SearchSetupException(String m) { super(m); }
    }

    /** Runs the experiment's search against an open oracle (its architecture must be the experiment's). */
    public static SearchSummary run(Experiment e, AccuracyOracle oracle, List<Progress.Listener> progress) throws IOException {
        String arch = e.model().architecture();
        Network network = Networks.builtIn(arch);
        Platform platform = Platforms.resolve(e.hardware().platform());
        HardwareOptions options = new HardwareOptions(e.hardware().batch(),
                new Widths(e.hardware().dataWidth(), e.hardware().weightWidth(), Widths.DEFAULT.acc()), e.hardware().resourceFraction());
        if (!oracle.architecture().equals(arch)) {
            throw new SearchSetupException("the oracle's model is " + oracle.architecture() + " but the experiment's is " + arch);
        }
        List<SpaceLayer> layers = oracle.layers().stream()
                .map(l -> new SpaceLayer(l.name(), l.hasActivationThreshold())).toList();
        List<String> names = oracle.layers().stream().map(PrunableLayer::name).toList();
        if (!names.equals(Architectures.layerNames(arch))) {
            throw new SearchSetupException("the " + arch + " model has prunable layers " + names + " but the experiment space expects "
                    + Architectures.layerNames(arch));
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
