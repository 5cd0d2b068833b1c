package dev.hass.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Adam on softmax cross-entropy, one step at a time, without DJL's Trainer: a fresh Fitter has fresh
 * optimiser state, which is what the oracle needs between candidates. Not thread-safe; DJL allows one
 * gradient collector per process.
 */
public final class Fitter implements AutoCloseable {
    private static final NDIndex ALL = new NDIndex("...");
    private final ZooModel model;
    private float lr;
    private final NDManager state;
    private final java.util.Map<Parameter, NDArray[]> moments = new java.util.HashMap<>();
    private int t;
    private static final float B1 = 0.9f, B2 = 0.999f, EPS = 1e-8f;
    private final Loss loss = Loss.softmaxCrossEntropyLoss();
    private final List<Parameter> trainable = new ArrayList<>();

    /** Optimiser state lives in a child of {@code manager}, freed by {@link #close()}. */
    public Fitter(ZooModel model, double learningRate, NDManager manager) {
        this.model = model;
        this.lr = (float) learningRate;
        this.state = manager.newSubManager();
        for (Pair<String, Parameter> p : model.block().getParameters()) {
            if (p.getValue().requiresGradient()) trainable.add(p.getValue());
        }
    }

    /** Changes the learning rate for the next steps (schedules). */
    public void setLearningRate(double learningRate) {
        this.lr = (float) learningRate;
    }

    /** Loss and number of correct predictions of one step. */
    public record Step(double loss, int correct) {}

    /** One Adam step on images {@code indices} of {@code data}; arrays live in a sub-manager of {@code manager}. */
    public Step step(Images data, int[] indices, NDManager manager) {
        try (NDManager sub = manager.newSubManager()) {
            int b = indices.length;
            float[] px = new float[b * Images.PIXELS];
            float[] lab = new float[b];
            for (int i = 0; i < b; i++) {
                System.arraycopy(data.pixels(), indices[i] * Images.PIXELS, px, i * Images.PIXELS, Images.PIXELS);
                lab[i] = data.labels()[indices[i]];
            }
            NDArray x = sub.create(px, new Shape(b, 1, Images.SIDE, Images.SIDE));
            NDArray y = sub.create(lab);
            ParameterStore ps = new ParameterStore(sub, false);
            NDArray logits;
            NDArray l;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                logits = model.block().forward(ps, new NDList(x), true).singletonOrThrow();
                l = loss.evaluate(new NDList(y), new NDList(logits));
                gc.backward(l);
            }
            t++;
            float c1 = 1 - (float) Math.pow(B1, t), c2 = 1 - (float) Math.pow(B2, t);
            for (Parameter p : trainable) {
                NDArray w = p.getArray();
                NDArray grad = in(sub, w.getGradient());
                NDArray[] mv = moments.computeIfAbsent(p, k -> new NDArray[]{
                        state.zeros(w.getShape()), state.zeros(w.getShape())});
                // Adam (Kingma & Ba); every temporary goes to the batch's sub-manager so memory stays flat
                mv[0].muli(B1).addi(in(sub, grad.mul(1 - B1)));
                mv[1].muli(B2).addi(in(sub, in(sub, grad.square()).mul(1 - B2)));
                NDArray denom = in(sub, in(sub, in(sub, mv[1].div(c2)).sqrt()).add(EPS));
                NDArray update = in(sub, in(sub, in(sub, mv[0].div(c1)).div(denom)).mul(lr));
                try (NDArray d = w.stopGradient()) {
                    d.subi(update);
                }
                grad.set(ALL, 0f); // libtorch accumulates gradients: clear for the next step
            }
            int[] pred = logits.argMax(1).toType(DataType.INT32, false).toIntArray();
            int correct = 0;
            for (int i = 0; i < b; i++) if (pred[i] == (int) lab[i]) correct++;
            return new Step(l.getFloat(), correct);
        }
    }

    private static NDArray in(NDManager m, NDArray a) {
        a.attach(m);
        return a;
    }

    @Override
    public void close() {
        state.close();
    }

    /** Seeded shuffled mini-batches over an index set, reshuffled each pass. */
    public static final class Batches {
        private final int[] pool;
        private final int batch;
        private final SplittableRandom rnd;
        private int pos;

        public Batches(int[] pool, int batch, long seed) {
            this.pool = pool.clone();
            this.batch = Math.min(batch, pool.length);
            this.rnd = new SplittableRandom(seed);
            shuffle();
        }

        public int perEpoch() {
            return pool.length / batch;
        }

        public int[] next() {
            if (pos + batch > pool.length) shuffle();
            int[] out = java.util.Arrays.copyOfRange(pool, pos, pos + batch);
            pos += batch;
            return out;
        }

        private void shuffle() {
            for (int i = pool.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = pool[i]; pool[i] = pool[j]; pool[j] = t;
            }
            pos = 0;
        }
    }
}
