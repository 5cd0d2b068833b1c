package dev.hass.hardware.pipeline;

import dev.hass.hardware.graph.ChannelHistograms;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Node;
import dev.hass.hardware.graph.Op;
import dev.hass.hardware.graph.TensorShape;
import dev.hass.hardware.stage.Stage;
import dev.hass.hardware.stage.Widths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Network → {@link Pipeline}, as the reference builds its hardware graph: BatchNorm fused into the conv
 * before it, one stage per conv / inner product / pool / activation / eltwise / global pool, a Split
 * stage ({@code <producer>_split}) where a stage's output feeds several consumers, Flatten as no stage.
 * Squeezes are derived per folding by the design ({@code dse.Design}).
 */
public final class Lowering {
    private Lowering() {}

    /** Builds the stages of each op kind; {@link #lower(Network, Map, Widths)} uses the standard models. */
    public interface StageFactory {
        /** {@code bias}: the conv has its own bias or a BatchNorm was fused into it (its shift becomes the bias). */
        Stage conv(String name, Op.Conv op, TensorShape in, ChannelHistograms histograms, boolean bias);

        Stage innerProduct(String name, Op.InnerProduct op, TensorShape in);

        Stage pool(String name, Op.Pool op, TensorShape in);

        Stage globalPool(String name, Op.GlobalPool op, TensorShape in);

        Stage activation(String name, Op.Activation op, TensorShape in);

        /** A BatchNorm that cannot be fused (not right after a conv whose only consumer it is). */
        Stage batchNorm(String name, TensorShape in);

        Stage eltwise(String name, Op.Eltwise op, List<TensorShape> in);

        Stage split(String name, TensorShape in, int outputs);

        Stage squeeze(String name, TensorShape shape, int streamsIn, int streamsOut);

        /** Other implementations of a stage the DSE may pick instead (none by default). */
        default List<Stage> alternatives(Stage stage) { return List.of(); }
    }

    /** The standard cost models at these widths, for factories that change some stages and keep the rest. */
    public static StageFactory standard(Widths widths) { return StandardStages.of(widths); }

    /** With the standard cost models at the given widths; histograms by conv node name (absent = dense). */
    public static Pipeline lower(Network network, Map<String, ChannelHistograms> histograms, Widths widths) {
        return lower(network, histograms, StandardStages.of(widths));
    }

    public static Pipeline lower(Network network, Map<String, ChannelHistograms> histograms, StageFactory f) {
        Map<String, ChannelHistograms> h = histograms == null ? Map.of() : histograms;
        for (String k : h.keySet()) {
            if (!network.contains(k) || !(network.node(k).op() instanceof Op.Conv)) {
                throw new IllegalArgumentException("network " + network.name() + ": histograms given for '" + k
                        + "', which is not a conv node; conv nodes: " + network.nodesOf(Op.Conv.class).stream().map(Node::name).toList());
            }
        }
        // 1. which stage produces each tensor (BN fused into its conv, Flatten transparent); null = network input
        List<Stage> stages = new ArrayList<>();
        Map<String, Integer> producer = new HashMap<>();
        producer.put(network.inputName(), -1);
        Map<Integer, List<String>> inputsOf = new LinkedHashMap<>(); // stage -> tensor names it reads
        for (Node node : network.nodes()) {
            String nm = node.name();
            Op op = node.op();
            TensorShape in = network.inputShape(nm);
            Stage s;
            if (op instanceof Op.Flatten) {
                producer.put(nm, producer.get(node.inputs().get(0)));
                continue;
            } else if (op instanceof Op.BatchNorm && fusable(network, node, producer)) {
                producer.put(nm, producer.get(node.inputs().get(0)));
                continue;
            } else if (op instanceof Op.Conv c) {
                ChannelHistograms hist = h.get(nm);
                s = f.conv(nm, c, in, hist, c.bias() || fusedBn(network, node));
            } else if (op instanceof Op.InnerProduct ip) {
                s = f.innerProduct(nm, ip, in);
            } else if (op instanceof Op.Pool pool) {
                s = f.pool(nm, pool, in);
            } else if (op instanceof Op.GlobalPool gp) {
                s = f.globalPool(nm, gp, in);
            } else if (op instanceof Op.Activation a) {
                s = f.activation(nm, a, in);
            } else if (op instanceof Op.BatchNorm) {
                s = f.batchNorm(nm, in);
            } else if (op instanceof Op.Eltwise e) {
                s = f.eltwise(nm, e, network.inputShapes(nm));
            } else {
                throw new IllegalArgumentException("network " + network.name() + ", node " + nm + ": op " + op.kind() + " has no hardware stage");
            }
            int idx = stages.size();
            stages.add(s);
            producer.put(nm, idx);
            inputsOf.put(idx, node.inputs());
        }
        // 2. consumers per producing stage (in stage order), then splits where there are several
        Map<Integer, List<int[]>> consumers = new LinkedHashMap<>(); // producer -> {consumer, port}
        Map<Integer, TensorShape> outShape = new HashMap<>();
        Map<Long, TensorShape> readShape = new HashMap<>(); // (consumer, port) -> shape it reads (after Flatten)
        for (var e : inputsOf.entrySet()) {
            List<String> ins = e.getValue();
            for (int port = 0; port < ins.size(); port++) {
                Integer prod = producer.get(ins.get(port));
                if (prod == null || prod < 0) continue;
                consumers.computeIfAbsent(prod, k -> new ArrayList<>()).add(new int[] {e.getKey(), port});
                outShape.put(prod, network.outputShape(stages.get(prod).name()));
                readShape.put(e.getKey() * 64L + port, network.outputShape(ins.get(port)));
            }
        }
        // 3. final order: each split right after its producer; edges re-indexed
        List<Stage> ordered = new ArrayList<>();
        List<List<Stage>> alternatives = new ArrayList<>();
        int[] newIndex = new int[stages.size()];
        Map<Integer, Integer> splitIndex = new HashMap<>();
        for (int i = 0; i < stages.size(); i++) {
            newIndex[i] = ordered.size();
            ordered.add(stages.get(i));
            alternatives.add(f.alternatives(stages.get(i)));
            List<int[]> cs = consumers.getOrDefault(i, List.of());
            if (cs.size() > 1) {
                splitIndex.put(i, ordered.size());
                ordered.add(f.split(stages.get(i).name() + "_split", outShape.get(i), cs.size()));
                alternatives.add(List.of());
            }
        }
        List<Pipeline.Edge> edges = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            List<int[]> cs = consumers.getOrDefault(i, List.of());
            TensorShape shape = outShape.get(i);
            Integer sp = splitIndex.get(i);
            if (sp != null) edges.add(new Pipeline.Edge(newIndex[i], sp, shape));
            for (int[] c : cs) edges.add(new Pipeline.Edge(sp != null ? sp : newIndex[i], newIndex[c[0]], readShape.get(c[0] * 64L + c[1])));
        }
        return new Pipeline(network.name(), ordered, edges, f::squeeze, alternatives);
    }

    private static boolean fusedBn(Network network, Node conv) {
        List<Node> cs = network.consumers(conv.name());
        return cs.size() == 1 && cs.get(0).op() instanceof Op.BatchNorm;
    }

    /** A BatchNorm folds into the conv before it when it is that conv's only consumer. */
    private static boolean fusable(Network network, Node bn, Map<String, Integer> producer) {
        String src = bn.inputs().get(0);
        if (!network.contains(src)) return false;
        Node prev = network.node(src);
        return prev.op() instanceof Op.Conv && network.consumers(src).size() == 1;
    }
}
