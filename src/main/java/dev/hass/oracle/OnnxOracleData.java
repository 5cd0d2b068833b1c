package dev.hass.oracle;

import dev.hass.nn.FashionMnist;
import dev.hass.nn.ImageFolder;
import dev.hass.nn.ImageTensors;
import dev.hass.nn.Splits;
import java.util.List;

/**
 * The images an {@link OnnxAccuracyOracle} scores, fixed once.
 *
 * @param validation  the images accuracy is measured on (the search's {@code evaluationImages} are its head)
 * @param calibration the images the sparsities and window histograms are measured on
 * @param test        the finalists' held-out images; null when the data set has none
 * @param classes     class names, index = label (the model's output must have this many scores)
 * @param source      where the images came from, for messages
 */
public record OnnxOracleData(ImageTensors validation, ImageTensors calibration, ImageTensors test, List<String> classes,
                             String source) {

    /**
     * Fashion-MNIST split as {@link DjlAccuracyOracle} splits it (same seed: the same validation and
     * calibration images), so both oracles score one network on the same images.
     */
    public static OnnxOracleData of(FashionMnist data, int calibrationImages, int validationImages, long seed) {
        Splits s = Splits.of(data.train().count(), calibrationImages, validationImages, seed);
        ImageTensors train = ImageTensors.of(data.train());
        return new OnnxOracleData(train.select(s.validation()), train.select(s.calibration()), ImageTensors.of(data.test()),
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), data.dir().toString());
    }

    /**
     * An ImageFolder's splits, each in a seeded order (its files are class by class) and cut to at most the
     * given counts.
     */
    public static OnnxOracleData of(ImageFolder data, int calibrationImages, int validationImages, int testImages, long seed) {
        ImageTensors test = data.test() == null ? null : head(data.test().shuffled(seed), testImages);
        return new OnnxOracleData(head(data.validation().shuffled(seed), validationImages),
                head(data.calibration().shuffled(seed), calibrationImages), test, data.classes(), data.root().toString());
    }

    private static ImageTensors head(ImageTensors t, int n) {
        if (n >= t.count()) return t;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        return t.select(idx);
    }
}
