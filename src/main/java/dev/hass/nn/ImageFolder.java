package dev.hass.nn;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * An image data set in the torchvision {@code ImageFolder} layout: {@code root/<split>/<class>/<image>}, with
 * the splits {@code val/} (required: the search's accuracy), {@code calib/} or else {@code train/} (the window
 * histograms) and {@code test/} (optional: the finalists' numbers). The classes are the folder names of
 * {@code val/} in sorted order (as torchvision numbers them); every other split must have the same folders.
 *
 * <p>Each image (PNG, JPEG, BMP, GIF: what {@link ImageIO} reads) becomes {@code C × H × W} floats, as a
 * user's {@code transforms.Resize(size), ToTensor(), Normalize(mean, std)} would make them: pixels scaled to
 * [0, 1], resized (bilinear) when {@link Transform#size()} is given, then {@code (x − mean[c]) / std[c]}.
 * C is 1 when every image is grey, else 3 (grey images are then repeated over the three channels).
 *
 * @param root    the data set's directory
 * @param classes class names, index = label
 * @param splits  split name → its images, for the splits present ({@value #VAL} always)
 */
public record ImageFolder(Path root, List<String> classes, Map<String, ImageTensors> splits) {
    public static final String TRAIN = "train", VAL = "val", TEST = "test", CALIB = "calib";
    public static final List<String> SPLITS = List.of(TRAIN, VAL, TEST, CALIB);
    static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    /**
     * How pixels become the network's input.
     *
     * @param mean per channel (one value for all channels, or one per channel), subtracted after scaling to [0, 1]
     * @param std  per channel, divided by after the mean
     * @param size {@code [H, W]} to resize every image to, or null to keep the files' size (then they must agree)
     */
    public record Transform(double[] mean, double[] std, int[] size) {
        public static final Transform NONE = new Transform(new double[]{0}, new double[]{1}, null);

        public Transform {
            if (mean.length == 0 || mean.length != std.length) {
                throw new IllegalArgumentException("mean and std need the same number (≥ 1) of values");
            }
            if (size != null && (size.length != 2 || size[0] <= 0 || size[1] <= 0)) {
                throw new IllegalArgumentException("size is [height, width] with both > 0");
            }
        }
    }

    /** The split the histograms are measured on: {@code calib/} if present, else {@code train/}, else {@code val/}. */
    public ImageTensors calibration() {
        ImageTensors t = splits.get(CALIB);
        if (t == null) t = splits.get(TRAIN);
        return t != null ? t : splits.get(VAL);
    }

    public ImageTensors validation() { return splits.get(VAL); }

    /** The test split, or null when the data set has none. */
    public ImageTensors test() { return splits.get(TEST); }

    /** Channels, height and width of every image. */
    public int[] imageShape() {
        ImageTensors v = validation();
        return new int[]{v.channels(), v.height(), v.width()};
    }

    /**
     * Reads every split under {@code root}; a {@link DatasetException} names the folder or file and what is wrong
     * (no {@code val/}, a class folder without images, a class missing from a split, an unreadable image, images
     * of different sizes without a {@code size}).
     */
    public static ImageFolder load(Path root, Transform transform) {
        return load(root, transform, Map.of(), 0);
    }

    /**
     * As {@link #load(Path, Transform)}, but a split named in {@code limits} with more images than its limit is
     * sampled before any image is decoded: its files are put in a seeded random order and the first {@code limit}
     * kept (so a large val/ costs only the images the search uses). A sampled split keeps that random order;
     * the others are in file order.
     */
    public static ImageFolder load(Path root, Transform transform, Map<String, Integer> limits, long seed) {
        if (!Files.isDirectory(root)) {
            throw new DatasetException(root + ": no such directory (an ImageFolder data set is a directory with"
                    + " val/<class>/<images> and optionally train/, calib/, test/)");
        }
        Path val = root.resolve(VAL);
        if (!Files.isDirectory(val)) {
            throw new DatasetException(root + ": has no val/ folder; an ImageFolder data set needs val/<class>/<images>"
                    + " (the images the search measures accuracy on), and optionally train/, calib/, test/");
        }
        List<String> classes = classFolders(val);
        if (classes.isEmpty()) throw new DatasetException(val + ": has no class folders (expected val/<class>/<images>)");
        List<String> present = new ArrayList<>();
        for (String s : SPLITS) if (Files.isDirectory(root.resolve(s))) present.add(s);
        Map<String, List<Path>> files = new LinkedHashMap<>();
        Map<String, int[]> labels = new LinkedHashMap<>();
        for (String s : present) {
            Path dir = root.resolve(s);
            List<String> here = classFolders(dir);
            if (!here.equals(classes)) {
                throw new DatasetException(dir + ": has class folders " + here + " but val/ has " + classes
                        + "; every split needs the same class folders");
            }
            List<Path> f = new ArrayList<>();
            List<Integer> l = new ArrayList<>();
            for (int c = 0; c < classes.size(); c++) {
                List<Path> images = imageFiles(dir.resolve(classes.get(c)));
                if (images.isEmpty()) {
                    throw new DatasetException(dir.resolve(classes.get(c)) + ": class folder without images (allowed: "
                            + String.join(", ", EXTENSIONS) + "); every class needs at least one image in each split");
                }
                f.addAll(images);
                for (int i = 0; i < images.size(); i++) l.add(c);
            }
            int[] lab = l.stream().mapToInt(Integer::intValue).toArray();
            Integer limit = limits.get(s);
            if (limit != null && limit < f.size()) {
                int[] order = sample(f.size(), limit, seed);
                List<Path> fs = new ArrayList<>();
                int[] ls = new int[limit];
                for (int i = 0; i < limit; i++) {
                    fs.add(f.get(order[i]));
                    ls[i] = lab[order[i]];
                }
                f = fs;
                lab = ls;
            }
            files.put(s, f);
            labels.put(s, lab);
        }
        Map<String, List<BufferedImage>> decoded = new LinkedHashMap<>();
        boolean colour = false;
        int[] firstSize = null;
        Path first = null;
        for (var e : files.entrySet()) {
            List<BufferedImage> images = new ArrayList<>();
            for (Path p : e.getValue()) {
                BufferedImage img = read(p);
                colour |= isColour(img);
                if (transform.size() == null) {
                    int[] sz = {img.getHeight(), img.getWidth()};
                    if (firstSize == null) {
                        firstSize = sz;
                        first = p;
                    } else if (sz[0] != firstSize[0] || sz[1] != firstSize[1]) {
                        throw new DatasetException(p + ": is " + sz[1] + "×" + sz[0] + " (W×H) but " + first + " is "
                                + firstSize[1] + "×" + firstSize[0] + "; give the experiment a dataset.size [H, W]"
                                + " to resize every image to, or make them one size");
                    }
                }
                images.add(img);
            }
            decoded.put(e.getKey(), images);
        }
        int channels = colour ? 3 : 1;
        if (transform.mean().length != 1 && transform.mean().length != channels) {
            throw new DatasetException(root + ": the images have " + channels + " channel(s) but mean/std give "
                    + transform.mean().length + " values; give 1 value or " + channels);
        }
        int h = transform.size() != null ? transform.size()[0] : firstSize[0];
        int w = transform.size() != null ? transform.size()[1] : firstSize[1];
        Map<String, ImageTensors> splits = new LinkedHashMap<>();
        for (var e : decoded.entrySet()) {
            List<BufferedImage> images = e.getValue();
            int per = channels * h * w;
            float[] px = new float[Math.multiplyExact(images.size(), per)];
            for (int i = 0; i < images.size(); i++) toTensor(resize(images.get(i), h, w), channels, transform, px, i * per);
            splits.put(e.getKey(), new ImageTensors(px, labels.get(e.getKey()), channels, h, w, List.copyOf(files.get(e.getKey()))));
        }
        return new ImageFolder(root, List.copyOf(classes), splits);
    }

    /** The first {@code k} of a seeded Fisher–Yates permutation of {@code 0..n-1}. */
    private static int[] sample(int n, int k, long seed) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i]; perm[i] = perm[j]; perm[j] = t;
        }
        return java.util.Arrays.copyOf(perm, k);
    }

    /** The sub-folders of {@code dir}, sorted by name (torchvision's class order). */
    static List<String> classFolders(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> imageFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> EXTENSIONS.stream().anyMatch(x -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(x)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new DatasetException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static BufferedImage read(Path p) {
        BufferedImage img;
        try {
            img = ImageIO.read(p.toFile());
        } catch (IOException | RuntimeException e) {
            throw new DatasetException(p + ": unreadable image (" + e.getMessage() + ")", e);
        }
        if (img == null) throw new DatasetException(p + ": unreadable image (not a PNG, JPEG, BMP or GIF file)");
        return img;
    }

    private static boolean isColour(BufferedImage img) {
        if (img.getColorModel().getNumColorComponents() == 1) return false;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y), r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
                if (r != g || g != b) return true;
            }
        }
        return false;
    }

    private static BufferedImage resize(BufferedImage img, int h, int w) {
        if (img.getHeight() == h && img.getWidth() == w) return img;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /** Writes {@code img} as {@code channels × h × w} normalised floats at {@code out[offset]}. */
    private static void toTensor(BufferedImage img, int channels, Transform t, float[] out, int offset) {
        int h = img.getHeight(), w = img.getWidth();
        boolean grey = img.getColorModel().getNumColorComponents() == 1;
        var raster = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r, g, b;
                if (grey && raster.getNumBands() <= 2 && raster.getSampleModel().getSampleSize(0) == 8) {
                    r = g = b = raster.getSample(x, y, 0);   // the stored grey level, without a colour-space round trip
                } else {
                    int rgb = img.getRGB(x, y);
                    r = rgb >> 16 & 0xff;
                    g = rgb >> 8 & 0xff;
                    b = rgb & 0xff;
                }
                int[] v = {r, g, b};
                for (int c = 0; c < channels; c++) {
                    // in float, as ToTensor() and Normalize() compute it
                    float m = (float) t.mean()[t.mean().length == 1 ? 0 : c], s = (float) t.std()[t.std().length == 1 ? 0 : c];
                    out[offset + (c * h + y) * w + x] = (v[c] / 255f - m) / s;
                }
            }
        }
    }
}
