package dev.hass.experiment;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hass.space.SearchSpace;
import dev.hass.study.Direction;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A validated experiment file with every default resolved ({@link Experiments#load} builds it;
 * {@link Experiments#toJson} writes it back in the same schema). Relative paths are relative to the
 * working directory (the project root when run through {@code bin/hass}).
 *
 * @param objectives objective name → direction, in file order ({@code accuracy}, {@code throughput},
 *                   {@code latency}, {@code dsp})
 * @param output     the results folder, default {@code results/<name>}
 */
@JsonPropertyOrder({"name", "description", "model", "dataset", "training", "hardware", "space", "objectives",
        "constraints", "search", "oracle", "output"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Experiment(String name, String description, Model model, Dataset dataset, Training training,
                         Hardware hardware, SearchSpace space, Map<String, Direction> objectives,
                         Constraints constraints, Search search, Oracle oracle, String output) {

    /**
     * A built-in architecture (with its checkpoint) or a user's ONNX file; exactly one of {@code architecture}
     * and {@code onnx} is set.
     *
     * @param checkpoint saved model directory/prefix; null: train one into {@code results/models/<architecture>}
     * @param onnx       a trained network as an ONNX file (post-training search: no fine-tuning)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Model(String architecture, String checkpoint, String onnx) {
        public Model(String architecture, String checkpoint) {
            this(architecture, checkpoint, null);
        }

        /** The name the oracle and reports know the model by: the architecture, or the ONNX file's name. */
        @JsonIgnore
        public String label() {
            return onnx == null ? architecture : Path.of(onnx).getFileName().toString().replaceFirst("\\.onnx$", "");
        }
    }

    /**
     * @param path              directory of the Fashion-MNIST IDX files, or of the ImageFolder tree
     * @param calibrationImages training images used for the window histograms (the public code: 1000); for an
     *                          ImageFolder, at most that many of calib/ (or train/)
     * @param validationImages  held-out training images the search measures accuracy on; ImageFolder: at most that
     *                          many of val/
     * @param testImages        test-split images the finalists are re-measured on
     * @param format            {@code idx} (Fashion-MNIST's gzipped IDX files) or {@code imagefolder}
     *                          ({@code path/<split>/<class>/<image>}, see {@code dev.hass.nn.ImageFolder})
     * @param mean              imagefolder: per-channel mean subtracted after scaling pixels to [0, 1] (null: idx)
     * @param std               imagefolder: per-channel standard deviation divided by
     * @param size              imagefolder: {@code [H, W]} every image is resized to; null keeps the files' size
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Dataset(String name, String path, int calibrationImages, int validationImages, int testImages,
                          String format, List<Double> mean, List<Double> std, List<Integer> size) {
        public static final String IDX = "idx", IMAGEFOLDER = "imagefolder";

        public Dataset(String name, String path, int calibrationImages, int validationImages, int testImages) {
            this(name, path, calibrationImages, validationImages, testImages, IDX, null, null, null);
        }

        @JsonIgnore
        public boolean imageFolder() {
            return IMAGEFOLDER.equals(format);
        }
    }

    public record Training(int epochs, int batchSize, double learningRate, long seed) {}

    /** @param platform a built-in board name or a path to a platform JSON file */
    public record Hardware(String platform, int batch, int dataWidth, int weightWidth, double resourceFraction) {}

    /** @param maxAccuracyDrop allowed top-1 drop from the dense model, as a fraction (0.02 = 2 points) */
    public record Constraints(double maxAccuracyDrop) {}

    /**
     * @param algorithm nsga2, uniform, greedy, random, or all (the four in turn, same budget each)
     * @param goal      what NSGA-II ranks for: {@code front} (accuracy × throughput trade-off) or {@code fastest}
     *                  (the fastest design within the accuracy limit: accuracy above the limit earns nothing)
     * @param warmStart fraction of NSGA-II's budget spent first on the uniform sweep's points; its best become
     *                  generation 0 (0: the sweep's first N/2 points and a ladder of per-layer scales, unscored)
     * @param operators NSGA-II's variation mix
     * @param fidelity  NSGA-II's multi-fidelity screening of its children; null = off (every child at full fidelity)
     */
    public record Search(String algorithm, int populationSize, int evaluations, long seed, String goal, double warmStart,
                         Operators operators, Screening fidelity) {
        public static final String FRONT = "front", FASTEST = "fastest";
        public static final double DEFAULT_WARM_START = 0.25;

        public Search(String algorithm, int populationSize, int evaluations, long seed) {
            this(algorithm, populationSize, evaluations, seed, FRONT, DEFAULT_WARM_START, Operators.DEFAULT, null);
        }

        /** Without multi-fidelity screening. */
        public Search(String algorithm, int populationSize, int evaluations, long seed, String goal, double warmStart,
                      Operators operators) {
            this(algorithm, populationSize, evaluations, seed, goal, warmStart, operators, null);
        }
    }

    /**
     * NSGA-II's multi-fidelity screening ({@code search.fidelity}): each generation's children are first scored on
     * the heads of the validation and calibration subsets, without fine-tuning; only the promising are scored again
     * at the full fidelity ({@code oracle.*}), and only those can enter the population, the front and the tables.
     *
     * @param screenImages          validation images of a screen (default ⌊evaluationImages / 4⌋)
     * @param screenHistogramImages calibration images a screen measures histograms on (default ⌊histogramImages / 4⌋)
     * @param promote               fraction of the children promoted by rank and crowding (default 0.25), on top of
     *                              every child that would enter the first front
     */
    public record Screening(int screenImages, int screenHistogramImages, double promote) {
        public static final double DEFAULT_PROMOTE = 0.25;
        /** Default screen size: one quarter of the full fidelity's images (successive halving with η = 4). */
        public static final int DEFAULT_DIVISOR = 4;
    }

    /**
     * Weights of NSGA-II's variation operators (drawn per pair of parents; normalised).
     *
     * @param sbx        SBX crossover + polynomial mutation
     * @param bottleneck the joint move of the layers whose stages set the interval
     * @param uniform    the move along the global-threshold direction
     */
    public record Operators(double sbx, double bottleneck, double uniform) {
        public static final Operators DEFAULT = new Operators(0.4, 0.4, 0.2);
    }

    /**
     * @param fineTuneSteps         masked fine-tune steps per candidate during the search (0 = one-shot)
     * @param finalistFineTuneSteps fine-tune steps of the finalists at the end (0 = no finalists)
     * @param finalists             {@code front}: the dense model, each algorithm's best design and the feasible front
     *                              over all algorithms; {@code best}: without the front (what table 2 needs, cheaper)
     * @param evaluationImages      validation images the oracle measures accuracy on (≤ validationImages)
     * @param histogramImages       calibration images the sparsities and window histograms are measured on
     *                              (≤ calibrationImages; default all): statistics settle long before accuracy does
     */
    public record Oracle(int fineTuneSteps, int finalistFineTuneSteps, String finalists, int evaluationImages, int histogramImages) {}

    @JsonIgnore
    public Path outputDir() { return Path.of(output); }

    public Experiment withOutput(String dir) {
        return new Experiment(name, description, model, dataset, training, hardware, space, objectives, constraints, search, oracle, dir);
    }

    public Experiment withSearch(Search s) {
        return new Experiment(name, description, model, dataset, training, hardware, space, objectives, constraints, s, oracle, output);
    }
}
