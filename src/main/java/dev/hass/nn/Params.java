package dev.hass.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.List;

/** Parameter edits that are safe on leaf tensors that require gradients (through detached views). */
public final class Params {
    private static final NDIndex ALL = new NDIndex("...");
    private Params() {}

    /** Overwrites the values of {@code p} in place (same shape). */
    public static void write(Parameter p, float[] values) {
        NDArray target = p.getArray();
        try (NDManager tmp = target.getManager().newSubManager();
             NDArray d = target.stopGradient()) {
            d.set(ALL, tmp.create(values, target.getShape()));
        }
    }

    /** Overwrites the values of {@code p} in place with those of {@code source} (same shape). */
    public static void write(Parameter p, NDArray source) {
        // NDArray.set(Buffer)/copyTo replace the detached view's storage instead of writing through it;
        // an indexed put writes in place
        try (NDArray d = p.getArray().stopGradient()) {
            d.set(ALL, source);
        }
    }

    /** Multiplies {@code p} in place by {@code mask} (the masks of pruning). */
    public static void multiply(Parameter p, NDArray mask) {
        try (NDArray d = p.getArray().stopGradient()) {
            d.muli(mask);
        }
    }

    /** A copy of every parameter of {@code block} (including BatchNorm running statistics) in {@code manager}. */
    public static List<NDArray> snapshot(Block block, NDManager manager) {
        List<NDArray> copies = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray c = p.getValue().getArray().stopGradient().duplicate();
            c.attach(manager);
            copies.add(c);
        }
        return copies;
    }

    /** Copies every parameter of {@code from} (BatchNorm statistics included) into the same-shaped {@code to}. */
    public static void copy(Block from, Block to) {
        var src = from.getParameters();
        var dst = to.getParameters();
        if (src.size() != dst.size()) {
            throw new IllegalArgumentException("blocks differ: " + src.size() + " vs " + dst.size() + " parameters");
        }
        for (int i = 0; i < src.size(); i++) {
            try (NDArray s = src.valueAt(i).getArray().stopGradient()) {
                write(dst.valueAt(i), s);
            }
        }
    }

    /** Restores the values taken by {@link #snapshot} (same block). */
    public static void restore(Block block, List<NDArray> snapshot) {
        int i = 0;
        for (Pair<String, Parameter> p : block.getParameters()) write(p.getValue(), snapshot.get(i++));
    }
}
