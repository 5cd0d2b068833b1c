package dev.hass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hass.cli.CliHarness.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's ONNX model on ImageFolder data through a real batch: {@code submit --local} runs two seeds as two
 * {@code bin/hass search} processes (the jar failsafe tests run against), then status and the summary.
 */
@Tag("slow")
class OnnxBatchIT {

    @Test
    void aBatchOfOnnxSearchesRunsAndIsCollected(@TempDir Path tmp) throws Exception {
        assumeTrue(SearchExperiments.datasetInstalled(), "Fashion-MNIST not installed: skipping the ONNX batch");
        UserModelFixture f = UserModelFixture.make(tmp);
        Path e = f.experiment(tmp, "mine", f.folder(), UserModelFixture.ORACLE);
        Files.writeString(e, Files.readString(e).replace("\"algorithm\":\"all\"", "\"algorithm\":\"nsga2\""));
        Path root = tmp.resolve("batches");

        Result r = CliHarness.run("submit", "--local", e.toString(), "--seeds", "1-2", "--max-parallel", "2",
                "--batches-dir", root.toString(), "--id", "onnx");
        assertEquals(0, r.code(), r.out() + r.err());
        Path dir = root.resolve("onnx");
        Result st = CliHarness.run("batch", "status", dir.toString());
        assertTrue(st.out().contains("COMPLETED 2"), st.out());

        String md = Files.readString(dir.resolve("summary.md"));
        assertTrue(md.contains("| mine | u250 | nsga2 | 2/2 |") && md.contains("All 2 tasks collected."), md);
        List<String> csv = Files.readAllLines(dir.resolve("tasks.csv"));
        assertEquals(3, csv.size(), String.join("\n", csv));
        for (String row : csv.subList(1, 3)) {
            String[] c = row.split(",");
            assertEquals("nsga2", c[4], row);
            assertEquals("8", c[5], "the whole budget of " + row);
        }
        // each seed's own trial log names the ONNX layers the search pruned
        for (String seed : List.of("1", "2")) {
            Path log = dir.resolve("tasks/00" + (Integer.parseInt(seed) - 1) + "-mine-u250-s" + seed);
            assertTrue(Files.isDirectory(log), "task folder " + log + " in " + listing(dir.resolve("tasks")));
            List<String> trials = Files.readAllLines(log.resolve("trials.jsonl"));
            assertTrue(trials.stream().anyMatch(t -> t.contains("\"tw.conv2\"")), "ONNX node names as parameters: " + trials.get(0));
        }
    }

    private static String listing(Path d) throws Exception {
        try (var s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList().toString();
        }
    }
}
