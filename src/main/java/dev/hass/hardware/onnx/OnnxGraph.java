package dev.hass.hardware.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A user's ONNX network as the sparsity search sees it: its prunable layers (Conv and Gemm nodes whose weight
 * is an initializer), the ops the hardware model cannot map, and the rewritten graph the accuracy oracle runs
 * ({@link #searchable()}). Layer names are the node names, {@code <op_type>_<index>} for unnamed nodes (as
 * {@link OnnxImport} names them).
 */
public final class OnnxGraph {
    /** Prefix of every tensor the rewrite adds, so they cannot collide with the network's own names. */
    public static final String PREFIX = "hass.";

    private final Path file;
    private final byte[] bytes;
    private final OnnxModel.Graph graph;
    private final String inputName;
    private final long[] inputDims;
    private final List<Layer> layers;

    /**
     * One prunable layer.
     *
     * @param name          the node name (the search's parameters are {@code tw.<name>} and {@code ta.<name>})
     * @param op            {@code Conv} or {@code Gemm}
     * @param input         the tensor the layer reads (thresholded by the oracle unless it is the graph input)
     * @param weight        the weight initializer's name
     * @param weightShape   its dims: Conv {@code F × C/g × K × K}, Gemm {@code out × in} ({@code transB = 1}) or
     *                      {@code in × out}
     * @param transposed    Gemm with {@code transB = 0}: the weight is stored {@code in × out}
     * @param kernel        K (1 for Gemm)
     * @param stride        conv stride (1 for Gemm)
     * @param padding       conv zero padding on every side (0 for Gemm)
     * @param groups        conv groups (1 for Gemm)
     * @param readsImage    the layer reads the graph input itself: it has no activation threshold
     */
    public record Layer(String name, String op, String input, String weight, long[] weightShape, boolean transposed,
                        int kernel, int stride, int padding, int groups, boolean readsImage) {
        public boolean conv() { return op.equals("Conv"); }

        public int outChannels() { return (int) (transposed ? weightShape[1] : weightShape[0]); }

        public int inChannels() {
            return conv() ? (int) weightShape[1] * groups : (int) (transposed ? weightShape[0] : weightShape[1]);
        }

        /** The parameter of the weight threshold. */
        public String weightParameter() { return "tw." + name; }

        /** The parameter of the activation threshold, or null when the layer reads the image. */
        public String activationParameter() { return readsImage ? null : "ta." + name; }
    }

    private OnnxGraph(Path file, byte[] bytes, OnnxModel.Graph graph) throws OnnxFormatException {
        this.file = file;
        this.bytes = bytes;
        this.graph = graph;
        List<OnnxModel.ValueInfo> inputs = graph.inputs().stream().filter(v -> !graph.initializers().containsKey(v.name())).toList();
        if (inputs.size() != 1) {
            throw new OnnxFormatException(file, null, null, "expected exactly one graph input (besides initializers), found "
                    + inputs.stream().map(OnnxModel.ValueInfo::name).toList());
        }
        this.inputName = inputs.get(0).name();
        this.inputDims = inputs.get(0).dims();
        if (inputDims == null || inputDims.length != 4) {
            throw new OnnxFormatException(file, null, null, "graph input '" + inputName + "' has shape "
                    + (inputDims == null ? "unknown" : Arrays.toString(inputDims)) + "; the oracle feeds N×C×H×W images");
        }
        if (graph.outputs().size() != 1) {
            throw new OnnxFormatException(file, null, null, "expected one graph output (the class scores), found " + graph.outputs().size());
        }
        List<Layer> ls = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (OnnxModel.Node n : graph.nodes()) {
            if (!names.add(nodeName(n))) {
                // layer names are search parameters and keys of the hardware graph: they must be unique
                throw new OnnxFormatException(file, nodeName(n), n.opType(), "a second node of that name; every node needs its own name");
            }
            if (n.opType().equals("Conv") || n.opType().equals("Gemm")) ls.add(layer(n));
        }
        if (ls.isEmpty()) throw new OnnxFormatException(file, null, null, "has no Conv or Gemm node: nothing to prune");
        this.layers = List.copyOf(ls);
    }

    /** Reads and checks the file; {@link OnnxFormatException} names the file (and node) of any problem. */
    public static OnnxGraph read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        OnnxModel.Graph g;
        try {
            g = OnnxModel.parse(bytes);
        } catch (RuntimeException e) {
            throw new OnnxFormatException(file, null, null, "not a readable ONNX model: " + e.getMessage());
        }
        return new OnnxGraph(file, bytes, g);
    }

    public Path file() { return file; }

    /** The prunable layers in graph order. */
    public List<Layer> layers() { return layers; }

    public String inputName() { return inputName; }

    /** The graph input's dims, {@code N × C × H × W} (-1 where symbolic). */
    public long[] inputDims() { return inputDims.clone(); }

    public String outputName() { return graph.outputs().get(0).name(); }

    /** The graph output's dims (-1 where symbolic; null if the file gives none). */
    public long[] outputDims() {
        long[] d = graph.outputs().get(0).dims();
        return d == null ? null : d.clone();
    }

    /** Each node whose op the hardware model does not map, as {@code "name (OpType)"}, in graph order. */
    public List<String> unsupportedOps() {
        List<String> out = new ArrayList<>();
        for (OnnxModel.Node n : graph.nodes()) {
            boolean domain = n.domain().isEmpty() || n.domain().equals("ai.onnx");
            if (!domain || !OnnxImport.SUPPORTED_OPS.contains(n.opType())) {
                out.add(nodeName(n) + " (" + (domain ? "" : n.domain() + ".") + n.opType() + ")");
            }
        }
        return out;
    }

    /** The values of a float initializer (a layer's weights), row-major. */
    public float[] floats(String initializer) {
        OnnxModel.Tensor t = graph.initializers().get(initializer);
        if (t == null) throw new IllegalArgumentException(file + ": no initializer " + initializer);
        if (t.dataType() != OnnxModel.FLOAT) throw new IllegalArgumentException(file + ": initializer " + initializer + " is not float");
        double[] v = t.values();
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }

    /** Name of the graph input that feeds layer {@code l}'s activation threshold (a float scalar). */
    public static String thresholdInput(Layer l) { return PREFIX + "ta." + l.name(); }

    /** Name of the extra graph output holding what layer {@code l} reads (after its threshold). */
    public static String layerInputOutput(Layer l) { return PREFIX + "in." + l.name(); }

    /**
     * The model the oracle runs, as ONNX bytes: the same graph with, for every prunable layer,
     * <ul>
     *   <li>its weight initializer a graph input of that name instead (fed per candidate: the masked weights);</li>
     *   <li>unless it reads the image, its input {@code x} replaced by
     *       {@code x · [x > τ or τ ≤ 0]} with τ the scalar graph input {@link #thresholdInput}: τ = 0 leaves the
     *       input exactly as it was, τ &gt; 0 is the thresholded ReLU {@code x if x > τ else 0};</li>
     *   <li>what it reads as an extra graph output {@link #layerInputOutput} (the histograms' input);</li>
     * </ul>
     * a Flatten before every Gemm (hass export wrote Gemm straight after a global pooling, which ONNX Runtime
     * refuses: Gemm takes rank 2), the batch dimension of the graph's input and output made symbolic, and fpgaConvNet's
     * {@code channel_sparsity_hist} attributes (which ONNX Runtime rejects) dropped.
     */
    public byte[] searchable() {
        return searchable(0, 0);
    }

    /**
     * As {@link #searchable()}, and every prunable layer's input (after its threshold; the image too, for the layer that
     * reads it) rounded to the signed fixed point of {@code bits} bits, {@code fractionBits} of them fraction, as the
     * accelerator holds it: {@code clip(sign(x)·floor(|x|·2^F + 0.5), −2^(W−1), 2^(W−1)−1) / 2^F} (ties away from zero,
     * then saturation), the same float32 operations as the DJL oracle's rounding. Then every layer's input, the image
     * reader's included, is an extra output. {@code bits} 0: float (no rounding).
     */
    public byte[] searchable(int bits, int fractionBits) {
        boolean round = bits > 0;
        Map<String, Layer> byNode = new LinkedHashMap<>();
        for (Layer l : layers) byNode.put(l.name(), l);
        Set<String> weights = new LinkedHashSet<>();
        for (Layer l : layers) weights.add(l.weight());
        Set<String> declaredInputs = new LinkedHashSet<>();
        for (OnnxModel.ValueInfo v : graph.inputs()) declaredInputs.add(v.name());
        return rewriteGraph((g, out) -> {
            int nodeIndex = 0;
            while (g.next()) {
                switch (g.field()) {
                    case 1 -> {
                        OnnxModel.Node n = graph.nodes().get(nodeIndex++);
                        Layer l = byNode.get(nodeName(n));
                        String input = n.inputs().isEmpty() ? null : n.inputs().get(0);
                        if (l != null && !l.readsImage()) {
                            input = threshold(out, l, round ? PREFIX + l.name() + ".thresholded" : layerInputOutput(l));
                        }
                        if (l != null && round) input = round(out, l, input);
                        if (l != null && !l.conv()) {
                            // Gemm takes rank 2; a Flatten of what already is N × features changes nothing
                            String flat = PREFIX + l.name() + ".flat";
                            out.message(1, op(flat, "Flatten", List.of(input), flat)
                                    .message(5, new ProtoWriter().string(1, "axis").varint(3, 1).varint(20, 2)));
                            input = flat;
                        }
                        out.message(1, node(g.message(), input));
                        if (l != null && (round || !l.readsImage())) {
                            out.message(12, valueInfo(layerInputOutput(l), null));
                        }
                    }
                    case 11, 12 -> {
                        int f = g.field(), from = g.tagStart();
                        OnnxModel.ValueInfo v = OnnxModel.valueInfo(g.message());
                        if (f == 11 && !v.name().equals(inputName)) {
                            out.rawFields(g.copy(from));
                        } else {
                            long[] d = v.dims() == null ? null : v.dims().clone();
                            if (d != null && d.length >= 2) d[0] = -1;
                            out.message(f, valueInfo(v.name(), d));
                        }
                    }
                    case 5 -> {
                        int from = g.tagStart();
                        String name = tensorName(g.message());
                        if (!weights.contains(name)) out.rawFields(g.copy(from));   // a weight is fed, not stored
                    }
                    default -> out.rawFields(g.rawField());
                }
            }
            for (Layer l : layers) {
                if (!declaredInputs.contains(l.weight())) out.message(11, valueInfo(l.weight(), l.weightShape()));
                if (!l.readsImage()) out.message(11, valueInfo(thresholdInput(l), new long[0]));
            }
            out.message(5, scalar(PREFIX + "zero", 0f));
            if (round) {
                out.message(5, scalar(PREFIX + "q.scale", (float) Math.scalb(1.0, fractionBits)));
                out.message(5, scalar(PREFIX + "q.half", 0.5f));
                out.message(5, scalar(PREFIX + "q.lo", (float) -Math.scalb(1.0, bits - 1)));
                out.message(5, scalar(PREFIX + "q.hi", (float) (Math.scalb(1.0, bits - 1) - 1)));
            }
        });
    }

    /** Writes the rounding of {@code x} (layer {@code l}'s input) and returns the rounded tensor's name. */
    private static String round(ProtoWriter g, Layer l, String x) {
        String p = PREFIX + l.name() + ".q.";
        g.message(1, op(p + "abs", "Abs", List.of(x), p + "abs"));
        g.message(1, op(p + "scaled", "Mul", List.of(p + "abs", PREFIX + "q.scale"), p + "scaled"));
        g.message(1, op(p + "half", "Add", List.of(p + "scaled", PREFIX + "q.half"), p + "half"));
        g.message(1, op(p + "floor", "Floor", List.of(p + "half"), p + "floor"));
        g.message(1, op(p + "sign", "Sign", List.of(x), p + "sign"));
        g.message(1, op(p + "signed", "Mul", List.of(p + "floor", p + "sign"), p + "signed"));
        g.message(1, op(p + "min", "Min", List.of(p + "signed", PREFIX + "q.hi"), p + "min"));
        g.message(1, op(p + "clipped", "Max", List.of(p + "min", PREFIX + "q.lo"), p + "clipped"));
        String y = layerInputOutput(l);
        g.message(1, op(p + "value", "Div", List.of(p + "clipped", PREFIX + "q.scale"), y));
        return y;
    }

    /**
     * The float initializers under the names {@code dev.hass.export} reads them by, whatever the file calls them:
     * for every Conv and Gemm node {@code <node>.weight} (Gemm as {@code out × in}, transposed when {@code transB = 0})
     * and {@code <node>.bias}; for every BatchNormalization {@code <node>.weight/.bias/.running_mean/.running_var}, its
     * variance plus (ε − 1e-5) so that the fixed ε = 1e-5 of our readers gives the file's √(σ² + ε). Initializers that
     * are not float, or inputs that are not initializers, are left out.
     */
    public Map<String, float[]> initializersByNode() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (OnnxModel.Node n : graph.nodes()) {
            String name = nodeName(n);
            List<String> in = n.inputs();
            switch (n.opType()) {
                case "Conv" -> {
                    putFloats(out, name + ".weight", in, 1);
                    putFloats(out, name + ".bias", in, 2);
                }
                case "Gemm" -> {
                    putFloats(out, name + ".weight", in, 1);
                    putFloats(out, name + ".bias", in, 2);
                    OnnxModel.Tensor w = in.size() > 1 ? graph.initializers().get(in.get(1)) : null;
                    if (attr(n, "transB", 0) == 0 && out.containsKey(name + ".weight") && w != null && w.dims().length == 2) {
                        float[] v = out.get(name + ".weight");
                        int rows = (int) w.dims()[0], cols = (int) w.dims()[1];
                        float[] t = new float[v.length];
                        for (int i = 0; i < rows; i++) for (int o = 0; o < cols; o++) t[o * rows + i] = v[i * cols + o];
                        out.put(name + ".weight", t);
                    }
                }
                case "BatchNormalization" -> {
                    putFloats(out, name + ".weight", in, 1);
                    putFloats(out, name + ".bias", in, 2);
                    putFloats(out, name + ".running_mean", in, 3);
                    putFloats(out, name + ".running_var", in, 4);
                    OnnxModel.Attribute eps = n.attributes().get("epsilon");
                    float e = eps == null ? 1e-5f : eps.f();
                    float[] var = out.get(name + ".running_var");
                    if (var != null && e != 1e-5f) for (int i = 0; i < var.length; i++) var[i] = (float) (var[i] + ((double) e - 1e-5));
                }
                default -> { }
            }
        }
        return out;
    }

    private void putFloats(Map<String, float[]> out, String key, List<String> inputs, int i) {
        if (i >= inputs.size() || inputs.get(i).isEmpty()) return;
        OnnxModel.Tensor t = graph.initializers().get(inputs.get(i));
        if (t != null && t.dataType() == OnnxModel.FLOAT) out.put(key, floats(inputs.get(i)));
    }

    /**
     * Why the integer arithmetic cannot run layer {@code l} as the file has it, or null: a Gemm must compute
     * {@code x·Wᵀ + b} (alpha = beta = 1, transA = 0).
     */
    public String integerProblem(Layer l) {
        for (OnnxModel.Node n : graph.nodes()) {
            if (!nodeName(n).equals(l.name()) || !n.opType().equals("Gemm")) continue;
            for (String a : List.of("alpha", "beta")) {
                OnnxModel.Attribute x = n.attributes().get(a);
                if (x != null && x.f() != 1f) return "node " + l.name() + " (Gemm): " + a + " = " + x.f() + "; the integer arithmetic has alpha = beta = 1";
            }
        }
        return null;
    }

    /** Rewrites one graph's fields ({@code g} → {@code out}); everything outside the graph is copied. */
    @FunctionalInterface
    private interface GraphRewrite {
        void apply(ProtoReader g, ProtoWriter out);
    }

    /** The file with its graph (field 7 of the model) rewritten by {@code rewrite}, every other field copied as is. */
    private byte[] rewriteGraph(GraphRewrite rewrite) {
        ProtoWriter model = new ProtoWriter();
        ProtoReader r = new ProtoReader(bytes);
        while (r.next()) {
            if (r.field() != 7) {
                model.rawFields(r.rawField());
                continue;
            }
            ProtoWriter out = new ProtoWriter();
            rewrite.apply(r.message(), out);
            model.message(7, out);
        }
        return model.bytes();
    }

    /**
     * The file as the accelerator runs one candidate: the prunable layers' weight initializers replaced by
     * {@code weights} (layer name → values, row-major in the initializer's dims) and, on every Conv named in
     * {@code histograms}, fpgaConvNet's {@value OnnxImport#HISTOGRAM_ATTRIBUTE} (C·(K²+1) floats) in place of any
     * it had. Everything else is copied unchanged.
     */
    public byte[] pruned(Map<String, float[]> weights, Map<String, float[]> histograms) {
        Map<String, Layer> byWeight = new LinkedHashMap<>();
        for (Layer l : layers) byWeight.put(l.weight(), l);
        return rewriteGraph((g, out) -> {
            int nodeIndex = 0;
            while (g.next()) {
                switch (g.field()) {
                    case 1 -> {
                        OnnxModel.Node n = graph.nodes().get(nodeIndex++);
                        ProtoWriter node = node(g.message(), null);
                        float[] h = histograms.get(nodeName(n));
                        if (h != null && n.opType().equals("Conv")) {
                            node.message(5, new ProtoWriter().string(1, OnnxImport.HISTOGRAM_ATTRIBUTE).packedFloats(7, h).varint(20, 6));
                        }
                        out.message(1, node);
                    }
                    case 5 -> {
                        int from = g.tagStart();
                        String name = tensorName(g.message());
                        Layer l = byWeight.get(name);
                        float[] w = l == null ? null : weights.get(l.name());
                        if (w == null) {
                            out.rawFields(g.copy(from));
                        } else {
                            ByteBuffer raw = ByteBuffer.allocate(w.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                            for (float v : w) raw.putFloat(v);
                            out.message(5, new ProtoWriter().packedVarints(1, l.weightShape()).varint(2, OnnxModel.FLOAT)
                                    .string(8, name).bytes(9, raw.array()));
                        }
                    }
                    default -> out.rawFields(g.rawField());
                }
            }
        });
    }

    /** Writes the thresholding nodes of layer {@code l} and returns the name of the thresholded tensor. */
    private static String threshold(ProtoWriter g, Layer l, String y) {
        String p = PREFIX + l.name() + ".", x = l.input(), t = thresholdInput(l);
        g.message(1, op(p + "above", "Greater", List.of(x, t), p + "above"));
        g.message(1, op(p + "on", "Greater", List.of(t, PREFIX + "zero"), p + "on"));
        g.message(1, op(p + "off", "Not", List.of(p + "on"), p + "off"));
        g.message(1, op(p + "keep", "Or", List.of(p + "above", p + "off"), p + "keep"));
        g.message(1, op(p + "mask", "Cast", List.of(p + "keep"), p + "mask")
                .message(5, new ProtoWriter().string(1, "to").varint(3, OnnxModel.FLOAT).varint(20, 2)));
        g.message(1, op(p + "thresholded", "Mul", List.of(x, p + "mask"), y));
        return y;
    }

    private static ProtoWriter op(String name, String type, List<String> inputs, String output) {
        ProtoWriter n = new ProtoWriter();
        for (String i : inputs) n.string(1, i);
        return n.string(2, output).string(3, name).string(4, type);
    }

    /**
     * A node copied field by field, with its first input replaced by {@code input} and the histogram attribute
     * left out.
     */
    private static ProtoWriter node(ProtoReader r, String input) {
        ProtoWriter n = new ProtoWriter();
        boolean first = true;
        while (r.next()) {
            if (r.field() == 1) {
                String s = r.string();
                n.string(1, first && input != null ? input : s);
                first = false;
            } else if (r.field() == 5) {
                int from = r.tagStart();
                ProtoReader a = r.message();
                String name = "";
                while (a.next()) {
                    if (a.field() == 1) name = a.string();
                    else a.skip();
                }
                if (!name.equals(OnnxImport.HISTOGRAM_ATTRIBUTE)) {
                    n.rawFields(r.copy(from));
                }
            } else {
                n.rawFields(r.rawField());
            }
        }
        return n;
    }

    /** A float ValueInfoProto; {@code dims} null: no shape, -1: a symbolic dimension. */
    private static ProtoWriter valueInfo(String name, long[] dims) {
        ProtoWriter tensor = new ProtoWriter().varint(1, OnnxModel.FLOAT);
        if (dims != null) {
            ProtoWriter shape = new ProtoWriter();
            for (long d : dims) shape.message(1, d >= 0 ? new ProtoWriter().varint(1, d) : new ProtoWriter().string(2, "N"));
            tensor.message(2, shape);
        }
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensor));
    }

    /** TensorProto.name (field 8). */
    private static String tensorName(ProtoReader r) {
        String name = "";
        while (r.next()) {
            if (r.field() == 8) name = r.string();
            else r.skip();
        }
        return name;
    }

    private static ProtoWriter scalar(String name, float v) {
        byte[] raw = ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(v).array();
        return new ProtoWriter().varint(2, OnnxModel.FLOAT).string(8, name).bytes(9, raw);
    }

    static String nodeName(OnnxModel.Node n) {
        return n.name().isBlank() ? n.opType() + "_" + n.index() : n.name();
    }

    private Layer layer(OnnxModel.Node n) throws OnnxFormatException {
        String name = nodeName(n);
        if (n.inputs().size() < 2) throw new OnnxFormatException(file, name, n.opType(), "needs an input and a weight");
        String input = n.inputs().get(0), weight = n.inputs().get(1);
        OnnxModel.Tensor w = graph.initializers().get(weight);
        if (w == null) {
            throw new OnnxFormatException(file, name, n.opType(), "its weight '" + weight
                    + "' is not an initializer (computed weights cannot be pruned); export with constant folding");
        }
        if (w.dataType() != OnnxModel.FLOAT) {
            throw new OnnxFormatException(file, name, n.opType(), "its weight '" + weight + "' is not float32 (data type " + w.dataType() + ")");
        }
        boolean readsImage = input.equals(inputName);
        long[] d = w.dims();
        if (n.opType().equals("Gemm")) {
            if (d.length != 2) throw new OnnxFormatException(file, name, "Gemm", "weight dims " + Arrays.toString(d) + "; expected 2");
            if (attr(n, "transA", 0) != 0) throw new OnnxFormatException(file, name, "Gemm", "transA = 1 is not supported");
            boolean transposed = attr(n, "transB", 0) == 0;
            return new Layer(name, "Gemm", input, weight, d, transposed, 1, 1, 0, 1, readsImage);
        }
        if (d.length != 4) throw new OnnxFormatException(file, name, "Conv", "weight dims " + Arrays.toString(d) + "; only 2-D convolutions (4-D weights) are searched");
        if (d[2] != d[3]) throw new OnnxFormatException(file, name, "Conv", "kernel " + d[2] + "×" + d[3] + "; only square kernels are searched");
        long[] strides = ints(n, "strides", new long[]{1, 1});
        long[] pads = ints(n, "pads", new long[]{0, 0, 0, 0});
        long[] dil = ints(n, "dilations", new long[]{1, 1});
        OnnxModel.Attribute auto = n.attributes().get("auto_pad");
        if (auto != null && auto.s() != null && !auto.s().equals("NOTSET") && !auto.s().equals("VALID")) {
            throw new OnnxFormatException(file, name, "Conv", "auto_pad " + auto.s() + "; export with explicit pads");
        }
        if (strides.length != 2 || strides[0] != strides[1]) {
            throw new OnnxFormatException(file, name, "Conv", "strides " + Arrays.toString(strides) + "; only equal strides are searched");
        }
        if (Arrays.stream(pads).distinct().count() > 1) {
            throw new OnnxFormatException(file, name, "Conv", "pads " + Arrays.toString(pads) + "; only the same padding on every side is searched");
        }
        if (Arrays.stream(dil).anyMatch(x -> x != 1)) {
            throw new OnnxFormatException(file, name, "Conv", "dilations " + Arrays.toString(dil) + "; only dilation 1 is searched");
        }
        int groups = (int) attr(n, "group", 1);
        return new Layer(name, "Conv", input, weight, d, false, (int) d[2], (int) strides[0], (int) pads[0], groups, readsImage);
    }

    private static long attr(OnnxModel.Node n, String name, long dflt) {
        OnnxModel.Attribute a = n.attributes().get(name);
        return a == null ? dflt : a.i();
    }

    private static long[] ints(OnnxModel.Node n, String name, long[] dflt) {
        OnnxModel.Attribute a = n.attributes().get(name);
        return a == null || a.ints().length == 0 ? dflt : a.ints();
    }
}
