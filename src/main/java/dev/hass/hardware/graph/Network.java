package dev.hass.hardware.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CNN as a graph: one named input of a given shape and nodes in topological order, each reading the
 * input or earlier nodes. Immutable; construction validates names, connections, arities and shapes
 * (every node's output shape is inferred once) and throws {@link IllegalArgumentException} naming the
 * network, node and problem. The last node is the output; every other node must be consumed.
 */
public final class Network {
    private final String name;
    private final String inputName;
    private final TensorShape input;
    private final List<Node> nodes;
    private final Map<String, Node> byName = new HashMap<>();
    private final Map<String, TensorShape> shapes = new HashMap<>();
    private final Map<String, List<Node>> consumers = new HashMap<>();

    public Network(String name, String inputName, TensorShape input, List<Node> nodes) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("network name must not be empty");
        if (inputName == null || inputName.isBlank()) throw new IllegalArgumentException("network " + name + ": input name must not be empty");
        if (input == null) throw new IllegalArgumentException("network " + name + ": input shape missing");
        if (nodes == null || nodes.isEmpty()) throw new IllegalArgumentException("network " + name + " has no nodes");
        this.name = name;
        this.inputName = inputName;
        this.input = input;
        this.nodes = List.copyOf(nodes);
        shapes.put(inputName, input);
        consumers.put(inputName, new ArrayList<>());
        for (Node n : this.nodes) {
            String where = "network " + name + ", node " + n.name() + " (" + n.op().kind() + ")";
            if (shapes.containsKey(n.name())) {
                throw new IllegalArgumentException(where + ": duplicate name"
                        + (n.name().equals(inputName) ? " (it is the network input's name)" : ""));
            }
            int arity = n.op().arity();
            if (arity >= 0 && n.inputs().size() != arity) {
                throw new IllegalArgumentException(where + ": takes " + arity + " input(s), got " + n.inputs());
            }
            if (arity < 0 && n.inputs().size() < 2) {
                throw new IllegalArgumentException(where + ": takes two or more inputs, got " + n.inputs());
            }
            List<TensorShape> in = new ArrayList<>();
            for (String i : n.inputs()) {
                TensorShape s = shapes.get(i);
                if (s == null) {
                    throw new IllegalArgumentException(where + ": input '" + i + "' is neither the network input '"
                            + inputName + "' nor an earlier node (nodes must be in topological order)");
                }
                in.add(s);
            }
            TensorShape out;
            try {
                out = n.op().outputShape(in);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + " with input " + (in.size() == 1 ? in.get(0) : in) + ": " + e.getMessage(), e);
            }
            shapes.put(n.name(), out);
            byName.put(n.name(), n);
            consumers.put(n.name(), new ArrayList<>());
            for (String i : n.inputs()) {
                List<Node> c = consumers.get(i);
                if (!c.contains(n)) c.add(n);
            }
        }
        if (consumers.get(inputName).isEmpty()) throw new IllegalArgumentException("network " + name + ": input '" + inputName + "' is never used");
        Node last = this.nodes.get(this.nodes.size() - 1);
        for (Node n : this.nodes) {
            if (n != last && consumers.get(n.name()).isEmpty()) {
                throw new IllegalArgumentException("network " + name + ", node " + n.name() + " (" + n.op().kind()
                        + "): output is never used (only the last node, " + last.name() + ", may be an output)");
            }
        }
        consumers.replaceAll((k, v) -> List.copyOf(v));
    }

    public String name() { return name; }

    /** Name the first nodes use to refer to the network input. */
    public String inputName() { return inputName; }

    /** Shape of the network input (one image). */
    public TensorShape input() { return input; }

    /** All nodes, in topological order. */
    public List<Node> nodes() { return nodes; }

    /** The last node, whose output is the network's output. */
    public Node output() { return nodes.get(nodes.size() - 1); }

    public TensorShape outputShape() { return shapes.get(output().name()); }

    public boolean contains(String node) { return byName.containsKey(node); }

    /** The node of that name; {@link IllegalArgumentException} listing nothing long when absent. */
    public Node node(String node) {
        Node n = byName.get(node);
        if (n == null) throw new IllegalArgumentException("network " + name + " has no node '" + node + "'");
        return n;
    }

    /** Nodes reading the output of {@code node} (or of the network input), in topological order. */
    public List<Node> consumers(String node) {
        List<Node> c = consumers.get(node);
        if (c == null) throw new IllegalArgumentException("network " + name + " has no node '" + node + "'");
        return c;
    }

    /** Output shape of a node, or the input shape for {@link #inputName()}. */
    public TensorShape outputShape(String node) {
        TensorShape s = shapes.get(node);
        if (s == null) throw new IllegalArgumentException("network " + name + " has no node '" + node + "'");
        return s;
    }

    /** Shapes of a node's inputs, in the order of {@link Node#inputs()}. */
    public List<TensorShape> inputShapes(String node) {
        return node(node).inputs().stream().map(shapes::get).toList();
    }

    /** Shape of a node's first (for all but eltwise ops, only) input. */
    public TensorShape inputShape(String node) { return shapes.get(node(node).inputs().get(0)); }

    /** Nodes whose op is of the given type, in topological order. */
    public <T extends Op> List<Node> nodesOf(Class<T> type) {
        return nodes.stream().filter(n -> type.isInstance(n.op())).toList();
    }

    /** Conv and InnerProduct nodes: the layers that carry weights to prune. */
    public List<Node> prunable() { return nodes.stream().filter(Node::isPrunable).toList(); }

    public long macs(String node) { Node n = node(node); return n.op().macs(inputShapes(node), shapes.get(node)); }

    public long params(String node) { return node(node).op().params(inputShapes(node)); }

    /** Multiply-accumulates per image of all conv and inner-product layers. */
    public long macs() { return nodes.stream().mapToLong(n -> macs(n.name())).sum(); }

    /** Learnable parameters (weights, biases, BatchNorm scale and shift). */
    public long params() { return nodes.stream().mapToLong(n -> params(n.name())).sum(); }

    /** Output shape of every node by name, in topological order. */
    public Map<String, TensorShape> shapes() {
        Map<String, TensorShape> m = new LinkedHashMap<>();
        for (Node n : nodes) m.put(n.name(), shapes.get(n.name()));
        return Collections.unmodifiableMap(m);
    }

    /** One line per node: name, kind, inputs, output shape. */
    public String describe() {
        StringBuilder b = new StringBuilder(name + ": input " + inputName + " " + input + "\n");
        for (Node n : nodes) {
            b.append(String.format("  %-28s %-16s %-40s -> %s%n", n.name(), n.op().kind(), String.join(", ", n.inputs()), shapes.get(n.name())));
        }
        return b.toString();
    }

    @Override public String toString() { return "Network[" + name + ", " + input + ", " + nodes.size() + " nodes]"; }

    @Override public boolean equals(Object o) {
        return o instanceof Network n && name.equals(n.name) && inputName.equals(n.inputName) && input.equals(n.input) && nodes.equals(n.nodes);
    }

    @Override public int hashCode() { return nodes.hashCode(); }

    public static Builder builder(String name, TensorShape input) { return new Builder(name, "input", input); }

    public static Builder builder(String name, String inputName, TensorShape input) { return new Builder(name, inputName, input); }

    /**
     * Writes networks in code. Each added node reads the current node (initially the input) unless
     * inputs are given, and becomes the current node; {@link #from} moves the cursor for branches.
     * Errors surface when added (shapes are checked eagerly) or at {@link #build()}.
     */
    public static final class Builder {
        private final String name;
        private final String inputName;
        private final TensorShape input;
        private final List<Node> nodes = new ArrayList<>();
        private final Map<String, TensorShape> shapes = new HashMap<>();
        private String current;

        private Builder(String name, String inputName, TensorShape input) {
            this.name = name;
            this.inputName = inputName;
            this.input = input;
            this.current = inputName;
            shapes.put(inputName, input);
        }

        /** Name of the node the next one will read by default. */
        public String current() { return current; }

        /** Output shape of a node added so far (or the input). */
        public TensorShape shape(String node) {
            TensorShape s = shapes.get(node);
            if (s == null) throw new IllegalArgumentException("network " + name + ": no node '" + node + "' yet");
            return s;
        }

        /** Output shape of the current node. */
        public TensorShape shape() { return shapes.get(current); }

        /** Moves the cursor: the next node reads {@code node}. */
        public Builder from(String node) {
            shape(node);
            current = node;
            return this;
        }

        /** Adds a node reading the given inputs. */
        public Builder node(String nodeName, Op op, String... inputs) {
            Node n = new Node(nodeName, op, List.of(inputs));
            if (shapes.containsKey(nodeName)) throw new IllegalArgumentException("network " + name + ": duplicate node name '" + nodeName + "'");
            List<TensorShape> in = new ArrayList<>();
            for (String i : inputs) {
                TensorShape s = shapes.get(i);
                if (s == null) throw new IllegalArgumentException("network " + name + ", node " + nodeName + ": unknown input '" + i + "'");
                in.add(s);
            }
            try {
                shapes.put(nodeName, op.outputShape(in));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("network " + name + ", node " + nodeName + " (" + op.kind() + ") with input "
                        + (in.size() == 1 ? in.get(0) : in) + ": " + e.getMessage(), e);
            }
            nodes.add(n);
            current = nodeName;
            return this;
        }

        /** Adds a node reading the current node. */
        public Builder then(String nodeName, Op op) { return node(nodeName, op, current); }

        /** Square conv: filters, kernel k, stride s, symmetric padding p, no bias. */
        public Builder conv(String n, int filters, int k, int s, int p) { return then(n, Op.Conv.of(filters, k, s, p)); }

        /** Square conv with a bias. */
        public Builder convBias(String n, int filters, int k, int s, int p) { return then(n, Op.Conv.of(filters, k, s, p).withBias(true)); }

        /** Depthwise k×k conv over the current channels, padding (k−1)/2, no bias. */
        public Builder depthwise(String n, int k, int s) { return then(n, Op.Conv.depthwise(shape().channels(), k, s)); }

        /** Pointwise 1×1 conv, no bias. */
        public Builder pointwise(String n, int filters) { return then(n, Op.Conv.pointwise(filters)); }

        /** Fully connected layer with a bias. */
        public Builder fc(String n, int outFeatures) { return then(n, new Op.InnerProduct(outFeatures, true)); }

        public Builder bn(String n) { return then(n, new Op.BatchNorm()); }

        public Builder act(String n, Op.ActivationKind kind) { return then(n, new Op.Activation(kind)); }

        public Builder relu(String n) { return act(n, Op.ActivationKind.RELU); }

        public Builder maxPool(String n, int k, int s) { return then(n, Op.Pool.of(Op.PoolKind.MAX, k, s, 0)); }

        public Builder maxPool(String n, int k, int s, int p) { return then(n, Op.Pool.of(Op.PoolKind.MAX, k, s, p)); }

        public Builder avgPool(String n, int k, int s, int p) { return then(n, Op.Pool.of(Op.PoolKind.AVG, k, s, p)); }

        public Builder globalAvgPool(String n) { return then(n, new Op.GlobalPool(Op.PoolKind.AVG)); }

        public Builder flatten(String n) { return then(n, new Op.Flatten()); }

        /** Element-wise sum of the given nodes. */
        public Builder add(String n, String... inputs) { return node(n, new Op.Eltwise(Op.EltwiseKind.ADD), inputs); }

        /** Element-wise product of the given nodes (C×1×1 broadcast allowed). */
        public Builder mul(String n, String... inputs) { return node(n, new Op.Eltwise(Op.EltwiseKind.MUL), inputs); }

        public Network build() { return new Network(name, inputName, input, nodes); }
    }
}
