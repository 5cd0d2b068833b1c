package dev.hass.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hass.experiment.Architectures;
import dev.hass.experiment.Experiment;
import dev.hass.hardware.board.Platform;
import dev.hass.hardware.board.Platforms;
import dev.hass.hardware.dse.HardwareOptions;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Networks;
import dev.hass.hardware.onnx.OnnxImport;
import dev.hass.hardware.stage.Widths;
import dev.hass.oracle.AccuracyOracle;
import dev.hass.oracle.Fidelity;
import dev.hass.oracle.PrunableLayer;
import dev.hass.space.Encoding;
import dev.hass.space.SpaceLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

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
        return run(e, oracle, progress, null);
    }

    /** As {@link #run(Experiment, AccuracyOracle, List)}, the batches of new candidates scored by {@code batch} (null: here). */
    public static SearchSummary run(Experiment e, AccuracyOracle oracle, List<Progress.Listener> progress, BatchScorer batch)
            throws IOException {
        HassScorer scorer = scorer(e, oracle);
        Encoding enc = scorer.encoding();
        SearchRunner runner = new SearchRunner(e, enc, scorer);
        if (e.search().fidelity() != null) {
            // screens get their own dense reference on the same image heads: the accuracy drop is a paired difference
            runner.screening(scorer(e, oracle, ScreenedEvaluation.screenFidelity(e)));
        }
        if (e.oracle().finalistFineTuneSteps() > 0) {
            // the test file is scored here only, after the search has chosen: it never steers a choice
            runner.finalists(scorer.atFidelity(new Fidelity(e.oracle().finalistFineTuneSteps(), e.oracle().evaluationImages(),
                    e.dataset().testImages(), e.oracle().histogramImages())), !"best".equals(e.oracle().finalists()));
        }
        progress.forEach(runner::onProgress);
        if (batch != null) runner.batchScorer(batch);
        return runner.run();
    }

    /** The experiment's scorer (oracle → DSE at the search's fidelity) over an open oracle of its architecture. */
    public static HassScorer scorer(Experiment e, AccuracyOracle oracle) throws IOException {
        return scorer(e, oracle, new Fidelity(e.oracle().fineTuneSteps(), e.oracle().evaluationImages(), 0, e.oracle().histogramImages()));
    }

    /** As {@link #scorer(Experiment, AccuracyOracle)}, at another fidelity (with the dense accuracy measured at it). */
    static HassScorer scorer(Experiment e, AccuracyOracle oracle, Fidelity fidelity) throws IOException {
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
        return new HassScorer(oracle, enc, network, platform, options, fidelity, e.constraints().maxAccuracyDrop());
    }

    /**
     * The sensitivity scan of an experiment ({@link Sensitivity}), reused from {@code <output>/sensitivity.json}
     * when that file was made with the same key (checkpoint, data, fidelity, hardware, space, grid) unless
     * {@code force}; a new scan is written there.
     *
     * @return the scan and whether it came from the cache
     */
    public static Map.Entry<Sensitivity.Result, Boolean> sensitivity(Experiment e, OracleOpener opener, Path checkpointDir, int points,
                                                                    double tolerance, boolean force, Sensitivity.Listener listener)
            throws Exception {
        Path file = e.outputDir().resolve(SENSITIVITY);
        String key = sensitivityKey(e, checkpointDir, points, tolerance);
        if (!force && Files.isRegularFile(file)) {
            Sensitivity.Result cached = JSON.readValue(file.toFile(), Sensitivity.Result.class);
            if (key.equals(cached.key())) return Map.entry(cached, true);
        }
        try (AccuracyOracle oracle = opener.open()) {
            HassScorer scorer = scorer(e, oracle);
            Sensitivity.Result r = Sensitivity.scan(key, scorer.encoding(), scorer, points, e.constraints().maxAccuracyDrop(), tolerance, listener);
            Files.createDirectories(e.outputDir());
            Path tmp = Files.createTempFile(e.outputDir(), SENSITIVITY, ".tmp");
            Files.writeString(tmp, JSON.writeValueAsString(r) + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Map.entry(r, false);
        }
    }

    /** Opens the oracle only when a scan has to run (a cached one needs none). */
    @FunctionalInterface
    public interface OracleOpener {
        AccuracyOracle open() throws Exception;
    }

    /** The scan's results file in the experiment's results folder. */
    public static final String SENSITIVITY = "sensitivity.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** SHA-256 over everything a scan's numbers depend on. */
    static String sensitivityKey(Experiment e, Path checkpointDir, int points, double tolerance) throws IOException {
        Path meta = checkpointDir.resolve("metadata.json");
        String text = String.join("\n", Files.isRegularFile(meta) ? Files.readString(meta) : "no metadata",
                JSON.writeValueAsString(e.model()), JSON.writeValueAsString(e.dataset()), JSON.writeValueAsString(e.hardware()),
                JSON.writeValueAsString(e.space()), JSON.writeValueAsString(e.oracle()), Double.toString(e.constraints().maxAccuracyDrop()),
                Integer.toString(points), Double.toString(tolerance));
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(h);
        } catch (java.security.NoSuchAlgorithmException x) {
            throw new IllegalStateException(x);
        }
    }
}
