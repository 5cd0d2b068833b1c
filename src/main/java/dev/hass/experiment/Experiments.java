package dev.hass.experiment;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hass.hardware.board.Platforms;
import dev.hass.hardware.onnx.OnnxGraph;
import dev.hass.hardware.onnx.OnnxImport;
import dev.hass.space.Problems;
import dev.hass.space.SearchSpace;
import dev.hass.space.SpaceLayer;
import dev.hass.study.AtomicFiles;
import dev.hass.study.Direction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads experiment files: JSON → tree → checked field by field so that <em>every</em> problem is reported
 * at once ({@link ExperimentException}), then defaults filled in. Overrides from the command line
 * ({@code search.seed} = 7, …) are applied to the tree first and checked like the file.
 */
public final class Experiments {
    private Experiments() {}

    /** The built-in boards of the hardware model. */
    public static final List<String> BOARDS = Platforms.names();
    /** Which trials get a final number: {@code best} = dense + each algorithm's best design; {@code front} = those and the feasible front. */
    public static final List<String> FINALISTS = List.of("front", "best");
    public static final List<String> ALGORITHMS = Algorithm.choices();
    public static final List<String> OBJECTIVES = List.of("accuracy", "throughput", "latency", "dsp");
    public static final String DEFAULT_DATASET = "/usr/share/datasets/fashion-mnist";
    public static final List<String> DATASET_FORMATS = List.of(Experiment.Dataset.IDX, Experiment.Dataset.IMAGEFOLDER);

    static final List<String> TOP = List.of("name", "description", "model", "dataset", "training", "hardware",
            "space", "objectives", "constraints", "search", "oracle", "output");

    /** Longest experiment name: it names a folder, and file systems refuse long names only after setup. */
    public static final int MAX_NAME = 100;
    /** Problems printed per file: a broken generated file must not bury the terminal. */
    static final int MAX_PROBLEMS = 20;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public static Experiment load(Path file) {
        return load(file, Map.of());
    }

    /**
     * @param overrides dotted JSON path (e.g. {@code "search.seed"}) → value, applied before validation
     */
    public static Experiment load(Path file, Map<String, Object> overrides) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ExperimentException(List.of(file + ": cannot read: no such file (the project's experiments are in experiments/*.json)"));
        } catch (IOException e) {
            throw new ExperimentException(List.of(file + ": cannot read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
        }
        return parse(utf8(bytes, file.toString()), file.toString(), overrides);
    }

    /** The file's text; an encoding other than plain UTF-8 is named, not shown as a JSON error at column 1. */
    static String utf8(byte[] b, String fileName) {
        String save = "; save it as UTF-8 without a byte order mark";
        if (b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
            throw new ExperimentException(List.of(fileName + ": starts with a UTF-8 byte order mark (BOM)" + save));
        }
        if (b.length >= 2 && ((b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE || (b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF)
                || b.length >= 2 && (b[0] == 0 || b[1] == 0)) {
            throw new ExperimentException(List.of(fileName + ": is UTF-16 or UTF-32 text, not UTF-8" + save));
        }
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ExperimentException(List.of(fileName + ": is not UTF-8 text (an experiment file is JSON in UTF-8)" + save));
        }
    }

    /** At most {@link #MAX_PROBLEMS} lines, then how many more there are. */
    static List<String> capped(String fileName, List<String> lines) {
        if (lines.size() <= MAX_PROBLEMS) return lines;
        List<String> out = new java.util.ArrayList<>(lines.subList(0, MAX_PROBLEMS));
        out.add(fileName + ": and " + (lines.size() - MAX_PROBLEMS) + " more problems");
        return out;
    }

    public static Experiment parse(String text, String fileName, Map<String, Object> overrides) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new ExperimentException(List.of(fileName + ":" + (loc == null ? "" : loc.getLineNr() + ":" + loc.getColumnNr() + ":")
                    + " not valid JSON: " + (e.getOriginalMessage().startsWith("Trailing token")
                            ? "more content after the closing '}' (a file holds one JSON object)" : e.getOriginalMessage())));
        }
        if (root == null || !root.isObject()) {
            throw new ExperimentException(List.of(fileName + ": $: expected a JSON object {\"name\": ..., \"model\": {...}, ...}"));
        }
        ObjectNode tree = (ObjectNode) root;
        for (Map.Entry<String, Object> o : overrides.entrySet()) set(tree, o.getKey(), o.getValue());
        Problems p = new Problems(fileName);
        Experiment e = read(tree, p);
        if (!p.isEmpty()) throw new ExperimentException(capped(fileName, p.lines()));
        return e;
    }

    private static void set(ObjectNode tree, String dotted, Object value) {
        String[] parts = dotted.split("\\.");
        ObjectNode n = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode c = n.get(parts[i]);
            if (c == null || !c.isObject()) {
                c = JsonNodeFactory.instance.objectNode();
                n.set(parts[i], c);
            }
            n = (ObjectNode) c;
        }
        n.set(parts[parts.length - 1], JSON.valueToTree(value));
    }

    static Experiment read(ObjectNode r, Problems p) {
        p.onlyKeys(r, "$", TOP);
        String name = p.string(r, "name", "$.name", null);
        if (!r.has("name")) p.add("$.name", "missing; every experiment needs a name (letters, digits, '.', '_', '-')");
        else if (name == null && r.get("name").isNull()) p.bad("$.name", r.get("name"), "every experiment needs a name (letters, digits, '.', '_', '-')");
        else if (name != null && (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*") || name.length() > MAX_NAME)) {
            p.bad("$.name", r.get("name"), "a name is 1 to " + MAX_NAME + " letters, digits, '.', '_', '-' (it names the results folder)");
        }
        String description = p.string(r, "description", "$.description", null);

        // model: a built-in architecture or the user's ONNX file
        ObjectNode m = p.object(r, "model", "$.model");
        p.onlyKeys(m, "$.model", List.of("architecture", "checkpoint", "onnx"));
        String arch = null, checkpoint = null, onnx = null;
        List<SpaceLayer> onnxLayers = null;
        if (m.has("onnx")) {
            onnx = path(p, m, "onnx", "$.model.onnx", null);
            if (m.get("onnx").isNull()) p.bad("$.model.onnx", m.get("onnx"), "a path to an .onnx file");
            if (m.has("architecture")) {
                p.add("$.model", "give either architecture (a built-in model) or onnx (your own network), not both");
            }
            if (m.has("checkpoint")) p.add("$.model.checkpoint", "an ONNX file holds its own weights; checkpoint is for built-in architectures");
            if (onnx != null) onnxLayers = onnxLayers(Path.of(onnx), m.get("onnx"), p);
        } else {
            if (!m.has("architecture")) {
                p.add("$.model.architecture", "missing; allowed: " + String.join(", ", Architectures.names())
                        + " (or model.onnx: a path to your own network)");
            } else if (m.get("architecture").isNull()) {
                p.bad("$.model.architecture", m.get("architecture"), "allowed: " + String.join(", ", Architectures.names()));
            } else {
                arch = p.choice(m, "architecture", "$.model.architecture", null, Architectures.names());
            }
            checkpoint = path(p, m, "checkpoint", "$.model.checkpoint", null);
            if (arch != null) checkCheckpoint(Path.of(checkpoint != null ? checkpoint : "results/models/" + arch), arch, m.get("checkpoint"), p);
        }

        // dataset
        ObjectNode d = p.object(r, "dataset", "$.dataset");
        p.onlyKeys(d, "$.dataset", List.of("format", "name", "path", "mean", "std", "size", "calibrationImages", "validationImages", "testImages"));
        String format = p.choice(d, "format", "$.dataset.format", Experiment.Dataset.IDX, DATASET_FORMATS);
        boolean folder = Experiment.Dataset.IMAGEFOLDER.equals(format);
        String dsName;
        String dsPath;
        List<Double> mean = null, std = null;
        List<Integer> size = null;
        int maxImages = folder ? 10_000_000 : 60000;
        if (folder) {
            dsName = p.string(d, "name", "$.dataset.name", "imagefolder");
            dsPath = path(p, d, "path", "$.dataset.path", null);
            if (!d.has("path") || d.get("path").isNull()) {
                p.add("$.dataset.path", "missing; an imagefolder data set needs the directory holding val/<class>/<images>");
            }
            mean = numbers(p, d, "mean", "$.dataset.mean", List.of(0.0), false);
            std = numbers(p, d, "std", "$.dataset.std", List.of(1.0), true);
            if (mean != null && std != null && mean.size() != std.size()) {
                p.add("$.dataset.std", "has " + std.size() + " values but mean has " + mean.size() + "; give both one value or one per channel");
            }
            size = imageSize(p, d);
            if (arch != null) {
                p.add("$.dataset.format", "got \"imagefolder\"; the built-in architectures are trained on Fashion-MNIST (format idx):"
                        + " an imagefolder data set needs model.onnx, your own trained network");
            }
        } else {
            dsName = p.choice(d, "name", "$.dataset.name", "fashion-mnist", List.of("fashion-mnist"));
            dsPath = path(p, d, "path", "$.dataset.path", DEFAULT_DATASET);
            for (String k : List.of("mean", "std", "size")) {
                if (d.has(k)) p.add("$.dataset." + k, "only for \"format\": \"imagefolder\" (Fashion-MNIST is fed as pixels in [0, 1])");
            }
        }
        // existence is checked where the data is read (validation must not depend on the machine's datasets)
        int cal = (int) p.integer(d, "calibrationImages", "$.dataset.calibrationImages", 1000, 1, maxImages);
        int val = (int) p.integer(d, "validationImages", "$.dataset.validationImages", 2000, 1, maxImages);
        int test = (int) p.integer(d, "testImages", "$.dataset.testImages", 10000, 1, folder ? maxImages : 10000);
        if (!folder && cal + val > 60000) {
            p.add("$.dataset", "calibrationImages (" + cal + ") + validationImages (" + val + ") = " + (cal + val)
                    + "; both are taken from the 60000 training images, so together at most 60000");
        }

        // training
        ObjectNode t = p.object(r, "training", "$.training");
        p.onlyKeys(t, "$.training", List.of("epochs", "batchSize", "learningRate", "seed"));
        int epochs = (int) p.integer(t, "epochs", "$.training.epochs", 3, 1, 1000);
        int batchSize = (int) p.integer(t, "batchSize", "$.training.batchSize", 128, 1, 60000);
        double lr = p.number(t, "learningRate", "$.training.learningRate", 0.001, 0, 10, true);
        long tseed = p.integer(t, "seed", "$.training.seed", 0, 0, Long.MAX_VALUE);

        // hardware
        ObjectNode h = p.object(r, "hardware", "$.hardware");
        p.onlyKeys(h, "$.hardware", List.of("platform", "batch", "dataWidth", "weightWidth", "resourceFraction"));
        String platform = p.string(h, "platform", "$.hardware.platform", "u250");
        if (platform != null && (platform.isBlank() || platform.chars().anyMatch(Character::isISOControl))) {
            p.bad("$.hardware.platform", h.get("platform"), "allowed: " + String.join(", ", BOARDS) + ", or a path to a platform .json file");
        } else if (platform != null && !BOARDS.contains(platform)) {
            boolean looksLikePath = platform.endsWith(".json") || platform.contains("/");
            if (!looksLikePath) {
                String near = Problems.closest(platform, BOARDS);
                p.bad("$.hardware.platform", h.get("platform"), "allowed: " + String.join(", ", BOARDS)
                        + ", or a path to a platform .json file" + (near == null ? "" : " (did you mean \"" + near + "\"?)"));
            } else if (!Files.isRegularFile(Path.of(platform))) {
                p.bad("$.hardware.platform", h.get("platform"), "no such platform file (paths are relative to the working directory)");
            } else {
                try {
                    Platforms.load(Path.of(platform));
                } catch (Platforms.PlatformException x) {
                    p.add("$.hardware.platform", "the platform file is not usable: " + x.getMessage());
                }
            }
        }
        int batch = (int) p.integer(h, "batch", "$.hardware.batch", 256, 1, 1 << 20);
        int dw = (int) p.integer(h, "dataWidth", "$.hardware.dataWidth", 16, 1, 32);
        int ww = (int) p.integer(h, "weightWidth", "$.hardware.weightWidth", 16, 1, 32);
        double rf = p.number(h, "resourceFraction", "$.hardware.resourceFraction", 0.9, 0, 1, true);

        // space (layer names checked when the architecture is known)
        List<SpaceLayer> layers = arch != null ? Architectures.spaceLayers(arch) : onnxLayers;
        Optional<SearchSpace> space = SearchSpace.read(r.get("space"), "$.space", p, layers);

        // objectives
        Map<String, Direction> objectives = new LinkedHashMap<>();
        JsonNode o = r.get("objectives");
        if (o == null || o.isNull()) {
            objectives.put("accuracy", Direction.MAXIMIZE);
            objectives.put("throughput", Direction.MAXIMIZE);
        } else if (!o.isObject() || o.isEmpty()) {
            p.bad("$.objectives", o, "expected a non-empty object from objective (" + String.join(", ", OBJECTIVES)
                    + ") to direction (maximize, minimize)");
        } else {
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                String op = "$.objectives." + k;
                if (!OBJECTIVES.contains(k)) {
                    String near = Problems.closest(k, OBJECTIVES);
                    p.add(op, "unknown objective; allowed: " + String.join(", ", OBJECTIVES)
                            + (near == null ? "" : " (did you mean \"" + near + "\"?)"));
                    continue;
                }
                String dir = p.choice(o, k, op, null, Direction.names());
                if (dir != null) objectives.put(k, Direction.of(dir));
            }
        }

        // constraints
        ObjectNode c = p.object(r, "constraints", "$.constraints");
        p.onlyKeys(c, "$.constraints", List.of("maxAccuracyDrop"));
        double drop = p.number(c, "maxAccuracyDrop", "$.constraints.maxAccuracyDrop", 0.02, 0, 1, false);

        // search
        ObjectNode s = p.object(r, "search", "$.search");
        p.onlyKeys(s, "$.search", List.of("algorithm", "populationSize", "evaluations", "seed", "goal", "warmStart", "operators",
                "fidelity"));
        String alg = p.choice(s, "algorithm", "$.search.algorithm", Algorithm.NSGA2.id(), ALGORITHMS);
        int pop = (int) p.integer(s, "populationSize", "$.search.populationSize", 24, 2, 100000);
        int evals = (int) p.integer(s, "evaluations", "$.search.evaluations", 480, 1, 100000000);
        long sseed = p.integer(s, "seed", "$.search.seed", 1, 0, Long.MAX_VALUE);
        String goal = p.choice(s, "goal", "$.search.goal", Experiment.Search.FRONT, List.of(Experiment.Search.FRONT, Experiment.Search.FASTEST));
        double warm = p.number(s, "warmStart", "$.search.warmStart", Experiment.Search.DEFAULT_WARM_START, 0, 0.9, false);
        ObjectNode ops = p.object(s, "operators", "$.search.operators");
        p.onlyKeys(ops, "$.search.operators", List.of("sbx", "bottleneck", "uniform"));
        Experiment.Operators def = Experiment.Operators.DEFAULT;
        Experiment.Operators operators = new Experiment.Operators(
                p.number(ops, "sbx", "$.search.operators.sbx", ops.isEmpty() ? def.sbx() : 0, 0, 1e6, false),
                p.number(ops, "bottleneck", "$.search.operators.bottleneck", ops.isEmpty() ? def.bottleneck() : 0, 0, 1e6, false),
                p.number(ops, "uniform", "$.search.operators.uniform", ops.isEmpty() ? def.uniform() : 0, 0, 1e6, false));
        if (operators.sbx() + operators.bottleneck() + operators.uniform() <= 0) {
            p.bad("$.search.operators", s.get("operators"), "at least one operator weight must be > 0");
        }
        boolean nsga = Algorithm.expand(alg).contains(Algorithm.NSGA2.id());
        if (nsga && pop % 2 != 0) p.bad("$.search.populationSize", s.get("populationSize"), "NSGA-II needs an even population size ≥ 2");
        if (nsga && evals < pop) {
            p.add("$.search.evaluations", "got " + evals + "; NSGA-II needs at least populationSize (" + pop + ") evaluations");
        }

        // oracle
        ObjectNode or = p.object(r, "oracle", "$.oracle");
        p.onlyKeys(or, "$.oracle", List.of("fineTuneSteps", "finalistFineTuneSteps", "finalists", "evaluationImages", "histogramImages"));
        int ft = (int) p.integer(or, "fineTuneSteps", "$.oracle.fineTuneSteps", 0, 0, 1000000);
        int fft = (int) p.integer(or, "finalistFineTuneSteps", "$.oracle.finalistFineTuneSteps", onnx != null ? 0 : 300, 0, 1000000);
        if (onnx != null) {
            // the released HASS code searches ONNX networks post-training; ONNX Runtime cannot train
            if (ft > 0) p.bad("$.oracle.fineTuneSteps", or.get("fineTuneSteps"), "an ONNX model (model.onnx) is searched post-training: 0");
            if (fft > 0) p.bad("$.oracle.finalistFineTuneSteps", or.get("finalistFineTuneSteps"), "an ONNX model (model.onnx) is searched post-training: 0");
        }
        String finalists = p.choice(or, "finalists", "$.oracle.finalists", "front", FINALISTS);
        int evalImages = (int) p.integer(or, "evaluationImages", "$.oracle.evaluationImages", val, 1, maxImages);
        if (evalImages > val) {
            p.add("$.oracle.evaluationImages", "got " + evalImages + "; must be ≤ dataset.validationImages (" + val + ")");
        }
        int histImages = (int) p.integer(or, "histogramImages", "$.oracle.histogramImages", cal, 1, maxImages);
        if (histImages > cal) {
            p.add("$.oracle.histogramImages", "got " + histImages + "; must be ≤ dataset.calibrationImages (" + cal + ")");
        }

        Experiment.Screening screening = screening(p, s, alg, evalImages, histImages);
        if (space.isPresent() && space.get().autoRanges()) {
            JsonNode given = r.path("space").get("ranges");
            // the scan's layers and ranges come from the zoo model, as in `hass sensitivity`
            if (onnx != null) p.bad("$.space.ranges", given, "only \"given\" with an ONNX model (model.onnx): the sensitivity scan needs a built-in model, as in `hass sensitivity`");
            if (!Algorithm.expand(alg).contains(Algorithm.NSGA2.id())) {
                p.bad("$.space.ranges", given, "only \"given\" here: nsga2 alone narrows its ranges and search.algorithm \"" + alg + "\" has no nsga2");
            }
            if (!objectives.containsKey("accuracy")) p.bad("$.space.ranges", given, "only \"given\" here: the scan needs the accuracy objective");
        }

        String output = path(p, r, "output", "$.output", name == null ? null : "results/" + name);

        if (!p.isEmpty()) return null;
        return new Experiment(name, description, new Experiment.Model(arch, checkpoint, onnx),
                new Experiment.Dataset(dsName, dsPath, cal, val, test, format, mean, std, size),
                new Experiment.Training(epochs, batchSize, lr, tseed),
                new Experiment.Hardware(platform, batch, dw, ww, rf),
                space.orElseThrow(), objectives, new Experiment.Constraints(drop),
                new Experiment.Search(alg, pop, evals, sseed, goal, warm, operators, screening), new Experiment.Oracle(ft, fft, finalists, evalImages, histImages), output);
    }

    /**
     * {@code search.fidelity} (absent or null: no screening). A screen must be cheaper than a full evaluation, and
     * only NSGA-II screens, so an experiment whose algorithms do not include it is refused rather than ignored.
     */
    static Experiment.Screening screening(Problems p, ObjectNode s, String alg, int evalImages, int histImages) {
        JsonNode f = s.get("fidelity");
        if (f == null || f.isNull()) return null;
        ObjectNode o = p.object(s, "fidelity", "$.search.fidelity");
        p.onlyKeys(o, "$.search.fidelity", List.of("screenImages", "screenHistogramImages", "promote"));
        int d = Experiment.Screening.DEFAULT_DIVISOR;
        int n = (int) p.integer(o, "screenImages", "$.search.fidelity.screenImages", Math.max(1, evalImages / d), 1, Math.max(1, evalImages));
        int h = (int) p.integer(o, "screenHistogramImages", "$.search.fidelity.screenHistogramImages", Math.max(1, histImages / d), 1,
                Math.max(1, histImages));
        double promote = p.number(o, "promote", "$.search.fidelity.promote", Experiment.Screening.DEFAULT_PROMOTE, 0, 1, true);
        if (n >= evalImages && h >= histImages) {
            p.bad("$.search.fidelity", f, "a screen must use fewer images than a full evaluation (oracle.evaluationImages "
                    + evalImages + ", oracle.histogramImages " + histImages + ")");
        }
        if (!Algorithm.expand(alg).contains(Algorithm.NSGA2.id())) {
            p.bad("$.search.fidelity", f, "only nsga2 screens its children; search.algorithm \"" + alg + "\" has no nsga2: remove the block");
        }
        return new Experiment.Screening(n, h, promote);
    }

    /** A list of 1 or 3 finite numbers (per channel); {@code positive}: each > 0. Reported and null when bad. */
    static List<Double> numbers(Problems p, JsonNode obj, String key, String jsonPath, List<Double> fallback, boolean positive) {
        JsonNode v = obj.get(key);
        if (v == null || v.isNull()) return fallback;
        String allowed = "a list of 1 or 3 numbers (one for all channels, or R, G, B)" + (positive ? ", each > 0" : "");
        if (!v.isArray() || (v.size() != 1 && v.size() != 3)) {
            p.bad(jsonPath, v, allowed);
            return null;
        }
        List<Double> out = new java.util.ArrayList<>();
        for (JsonNode x : v) {
            if (!x.isNumber() || !Double.isFinite(x.asDouble()) || (positive && !(x.asDouble() > 0))) {
                p.bad(jsonPath, v, allowed);
                return null;
            }
            out.add(x.asDouble());
        }
        return List.copyOf(out);
    }

    /** {@code dataset.size}: {@code [H, W]}, both in 1..4096, or null. */
    static List<Integer> imageSize(Problems p, JsonNode d) {
        JsonNode v = d.get("size");
        if (v == null || v.isNull()) return null;
        boolean ok = v.isArray() && v.size() == 2;
        if (ok) for (JsonNode x : v) ok &= x.canConvertToInt() && x.isIntegralNumber() && x.asInt() >= 1 && x.asInt() <= 4096;
        if (!ok) {
            p.bad("$.dataset.size", v, "[height, width]: two integers in [1, 4096] every image is resized to (or leave it out)");
            return null;
        }
        return List.of(v.get(0).asInt(), v.get(1).asInt());
    }

    /**
     * The search's layers of an ONNX file: its Conv/Gemm nodes; reported when the file is missing, unreadable,
     * holds an op the hardware model cannot map, or a layer the search cannot handle.
     */
    static List<SpaceLayer> onnxLayers(Path file, JsonNode given, Problems p) {
        String path = "$.model.onnx";
        if (!Files.isRegularFile(file)) {
            p.bad(path, given, "no such file (paths are relative to the working directory)");
            return null;
        }
        try {
            OnnxGraph g = OnnxGraph.read(file);
            List<String> unsupported = g.unsupportedOps();
            if (!unsupported.isEmpty()) {
                p.bad(path, given, "holds ops the hardware model cannot map: " + String.join(", ", unsupported)
                        + "; supported: " + String.join(", ", OnnxImport.SUPPORTED_OPS) + " (hass inspect lists them)");
                return null;
            }
            OnnxImport.read(file);
            return g.layers().stream().map(l -> new SpaceLayer(l.name(), !l.readsImage())).toList();
        } catch (IOException e) {
            p.bad(path, given, "not usable: " + e.getMessage());
            return null;
        }
    }

    /** A path field: a non-empty string without control characters (an empty one would mean the working directory itself). */
    static String path(Problems p, JsonNode obj, String key, String jsonPath, String fallback) {
        String v = p.string(obj, key, jsonPath, fallback);
        if (v == null || v.equals(fallback) && !obj.has(key)) return v;
        if (v.isBlank()) {
            p.bad(jsonPath, obj.get(key), "expected a non-empty path (leave the field out for the default"
                    + (fallback == null ? "" : ", " + fallback) + ")");
            return null;
        }
        if (v.chars().anyMatch(Character::isISOControl)) {
            p.bad(jsonPath, obj.get(key), "a path must not contain control characters (newlines, tabs, ...)");
            return null;
        }
        return v;
    }

    /**
     * A checkpoint that exists must hold the experiment's architecture (its {@code metadata.json}, written by
     * {@code hass train}); a missing one is fine, it gets trained.
     */
    static void checkCheckpoint(Path dir, String architecture, JsonNode given, Problems p) {
        Path meta = dir.resolve("metadata.json");
        if (!Files.isRegularFile(meta)) return;
        String path = "$.model.checkpoint";
        try {
            JsonNode a = JSON.readTree(meta.toFile()).get("architecture");
            if (a != null && a.isTextual() && !a.asText().equals(architecture)) {
                p.add(path, "the checkpoint " + dir + " holds a " + a.asText() + " model, but model.architecture is \""
                        + architecture + "\"; point model.checkpoint at a " + architecture + " checkpoint (or a new folder to train one)");
            }
        } catch (IOException x) {
            p.add(path, "cannot read " + meta + ": " + x.getMessage());
        }
    }

    /** The resolved experiment as JSON (every default written out); {@link #parse} reads it back equal. */
    public static String toJson(Experiment e) {
        try {
            return JSON.writeValueAsString(e) + "\n";
        } catch (JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
    }

    public static void write(Experiment e, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, toJson(e));   // a reader (resume's folder check, a report) never sees half a file
    }
}
