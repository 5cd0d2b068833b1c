package dev.hass.reproduce;

import java.util.List;

/**
 * The sizes of one reproduction: which models, boards and seeds, how much budget, which thresholds.
 * {@link #quick()} is the CI version (one model, tiny budgets, small subsets; minutes on 2 cores),
 * {@link #full()} the one whose tables the README shows (96 evaluations per algorithm and 3 seeds: a budget a user would
 * give and enough seeds for a paired comparison; about 4–5 h on 2 cores).
 *
 * @param models           zoo architectures (an experiment file {@code <model>-<board>.json} must exist for each board)
 * @param boards           boards of table 2
 * @param seeds            search seeds of table 2
 * @param evaluations      search budget per algorithm per task
 * @param populationSize   NSGA-II population
 * @param epochs           training epochs of a missing checkpoint (0: the template's {@code training.epochs})
 * @param trainImages      training images used for a missing checkpoint (0 = all 60 000; quick trains on a head)
 * @param calibrationImages calibration subset (histograms, sparsity)
 * @param validationImages validation subset
 * @param evaluationImages images the oracle scores per candidate
 * @param histogramImages  calibration images the oracle measures sparsities and histograms on per candidate
 * @param finalistFineTuneSteps masked fine-tuning steps of each finalist before its test accuracy is measured
 * @param weightThresholds global τ_w of table 1
 * @param activationThresholds global τ_a of table 1
 * @param imagenet         networks of table 3
 * @param sparsities       uniform product sparsities of table 3
 */
public record Plan(String name, List<String> models, List<String> boards, List<Long> seeds, int evaluations, int populationSize,
                   int epochs, int trainImages, int calibrationImages, int validationImages, int evaluationImages,
                   int histogramImages, int finalistFineTuneSteps,
                   List<Double> weightThresholds, List<Double> activationThresholds,
                   List<String> imagenet, List<Double> sparsities) {

    public static final List<String> ZOO = List.of("lenet5", "vgg_small", "resnet8", "mobilenet_small", "repvgg_small");
    public static final List<String> IMAGENET = List.of("resnet18", "resnet50", "mobilenet_v2", "mobilenet_v3_small",
            "mobilenet_v3_large", "repvgg_a0");
    public static final List<Double> SPARSITIES = List.of(0.0, 0.3, 0.5, 0.7);

    public static Plan quick() {
        return new Plan("quick", List.of("lenet5"), List.of("u250", "zcu102"), List.of(1L), 8, 4, 1, 6000, 200, 500, 300, 200, 20,
                List.of(0.0, 0.01, 0.02, 0.05), List.of(0.0, 0.2),
                List.of("resnet18", "mobilenet_v3_small"), SPARSITIES);
    }

    public static Plan full() {
        return new Plan("full", ZOO, List.of("u250", "zcu102"), List.of(1L, 2L, 3L), 96, 8, 0, 0, 1000, 2000, 500, 500, 50,
                List.of(0.0, 0.005, 0.01, 0.015, 0.02, 0.03, 0.05, 0.1), List.of(0.0, 0.1, 0.3),
                IMAGENET, SPARSITIES);
    }

    public Plan withModels(List<String> m) {
        return new Plan(name, m, boards, seeds, evaluations, populationSize, epochs, trainImages, calibrationImages, validationImages,
                evaluationImages, histogramImages, finalistFineTuneSteps, weightThresholds, activationThresholds, imagenet, sparsities);
    }

    public Plan withSeeds(List<Long> s) {
        return new Plan(name, models, boards, s, evaluations, populationSize, epochs, trainImages, calibrationImages, validationImages,
                evaluationImages, histogramImages, finalistFineTuneSteps, weightThresholds, activationThresholds, imagenet, sparsities);
    }

    public Plan withEvaluations(int e) {
        return new Plan(name, models, boards, seeds, e, populationSize, epochs, trainImages, calibrationImages, validationImages,
                evaluationImages, histogramImages, finalistFineTuneSteps, weightThresholds, activationThresholds, imagenet, sparsities);
    }
}
