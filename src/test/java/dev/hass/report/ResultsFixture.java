package dev.hass.report;

import dev.hass.study.Trial;
import dev.hass.study.TrialLog;
import dev.hass.study.TrialState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A hand-made results folder: a LeNet-5-like network on a U250 with per-layer thresholds, the dense design,
 * a uniform and a greedy sweep, random search and four NSGA-II generations; a few infeasible trials and one FAIL.
 * Accuracy and cycles follow a simple made-up model (sparsity costs accuracy, cuts cycles) so that the
 * numbers look like a search's; they are not from the hardware model.
 */
final class ResultsFixture {
    static final String[] LAYERS = {"conv1", "conv2", "fc1", "fc2", "fc3"};
    static final long[] DENSE_CYCLES = {4704, 12800, 9600, 2016, 168};
    static final double CLOCK = 200e6;
    static final double DENSE_ACC = 0.9123, MAX_DROP = 0.02;

    static final String EXPERIMENT = """
            {
              "name": "lenet-fmnist-test",
              "model": { "architecture": "lenet5", "checkpoint": "results/models/lenet5-fmnist" },
              "hardware": { "platform": "u250", "batch": 256, "dataWidth": 16, "weightWidth": 16, "resourceFraction": 0.9 },
              "objectives": { "accuracy": "maximize", "throughput": "maximize" },
              "constraints": { "maxAccuracyDrop": 0.02 },
              "search": { "algorithm": "nsga2", "populationSize": 6, "evaluations": 24, "seed": 1 }
            }
            """;

    static String space() {
        StringBuilder s = new StringBuilder("{\n");
        for (int i = 0; i < LAYERS.length; i++) {
            s.append("  \"tw.").append(LAYERS[i]).append("\": {\"name\":\"FloatDistribution\",\"attributes\":{\"low\":0.0,\"high\":0.3,\"step\":0.001,\"log\":false}},\n");
            s.append("  \"ta.").append(LAYERS[i]).append("\": {\"name\":\"FloatDistribution\",\"attributes\":{\"low\":0.0,\"high\":1.5,\"step\":0.01,\"log\":false}}")
                    .append(i + 1 < LAYERS.length ? ",\n" : "\n");
        }
        return s.append("}\n").toString();
    }

    private final List<Trial> trials = new ArrayList<>();
    private LocalDateTime clock = LocalDateTime.of(2026, 11, 27, 9, 0, 0, 0);

    static double q(double v, double step) {
        return Math.round(v / step) * step;
    }

    /** A trial from thresholds (per layer) through the made-up accuracy and cycle model. */
    Trial add(String alg, int gen, double[] tw, double[] ta) {
        int n = trials.size();
        Map<String, Double> params = new LinkedHashMap<>();
        List<Trial.LayerStats> layers = new ArrayList<>();
        double acc = DENSE_ACC;
        long interval = 0;
        int bn = 0;
        long[] cyc = new long[LAYERS.length];
        for (int l = 0; l < LAYERS.length; l++) {
            double w = Math.round(tw[l] * 1000) / 1000.0, a = Math.round(ta[l] * 100) / 100.0;
            params.put("tw." + LAYERS[l], w);
            params.put("ta." + LAYERS[l], a);
            double ws = Math.round(1e4 * (1 - Math.exp(-w / 0.08))) / 1e4;
            double as = Math.round(1e4 * (0.6 * (1 - Math.exp(-a / 0.5)))) / 1e4;
            double ps = Math.round(1e4 * (1 - (1 - ws) * (1 - as))) / 1e4;
            acc -= 0.03 * ws * ws * (l == 0 ? 2.5 : 1) + 0.025 * as * as * (l == 4 ? 3 : 1);
            // the dense design does not exploit sparsity: its cycles are the dense cycles
            cyc[l] = alg.equals("dense") ? DENSE_CYCLES[l] : Math.max(1, Math.round(DENSE_CYCLES[l] * (1 - 0.9 * ps)));
            if (cyc[l] > interval) { interval = cyc[l]; bn = l; }
            layers.add(new Trial.LayerStats(LAYERS[l], ws, as, ps, 0, DENSE_CYCLES[l], 0, false));
        }
        acc = Math.round(acc * 1e4) / 1e4;
        List<Trial.LayerStats> fixed = new ArrayList<>();
        long dsp = 0;
        for (int l = 0; l < LAYERS.length; l++) {
            Trial.LayerStats s = layers.get(l);
            long d = 2L * Math.max(1, DENSE_CYCLES[l] / Math.max(1, cyc[l]));
            dsp += d;
            fixed.add(new Trial.LayerStats(s.name(), s.weightSparsity(), s.activationSparsity(), s.productSparsity(),
                    cyc[l], DENSE_CYCLES[l], d, l == bn));
        }
        double thr = Math.round(CLOCK / interval * 10) / 10.0;
        double drop = Math.round((DENSE_ACC - acc - MAX_DROP) * 1e6) / 1e6;
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("accuracy", acc);
        values.put("throughput", thr);
        Map<String, Double> cons = new LinkedHashMap<>();
        cons.put("accuracyDrop", drop);
        cons.put("resources", -0.42);
        Trial.DesignSummary design = new Trial.DesignSummary("u250", thr, interval / CLOCK, interval, dsp, 40, 51234, 60211, 0,
                dsp / 12288.0, 40 / 5376.0, 51234 / 1728000.0, 60211 / 3456000.0, LAYERS[bn], 1.0, true);
        double oracle = 0.8 + (n % 5) * 0.1;
        LocalDateTime start = clock;
        clock = clock.plusNanos((long) ((oracle + 0.05) * 1e9)).plusNanos(123_000);
        Trial t = new Trial(n, alg, 1, gen, TrialState.COMPLETE, params, values, cons, fixed, design,
                Timestamps.format(start), Timestamps.format(clock), oracle, 0.05, null);
        trials.add(t);
        return t;
    }

    Trial fail(String alg, int gen, double[] tw, double[] ta) {
        int n = trials.size();
        Map<String, Double> params = new LinkedHashMap<>();
        for (int l = 0; l < LAYERS.length; l++) {
            params.put("tw." + LAYERS[l], Math.round(tw[l] * 1000) / 1000.0);
            params.put("ta." + LAYERS[l], Math.round(ta[l] * 100) / 100.0);
        }
        LocalDateTime start = clock;
        clock = clock.plusSeconds(1);
        Trial t = new Trial(n, alg, 1, gen, TrialState.FAIL, params, Map.of(), Map.of(), null, null,
                Timestamps.format(start), Timestamps.format(clock), 0.3, 0, "oracle: libtorch ran out of memory");
        trials.add(t);
        return t;
    }

    static double[] fill(double v) {
        double[] a = new double[LAYERS.length];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** The standard folder: 1 dense, 5 uniform, 5 greedy, 8 random (one FAIL), 4 NSGA-II generations of 6. */
    static List<Trial> standardTrials() {
        ResultsFixture f = new ResultsFixture();
        f.add("dense", 0, fill(0), fill(0));
        for (int s = 1; s <= 5; s++) f.add("uniform", s - 1, fill(0.012 * s), fill(0.07 * s));
        double[] tw = fill(0), ta = fill(0);
        for (int s = 0; s < 5; s++) { // greedy: raise the thresholds of the bottleneck layer first
            int l = new int[] {1, 2, 0, 1, 2}[s];
            tw[l] += 0.035;
            ta[l] += 0.2;
            f.add("greedy", s, tw.clone(), ta.clone());
        }
        Random r = new Random(7);
        for (int i = 0; i < 8; i++) {
            double[] w = new double[LAYERS.length], a = new double[LAYERS.length];
            for (int l = 0; l < LAYERS.length; l++) { w[l] = r.nextDouble() * 0.3; a[l] = r.nextDouble() * 1.5; }
            if (i == 5) f.fail("random", i, w, a);
            else f.add("random", i, w, a);
        }
        Random g = new Random(11);
        for (int gen = 0; gen < 4; gen++) {
            for (int k = 0; k < 6; k++) {
                double[] w = new double[LAYERS.length], a = new double[LAYERS.length];
                // later generations aim at a balanced pipeline: every layer just fast enough for a target interval
                double target = 3000 + g.nextDouble() * 9000, noise = 0.6 / (gen + 1);
                for (int l = 0; l < LAYERS.length; l++) {
                    if (gen == 0) {
                        w[l] = g.nextDouble() * 0.3;
                        a[l] = g.nextDouble() * 1.5;
                        continue;
                    }
                    double need = Math.max(0, (1 - target / DENSE_CYCLES[l]) / 0.9);
                    double as = Math.min(0.55, need * 0.6);
                    double ws = need <= as ? 0 : Math.min(0.97, 1 - (1 - need) / (1 - as));
                    double av = -0.5 * Math.log(1 - as / 0.6);
                    double wv = -0.08 * Math.log(1 - ws);
                    w[l] = clamp(wv * (1 + noise * g.nextGaussian() * 0.3), 0, 0.3);
                    a[l] = clamp(av * (1 + noise * g.nextGaussian() * 0.3), 0, 1.5);
                }
                f.add("nsga2", gen, w, a);
            }
        }
        return f.trials;
    }

    static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** Writes experiment.json, space.json and trials.jsonl (the given trials) into dir. */
    static Path write(Path dir, List<Trial> trials) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("experiment.json"), EXPERIMENT);
        Files.writeString(dir.resolve("space.json"), space());
        Files.deleteIfExists(dir.resolve(TrialLog.FILE));
        try (TrialLog log = TrialLog.open(dir.resolve(TrialLog.FILE))) {
            for (Trial t : trials) log.append(t);
        }
        return dir;
    }

    static Path standard(Path dir) throws IOException {
        return write(dir, standardTrials());
    }
}
