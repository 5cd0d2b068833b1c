package dev.hass.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

import java.time.Instant;

/**
 * Trains a zoo model on the training split of Fashion-MNIST (Adam, learning rate with cosine decay to 0;
 * seeded: engine seed + seeded shuffling), scores
 * it on the validation split and the test set, and writes the checkpoint with its metadata.
 */
public final class ModelTrainer {
    private ModelTrainer() {}

    public static CheckpointMetadata train(TrainingConfig cfg, TrainingProgress progress) {
        Checkpoints.checkWritable(cfg.checkpoint(), cfg.force()); // fail before spending minutes
        FashionMnist data = FashionMnist.load(FashionMnist.resolveDir(cfg.datasetDir()));
        return train(cfg, data, progress);
    }

    public static CheckpointMetadata train(TrainingConfig cfg, FashionMnist data, TrainingProgress progress) {
        Checkpoints.checkWritable(cfg.checkpoint(), cfg.force());
        Splits splits = Splits.of(data.train().count(), cfg.calibrationImages(), cfg.validationImages(), cfg.seed());
        long t0 = System.nanoTime();
        Engine.getInstance().setRandomSeed((int) cfg.seed());
        try (NDManager manager = NDManager.newBaseManager()) {
            ZooModel model = Zoo.build(cfg.architecture()).initialize(manager);
            Fitter fitter = new Fitter(model, cfg.learningRate(), manager);
            Fitter.Batches batches = new Fitter.Batches(splits.train(), cfg.batchSize(), cfg.seed());
            long steps = (long) batches.perEpoch() * cfg.epochs(), done = 0;
            double emaLoss = Double.NaN, emaAcc = Double.NaN;
            for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
                for (int s = 0; s < batches.perEpoch(); s++) {
                    // cosine decay from the configured rate to 0 over the run: better final accuracy in few epochs
                    fitter.setLearningRate(cfg.learningRate() * 0.5 * (1 + Math.cos(Math.PI * done / steps)));
                    int[] idx = batches.next();
                    Fitter.Step st = fitter.step(data.train(), idx, manager);
                    double acc = st.correct() / (double) idx.length;
                    emaLoss = Double.isNaN(emaLoss) ? st.loss() : 0.98 * emaLoss + 0.02 * st.loss();
                    emaAcc = Double.isNaN(emaAcc) ? acc : 0.98 * emaAcc + 0.02 * acc;
                    done++;
                    double elapsed = (System.nanoTime() - t0) / 1e9;
                    progress.update(epoch, cfg.epochs(), done, steps, emaLoss, emaAcc, elapsed / done * (steps - done));
                }
                if (epoch < cfg.epochs()) { // a usable checkpoint after every epoch: long runs can be cut short
                    CheckpointMetadata m = finish(cfg, data, splits, model, manager, t0, epoch, TrainingProgress.NONE);
                    progress.epochDone(String.format("epoch %d: test accuracy %.4f, validation accuracy %.4f (checkpoint saved)",
                            epoch, m.testAccuracy(), m.validationAccuracy()));
                }
            }
            return finish(cfg, data, splits, model, manager, t0, cfg.epochs(), progress);
        }
    }

    private static CheckpointMetadata finish(TrainingConfig cfg, FashionMnist data, Splits splits, ZooModel model,
                                             NDManager manager, long t0, int epochs, TrainingProgress progress) {
        double val = cfg.validationImages() == 0 ? Double.NaN
                : Evaluation.accuracy(model, data.train().select(splits.validation()), Integer.MAX_VALUE, 256, manager);
        double test = Evaluation.accuracy(model, data.test(), Integer.MAX_VALUE, 256, manager);
        double seconds = (System.nanoTime() - t0) / 1e9;
        CheckpointMetadata meta = new CheckpointMetadata(cfg.architecture(),
                model.deployForm() ? "deploy" : "training", cfg.seed(), epochs, cfg.batchSize(),
                cfg.learningRate(), cfg.calibrationImages(), cfg.validationImages(), splits.train().length,
                val, test, data.fingerprint(), seconds, Instant.now().toString());
        // the run checked writability (or --force) at its start; later saves replace its own files
        Checkpoints.save(cfg.checkpoint(), model, meta, true);
        progress.done(String.format("%s: test accuracy %.4f, validation accuracy %.4f, %.0f s -> %s",
                cfg.architecture(), test, val, seconds, cfg.checkpoint()));
        return meta;
    }
}
