package dev.hass.oracle;

import dev.hass.nn.Quantizer;
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
 * @param weightFormat       fixed point of the prunable layers' weights as the accelerator holds them
 *                           (applied after masks and fine-tuning, before measuring); null = float
 * @param activationFormat   fixed point of every prunable layer's input after its threshold; null = float
 */
public record OracleConfig(String architecture, Path checkpoint, Path datasetDir, int calibrationImages,
                           int validationImages, long seed, int batchSize, double learningRate,
                           Quantizer weightFormat, Quantizer activationFormat) {

    /** Float arithmetic (no fixed point). */
    public OracleConfig(String architecture, Path checkpoint, Path datasetDir, int calibrationImages,
                        int validationImages, long seed, int batchSize, double learningRate) {
        this(architecture, checkpoint, datasetDir, calibrationImages, validationImages, seed, batchSize, learningRate,
                null, null);
    }

    /** The accelerator's fixed point at these widths (see {@link Quantizer#forWeights}, {@link Quantizer#forActivations}). */
    public OracleConfig atWidths(int weightBits, int dataBits) {
        return new OracleConfig(architecture, checkpoint, datasetDir, calibrationImages, validationImages, seed,
                batchSize, learningRate, Quantizer.forWeights(weightBits), Quantizer.forActivations(dataBits));
    }

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
