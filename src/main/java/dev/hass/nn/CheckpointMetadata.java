package dev.hass.nn;

/**
 * {@code metadata.json} of a checkpoint.
 *
 * @param architecture       zoo name
 * @param form               "training" (repvgg multi-branch) or "deploy"
 * @param seed               training seed (also the split seed)
 * @param epochs             epochs trained
 * @param batchSize          batch size
 * @param learningRate       Adam learning rate
 * @param calibrationImages  size of the held-out calibration split
 * @param validationImages   size of the held-out validation split
 * @param trainImages        size of the training split
 * @param validationAccuracy top-1 on the validation split
 * @param testAccuracy       top-1 on the 10 000 test images
 * @param dataFingerprint    SHA-256 of the four Fashion-MNIST files
 * @param trainingSeconds    wall time of training
 * @param createdAt          ISO-8601 instant
 */
public record CheckpointMetadata(String architecture, String form, long seed, int epochs, int batchSize,
                                 double learningRate, int calibrationImages, int validationImages, int trainImages,
                                 double validationAccuracy, double testAccuracy, String dataFingerprint,
                                 double trainingSeconds, String createdAt) {}
