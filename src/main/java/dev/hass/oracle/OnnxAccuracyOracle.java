package dev.hass.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.hass.hardware.onnx.OnnxGraph;
import dev.hass.nn.DatasetException;
import dev.hass.nn.ImageTensors;
import dev.hass.nn.LayerSpec;
import dev.hass.nn.Quantizer;
import dev.hass.sparsity.LayerProfile;
import dev.hass.sparsity.LinearStatistics;
import dev.hass.sparsity.WindowHistogram;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@link AccuracyOracle} of a user's ONNX network, run by ONNX Runtime (the engine DJL's
 * {@code onnxruntime-engine} brings, native library inside the jar). Post-training only: ONNX Runtime does not
 * train, so a fidelity with fine-tuning steps is refused.
 *
 * <p>The file is rewritten once ({@link OnnxGraph#searchable()}): the prunable layers' weights become graph
 * inputs, a thresholded ReLU with its τ as a graph input sits on every layer's input except the image, and what
 * each layer reads is an extra graph output. One session then serves every candidate: it is fed the masked
 * weights ({@code |w| < τ_w → 0}) and the τ_a of the candidate. The window histograms are measured on those
 * extra outputs with the same {@link WindowHistogram} and {@link LinearStatistics} as {@link DjlAccuracyOracle}.
 * Opened with fixed-point formats it computes as {@link DjlAccuracyOracle} does at the accelerator's widths: the
 * candidate's weights rounded to the weight format (integer bits fitted per layer) and every layer's input rounded to
 * the data format inside the graph ({@link OnnxGraph#searchable(int, int)}); biases and BatchNorm stay float.
 */
public final class OnnxAccuracyOracle implements AccuracyOracle {

    private final Path file;
    private final String name;
    private final OnnxGraph graph;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final NDManager manager;
    private final List<PrunableLayer> layers;
    private final Map<String, OnnxGraph.Layer> byName = new LinkedHashMap<>();
    private final Map<String, float[]> trained = new LinkedHashMap<>();
    private final OnnxOracleData data;
    private final int batch;
    private final int classes;
    private final List<OnnxTensor> validationBatches;
    private final List<OnnxTensor> calibrationBatches;
    private List<OnnxTensor> testBatches;
    private final double dense;
    private final ResultCache cache = new ResultCache();
    /** null: float */
    private final Quantizer weightFormat;
    private final Quantizer dataFormat;

    private OnnxAccuracyOracle(Path file, OnnxOracleData data, int batchSize, Quantizer weightFormat, Quantizer dataFormat)
            throws IOException {
        this.file = file;
        this.weightFormat = weightFormat;
        this.dataFormat = dataFormat;
        this.name = file.getFileName().toString().replaceFirst("\\.onnx$", "");
        this.graph = OnnxGraph.read(file);
        this.data = data;
        checkImages(data.validation());
        List<PrunableLayer> ls = new ArrayList<>();
        for (OnnxGraph.Layer l : graph.layers()) {
            ls.add(new PrunableLayer(l.name(), l.conv() ? PrunableLayer.Kind.CONV : PrunableLayer.Kind.LINEAR, l.inChannels(),
                    l.outChannels(), l.kernel(), l.groups(), !l.readsImage()));
            byName.put(l.name(), l);
            trained.put(l.name(), graph.floats(l.weight()));
        }
        this.layers = List.copyOf(ls);
        this.env = OrtEnvironment.getEnvironment();
        List<OnnxTensor> val = List.of(), cal = List.of();
        OrtSession s = null;
        NDManager m = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(DjlAccuracyOracle.libtorchThreads());
            options.setInterOpNumThreads(1);
            // idle pool threads sleep instead of spinning: on shared cores spinning starves the histogram pass
            // (libtorch) and everyone else, as OMP_WAIT_POLICY=PASSIVE does for libtorch (see bin/hass-env)
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            s = env.createSession(dataFormat == null ? graph.searchable() : graph.searchable(dataFormat.bits(), dataFormat.fractionBits()),
                    options);
            m = NDManager.newBaseManager("PyTorch");
            int b = batchSize;
            double d;
            try {
                val = batches(data.validation(), b);
                d = accuracy(s, val, b, data.validation(), data.validation().count(), Thresholds.none());
            } catch (OrtException e) {
                // a graph whose Reshape bakes in batch 1 (a torch export with a fixed input) runs one image at a time
                if (b == 1) throw e;
                close(val);
                b = 1;
                System.err.println("hass: warning: " + file + " does not run on a batch of " + batchSize
                        + " images (" + e.getMessage() + "); running one image at a time");
                val = batches(data.validation(), b);
                d = accuracy(s, val, b, data.validation(), data.validation().count(), Thresholds.none());
            }
            cal = batches(data.calibration(), b);
            this.batch = b;
            this.dense = d;
        } catch (OrtException | RuntimeException e) {
            close(val);
            close(cal);
            if (s != null) closeQuietly(s);
            if (m != null) m.close();
            if (e instanceof DatasetException de) throw de;
            throw new IOException(file + ": ONNX Runtime cannot run the network: " + e.getMessage(), e);
        }
        this.session = s;
        this.manager = m;
        this.validationBatches = val;
        this.calibrationBatches = cal;
        this.classes = data.classes().size();
    }

    /**
     * Opens the network on the data; a {@link DatasetException} when the images do not fit its input or the
     * classes its output, an {@link IOException} naming the file when it cannot be read or run.
     */
    public static OnnxAccuracyOracle open(Path onnx, OnnxOracleData data, int batchSize) throws IOException {
        return new OnnxAccuracyOracle(onnx, data, batchSize, null, null);
    }

    /**
     * As {@link #open(Path, OnnxOracleData, int)}, at the accelerator's fixed point: weights rounded to {@code weights}
     * (integer bits fitted per layer, {@link Quantizer#fitting}), every layer's input to {@code data}; null: float.
     */
    public static OnnxAccuracyOracle open(Path onnx, OnnxOracleData images, int batchSize, Quantizer weights, Quantizer data)
            throws IOException {
        return new OnnxAccuracyOracle(onnx, images, batchSize, weights, data);
    }

    /** The data format layer inputs are rounded to (null: float). */
    public Quantizer dataFormat() {
        return dataFormat;
    }

    /** The weight format, before its integer bits are fitted per layer (null: float). */
    public Quantizer weightFormat() {
        return weightFormat;
    }

    /** The graph the oracle runs (layers, initializers). */
    public OnnxGraph graph() {
        return graph;
    }

    /** The ONNX file's name without {@code .onnx}. */
    @Override
    public String architecture() {
        return name;
    }

    @Override
    public List<PrunableLayer> layers() {
        return layers;
    }

    @Override
    public double denseAccuracy() {
        return dense;
    }

    /** Images per ONNX Runtime call (1 when the graph only runs on single images). */
    public int batchSize() {
        return batch;
    }

    @Override
    public OracleResult evaluate(Thresholds thresholds, Fidelity fidelity) {
        return cache.get(thresholds, fidelity, this::evaluateUncached);
    }

    /** One full evaluation, never served from the cache. */
    public OracleResult evaluateUncached(Thresholds thresholds, Fidelity fidelity) {
        check(thresholds);
        if (fidelity.fineTuneSteps() > 0) {
            throw new IllegalArgumentException("an ONNX network is searched post-training: fineTuneSteps must be 0, got "
                    + fidelity.fineTuneSteps());
        }
        long t0 = System.nanoTime();
        try {
            double accuracy = accuracy(session, validationBatches, batch, data.validation(), fidelity.evaluationImages(), thresholds);
            Double test = null;
            if (fidelity.testImages() > 0 && data.test() != null) {
                if (testBatches == null) testBatches = batches(data.test(), batch);
                test = accuracy(session, testBatches, batch, data.test(), fidelity.testImages(), thresholds);
            }
            int cal = fidelity.histogramImages() == 0 ? data.calibration().count()
                    : Math.min(fidelity.histogramImages(), data.calibration().count());
            Map<String, LayerSparsity> out = new LinkedHashMap<>();
            profile(thresholds, cal).forEach((n, p) -> out.put(n,
                    new LayerSparsity(p.weightSparsity(), p.activationSparsity(), p.productSparsity(), p.histogram())));
            return new OracleResult(accuracy, out, (System.nanoTime() - t0) / 1e9, test);
        } catch (OrtException e) {
            throw new IllegalStateException(file + ": ONNX Runtime failed on a candidate: " + e.getMessage(), e);
        }
    }

    /** Top-1 accuracy over the first {@code count} images of {@code images} (already split into {@code batches} of {@code batch}). */
    private double accuracy(OrtSession s, List<OnnxTensor> batches, int batch, ImageTensors images, int count, Thresholds t)
            throws OrtException {
        int n = Math.min(count, images.count());
        int correct = 0;
        Map<String, OnnxTensor> feeds = feeds(t);
        try {
            for (int start = 0, i = 0; start < n; start += batch, i++) {
                feeds.put(graph.inputName(), batches.get(i));
                try (OrtSession.Result r = s.run(feeds, Set.of(graph.outputName()))) {
                    OnnxTensor logits = (OnnxTensor) r.get(0);
                    long[] shape = logits.getInfo().getShape();
                    int scores = (int) shape[shape.length - 1];
                    if (scores != data.classes().size()) {
                        throw new DatasetException(data.source() + ": " + data.classes().size() + " classes " + shortList(data.classes())
                                + " but " + file + " outputs " + scores + " scores per image; the data set's class folders"
                                + " must be the classes the network was trained on");
                    }
                    FloatBuffer f = logits.getFloatBuffer();
                    int b = Math.min(batch, n - start);
                    for (int k = 0; k < b; k++) {
                        int best = 0;
                        for (int c = 1; c < scores; c++) if (f.get(k * scores + c) > f.get(k * scores + best)) best = c;
                        if (best == images.labels()[start + k]) correct++;
                    }
                }
            }
        } finally {
            feeds.remove(graph.inputName());
            close(feeds.values());
        }
        return n == 0 ? 0 : correct / (double) n;
    }

    /** Sparsities and window histograms of every layer over the first {@code count} calibration images. */
    private Map<String, LayerProfile> profile(Thresholds t, int count) throws OrtException {
        Map<String, WindowHistogram> convs = new LinkedHashMap<>();
        Map<String, LinearStatistics> linears = new LinkedHashMap<>();
        for (OnnxGraph.Layer l : graph.layers()) {
            float[] w = masked(l, t.weightOf(l.name()));
            LayerSpec spec = new LayerSpec(l.name(), l.conv(), l.inChannels(), l.outChannels(), l.kernel(), l.stride(),
                    l.padding(), l.groups(), !l.readsImage());
            if (l.conv()) convs.put(l.name(), new WindowHistogram(spec, w));
            else linears.put(l.name(), new LinearStatistics(spec, l.transposed() ? transpose(w, l.weightShape()) : w));
        }
        Set<String> outputs = layerOutputs();
        Map<String, OnnxTensor> feeds = feeds(t);
        ImageTensors images = data.calibration();
        int n = Math.min(count, images.count());
        try {
            for (int start = 0, i = 0; start < n; start += batch, i++) {
                OnnxTensor in = calibrationBatches.get(i);
                feeds.put(graph.inputName(), in);
                try (OrtSession.Result r = session.run(feeds, outputs); NDManager scope = manager.newSubManager()) {
                    for (OnnxGraph.Layer l : graph.layers()) {
                        OnnxTensor x = readsRawImage(l) ? in : (OnnxTensor) r.get(OnnxGraph.layerInputOutput(l)).orElseThrow();
                        long[] shape = x.getInfo().getShape();
                        NDArray a = scope.create(x.getFloatBuffer(), new Shape(shape));
                        double ta = t.activationOf(l.name());
                        if (l.conv()) convs.get(l.name()).accumulate(a, ta > 0);
                        else linears.get(l.name()).accumulate(a.reshape(shape[0], -1));
                    }
                }
            }
        } finally {
            feeds.remove(graph.inputName());
            close(feeds.values());
        }
        Map<String, LayerProfile> out = new LinkedHashMap<>();
        for (OnnxGraph.Layer l : graph.layers()) out.put(l.name(), l.conv() ? convs.get(l.name()).profile() : linears.get(l.name()).profile());
        return out;
    }

    /** Whether layer {@code l} reads the graph input as fed (no extra output: the image, unrounded). */
    private boolean readsRawImage(OnnxGraph.Layer l) {
        return l.readsImage() && dataFormat == null;
    }

    /** The extra outputs holding what each layer reads. */
    private Set<String> layerOutputs() {
        Set<String> outputs = new LinkedHashSet<>();
        for (OnnxGraph.Layer l : graph.layers()) if (!readsRawImage(l)) outputs.add(OnnxGraph.layerInputOutput(l));
        return outputs;
    }

    /**
     * What the network computes for the first {@code n} calibration images under candidate {@code t}: the images, their
     * labels, what every prunable layer reads (after τ_a, rounded at fixed point) and the logits; the export's golden
     * vectors.
     */
    public Capture capture(Thresholds t, int n) {
        check(t);
        ImageTensors images = data.calibration();
        int count = Math.min(n, images.count()), per = images.imageSize();
        long[] inShape = {count, images.channels(), images.height(), images.width()};
        float[] pixels = Arrays.copyOf(images.pixels(), count * per);
        Set<String> outputs = layerOutputs();
        outputs.add(graph.outputName());
        Map<String, float[]> inputs = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), inShape)) {
            Map<String, OnnxTensor> feeds = feeds(t);
            try {
                feeds.put(graph.inputName(), in);
                try (OrtSession.Result r = session.run(feeds, outputs)) {
                    for (OnnxGraph.Layer l : graph.layers()) {
                        OnnxTensor x = readsRawImage(l) ? in : (OnnxTensor) r.get(OnnxGraph.layerInputOutput(l)).orElseThrow();
                        shapes.put(l.name(), x.getInfo().getShape());
                        inputs.put(l.name(), floats(x));
                    }
                    OnnxTensor logits = (OnnxTensor) r.get(graph.outputName()).orElseThrow();
                    return new Capture(pixels, inShape, Arrays.copyOf(images.labels(), count), inputs, shapes, floats(logits),
                            logits.getInfo().getShape());
                }
            } finally {
                feeds.remove(graph.inputName());
                close(feeds.values());
            }
        } catch (OrtException e) {
            throw new IllegalStateException(file + ": ONNX Runtime failed on a candidate: " + e.getMessage(), e);
        }
    }

    private static float[] floats(OnnxTensor x) {
        FloatBuffer b = x.getFloatBuffer();
        float[] f = new float[b.remaining()];
        b.get(f);
        return f;
    }

    /**
     * The golden vectors of one candidate ({@link #capture}).
     *
     * @param images      the images, C order, {@code imageShape} = N × C × H × W
     * @param layerInputs what each prunable layer reads (layer name → values, shape in {@code layerShapes})
     * @param logits      the graph's output, shape {@code logitsShape}
     */
    public record Capture(float[] images, long[] imageShape, int[] labels, Map<String, float[]> layerInputs,
                          Map<String, long[]> layerShapes, float[] logits, long[] logitsShape) {}

    /** The candidate's inputs besides the images: masked weights and activation thresholds. */
    private Map<String, OnnxTensor> feeds(Thresholds t) throws OrtException {
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try {
            for (OnnxGraph.Layer l : graph.layers()) {
                feeds.put(l.weight(), OnnxTensor.createTensor(env, FloatBuffer.wrap(masked(l, t.weightOf(l.name()))), l.weightShape()));
                if (!l.readsImage()) {
                    feeds.put(OnnxGraph.thresholdInput(l), OnnxTensor.createTensor(env,
                            FloatBuffer.wrap(new float[]{(float) t.activationOf(l.name())}), new long[0]));
                }
            }
        } catch (OrtException | RuntimeException e) {
            close(feeds.values());
            throw e;
        }
        return feeds;
    }

    /** The weights of every prunable layer as candidate {@code t} has them (layer name → values, the file's layout). */
    public Map<String, float[]> prunedWeights(Thresholds t) {
        check(t);
        Map<String, float[]> out = new LinkedHashMap<>();
        for (OnnxGraph.Layer l : graph.layers()) out.put(l.name(), masked(l, t.weightOf(l.name())).clone());
        return out;
    }

    /**
     * The trained weights of {@code l} with {@code |w| < τ} set to 0, then at fixed point rounded to the weight format
     * with the integer bits they need (as {@link DjlAccuracyOracle} quantises after masking).
     */
    private float[] masked(OnnxGraph.Layer l, double tau) {
        float[] w = trained.get(l.name());
        float[] m = w;
        if (tau > 0) {
            m = w.clone();
            for (int i = 0; i < m.length; i++) if (Math.abs(m[i]) < tau) m[i] = 0f;
        }
        return weightFormat == null ? m : weightFormat.fitting(m).quantize(m);
    }

    /** {@code in × out} → {@code out × in}. */
    private static float[] transpose(float[] w, long[] shape) {
        int in = (int) shape[0], out = (int) shape[1];
        float[] t = new float[w.length];
        for (int i = 0; i < in; i++) for (int o = 0; o < out; o++) t[o * in + i] = w[i * out + o];
        return t;
    }

    private List<OnnxTensor> batches(ImageTensors images, int b) throws OrtException {
        List<OnnxTensor> out = new ArrayList<>();
        int per = images.imageSize();
        try {
            for (int start = 0; start < images.count(); start += b) {
                int n = Math.min(b, images.count() - start);
                FloatBuffer buf = FloatBuffer.wrap(Arrays.copyOfRange(images.pixels(), start * per, (start + n) * per));
                out.add(OnnxTensor.createTensor(env, buf, new long[]{n, images.channels(), images.height(), images.width()}));
            }
        } catch (OrtException | RuntimeException e) {
            close(out);
            throw e;
        }
        return out;
    }

    /** The images must have the C × H × W the network's input fixes. */
    private void checkImages(ImageTensors images) {
        long[] d = graph.inputDims();
        long[] have = {images.channels(), images.height(), images.width()};
        for (int i = 0; i < 3; i++) {
            if (d[i + 1] > 0 && d[i + 1] != have[i]) {
                throw new DatasetException(data.source() + ": the images are " + have[0] + "×" + have[1] + "×" + have[2]
                        + " (C×H×W) but " + file + " takes " + d[1] + "×" + d[2] + "×" + d[3]
                        + (i == 0 ? "; grey images make 1 channel, colour 3" : "; set dataset.size to [" + d[2] + ", " + d[3] + "]"));
            }
        }
    }

    private static String shortList(List<String> l) {
        return l.size() <= 12 ? l.toString() : l.subList(0, 12) + "…";
    }

    private void check(Thresholds t) {
        Set<String> unknown = new TreeSet<>(t.weight().keySet());
        unknown.addAll(t.activation().keySet());
        unknown.removeAll(byName.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown layer(s) " + unknown + " for " + file + "; prunable layers are " + byName.keySet());
        }
        t.weight().forEach((n, v) -> {
            if (!(v >= 0)) throw new IllegalArgumentException("weight threshold of " + n + " must be >= 0, got " + v);
        });
        t.activation().forEach((n, v) -> {
            if (!(v >= 0)) throw new IllegalArgumentException("activation threshold of " + n + " must be >= 0, got " + v);
            if (v > 0 && byName.get(n).readsImage()) {
                throw new IllegalArgumentException(n + " reads the image and has no activation threshold (got " + v + ")");
            }
        });
    }

    private static void close(Iterable<? extends OnnxValue> values) {
        for (OnnxValue v : values) v.close();
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException ignored) {
            // closing after a failed open: the first error is the one to report
        }
    }

    @Override
    public void close() {
        close(validationBatches);
        close(calibrationBatches);
        if (testBatches != null) close(testBatches);
        closeQuietly(session);
        manager.close();
    }
}
