package dev.hass.hardware.onnx;

import dev.hass.hardware.graph.ChannelHistograms;
import dev.hass.hardware.graph.ImportedNetwork;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Node;
import dev.hass.hardware.graph.Op;
import dev.hass.hardware.graph.Op.ActivationKind;
import dev.hass.hardware.graph.Op.EltwiseKind;
import dev.hass.hardware.graph.Op.PoolKind;
import dev.hass.hardware.graph.TensorShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an ONNX model (protobuf, decoded here without a protobuf library) into a {@link Network}.
 *
 * <p>Supported ops: Conv, Gemm, MatMul (+ Add of a constant bias), Relu, Clip (as ReLU / ReLU6),
 * HardSwish, HardSigmoid, Sigmoid, BatchNormalization, MaxPool, AveragePool, GlobalAveragePool,
 * GlobalMaxPool, Add, Mul, Flatten, Reshape (only as a flatten); Identity and Dropout are skipped,
 * Constant and Shape/Gather/Unsqueeze/Concat chains feeding a Reshape are folded. Node names are the
 * ONNX node names, or {@code <op_type>_<index>} when empty (as fpgaConvNet names them). A Conv's
 * {@code channel_sparsity_hist} float list (C·(K²+1) values, one row of K²+1 bins per input channel)
 * becomes its {@link ChannelHistograms}.
 */
public final class OnnxImport {
    private OnnxImport() {}

    /** The ONNX op types this importer maps (or skips). */
    public static final List<String> SUPPORTED_OPS = List.of("Conv", "Gemm", "MatMul", "Relu", "Clip", "HardSwish",
            "HardSigmoid", "Sigmoid", "BatchNormalization", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool",
            "Add", "Mul", "Flatten", "Reshape", "Identity", "Dropout", "Constant", "Shape", "Gather", "Unsqueeze", "Concat");

    public static final String HISTOGRAM_ATTRIBUTE = "channel_sparsity_hist";

    /** Reads and maps the file; {@link OnnxFormatException} for bad content, other IOExceptions for I/O. */
    public static ImportedNetwork read(Path file) throws IOException {
        return read(file, Files.readAllBytes(file));
    }

    /** Maps bytes already in memory; {@code file} only names them in messages and the network. */
    static ImportedNetwork read(Path file, byte[] bytes) throws OnnxFormatException {
        OnnxModel.Graph graph;
        try {
            graph = OnnxModel.parse(bytes);
        } catch (ProtoReader.Malformed e) {
            throw new OnnxFormatException(file, null, null, "not a readable ONNX model: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new OnnxFormatException(file, null, null, "not a readable ONNX model: " + e);
        }
        String name = file.getFileName().toString().replaceFirst("\\.onnx$", "");
        return new Mapper(file, name, graph).map();
    }

    /** Maps one decoded graph; keeps the state of the walk over its nodes. */
    private static final class Mapper {
        private final Path file;
        private final String netName;
        private final OnnxModel.Graph graph;
        /** ONNX tensor name → name of our node (or the network input) that produces it. */
        private final Map<String, String> produced = new HashMap<>();
        /** ONNX tensor name → constant value (initializers, Constant outputs, folded shape arithmetic). */
        private final Map<String, OnnxModel.Tensor> constants = new HashMap<>();
        private final Map<String, long[]> constInts = new HashMap<>();
        private final List<Node> nodes = new ArrayList<>();
        private final Map<String, TensorShape> shapes = new HashMap<>();
        private final Map<String, ChannelHistograms> histograms = new LinkedHashMap<>();
        private final Set<String> usedNames = new HashSet<>();
        private String inputName;

        Mapper(Path file, String netName, OnnxModel.Graph graph) {
            this.file = file;
            this.netName = netName;
            this.graph = graph;
        }

        ImportedNetwork map() throws OnnxFormatException {
            constants.putAll(graph.initializers());
            findInput();
            for (OnnxModel.Node n : graph.nodes()) {
                String name = n.name().isBlank() ? n.opType() + "_" + n.index() : n.name();
                try {
                    mapNode(n, name);
                } catch (Unsupported e) {
                    throw new OnnxFormatException(file, name, n.opType(), e.getMessage());
                } catch (ProtoReader.Malformed | IllegalArgumentException e) {
                    throw new OnnxFormatException(file, name, n.opType(), e.getMessage());
                } catch (RuntimeException e) {
                    // anything else means bytes we could not make sense of: still name file, node and op
                    throw new OnnxFormatException(file, name, n.opType(), "cannot map node: " + e);
                }
            }
            if (nodes.isEmpty()) throw new OnnxFormatException(file, null, null, "the graph has no supported compute nodes");
            if (graph.outputs().size() != 1) {
                throw new OnnxFormatException(file, null, null, "expected one graph output, found " + graph.outputs().size());
            }
            String out = produced.get(graph.outputs().get(0).name());
            Node last = nodes.get(nodes.size() - 1);
            if (out == null || !out.equals(last.name())) {
                throw new OnnxFormatException(file, null, null, "graph output '" + graph.outputs().get(0).name()
                        + "' is not produced by the last compute node " + last.name());
            }
            try {
                Network net = new Network(netName, inputName, shapes.get(inputName), nodes);
                return new ImportedNetwork(net, histograms);
            } catch (IllegalArgumentException e) {
                throw new OnnxFormatException(file, null, null, e.getMessage());
            }
        }

        private void findInput() throws OnnxFormatException {
            List<OnnxModel.ValueInfo> inputs = graph.inputs().stream().filter(v -> !constants.containsKey(v.name())).toList();
            if (inputs.size() != 1) {
                throw new OnnxFormatException(file, null, null, "expected exactly one graph input (besides initializers), found "
                        + inputs.stream().map(OnnxModel.ValueInfo::name).toList());
            }
            OnnxModel.ValueInfo in = inputs.get(0);
            long[] d = in.dims();
            if (d == null || (d.length != 4 && d.length != 3)) {
                throw new OnnxFormatException(file, null, null, "graph input '" + in.name() + "' has shape "
                        + (d == null ? "unknown" : Arrays.toString(d)) + "; expected N×C×H×W or C×H×W");
            }
            long[] chw = Arrays.copyOfRange(d, d.length - 3, d.length);
            for (long v : chw) {
                if (v < 1 || v > Integer.MAX_VALUE) {
                    throw new OnnxFormatException(file, null, null, "graph input '" + in.name() + "' has shape " + Arrays.toString(d)
                            + "; channels, rows and cols must be fixed positive sizes");
                }
            }
            inputName = in.name();
            usedNames.add(inputName);
            produced.put(inputName, inputName);
            shapes.put(inputName, new TensorShape((int) chw[0], (int) chw[1], (int) chw[2]));
        }

        private void mapNode(OnnxModel.Node n, String name) {
            if (!n.domain().isEmpty() && !n.domain().equals("ai.onnx")) {
                throw new Unsupported("op domain '" + n.domain() + "' is not supported (only the default ONNX domain)");
            }
            switch (n.opType()) {
                case "Conv" -> conv(n, name);
                case "Gemm" -> gemm(n, name);
                case "MatMul" -> matMul(n, name);
                case "Relu" -> add(n, name, new Op.Activation(ActivationKind.RELU));
                case "Sigmoid" -> add(n, name, new Op.Activation(ActivationKind.SIGMOID));
                case "HardSwish" -> add(n, name, new Op.Activation(ActivationKind.HARDSWISH));
                case "HardSigmoid" -> add(n, name, new Op.Activation(ActivationKind.HARDSIGMOID));
                case "Clip" -> clip(n, name);
                case "BatchNormalization" -> add(n, name, new Op.BatchNorm());
                case "MaxPool" -> pool(n, name, PoolKind.MAX);
                case "AveragePool" -> pool(n, name, PoolKind.AVG);
                case "GlobalAveragePool" -> add(n, name, new Op.GlobalPool(PoolKind.AVG));
                case "GlobalMaxPool" -> add(n, name, new Op.GlobalPool(PoolKind.MAX));
                case "Add" -> eltwise(n, name, EltwiseKind.ADD);
                case "Mul" -> eltwise(n, name, EltwiseKind.MUL);
                case "Flatten" -> flatten(n, name);
                case "Reshape" -> reshape(n, name);
                case "Identity", "Dropout" -> produced.put(n.outputs().get(0), data(n, 0));
                case "Constant" -> constant(n);
                case "Shape" -> shapeOf(n);
                case "Gather" -> gather(n);
                case "Unsqueeze" -> unsqueeze(n);
                case "Concat" -> concat(n);
                default -> throw new Unsupported("unsupported op type " + n.opType() + "; supported: " + String.join(", ", SUPPORTED_OPS));
            }
        }

        // ------------------------------------------------------------ compute ops

        private void conv(OnnxModel.Node n, String name) {
            String x = data(n, 0);
            TensorShape in = shapes.get(x);
            long[] w = constant(n, 1, "weight").dims();
            if (w.length != 4) throw new Unsupported("weight has shape " + Arrays.toString(w) + "; only 2-D convolutions (F×C/g×kH×kW) are supported");
            int group = (int) intAttr(n, "group", 1);
            long[] kernel = ints(n, "kernel_shape", new long[] {w[2], w[3]});
            if (kernel.length != 2 || kernel[0] != w[2] || kernel[1] != w[3]) {
                throw new Unsupported("kernel_shape " + Arrays.toString(kernel) + " does not match weight " + Arrays.toString(w));
            }
            if (w[1] * group != in.channels()) {
                throw new Unsupported("weight " + Arrays.toString(w) + " with group " + group + " expects " + w[1] * group
                        + " input channels, input " + x + " has " + in.channels());
            }
            checkDilations(n);
            long[] strides = ints(n, "strides", new long[] {1, 1});
            int[] pads = pads(n, in, (int) kernel[0], (int) kernel[1], strides);
            boolean bias = optionalInput(n, 2);
            Op.Conv op = new Op.Conv((int) w[0], (int) kernel[0], (int) kernel[1], (int) strides[0], (int) strides[1],
                    pads[0], pads[1], pads[2], pads[3], group, bias);
            String added = addNode(n, name, op, List.of(x));
            OnnxModel.Attribute h = n.attributes().get(HISTOGRAM_ATTRIBUTE);
            if (h != null) histograms.put(added, histograms(h, in.channels(), (int) (kernel[0] * kernel[1])));
        }

        private ChannelHistograms histograms(OnnxModel.Attribute h, int channels, int k2) {
            float[] v = h.floats();
            int bins = k2 + 1;
            if (v.length != channels * bins) {
                throw new Unsupported(HISTOGRAM_ATTRIBUTE + " has " + v.length + " values; expected channels × (K²+1) = "
                        + channels + " × " + bins + " = " + channels * bins);
            }
            double[][] p = new double[channels][bins];
            for (int c = 0; c < channels; c++) {
                for (int z = 0; z < bins; z++) {
                    float f = v[c * bins + z];
                    if (!(f >= 0 && f <= 1.0001f)) {
                        throw new Unsupported(HISTOGRAM_ATTRIBUTE + "[" + c + "][" + z + "] = " + f + " is not a probability in [0, 1]");
                    }
                    p[c][z] = f;
                }
            }
            return new ChannelHistograms(p);
        }

        private void gemm(OnnxModel.Node n, String name) {
            String x = data(n, 0);
            if (intAttr(n, "transA", 0) != 0) throw new Unsupported("transA = 1 is not supported");
            long[] w = constant(n, 1, "B").dims();
            if (w.length != 2) throw new Unsupported("B has shape " + Arrays.toString(w) + "; expected a matrix");
            boolean transB = intAttr(n, "transB", 0) != 0;
            long inF = transB ? w[1] : w[0], outF = transB ? w[0] : w[1];
            checkFeatures(x, inF, w);
            addNode(n, name, new Op.InnerProduct((int) outF, optionalInput(n, 2)), List.of(x));
        }

        private void matMul(OnnxModel.Node n, String name) {
            String x = data(n, 0);
            long[] w = constant(n, 1, "B").dims();
            if (w.length != 2) throw new Unsupported("B has shape " + Arrays.toString(w) + "; expected a matrix");
            checkFeatures(x, w[0], w);
            addNode(n, name, new Op.InnerProduct((int) w[1], false), List.of(x));
        }

        private void checkFeatures(String x, long inF, long[] w) {
            long have = shapes.get(x).elements();
            if (inF != have) {
                throw new Unsupported("weight " + Arrays.toString(w) + " expects " + inF + " input features, input " + x
                        + " has " + have + " (" + shapes.get(x) + ")");
            }
        }

        private void clip(OnnxModel.Node n, String name) {
            double min = Double.NEGATIVE_INFINITY, max = Double.POSITIVE_INFINITY;
            if (n.attributes().containsKey("min")) min = n.attributes().get("min").f();
            if (n.attributes().containsKey("max")) max = n.attributes().get("max").f();
            if (optionalInput(n, 1)) min = scalar(n, 1, "min");
            if (optionalInput(n, 2)) max = scalar(n, 2, "max");
            ActivationKind kind;
            if (min == 0 && max == 6) kind = ActivationKind.RELU6;
            else if (min == 0 && max == Double.POSITIVE_INFINITY) kind = ActivationKind.RELU;
            else throw new Unsupported("Clip(min=" + min + ", max=" + max + ") is neither ReLU (0, ∞) nor ReLU6 (0, 6)");
            addNode(n, name, new Op.Activation(kind), List.of(data(n, 0)));
        }

        private void pool(OnnxModel.Node n, String name, PoolKind kind) {
            String x = data(n, 0);
            TensorShape in = shapes.get(x);
            long[] kernel = ints(n, "kernel_shape", null);
            if (kernel == null || kernel.length != 2) throw new Unsupported("kernel_shape must list 2 sizes, got " + (kernel == null ? "none" : Arrays.toString(kernel)));
            checkDilations(n);
            long[] strides = ints(n, "strides", new long[] {1, 1});
            int[] pads = pads(n, in, (int) kernel[0], (int) kernel[1], strides);
            Op.Pool op = new Op.Pool(kind, (int) kernel[0], (int) kernel[1], (int) strides[0], (int) strides[1], pads[0], pads[1], pads[2], pads[3]);
            if (intAttr(n, "ceil_mode", 0) != 0) {
                // ceil_mode only matters when the window does not tile the padded input exactly
                int rr = in.rows() + pads[0] + pads[2] - (int) kernel[0], cr = in.cols() + pads[1] + pads[3] - (int) kernel[1];
                if (rr % strides[0] != 0 || cr % strides[1] != 0) {
                    throw new Unsupported("ceil_mode = 1 changes the output size here; only floor (ceil_mode = 0) sizes are modelled");
                }
            }
            addNode(n, name, op, List.of(x));
        }

        private void eltwise(OnnxModel.Node n, String name, EltwiseKind kind) {
            List<String> data = new ArrayList<>();
            List<Integer> constIdx = new ArrayList<>();
            for (int i = 0; i < n.inputs().size(); i++) {
                String t = n.inputs().get(i);
                if (constants.containsKey(t) || constInts.containsKey(t)) constIdx.add(i);
                else data.add(dataName(n, t));
            }
            if (constIdx.isEmpty()) {
                addNode(n, name, new Op.Eltwise(kind), data);
                return;
            }
            // MatMul followed by Add of a constant vector: the bias of the inner product
            if (kind == EltwiseKind.ADD && data.size() == 1) {
                Node prev = nodes.isEmpty() ? null : nodes.get(nodes.size() - 1);
                if (prev != null && prev.name().equals(data.get(0)) && prev.op() instanceof Op.InnerProduct ip && !ip.bias()) {
                    long[] b = constants.containsKey(n.inputs().get(constIdx.get(0))) ? constants.get(n.inputs().get(constIdx.get(0))).dims() : new long[0];
                    long count = 1;
                    for (long d : b) count *= d;
                    if (count == ip.outFeatures()) {
                        nodes.set(nodes.size() - 1, new Node(prev.name(), new Op.InnerProduct(ip.outFeatures(), true), prev.inputs()));
                        produced.put(n.outputs().get(0), prev.name());
                        return;
                    }
                }
            }
            throw new Unsupported(n.opType() + " with a constant operand '" + n.inputs().get(constIdx.get(0))
                    + "' is not supported (only tensor-tensor element-wise ops, or the bias Add after MatMul)");
        }

        private void flatten(OnnxModel.Node n, String name) {
            long axis = intAttr(n, "axis", 1);
            if (axis != 1) throw new Unsupported("Flatten axis " + axis + " is not supported (only axis = 1)");
            addNode(n, name, new Op.Flatten(), List.of(data(n, 0)));
        }

        /** A Reshape to (N, C·H·W): a flatten. Any other target shape is not a layer we model. */
        private void reshape(OnnxModel.Node n, String name) {
            String x = data(n, 0);
            long[] target = ints(n, 1, "shape");
            long features = shapes.get(x).elements();
            boolean flatten = target.length == 2 && (target[1] == features || (target[1] == -1 && (target[0] == 1 || target[0] == 0)));
            if (!flatten) {
                throw new Unsupported("Reshape of " + shapes.get(x) + " to " + Arrays.toString(target)
                        + " is not a flatten to (N, " + features + "); only flattening reshapes are supported");
            }
            addNode(n, name, new Op.Flatten(), List.of(x));
        }

        // ------------------------------------------------------------ constants and shape arithmetic

        private void constant(OnnxModel.Node n) {
            OnnxModel.Attribute a = n.attributes().get("value");
            String out = n.outputs().get(0);
            if (a != null && a.t() != null) { constants.put(out, a.t()); return; }
            if ((a = n.attributes().get("value_ints")) != null) { constInts.put(out, a.ints()); return; }
            if ((a = n.attributes().get("value_int")) != null) { constInts.put(out, new long[] {a.i()}); return; }
            if ((a = n.attributes().get("value_float")) != null) {
                constants.put(out, new OnnxModel.Tensor(out, new long[0], OnnxModel.FLOAT, null, new float[] {a.f()}, new long[0], new double[0], false));
                return;
            }
            throw new Unsupported("Constant without a tensor, int(s) or float value");
        }

        /** Shape of a data tensor as seen by ONNX (batch 1): [1, C, H, W] or [1, F] after flatten. */
        private void shapeOf(OnnxModel.Node n) {
            String x = data(n, 0);
            TensorShape s = shapes.get(x);
            boolean flat = s.rows() == 1 && s.cols() == 1 && producerIsFlat(x);
            constInts.put(n.outputs().get(0), flat ? new long[] {1, s.channels()} : new long[] {1, s.channels(), s.rows(), s.cols()});
        }

        private boolean producerIsFlat(String node) {
            if (node.equals(inputName)) return false;
            Op op = nodes.stream().filter(m -> m.name().equals(node)).findFirst().orElseThrow().op();
            return op instanceof Op.Flatten || op instanceof Op.InnerProduct;
        }

        private void gather(OnnxModel.Node n) {
            long[] data = ints(n, 0, "data");
            long[] idx = ints(n, 1, "indices");
            if (intAttr(n, "axis", 0) != 0) throw new Unsupported("Gather on shapes only along axis 0");
            long[] out = new long[idx.length];
            for (int i = 0; i < idx.length; i++) out[i] = data[(int) (idx[i] < 0 ? idx[i] + data.length : idx[i])];
            constInts.put(n.outputs().get(0), out);
        }

        private void unsqueeze(OnnxModel.Node n) {
            constInts.put(n.outputs().get(0), ints(n, 0, "data"));
        }

        private void concat(OnnxModel.Node n) {
            List<Long> all = new ArrayList<>();
            for (int i = 0; i < n.inputs().size(); i++) for (long v : ints(n, i, "input " + i)) all.add(v);
            constInts.put(n.outputs().get(0), all.stream().mapToLong(Long::longValue).toArray());
        }

        // ------------------------------------------------------------ helpers

        private void add(OnnxModel.Node n, String name, Op op) { addNode(n, name, op, List.of(data(n, 0))); }

        private String addNode(OnnxModel.Node n, String name, Op op, List<String> inputs) {
            String unique = name;
            for (int k = 1; usedNames.contains(unique); k++) unique = name + "_" + k;
            List<TensorShape> in = inputs.stream().map(shapes::get).toList();
            TensorShape out;
            try {
                out = op.outputShape(in);
            } catch (IllegalArgumentException e) {
                throw new Unsupported("input " + (in.size() == 1 ? in.get(0) : in) + ": " + e.getMessage());
            }
            Node node = new Node(unique, op, inputs);
            nodes.add(node);
            shapes.put(unique, out);
            usedNames.add(unique);
            if (n.outputs().isEmpty()) throw new Unsupported("node has no output");
            produced.put(n.outputs().get(0), unique);
            return unique;
        }

        /** Our node producing the i-th input of an ONNX node. */
        private String data(OnnxModel.Node n, int i) {
            if (n.inputs().size() <= i || n.inputs().get(i).isEmpty()) throw new Unsupported("missing input " + i);
            return dataName(n, n.inputs().get(i));
        }

        private String dataName(OnnxModel.Node n, String tensor) {
            String p = produced.get(tensor);
            if (p != null) return p;
            if (constants.containsKey(tensor) || constInts.containsKey(tensor)) {
                throw new Unsupported("input '" + tensor + "' is a constant where a feature map is expected");
            }
            throw new Unsupported("input '" + tensor + "' is neither the graph input, an initializer, nor the output of an earlier node"
                    + " (nodes must be in topological order)");
        }

        private OnnxModel.Tensor constant(OnnxModel.Node n, int i, String what) {
            if (n.inputs().size() <= i || n.inputs().get(i).isEmpty()) throw new Unsupported("missing " + what + " input");
            OnnxModel.Tensor t = constants.get(n.inputs().get(i));
            if (t == null) throw new Unsupported(what + " '" + n.inputs().get(i) + "' must be an initializer or Constant");
            return t;
        }

        private long[] ints(OnnxModel.Node n, int i, String what) {
            if (n.inputs().size() <= i) throw new Unsupported("missing " + what + " input");
            String t = n.inputs().get(i);
            long[] v = constInts.get(t);
            if (v != null) return v;
            double[] d = constant(n, i, what).values();
            return Arrays.stream(d).mapToLong(x -> (long) x).toArray();
        }

        private double scalar(OnnxModel.Node n, int i, String what) {
            String t = n.inputs().get(i);
            if (constInts.containsKey(t)) return constInts.get(t)[0];
            double[] v = constant(n, i, what).values();
            if (v.length != 1) throw new Unsupported(what + " must be a scalar, has " + v.length + " values");
            return v[0];
        }

        private static boolean optionalInput(OnnxModel.Node n, int i) { return n.inputs().size() > i && !n.inputs().get(i).isEmpty(); }

        private static long intAttr(OnnxModel.Node n, String attr, long dflt) {
            OnnxModel.Attribute a = n.attributes().get(attr);
            return a == null ? dflt : a.i();
        }

        private static long[] ints(OnnxModel.Node n, String attr, long[] dflt) {
            OnnxModel.Attribute a = n.attributes().get(attr);
            return a == null ? dflt : a.ints();
        }

        private static void checkDilations(OnnxModel.Node n) {
            long[] d = ints(n, "dilations", new long[] {1, 1});
            for (long v : d) if (v != 1) throw new Unsupported("dilations " + Arrays.toString(d) + " are not supported (only 1)");
        }

        /** Padding as top, right, bottom, left from ONNX pads [top, left, bottom, right] or auto_pad. */
        private static int[] pads(OnnxModel.Node n, TensorShape in, int kr, int kc, long[] strides) {
            if (strides.length != 2) throw new Unsupported("strides must list 2 values, got " + Arrays.toString(strides));
            OnnxModel.Attribute auto = n.attributes().get("auto_pad");
            String mode = auto == null || auto.s() == null ? "NOTSET" : auto.s();
            switch (mode) {
                case "NOTSET" -> {
                    long[] p = ints(n, "pads", new long[] {0, 0, 0, 0});
                    if (p.length != 4) throw new Unsupported("pads must list 4 values, got " + Arrays.toString(p));
                    return new int[] {(int) p[0], (int) p[3], (int) p[2], (int) p[1]};
                }
                case "VALID" -> { return new int[] {0, 0, 0, 0}; }
                case "SAME_UPPER", "SAME_LOWER" -> {
                    int tr = samePad(in.rows(), kr, (int) strides[0]), tc = samePad(in.cols(), kc, (int) strides[1]);
                    boolean upper = mode.equals("SAME_UPPER");
                    int top = upper ? tr / 2 : tr - tr / 2, left = upper ? tc / 2 : tc - tc / 2;
                    return new int[] {top, tc - left, tr - top, left};
                }
                default -> throw new Unsupported("auto_pad '" + mode + "' is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER");
            }
        }

        private static int samePad(int size, int k, int s) {
            int out = (size + s - 1) / s;
            return Math.max((out - 1) * s + k - size, 0);
        }
    }

    /** A node the importer cannot map; becomes an {@link OnnxFormatException} naming file, node and op. */
    private static final class Unsupported extends RuntimeException {
        Unsupported(String message) { super(message); }
    }
}
