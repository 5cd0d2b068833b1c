package dev.hass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hass.cli.CliHarness.Result;
import dev.hass.nn.TrainedLenet5;
import dev.hass.study.Trial;
import dev.hass.study.TrialLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hass search --workers N} with the real oracle and DSE (the shared trained LeNet-5, Fashion-MNIST): every
 * algorithm's trial log, timings aside, is the same in one process and with 1 and 2 worker JVMs
 * ({@code hass worker}, started by the search itself).
 */
class WorkersSearchTest {
    @TempDir Path tmp;

    @Test
    void badWorkerOptionsAreUsageErrors() {
        for (String[] bad : new String[][] {{"--workers", "-1"}, {"--threads-per-worker", "0"}, {"--lease-seconds", "0"}}) {
            Result r = CliHarness.run("search", "experiments/quickstart.json", bad[0], bad[1]);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains(bad[0] + " must be") && r.err().contains("got " + bad[1]), r.err());
        }
    }

    @Test
    void aWorkerForAFolderThatNeverAppearsIsAnErrorNotAFinishedWorker(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Result typo = CliHarness.run("worker", dir.resolve("no-such-run").toString(), "--wait-seconds", "0");
        assertEquals(2, typo.code(), typo.err());
        assertTrue(typo.err().contains("no-such-run: no such folder") && typo.err().contains("check the path"), typo.err());
        assertFalse(java.nio.file.Files.exists(dir.resolve("no-such-run")), "the heartbeat's folders are removed again");
        Result idle = CliHarness.run("worker", dir.toString(), "--wait-seconds", "0");   // a folder whose coordinator is done
        assertEquals(0, idle.code(), idle.err());
        assertTrue(idle.err().contains("no live work queue"), idle.err());
    }

    @Test
    @Tag("slow")   // a real search three times, three worker JVMs
    void theSameSeedGivesTheSameTrialLogInOneProcessAndOnOneOrTwoWorkers() throws Exception {
        assumeTrue(SearchExperiments.datasetInstalled(), "Fashion-MNIST not installed: skipping the search on workers");
        ObjectMapper json = new ObjectMapper();
        ObjectNode e = (ObjectNode) json.readTree(Path.of("experiments/quickstart.json").toFile());
        e.put("name", "workers");
        ((ObjectNode) e.get("model")).put("checkpoint", TrainedLenet5.checkpoint().toAbsolutePath().toString());
        ((ObjectNode) e.get("search")).put("algorithm", "all").put("populationSize", 4).put("evaluations", 6);
        ((ObjectNode) e.get("oracle")).put("finalistFineTuneSteps", 0).put("evaluationImages", 200);
        Path file = tmp.resolve("workers.json");
        Files.writeString(file, e.toPrettyString());

        List<String> expected = null;
        for (int n = 0; n <= 2; n++) {
            Path out = tmp.resolve("n" + n);
            Result r = CliHarness.run("search", file.toString(), "--out", out.toString(), "--workers", Integer.toString(n),
                    "--threads-per-worker", "1", "--lease-seconds", "60");
            assertEquals(0, r.code(), r.out() + r.err());
            List<String> log = untimed(out.resolve(TrialLog.FILE));
            assertEquals(1 + 4 * 6, log.size(), "the dense trial and each algorithm's budget");
            if (n == 0) {
                expected = log;
                assertFalse(r.err().contains("local workers"), r.err());
                continue;
            }
            assertTrue(r.err().contains(n + " local workers, 1 libtorch thread(s) each, lease 60 s"), r.err());
            for (int i = 0; i < expected.size(); i++) assertEquals(expected.get(i), log.get(i), n + " worker(s): trial " + i);
            for (int k = 0; k < n; k++) {
                String w = Files.readString(out.resolve("work/logs/worker-" + k + ".log"));
                assertTrue(w.contains("candidate(s) scored"), "worker " + k + " finished: " + w);
            }
            assertTrue(Files.exists(out.resolve("work/done")));
        }
    }

    static List<String> untimed(Path log) throws Exception {
        return TrialLog.read(log).stream().map(t -> new Trial(t.number(), t.algorithm(), t.seed(), t.generation(), t.state(),
                t.params(), t.values(), t.constraints(), t.layers(), t.design(), null, null, 0, 0, t.error()))
                .map(TrialLog::toJson).toList();
    }
}
