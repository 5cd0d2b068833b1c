package dev.hass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hass.cli.CliHarness.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproduceCommandTest {
    @Test
    void unknownModelIsAUsageError() {
        Result r = CliHarness.run("reproduce", "tables", "--quick", "--models", "alexnet");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--models: 'alexnet'; allowed: lenet5, vgg_small, resnet8, mobilenet_small, repvgg_small"), r.err());
    }

    @Test
    void missingExperimentFileNamesIt(@TempDir Path dir) {
        Result r = CliHarness.run("reproduce", "tables", "--quick", "--tables", "1", "--experiments", dir.toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(dir.resolve("lenet5-u250.json").toString()), r.err());
    }

    @Tag("slow")   // the DSE of every ImageNet network (table 3)
    @Test
    void hardwareTableAloneNeedsNoModel(@TempDir Path dir) throws Exception {
        Result r = CliHarness.run("reproduce", "tables", "--quick", "--tables", "3", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        String csv = Files.readString(dir.resolve("table3-imagenet-hardware.csv"));
        assertTrue(csv.lines().anyMatch(l -> l.startsWith("mobilenet_v3_small,0.11,sparse,0.7,")), csv);
        assertTrue(Files.readString(dir.resolve("tables.md")).contains("--quick"));
    }

    @Test
    void tablesOutsideOneToThreeAreRejected() {
        Result r = CliHarness.run("reproduce", "tables", "--tables", "4");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--tables: 4; allowed: 1, 2, 3"), r.err());
    }
}
