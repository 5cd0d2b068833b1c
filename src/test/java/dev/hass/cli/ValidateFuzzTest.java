package dev.hass.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed experiment files, generated from the shipped ones (wrong types, NaN/Infinity, huge numbers, unknown
 * and duplicate keys, path tricks, encodings, trailing tokens, truncation), through {@code hass validate}: every
 * one must be refused with exit 2, each line of the answer a problem naming the file, no stack trace. Validation
 * only: nothing is trained or searched, so the whole run takes seconds.
 */
class ValidateFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory N = JsonNodeFactory.instance;
    /** Raw JSON tokens a tree cannot hold; a placeholder string is replaced by them after serialising. */
    private static final String RAW = "__RAW__";
    /** Cases run per shipped file (of about 90 generated): 11 files give 220. */
    private static final int PER_FILE = 20;

    @TempDir Path tmp;

    /** One generated file: a name saying what was done, and its bytes. */
    record Case(String name, byte[] bytes) {}

    @Test
    void everyMalformedExperimentIsExit2WithOneLinePerProblemAndNoStackTrace() throws IOException {
        List<Case> cases = new ArrayList<>();
        List<Path> shipped;
        try (Stream<Path> s = Files.list(Path.of("experiments"))) {
            shipped = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        Random random = new Random(15);
        for (Path base : shipped) {
            // every kind of damage is generated for every file; a fixed sample of each file's cases keeps the run short
            List<Case> all = new ArrayList<>(mutations(base, random));
            java.util.Collections.shuffle(all, random);
            cases.addAll(all.subList(0, Math.min(PER_FILE, all.size())));
        }
        assertTrue(cases.size() >= 200, "generated " + cases.size());

        List<String> failures = new ArrayList<>();
        int i = 0;
        for (Case c : cases) {
            Path f = tmp.resolve(String.format("%04d-%s.json", i++, c.name().replaceAll("[^A-Za-z0-9_.-]", "_")));
            Files.write(f, c.bytes());
            CliHarness.Result r = CliHarness.run("validate", f.toString());
            List<String> lines = r.err().lines().toList();
            String why = null;
            if (r.code() != 2) why = "exit " + r.code();
            else if (lines.isEmpty()) why = "no message";
            else if (r.out().contains(": OK")) why = "said OK";
            else if (r.err().contains("Exception") || r.err().contains("\tat ")) why = "stack trace or exception name";
            else {
                for (String l : lines) {
                    if (!l.startsWith("hass: " + f + ":")) {
                        why = "a line that is not one problem of the file: " + l;
                        break;
                    }
                }
            }
            if (why != null) failures.add(c.name() + ": " + why + "\n    " + r.err().replace("\n", "\n    "));
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases.size() + " malformed files were not refused cleanly:\n"
                + String.join("\n", failures.subList(0, Math.min(25, failures.size()))));
    }

    /**
     * The other half of the promise: whatever {@code validate} accepts, {@code search} starts. Valid variations of the
     * shipped files (boards, slices, budgets, seeds, goals, warm starts, operator mixes, global granularity) must pass
     * {@code validate} and then {@code search --dry-run}, which runs every check the search makes before it spends time.
     */
    @Test
    void whateverValidateAcceptsTheSearchStarts() throws IOException {
        List<Path> shipped;
        try (Stream<Path> s = Files.list(Path.of("experiments"))) {
            shipped = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        Random random = new Random(16);
        String[] boards = {"u250", "u200", "vcu1525", "u50", "zcu102", "zcu104", "vc709", "zc706"};
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (Path base : shipped) {
            for (int k = 0; k < 3; k++) {
                ObjectNode t = (ObjectNode) JSON.readTree(Files.readString(base));
                ((ObjectNode) t.with("hardware")).put("platform", boards[random.nextInt(boards.length)])
                        .put("resourceFraction", 0.05 + 0.95 * random.nextDouble());
                ObjectNode search = t.with("search");
                int pop = 2 * (1 + random.nextInt(8));
                search.put("populationSize", pop).put("evaluations", pop + random.nextInt(200)).put("seed", random.nextInt(1000))
                        .put("goal", random.nextBoolean() ? "front" : "fastest").put("warmStart", random.nextDouble() * 0.9);
                search.putObject("operators").put("sbx", random.nextDouble()).put("bottleneck", random.nextDouble() + 0.01);
                if (random.nextInt(4) == 0) ((ObjectNode) t.get("space")).put("granularity", "global");
                Path f = tmp.resolve(String.format("ok-%03d.json", n++));
                Files.writeString(f, JSON.writeValueAsString(t));
                CliHarness.Result v = CliHarness.run("validate", f.toString());
                if (v.code() != 0) {
                    failures.add(f.getFileName() + " (from " + base + "): validate exit " + v.code() + ": " + v.err());
                    continue;
                }
                CliHarness.Result d = CliHarness.run("search", f.toString(), "--dry-run", "--out", tmp.resolve("out-" + n).toString());
                if (d.code() != 0 || !d.out().contains("nothing was written") || Files.exists(tmp.resolve("out-" + n))) {
                    failures.add(f.getFileName() + " (from " + base + "): validate OK, search --dry-run exit " + d.code() + ": " + d.err() + d.out());
                }
            }
        }
        assertTrue(n >= 30, "generated " + n);
        assertTrue(failures.isEmpty(), failures.size() + " of " + n + " valid files were not started cleanly:\n"
                + String.join("\n", failures.subList(0, Math.min(10, failures.size()))));
    }

    static List<Case> mutations(Path base, Random random) throws IOException {
        String text = Files.readString(base);
        ObjectNode tree = (ObjectNode) JSON.readTree(text);
        String stem = base.getFileName().toString().replace(".json", "");
        List<Case> out = new ArrayList<>();
        List<String> leaves = new ArrayList<>();
        leaves(tree, "", leaves);

        // wrong types and impossible numbers, a few leaves per file
        for (String leaf : pick(leaves, 6, random)) {
            JsonNode v = at(tree, leaf);
            if (v.isNumber()) {
                out.add(edit(stem, tree, leaf, "string", t -> N.textNode("12")));
                out.add(edit(stem, tree, leaf, "NaN", t -> N.textNode(RAW + "NaN")));
                out.add(edit(stem, tree, leaf, "Infinity", t -> N.textNode(RAW + "-Infinity")));
                // a huge double is a legal (if silly) threshold; a huge integer fits no integer field
                if (v.isIntegralNumber()) out.add(edit(stem, tree, leaf, "huge", t -> N.textNode(RAW + "123456789012345678901234567890")));
                out.add(edit(stem, tree, leaf, "1e400", t -> N.textNode(RAW + "1e400")));
            } else if (v.isTextual()) {
                out.add(edit(stem, tree, leaf, "number", t -> N.numberNode(12)));
                out.add(edit(stem, tree, leaf, "array", t -> N.arrayNode().add("x")));
            } else if (v.isBoolean()) {
                out.add(edit(stem, tree, leaf, "string", t -> N.textNode("yes")));
            }
            out.add(edit(stem, tree, leaf, "object", t -> N.objectNode().put("x", 1)));
        }
        // whole sections of the wrong kind, required fields missing
        for (String section : List.of("model", "hardware", "search", "space")) {
            out.add(edit(stem, tree, section, "array", t -> N.arrayNode()));
            out.add(edit(stem, tree, section, "number", t -> N.numberNode(1)));
        }
        out.add(edit(stem, tree, "name", "null", t -> N.nullNode()));
        out.add(edit(stem, tree, "model.architecture", "null", t -> N.nullNode()));
        out.add(edit(stem, tree, "model.architecture", "unknown", t -> N.textNode("resnet9000")));
        out.add(remove(stem, tree, "name"));
        out.add(remove(stem, tree, "model"));
        // numbers out of range
        out.add(edit(stem, tree, "search.evaluations", "zero", t -> N.numberNode(0)));
        out.add(edit(stem, tree, "search.seed", "negative", t -> N.numberNode(-1)));
        out.add(edit(stem, tree, "hardware.resourceFraction", "above 1", t -> N.numberNode(1.5)));
        out.add(edit(stem, tree, "dataset.calibrationImages", "over the training set", t -> N.numberNode(59999)));
        out.add(edit(stem, tree, "search.populationSize", "max long", t -> N.numberNode(Long.MAX_VALUE)));
        // unknown keys, top level and nested
        out.add(edit(stem, tree, "nmae", "unknown key", t -> N.textNode("x")));
        out.add(edit(stem, tree, "model.archtecture", "unknown key", t -> N.textNode("lenet5")));
        out.add(edit(stem, tree, "search.evals", "unknown key", t -> N.numberNode(3)));
        // path tricks and names that cannot name a folder
        for (String p : List.of("", " ", "/etc", "../outside", "results/../../x", "a\u0000b", "line\nbreak")) {
            out.add(edit(stem, tree, "output", "output " + p.length(), t -> N.textNode(p)));
        }
        for (String p : List.of("", "/proc/hass-fuzz", "../../ckpt", "tab\there")) {
            out.add(edit(stem, tree, "model.checkpoint", "checkpoint " + p.length(), t -> N.textNode(p)));
        }
        for (String p : List.of("", "../../../etc/passwd", "/dev/null.json", "nope.json", "u25O")) {
            out.add(edit(stem, tree, "hardware.platform", "platform " + p, t -> N.textNode(p)));
        }
        for (String n : List.of("", "../x", "a/b", ".hidden", "x".repeat(5000), "sp ace", "ünïcode")) {
            out.add(edit(stem, tree, "name", "name " + n.length(), t -> N.textNode(n)));
        }
        // text-level damage: duplicates, trailing tokens, truncation, encodings
        out.add(new Case(stem + " duplicate name", text.replaceFirst("\\{", "{\"name\": \"dup\",").getBytes(StandardCharsets.UTF_8)));
        out.add(new Case(stem + " duplicate nested", text.replaceFirst("\"model\": \\{", "\"model\": {\"architecture\": \"lenet5\",")
                .getBytes(StandardCharsets.UTF_8)));
        out.add(new Case(stem + " trailing junk", (text + " junk {{{").getBytes(StandardCharsets.UTF_8)));
        out.add(new Case(stem + " two objects", (text + text).getBytes(StandardCharsets.UTF_8)));
        out.add(new Case(stem + " extra brace", (text.strip() + "}").getBytes(StandardCharsets.UTF_8)));
        out.add(new Case(stem + " array", ("[" + text + "]").getBytes(StandardCharsets.UTF_8)));
        out.add(new Case(stem + " empty", new byte[0]));
        for (int k = 0; k < 3; k++) {
            int cut = 1 + random.nextInt(text.length() - 2);
            out.add(new Case(stem + " cut at " + cut, text.substring(0, cut).getBytes(StandardCharsets.UTF_8)));
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[utf8.length + 3];
        bom[0] = (byte) 0xEF; bom[1] = (byte) 0xBB; bom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, bom, 3, utf8.length);
        out.add(new Case(stem + " BOM", bom));
        out.add(new Case(stem + " UTF-16", text.getBytes(StandardCharsets.UTF_16)));
        out.add(new Case(stem + " UTF-16LE", text.getBytes(StandardCharsets.UTF_16LE)));
        out.add(new Case(stem + " Latin-1", text.replaceFirst("\"name\": \"", "\"name\": \"\u00e9").getBytes(StandardCharsets.ISO_8859_1)));
        return out;
    }

    private static Case edit(String stem, ObjectNode tree, String dotted, String what, Function<JsonNode, JsonNode> f) {
        ObjectNode copy = tree.deepCopy();
        String[] parts = dotted.split("\\.");
        ObjectNode parent = copy;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode c = parent.get(parts[i]);
            if (c == null || !c.isObject()) {
                c = N.objectNode();
                parent.set(parts[i], c);
            }
            parent = (ObjectNode) c;
        }
        String key = parts[parts.length - 1];
        parent.set(key, f.apply(parent.get(key)));
        String json = copy.toPrettyString().replaceAll("\"" + RAW + "([^\"]*)\"", "$1");
        return new Case(stem + " " + dotted + " " + what, json.getBytes(StandardCharsets.UTF_8));
    }

    private static Case remove(String stem, ObjectNode tree, String key) {
        ObjectNode copy = tree.deepCopy();
        copy.remove(key);
        return new Case(stem + " without " + key, copy.toPrettyString().getBytes(StandardCharsets.UTF_8));
    }

    private static void leaves(JsonNode n, String path, List<String> out) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                leaves(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out);
            }
        } else if (!(n instanceof ArrayNode) && !"description".equals(path)) {
            out.add(path);   // a description may be anything textual: changing it is no malformation
        }
    }

    private static JsonNode at(JsonNode tree, String dotted) {
        JsonNode n = tree;
        for (String p : dotted.split("\\.")) n = n.get(p);
        return n;
    }

    private static List<String> pick(List<String> all, int n, Random random) {
        List<String> copy = new ArrayList<>(all);
        java.util.Collections.shuffle(copy, random);
        return copy.subList(0, Math.min(n, copy.size()));
    }
}
