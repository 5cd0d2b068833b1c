package dev.hass.oracle;

import java.nio.file.Path;

/**
 * What an oracle needs to open.
 *
 * @param architecture       zoo name (lenet5, vgg_small, resnet8, mobilenet_small, repvgg_small)
 * @param checkpoint         checkpoint directory written by {@code hass train} ({@code dev.hass.nn.Checkpoints})
 * @param datasetDir         Fashion-MNIST directory (gzipped IDX files)
 * @param calibrationImages  size of the calibration subset (histograms), taken from the training file
 * @param validationImages   size of the validation subset (accuracy), taken from the training file
 * @param seed               seed of the splits and of fine-tuning
 * @param batchSize          batch size of fine-tuning and evaluation
 * @param learningRate       Adam learning rate of fine-tuning
 */
public record OracleConfig(String architecture, Path checkpoint, Path datasetDir, int calibrationImages,
                           int validationImages, long seed, int batchSize, double learningRate) {

    /** Batch 128, Adam 1e-3 for fine-tuning. */
    public OracleConfig(String architecture, Path checkpoint, Path datasetDir, int calibrationImages,
                        int validationImages, long seed) {
        this(architecture, checkpoint, datasetDir, calibrationImages, validationImages, seed, 128, 1e-3);
    }

    public OracleConfig {
        if (calibrationImages <= 0) throw new IllegalArgumentException("calibrationImages must be > 0, got " + calibrationImages);
        if (validationImages <= 0) throw new IllegalArgumentException("validationImages must be > 0, got " + validationImages);
        if (batchSize <= 0) throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
    }
}
