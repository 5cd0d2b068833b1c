package dev.hass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
    @TempDir Path tmp;

    @Test
    void shippedExperimentsAreOk() {
        CliHarness.Result r = CliHarness.run("validate", "experiments/quickstart.json", "experiments/resnet8-zcu102.json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("experiments/quickstart.json: OK"), r.out());
        assertTrue(r.out().contains("experiments/resnet8-zcu102.json: OK"), r.out());
    }

    @Test
    void badFileExitsTwoWithOneLinePerProblemAndNoStackTrace() throws IOException {
        Path f = tmp.resolve("bad.json");
        Files.writeString(f, "{\"name\":\"b\",\"model\":{\"architecture\":\"resnet9\"},\"search\":{\"seed\":-1,\"evals\":3}}");
        CliHarness.Result r = CliHarness.run("validate", f.toString());
        assertEquals(2, r.code());
        String[] lines = r.err().strip().split("\n");
        assertEquals(3, lines.length, r.err());
        assertTrue(r.err().contains("hass: " + f + ": $.model.architecture: got \"resnet9\"; allowed: lenet5"), r.err());
        assertTrue(r.err().contains("$.search.seed: got -1; expected an integer ≥ 0"), r.err());
        assertTrue(r.err().contains("$.search.evals: unknown key"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void searchRejectsABadFileAndBadOverridesBeforeDoingAnything() throws IOException {
        CliHarness.Result r = CliHarness.run("search", "experiments/quickstart.json", "--evaluations", "0", "--algorithm", "nsga",
                "--seed", "-3");
        assertEquals(2, r.code());
        // the file is fine: each problem names the option its value came from
        assertTrue(r.err().contains("$.search.evaluations: got 0; expected an integer in [1, 100000000] (from --evaluations 0)"), r.err());
        assertTrue(r.err().contains("$.search.algorithm: got \"nsga\"; allowed: nsga2, uniform, greedy, random, all (did you mean \"nsga2\"?)"
                + " (from --algorithm nsga)"), r.err());
        assertTrue(r.err().contains("$.search.seed: got -3; expected an integer ≥ 0 (from --seed -3)"), r.err());
        CliHarness.Result missing = CliHarness.run("search", tmp.resolve("none.json").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("none.json: cannot read"), missing.err());
        assertEquals(0, CliHarness.run("search", "--help").code());
    }

    /** The quickstart experiment with {@code edit} applied to its text (a plain string replacement). */
    private Path quickstart(String name, String from, String to) throws IOException {
        String text = Files.readString(Path.of("experiments/quickstart.json"));
        assertTrue(text.contains(from), from);
        Path f = tmp.resolve(name);
        Files.writeString(f, text.replace(from, to));
        return f;
    }

    private static void assertRejected(Path f, String... expected) {
        CliHarness.Result r = CliHarness.run("validate", f.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        for (String e : expected) assertTrue(r.err().contains(e), "expected \"" + e + "\" in:\n" + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(r.out().contains("OK"), r.out());
    }

    @Test
    void whatSearchWouldRejectValidateRejects() throws IOException {
        assertRejected(quickstart("out.json", "\"name\": \"quickstart\",", "\"name\": \"quickstart\", \"output\": \"\","),
                "$.output: got \"\"; expected a non-empty path");
        assertRejected(quickstart("ckpt.json", "\"results/models/lenet5-quickstart\"", "\"\""),
                "$.model.checkpoint: got \"\"; expected a non-empty path");
        assertRejected(quickstart("arch.json", "\"architecture\": \"lenet5\"", "\"architecture\": null"),
                "$.model.architecture: got null; allowed: lenet5");
        assertRejected(quickstart("images.json", "\"calibrationImages\": 200, \"validationImages\": 500",
                "\"calibrationImages\": 30000, \"validationImages\": 30001"), "$.dataset: calibrationImages (30000) + validationImages (30001) = 60001");
        assertRejected(quickstart("long.json", "\"name\": \"quickstart\"", "\"name\": \"" + "n".repeat(5000) + "\""),
                "$.name: got \"nnnn", "1 to 100 letters");
        assertRejected(quickstart("nl.json", "\"results/models/lenet5-quickstart\"", "\"results/x\\nrm -rf y\""),
                "$.model.checkpoint: got \"results/x\\nrm -rf y\"; a path must not contain control characters");
    }

    @Test
    void trailingTokensAndOtherEncodingsAreNamed() throws IOException {
        String text = Files.readString(Path.of("experiments/quickstart.json"));
        Path junk = tmp.resolve("junk.json"), two = tmp.resolve("two.json");
        Files.writeString(junk, text + " junk {{{");
        Files.writeString(two, text + text);
        assertRejected(junk, junk + ":18:2: not valid JSON: Unrecognized token 'junk'");
        assertRejected(two, two + ":18:1: not valid JSON: more content after the closing '}' (a file holds one JSON object)");
        Path bom = tmp.resolve("bom.json"), utf16 = tmp.resolve("utf16.json"), latin = tmp.resolve("latin1.json");
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] withBom = new byte[utf8.length + 3];
        withBom[0] = (byte) 0xEF; withBom[1] = (byte) 0xBB; withBom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, withBom, 3, utf8.length);
        Files.write(bom, withBom);
        Files.write(utf16, text.getBytes(java.nio.charset.StandardCharsets.UTF_16));
        Files.write(latin, text.replace("LeNet-5", "LeNet-5 \u00e9").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertRejected(bom, bom + ": starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without a byte order mark");
        assertRejected(utf16, utf16 + ": is UTF-16 or UTF-32 text, not UTF-8");
        assertRejected(latin, latin + ": is not UTF-8 text");
    }

    @Test
    void thousandsOfProblemsPrintTwentyLinesAndACount() throws IOException {
        StringBuilder b = new StringBuilder("{\"name\": \"many\", \"model\": {\"architecture\": \"lenet5\"}");
        for (int i = 0; i < 3000; i++) b.append(", \"k").append(i).append("\": 1");
        Path f = tmp.resolve("many.json");
        Files.writeString(f, b.append("}").toString());
        CliHarness.Result r = CliHarness.run("validate", f.toString());
        assertEquals(2, r.code());
        List<String> lines = r.err().strip().lines().toList();
        assertEquals(21, lines.size(), r.err());
        assertEquals("hass: " + f + ": and 2980 more problems", lines.get(20));
    }

    @Test
    void aBoardWithoutBramIsRejected() throws IOException {
        Path board = tmp.resolve("board.json");
        Files.writeString(board, "{\"name\":\"b\",\"dsp\":100,\"bram18\":0,\"lut\":10000,\"ff\":20000,\"frequencyMhz\":200,\"dramGbps\":10}");
        assertRejected(quickstart("board-exp.json", "\"platform\": \"u250\"", "\"platform\": \"" + board + "\""),
                "$.hardware.platform: the platform file is not usable: " + board + ": field 'bram18' = 0 must be an integer >= 1");
        CliHarness.Result hw = CliHarness.run("hardware", "--network", "lenet5", "--platform", board.toString());
        assertEquals(2, hw.code(), hw.out() + hw.err());
        assertFalse(hw.out().contains("Infinity"), hw.out());
    }

    @Test
    void anUnwritableOutputIsASentenceAtOnce() throws IOException {
        long t0 = System.nanoTime();
        CliHarness.Result s = CliHarness.run("search", "experiments/quickstart.json", "--out", "/proc/hass-x");
        assertEquals(2, s.code(), s.err());
        assertTrue(s.err().contains("hass: /proc/hass-x: cannot create the results folder"), s.err());
        assertTrue((System.nanoTime() - t0) / 1e9 < 10, "before any setup");
        Path journal = tmp.resolve("journal.log");
        Files.writeString(journal, "");
        CliHarness.Result i = CliHarness.run("import-optuna", journal.toString(), "--out", "/proc/hass-x/trials.jsonl");
        assertEquals(2, i.code(), i.err());
        assertTrue(i.err().contains("hass: /proc/hass-x/trials.jsonl: cannot create the folder /proc/hass-x"), i.err());
        assertTrue(i.err().contains("choose another --out"), i.err());
    }
}
