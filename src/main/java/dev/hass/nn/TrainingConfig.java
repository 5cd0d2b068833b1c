package dev.hass.nn;

import java.nio.file.Path;

/**
 * What {@link ModelTrainer} needs.
 *
 * @param architecture      zoo name
 * @param checkpoint        directory to write (parameters + metadata.json)
 * @param datasetDir        Fashion-MNIST directory, or null for {@link FashionMnist#resolveDir}
 * @param epochs            passes over the training split
 * @param batchSize         images per step
 * @param learningRate      Adam learning rate at the start (cosine decay to 0 over the run)
 * @param seed              seed of initialisation, splits and shuffling
 * @param calibrationImages held out of training (statistics); the oracle must use the same split
 * @param validationImages  held out of training (search accuracy)
 * @param force             overwrite an existing checkpoint
 */
public record TrainingConfig(String architecture, Path checkpoint, Path datasetDir, int epochs, int batchSize,
                             double learningRate, long seed, int calibrationImages, int validationImages,
                             boolean force) {
    public TrainingConfig {
        if (!Zoo.ARCHITECTURES.contains(architecture)) {
            throw new IllegalArgumentException("unknown architecture '" + architecture + "'; allowed: " + String.join(", ", Zoo.ARCHITECTURES));
        }
        if (epochs <= 0) throw new IllegalArgumentException("epochs must be > 0, got " + epochs);
        if (batchSize <= 0) throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
    }
}
