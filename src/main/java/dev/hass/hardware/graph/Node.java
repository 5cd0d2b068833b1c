package dev.hass.hardware.graph;

import java.util.List;

/** One node of a {@link Network}: a name (the key used everywhere), its op and the names of its inputs. */
public record Node(String name, Op op, List<String> inputs) {
    public Node {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("node name must not be empty");
        if (op == null) throw new IllegalArgumentException("node " + name + " has no op");
        if (inputs == null || inputs.isEmpty()) throw new IllegalArgumentException("node " + name + " has no inputs");
        inputs = List.copyOf(inputs);
    }

    public Node(String name, Op op, String... inputs) { this(name, op, List.of(inputs)); }

    /** True for the layers that carry weights to prune: Conv and InnerProduct. */
    public boolean isPrunable() { return op instanceof Op.Conv || op instanceof Op.InnerProduct; }
}
