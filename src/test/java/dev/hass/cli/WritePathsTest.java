package dev.hass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A path in an experiment file stays inside the working directory unless the command line says otherwise. */
class WritePathsTest {
    @TempDir Path tmp;

    private Path experiment(String name, String model, String output) throws IOException {
        Path f = tmp.resolve(name + ".json");
        Files.writeString(f, "{\"name\":\"" + name + "\",\"model\":" + model + (output == null ? "" : ",\"output\":\"" + output + "\"") + "}");
        return f;
    }

    @Test
    void anOutputOutsideTheWorkingDirectoryIsRefusedUnlessTheCommandLineSaysSo() throws IOException {
        String cwd = Path.of("").toAbsolutePath().toString();
        for (String out : new String[] {"/etc", "../outside", "results/../../outside"}) {
            Path f = experiment("o", "{\"architecture\":\"lenet5\"}", out);
            CliHarness.Result v = CliHarness.run("validate", f.toString());
            assertEquals(2, v.code(), v.out() + v.err());
            assertTrue(v.err().contains("hass: " + f + ": $.output: got \"" + out + "\"; a path in an experiment file must stay inside "
                    + "the working directory (" + cwd + "): pass --out DIR, or --allow-outside"), v.err());
            assertFalse(v.out().contains("OK"), v.out());
            assertEquals(0, CliHarness.run("validate", "--allow-outside", f.toString()).code());
        }
        Path f = experiment("p", "{\"architecture\":\"lenet5\"}", "/proc/hass-evil");
        CliHarness.Result s = CliHarness.run("search", f.toString());
        assertEquals(2, s.code(), s.err());
        assertTrue(s.err().contains("$.output: got \"/proc/hass-evil\""), s.err());
        assertFalse(Files.exists(Path.of("results/models/lenet5-never")));
        // accepted on the command line, the path goes on to the next check (the folder cannot be made)
        CliHarness.Result allowed = CliHarness.run("search", "--allow-outside", f.toString());
        assertEquals(2, allowed.code(), allowed.err());
        assertTrue(allowed.err().contains("/proc/hass-evil: cannot create the results folder"), allowed.err());
        CliHarness.Result out = CliHarness.run("search", f.toString(), "--out", "/proc/hass-given");
        assertTrue(out.err().contains("/proc/hass-given: cannot create the results folder"), out.err());
    }

    @Test
    void aCheckpointOutsideIsRefusedWhereHassWouldWriteIt() throws IOException {
        Path f = experiment("c", "{\"architecture\":\"lenet5\",\"checkpoint\":\"/proc/hass-ckpt\"}", null);
        CliHarness.Result v = CliHarness.run("validate", f.toString());
        assertEquals(2, v.code(), v.err());
        assertTrue(v.err().contains("$.model.checkpoint: got \"/proc/hass-ckpt\" (missing, so it would be trained there); a path in an "
                + "experiment file must stay inside the working directory"), v.err());
        CliHarness.Result t = CliHarness.run("train", f.toString());
        assertEquals(2, t.code(), t.err());
        assertTrue(t.err().contains("$.model.checkpoint: got \"/proc/hass-ckpt\" (train writes it)"), t.err());
        // an existing checkpoint elsewhere is only read: fine for validate and search, still refused by train
        Path ckpt = Files.createDirectories(tmp.resolve("ckpt"));
        Files.writeString(ckpt.resolve("metadata.json"), "{\"architecture\": \"lenet5\"}");
        Path g = experiment("d", "{\"architecture\":\"lenet5\",\"checkpoint\":\"" + ckpt + "\"}", null);
        assertEquals(0, CliHarness.run("validate", g.toString()).code());
        assertEquals(2, CliHarness.run("train", g.toString()).code());
    }
}
