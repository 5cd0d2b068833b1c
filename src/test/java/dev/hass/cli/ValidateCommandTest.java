package dev.hass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        CliHarness.Result r = CliHarness.run("search", "experiments/quickstart.json", "--evaluations", "0", "--algorithm", "nsga");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("$.search.evaluations: got 0"), r.err());
        assertTrue(r.err().contains("$.search.algorithm: got \"nsga\"; allowed: nsga2, uniform, greedy, random, all (did you mean \"nsga2\"?)"), r.err());
        CliHarness.Result missing = CliHarness.run("search", tmp.resolve("none.json").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("none.json: cannot read"), missing.err());
        assertEquals(0, CliHarness.run("search", "--help").code());
    }
}
