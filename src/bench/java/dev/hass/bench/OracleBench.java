package dev.hass.bench;

import dev.hass.export.ExportService;
import dev.hass.nn.FashionMnist;
import dev.hass.nn.Splits;
import dev.hass.oracle.DjlAccuracyOracle;
import dev.hass.oracle.Fidelity;
import dev.hass.oracle.OnnxAccuracyOracle;
import dev.hass.oracle.OnnxOracleData;
import dev.hass.oracle.OracleConfig;
import dev.hass.oracle.OracleResult;
import dev.hass.oracle.PrunableLayer;
import dev.hass.oracle.Thresholds;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Oracle throughput and memory: N random candidates (seeded) against a trained checkpoint.
 * Usage: OracleBench ARCH CHECKPOINT_DIR CANDIDATES FINE_TUNE_STEPS [CAL VAL SEED]
 * Prints per-candidate seconds (mean, median), images/s (validation + calibration images per second)
 * and the process RSS every 100 candidates, so that a leak shows as a rising column.
 *
 * <p>{@code OracleBench ARCH CHECKPOINT_DIR serve}: the server side of src/bench/oracle_compare.py. Prints
 * {@code layers NAME:a|- ...} (a = has an activation threshold) and {@code ready}, then reads one candidate per
 * line ({@code {"w": {layer: tau_w}, "a": {layer: tau_a}}}) and answers {@code SECONDS ACCURACY} for it, so the
 * driver can interleave Java and PyTorch candidate by candidate.
 *
 * <p>{@code OracleBench ARCH CHECKPOINT_DIR onnx CANDIDATES}: the same network through both oracles. Writes the
 * checkpoint as a dense ONNX file (BatchNorm folded), opens {@link OnnxAccuracyOracle} on the DJL oracle's
 * splits and scores the same random one-shot candidates with each, alternating; prints both mean times and
 * their ratio. Both oracles compute in float here.
 */
public final class OracleBench {
    public static void main(String[] a) throws Exception {
        String arch = a[0];
        Path ckpt = Path.of(a[1]);
        if (a.length == 3 && a[2].equals("serve")) {
            serve(arch, ckpt);
            return;
        }
        if (a.length == 4 && a[2].equals("onnx")) {
            onnxVersusDjl(arch, ckpt, Integer.parseInt(a[3]));
            return;
        }
        int n = Integer.parseInt(a[2]), steps = Integer.parseInt(a[3]);
        int cal = a.length > 4 ? Integer.parseInt(a[4]) : 1000, val = a.length > 5 ? Integer.parseInt(a[5]) : 2000;
        long seed = a.length > 6 ? Long.parseLong(a[6]) : 0;
        int evalImages = 1000;
        long t0 = System.nanoTime();
        try (DjlAccuracyOracle o = DjlAccuracyOracle.open(new OracleConfig(arch, ckpt, FashionMnist.resolveDir(null), cal, val, seed))) {
            writeSplits(cal, val, seed);
            System.out.printf("%s: open %.1f s, dense accuracy %.4f, RSS %d MB%n", arch, (System.nanoTime() - t0) / 1e9, o.denseAccuracy(), rssMb());
            Random r = new Random(1);
            double[] secs = new double[n];
            int every = n > 200 ? 100 : 20;
            for (int i = 0; i < n; i++) {
                Map<String, Double> w = new LinkedHashMap<>(), act = new LinkedHashMap<>();
                for (PrunableLayer l : o.layers()) {
                    w.put(l.name(), Math.round(r.nextDouble() * 100) / 1000.0);
                    if (l.hasActivationThreshold()) act.put(l.name(), Math.round(r.nextDouble() * 50) / 100.0);
                }
                OracleResult res = o.evaluateUncached(new Thresholds(w, act), new Fidelity(steps, evalImages));
                secs[i] = res.seconds();
                if ((i + 1) % every == 0 || i == 0 || i == n - 1) {
                    System.out.printf("candidate %5d: %.3f s, accuracy %.4f, RSS %d MB, heap %d MB%n", i + 1, res.seconds(), res.accuracy(), rssMb(),
                            (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
                }
            }
            double[] s = secs.clone();
            Arrays.sort(s);
            double mean = Arrays.stream(secs).average().orElse(0);
            System.out.printf("%s: %d candidates, %d fine-tune steps: mean %.3f s, median %.3f s per candidate, %.0f images/s (eval %d + calibration %d)%n",
                    arch, n, steps, mean, s[n / 2], (evalImages + cal) / mean, evalImages, cal);
        }
    }

    static void onnxVersusDjl(String arch, Path ckpt, int n) throws Exception {
        int cal = 1000, val = 2000, evalImages = 1000;
        FashionMnist data = FashionMnist.load(FashionMnist.resolveDir(null));
        Path file = Files.createTempFile("hass-bench-" + arch, ".onnx");
        try (DjlAccuracyOracle d = DjlAccuracyOracle.open(new OracleConfig(arch, ckpt, data.dir(), cal, val, 0), data)) {
            ExportService.writeDenseOnnx(d, file);
            try (OnnxAccuracyOracle o = OnnxAccuracyOracle.open(file, OnnxOracleData.of(data, cal, val, 0), 128)) {
                System.out.printf("%s: dense accuracy DJL %.4f, ONNX Runtime %.4f (%d validation images)%n", arch, d.denseAccuracy(), o.denseAccuracy(), val);
                Random r = new Random(1);
                double djl = 0, ort = 0, diff = 0;
                for (int i = 0; i < n; i++) {
                    Map<String, Double> w = new LinkedHashMap<>(), act = new LinkedHashMap<>();
                    for (PrunableLayer l : d.layers()) {
                        w.put(l.name(), Math.round(r.nextDouble() * 100) / 1000.0);
                        if (l.hasActivationThreshold()) act.put(l.name(), Math.round(r.nextDouble() * 50) / 100.0);
                    }
                    Thresholds t = new Thresholds(w, act);
                    OracleResult x = d.evaluateUncached(t, new Fidelity(0, evalImages));
                    OracleResult y = o.evaluateUncached(t, new Fidelity(0, evalImages));
                    djl += x.seconds();
                    ort += y.seconds();
                    diff = Math.max(diff, Math.abs(x.accuracy() - y.accuracy()));
                }
                System.out.printf("%s: %d candidates (eval %d + calibration %d images): DJL %.3f s, ONNX Runtime %.3f s per candidate;"
                                + " ONNX Runtime / DJL time %.2f; largest accuracy difference %.4f%n",
                        arch, n, evalImages, cal, djl / n, ort / n, ort / djl, diff);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static void serve(String arch, Path ckpt) throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
        try (DjlAccuracyOracle o = DjlAccuracyOracle.open(new OracleConfig(arch, ckpt, FashionMnist.resolveDir(null), 1000, 2000, 0))) {
            writeSplits(1000, 2000, 0);
            StringBuilder layers = new StringBuilder("layers");
            for (PrunableLayer l : o.layers()) layers.append(' ').append(l.name()).append(l.hasActivationThreshold() ? ":a" : ":-");
            System.out.println(layers);
            System.out.println("ready");
            System.out.flush();
            for (String line; (line = in.readLine()) != null && !line.isBlank(); ) {
                var node = json.readTree(line);
                Map<String, Double> w = new LinkedHashMap<>(), act = new LinkedHashMap<>();
                node.get("w").properties().forEach(e -> w.put(e.getKey(), e.getValue().asDouble()));
                node.get("a").properties().forEach(e -> act.put(e.getKey(), e.getValue().asDouble()));
                OracleResult res = o.evaluateUncached(new Thresholds(w, act), new Fidelity(0, 1000));
                System.out.printf("%.6f %.4f%n", res.seconds(), res.accuracy());
                System.out.flush();
            }
        }
    }

    /** The calibration/validation indices to -Dbench.splits, if set, so the PyTorch twin reads the same images. */
    static void writeSplits(int cal, int val, long seed) throws java.io.IOException {
        String splitsFile = System.getProperty("bench.splits");
        if (splitsFile == null) return;
        Splits sp = Splits.of(60000, cal, val, seed);
        Files.writeString(Path.of(splitsFile), join(sp.calibration()) + "\n" + join(sp.validation()) + "\n");
    }

    static String join(int[] v) {
        return Arrays.stream(v).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(" "));
    }

    static long rssMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
        return -1;
    }
}
