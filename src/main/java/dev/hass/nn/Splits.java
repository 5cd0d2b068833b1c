package dev.hass.nn;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Deterministic, disjoint index splits of the training file: one seeded permutation, then calibration
 * (statistics/histograms) first, validation (search accuracy) next, and the rest for training.
 * The test file is never split: it gives the final numbers only.
 *
 * @param train       indices into the training file used for (fine-)tuning
 * @param calibration indices used for sparsity statistics and histograms
 * @param validation  indices used to score candidates
 */
public record Splits(int[] train, int[] calibration, int[] validation) {

    public static Splits of(int total, int calibrationImages, int validationImages, long seed) {
        if (calibrationImages < 0 || validationImages < 0 || calibrationImages + validationImages >= total) {
            throw new IllegalArgumentException("calibration (" + calibrationImages + ") + validation ("
                    + validationImages + ") images must be >= 0 and leave training images out of " + total);
        }
        int[] perm = new int[total];
        for (int i = 0; i < total; i++) perm[i] = i;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = total - 1; i > 0; i--) { // Fisher–Yates
            int j = rnd.nextInt(i + 1);
            int t = perm[i]; perm[i] = perm[j]; perm[j] = t;
        }
        int[] cal = Arrays.copyOfRange(perm, 0, calibrationImages);
        int[] val = Arrays.copyOfRange(perm, calibrationImages, calibrationImages + validationImages);
        int[] tr = Arrays.copyOfRange(perm, calibrationImages + validationImages, total);
        return new Splits(tr, cal, val);
    }
}
