package dev.hass.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One built zoo network: the DJL block plus its prunable layers in forward order.
 * For {@code repvgg_small} a model is either the training form (three branches per block, {@link #layers()}
 * then points at the 3×3 convs of the branches only for naming; use {@link RepVgg#fuse}) or the deploy form.
 */
public final class ZooModel {
    public static final Shape INPUT = new Shape(1, 1, Images.SIDE, Images.SIDE);

    private final String architecture;
    private final Block block;
    private final List<PrunableBlock> layers;
    private final boolean deployForm;
    /** RepVGG training form only: the branches of each block, by block name. */
    final Map<String, RepVgg.Branches> branches;

    ZooModel(String architecture, Block block, List<PrunableBlock> layers, boolean deployForm,
             Map<String, RepVgg.Branches> branches) {
        this.architecture = architecture;
        this.block = block;
        this.layers = List.copyOf(layers);
        this.deployForm = deployForm;
        this.branches = branches;
    }

    public String architecture() {
        return architecture;
    }

    public Block block() {
        return block;
    }

    public List<PrunableBlock> layers() {
        return layers;
    }

    /** False only for the multi-branch RepVGG training form, which has no single prunable conv per block. */
    public boolean deployForm() {
        return deployForm;
    }

    public Map<String, PrunableBlock> layersByName() {
        Map<String, PrunableBlock> m = new LinkedHashMap<>();
        for (PrunableBlock l : layers) m.put(l.name(), l);
        return m;
    }

    /** Allocates the parameters (random, from DJL's engine seed) in {@code manager}. */
    public ZooModel initialize(NDManager manager) {
        block.initialize(manager, DataType.FLOAT32, INPUT);
        return this;
    }

    /** Inference forward (BatchNorm uses running statistics): N×1×28×28 → N×10 logits. */
    public NDArray predict(NDManager manager, NDArray images) {
        return block.forward(new ParameterStore(manager, false), new NDList(images), false).singletonOrThrow();
    }

    /** Sets every activation threshold back to 0 and detaches recorders and quantisers. */
    public void clearTaps() {
        for (PrunableBlock l : layers) {
            l.tap().setThreshold(0);
            l.tap().setRecorder(null);
            l.tap().setQuantizer(null);
        }
    }
}
