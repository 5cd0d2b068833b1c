package dev.hass.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hass.cluster.CollectResult.SummaryRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector on trial logs written by hand in the format of dev.hass.study.Trial. */
class CollectorTest {
    static String trial(int n, String state, double acc, double thr, double drop) {
        return "{\"number\":" + n + ",\"algorithm\":\"nsga2\",\"seed\":1,\"generation\":0,\"state\":\"" + state
                + "\",\"params\":{\"tw.conv1\":0.1},\"values\":{\"accuracy\":" + acc + ",\"throughput\":" + thr
                + "},\"constraints\":{\"accuracyDrop\":" + drop + ",\"resources\":-0.2},"
                + "\"startedAt\":\"2026-11-27T13:00:0" + n + ".000000\",\"completedAt\":\"2026-11-27T13:00:0" + (n + 1) + ".000000\"}\n";
    }

    @Test
    void aScreenSpendsItsShareOfTheBudgetAndIsNeverTheBestDesign(@TempDir Path dir) throws IOException {
        String screen = ",\"fidelity\":{\"level\":\"screen\",\"evaluationImages\":125,\"histogramImages\":125,"
                + "\"fineTuneSteps\":0,\"cost\":0.25}}\n";
        Path log = dir.resolve("trials.jsonl");
        Files.writeString(log, trial(0, "COMPLETE", 0.90, 1000, -0.01)
                + trial(1, "COMPLETE", 0.89, 2000, -0.005)
                + trial(2, "COMPLETE", 0.91, 9000, -0.01).replaceFirst("}\n$", screen)    // looks best, measured on few images
                + trial(3, "COMPLETE", 0.91, 8000, -0.01).replaceFirst("}\n$", screen));
        TaskResult r = Collector.read(new TaskSpec(0, "/x/e.json", "e", "u250", 1, "t"), log, 1.0).get(0);
        assertEquals(2.5, r.evaluations(), 1e-12, "two full evaluations and two screens at 0.25");
        assertEquals(2000.0, r.bestThroughput(), "a screen is not a design");
        assertEquals(2, r.feasible());
    }

    @Test
    void summarisesFeasibleTrialsPerExperimentAndBoardAndNamesMissingTasks(@TempDir Path dir) throws IOException {
        List<TaskSpec> tasks = List.of(
                new TaskSpec(0, "/x/e.json", "e", "u250", 1, "tasks/000-e-u250-s1"),
                new TaskSpec(1, "/x/e.json", "e", "u250", 2, "tasks/001-e-u250-s2"),
                new TaskSpec(2, "/x/e.json", "e", "u250", 3, "tasks/002-e-u250-s3"));
        for (TaskSpec t : tasks) Files.createDirectories(dir.resolve(t.dir()));
        Path t0 = dir.resolve(tasks.get(0).dir()), t1 = dir.resolve(tasks.get(1).dir());
        Files.writeString(t0.resolve("trials.jsonl"),
                trial(0, "COMPLETE", 0.92, 500, -0.0).replace("nsga2", "dense")   // the reference: on the front, not an evaluation
                + trial(0, "COMPLETE", 0.90, 1000, -0.01)
                + trial(1, "COMPLETE", 0.85, 3000, -0.001)
                + trial(2, "COMPLETE", 0.95, 5000, 0.01)          // infeasible: too large an accuracy drop
                + "{\"number\":3,\"algorithm\":\"nsga2\",\"state\":\"FAIL\",\"values\":{},\"constraints\":{},\"error\":\"oracle crashed\"}\n"
                + "{\"number\":4,\"state\":\"COMP");                 // torn by a kill: skipped
        Files.writeString(t0.resolve("DONE"), "exit=0\nseconds=10.0\n");
        Files.writeString(t1.resolve("trials.jsonl"), trial(0, "COMPLETE", 0.88, 2000, -0.005));
        Files.writeString(t1.resolve("DONE"), "exit=0\nseconds=20.0\n");
        Batch batch = new Batch(Batch.FORMAT, "b", "now", "test", "/x/bin/hass", "/x", null, null,
                new SlurmOptions(null, null, 1, null, null), tasks, List.of());
        BatchStatus st = new BatchStatus(dir, batch, List.of(
                new TaskStatus(tasks.get(0), TaskState.COMPLETED, "5_0", "exit 0"),
                new TaskStatus(tasks.get(1), TaskState.COMPLETED, "5_1", "exit 0"),
                new TaskStatus(tasks.get(2), TaskState.FAILED, "5_2", "exit 1: out of memory")), "files", null, null);

        CollectResult c = Collector.collect(st);

        TaskResult r0 = c.tasks().get(0);
        assertEquals("nsga2", r0.algorithm());
        assertEquals(4, r0.evaluations(), "3 complete + 1 failed trial; the torn line and the dense trial are not");
        assertEquals(3, r0.feasible(), "two nsga2 trials and the dense one");
        assertEquals(3000.0, r0.bestThroughput(), "the 5000 images/s trial breaks the accuracy constraint");
        assertEquals(0.85, r0.bestAccuracy());
        assertEquals(0.92 * 500 + 0.90 * (1000 - 500) + 0.85 * (3000 - 1000), r0.hypervolume(), 1e-9, "three boxes from (0, 0)");
        assertEquals(10.0, r0.wallSeconds());

        SummaryRow row = c.rows().get(0);
        assertEquals(2, row.seeds());
        assertEquals(3, row.expected());
        assertEquals("3", row.missingSeeds());
        double h0 = r0.hypervolume(), h1 = 0.88 * 2000;
        assertEquals((h0 + h1) / 2, row.hypervolume().mean(), 1e-9);
        assertEquals(Math.abs(h0 - h1) / Math.sqrt(2), row.hypervolume().std(), 1e-9, "sample std of two values");
        assertEquals(2500.0, row.bestThroughput().mean(), 1e-9);
        assertEquals(15.0, row.wallSeconds().mean(), 1e-9);
        assertEquals(List.of("task 2 (e, u250, seed 3): FAILED — exit 1: out of memory"), c.missing());

        String md = Files.readString(dir.resolve("summary.md"));
        assertEquals(1, c.rows().size(), "one row: only nsga2 trials besides the dense one");
        assertEquals("nsga2", row.algorithm());
        assertTrue(md.contains("| hypervolume (reference: origin) |") && md.contains("policy origin"), md);
        assertTrue(md.contains("| e | u250 | nsga2 | 2/3 (missing 3) |") && md.contains("Missing 1 of 3 tasks")
                && md.contains("- task 2 (e, u250, seed 3): FAILED — exit 1: out of memory"), md);
        List<CSVRecord> csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(Files.newBufferedReader(dir.resolve("summary.csv"))).getRecords();
        assertEquals(1, csv.size());
        assertEquals(row.hypervolume().mean(), Double.parseDouble(csv.get(0).get("hypervolume_mean")), 1e-9);
        assertEquals("3", csv.get(0).get("missing_seeds"));
        assertEquals(3, Files.readAllLines(dir.resolve("tasks.csv")).size(), "header + 2 collected tasks");
    }

    @Test
    void aCompletedTaskWithoutATrialLogIsMissingNotZero(@TempDir Path dir) throws IOException {
        TaskSpec t = new TaskSpec(0, "/x/e.json", "e", "u250", 1, "tasks/000-e-u250-s1");
        Files.createDirectories(dir.resolve(t.dir()));
        Batch batch = new Batch(Batch.FORMAT, "b", "now", "test", "/x/bin/hass", "/x", null, null,
                new SlurmOptions(null, null, 1, null, null), List.of(t), List.of());
        CollectResult c = Collector.collect(new BatchStatus(dir, batch,
                List.of(new TaskStatus(t, TaskState.COMPLETED, null, "exit 0")), "files", null, null));
        assertEquals(0, c.rows().get(0).seeds());
        assertTrue(Double.isNaN(c.rows().get(0).hypervolume().mean()));
        assertTrue(c.missing().get(0).contains("has no trials.jsonl"), c.missing().toString());
        assertTrue(Files.readString(dir.resolve("summary.csv")).contains("e,u250,-,0,1,,,"), "NaN is written as empty");
    }
}
