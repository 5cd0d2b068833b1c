package dev.hass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    static final String EXPERIMENT = "{\"name\":\"cli-test\",\"hardware\":{\"platform\":\"zcu102\"},"
            + "\"objectives\":{\"accuracy\":\"maximize\",\"throughput\":\"maximize\"},\"constraints\":{\"maxAccuracyDrop\":0.02}}";
    static final String SPACE = "{\"tw\":{\"name\":\"FloatDistribution\",\"attributes\":{\"low\":0.0,\"high\":0.3,\"step\":0.001,\"log\":false}}}";

    static String trial(int n, String alg, double acc, double thr, double drop) {
        return "{\"number\":" + n + ",\"algorithm\":\"" + alg + "\",\"seed\":1,\"generation\":0,\"state\":\"COMPLETE\","
                + "\"params\":{\"tw\":" + (0.01 * n) + "},\"values\":{\"accuracy\":" + acc + ",\"throughput\":" + thr + "},"
                + "\"constraints\":{\"accuracyDrop\":" + drop + "},\"layers\":[{\"name\":\"conv1\",\"weightSparsity\":0.2,"
                + "\"activationSparsity\":0.4,\"productSparsity\":0.52,\"cycles\":900,\"denseCycles\":1800,\"dsp\":8,\"bottleneck\":true}],"
                + "\"startedAt\":\"2026-11-27T10:00:0" + n + ".000000\",\"completedAt\":\"2026-11-27T10:00:0" + n + ".500000\","
                + "\"oracleSeconds\":0.4,\"dseSeconds\":0.01}\n";
    }

    static Path folder(Path dir) throws Exception {
        Files.writeString(dir.resolve("experiment.json"), EXPERIMENT);
        Files.writeString(dir.resolve("space.json"), SPACE);
        Files.writeString(dir.resolve("trials.jsonl"), trial(0, "dense", 0.91, 1000, -0.02) + trial(1, "nsga2", 0.90, 2000, -0.01)
                + trial(2, "nsga2", 0.87, 4000, 0.02));
        return dir;
    }

    @Test
    void reportRegeneratesTheFolderAndPrintsTheSummary(@TempDir Path dir) throws Exception {
        folder(dir);
        CliHarness.Result r = CliHarness.run("report", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("# HASS results: cli-test"), r.out());
        assertTrue(r.out().contains("| throughput (maximize) | 1 | nsga2 |"), r.out());
        assertTrue(r.out().contains("3 trials appended"), r.out());
        for (String f : new String[] {"trials.csv", "pareto.csv", "summary.json", "summary.md", "optuna-journal.log",
                "pareto.png", "pareto.svg", "convergence.png", "convergence.svg", "layers.png", "layers.svg"}) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        assertEquals(3, Files.readAllLines(dir.resolve("pareto.csv")).size(), "header + trials 0 and 1 (trial 2 is infeasible)");
        CliHarness.Result again = CliHarness.run("report", dir.toString(), "--design", "0");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("0 trials appended"), again.out());
    }

    @Test
    void missingFolderOrLogOrBadDesignIsExitTwoWithTheFileNamed(@TempDir Path dir) throws Exception {
        CliHarness.Result r = CliHarness.run("report", dir.resolve("nowhere").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("nowhere") && r.err().contains("not a results folder"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        r = CliHarness.run("report", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("trials.jsonl: missing"), r.err());
        folder(dir);
        Files.writeString(dir.resolve("trials.jsonl"), "not json\n" + trial(0, "dense", 0.91, 1000, -0.02));
        r = CliHarness.run("report", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("trials.jsonl:1: not a trial"), r.err());
        folder(dir);
        r = CliHarness.run("report", dir.toString(), "--design", "7");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no trial number 7"), r.err());
    }

    @Test
    void importOptunaWritesTrialsToStdoutAndRejectsAMissingJournal(@TempDir Path dir) throws Exception {
        folder(dir);
        assertEquals(0, CliHarness.run("report", dir.toString()).code());
        CliHarness.Result r = CliHarness.run("import-optuna", dir.resolve("optuna-journal.log").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(3, r.out().lines().count());
        assertTrue(r.out().lines().allMatch(l -> l.startsWith("{\"number\":")), r.out());
        r = CliHarness.run("import-optuna", dir.resolve("none.log").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("none.log: no such journal file"), r.err());
        r = CliHarness.run("import-optuna", dir.resolve("optuna-journal.log").toString(), "--study", "zzz");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no study named 'zzz'") && r.err().contains("cli-test"), r.err());
    }
}
