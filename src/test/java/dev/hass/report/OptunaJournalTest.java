package dev.hass.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hass.study.Direction;
import dev.hass.study.Pareto;
import dev.hass.study.ResultsFiles;
import dev.hass.study.Trial;
import dev.hass.study.TrialState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptunaJournalTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern TS = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}");

    static List<JsonNode> ops(Path journal) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(journal)) out.add(JSON.readTree(l)); // strict: NaN/Infinity would fail here
        return out;
    }

    @Test
    void journalFollowsTheVerifiedFormat(@TempDir Path dir) throws IOException {
        List<Trial> trials = ResultsFixture.standardTrials();
        ResultsFixture.write(dir, trials);
        Reports.syncJournal(dir); // what the search calls after every generation
        Path j = dir.resolve(ResultsFiles.OPTUNA_JOURNAL);
        String text = Files.readString(j);
        assertTrue(text.endsWith("\n"));
        assertFalse(text.contains("NaN") || text.contains("Infinity"));
        List<JsonNode> ops = ops(j);
        assertEquals(0, ops.get(0).get("op_code").asInt());
        assertEquals("lenet-fmnist-test", ops.get(0).get("study_name").asText());
        assertEquals("[2,2]", ops.get(0).get("directions").toString());
        assertEquals(3, ops.get(1).get("op_code").asInt());
        assertEquals("[\"accuracy\",\"throughput\"]", ops.get(1).at("/system_attr/study:metric_names").toString());
        List<JsonNode> creates = ops.stream().filter(o -> o.get("op_code").asInt() == 4).toList();
        assertEquals(trials.size(), creates.size());
        assertTrue(ops.stream().allMatch(o -> o.get("op_code").asInt() <= 9 && o.get("worker_id").isTextual()));
        for (int i = 0; i < creates.size(); i++) {
            JsonNode c = creates.get(i);
            Trial t = trials.get(i);
            assertEquals(0, c.get("study_id").asInt());
            assertTrue(TS.matcher(c.get("datetime_start").asText()).matches(), c.get("datetime_start").asText());
            assertTrue(TS.matcher(c.get("datetime_complete").asText()).matches());
            assertEquals(t.number(), c.at("/user_attrs/hass_trial").asInt());
            assertTrue(c.get("value").isNull());
            assertTrue(c.get("intermediate_values").isObject());
            for (Map.Entry<String, Double> p : t.params().entrySet()) {
                JsonNode d = JSON.readTree(c.at("/distributions/" + p.getKey().replace("/", "~1")).asText()); // a JSON string
                assertEquals("FloatDistribution", d.get("name").asText());
                double v = c.get("params").get(p.getKey()).asDouble();
                assertEquals(p.getValue(), v, 0);
                assertTrue(v >= d.at("/attributes/low").asDouble() && v <= d.at("/attributes/high").asDouble());
            }
            if (t.complete()) {
                assertEquals(1, c.get("state").asInt());
                assertEquals(t.values().get("accuracy"), c.get("values").get(0).asDouble(), 0);
                assertEquals(t.values().get("throughput"), c.get("values").get(1).asDouble(), 0);
                assertEquals(2, c.at("/system_attrs/constraints").size(), "constraints on every complete trial");
                assertEquals(t.constraints().get("accuracyDrop"), c.at("/system_attrs/constraints/0").asDouble(), 0);
                assertTrue(c.at("/user_attrs/weight_sparsity.conv2").isNumber());
                assertTrue(c.at("/user_attrs/design/throughput").isNumber());
            } else {
                assertEquals(3, c.get("state").asInt());
                assertTrue(c.get("values").isNull());
                assertEquals(t.error(), c.at("/user_attrs/error").asText());
            }
            boolean nsga = t.algorithm().equals("nsga2");
            assertEquals(nsga, c.at("/system_attrs").has("nsga2:generation"));
            assertEquals(nsga, c.at("/system_attrs").has("NSGAIISampler:generation"));
            if (nsga) assertEquals(t.generation(), c.at("/system_attrs/NSGAIISampler:generation").asInt());
        }
        assertFalse(Files.exists(JournalLock.lockPath(j)), "lock released");
    }

    @Test
    void laterSyncsAppendOnlyNewTrialsAndEndAsAFreshWrite(@TempDir Path dir) throws IOException {
        List<Trial> trials = ResultsFixture.standardTrials();
        Path a = ResultsFixture.write(dir.resolve("a"), trials.subList(0, 20));
        ReportInput first = ReportInput.load(a);
        assertEquals(new OptunaJournal.SyncResult(20, false), OptunaJournal.sync(a.resolve(ResultsFiles.OPTUNA_JOURNAL), first));
        long before = Files.size(a.resolve(ResultsFiles.OPTUNA_JOURNAL));
        ResultsFixture.write(a, trials);
        assertEquals(new OptunaJournal.SyncResult(trials.size() - 20, false), OptunaJournal.sync(a.resolve(ResultsFiles.OPTUNA_JOURNAL), ReportInput.load(a)));
        assertEquals(new OptunaJournal.SyncResult(0, false), OptunaJournal.sync(a.resolve(ResultsFiles.OPTUNA_JOURNAL), ReportInput.load(a)));
        assertTrue(Files.size(a.resolve(ResultsFiles.OPTUNA_JOURNAL)) > before);
        Path b = ResultsFixture.write(dir.resolve("b"), trials);
        OptunaJournal.sync(b.resolve(ResultsFiles.OPTUNA_JOURNAL), ReportInput.load(b));
        assertArrayEquals(Files.readAllBytes(b.resolve(ResultsFiles.OPTUNA_JOURNAL)), Files.readAllBytes(a.resolve(ResultsFiles.OPTUNA_JOURNAL)));
    }

    @Test
    void aChangedLogRewritesAJournalThatIsOnlyOursAndRefusesOtherwise(@TempDir Path dir) throws IOException {
        List<Trial> trials = new ArrayList<>(ResultsFixture.standardTrials());
        Path a = ResultsFixture.write(dir.resolve("a"), trials);
        Path j = a.resolve(ResultsFiles.OPTUNA_JOURNAL);
        OptunaJournal.sync(j, ReportInput.load(a));
        Trial t3 = trials.get(3);
        Map<String, Double> v = new LinkedHashMap<>(t3.values());
        v.put("accuracy", v.get("accuracy") - 0.001);
        trials.set(3, new Trial(t3.number(), t3.algorithm(), t3.seed(), t3.generation(), t3.state(), t3.params(), v, t3.constraints(),
                t3.layers(), t3.design(), t3.startedAt(), t3.completedAt(), t3.oracleSeconds(), t3.dseSeconds(), t3.error()));
        ResultsFixture.write(a, trials);
        assertEquals(new OptunaJournal.SyncResult(trials.size(), true), OptunaJournal.sync(j, ReportInput.load(a)));
        assertEquals(t3.values().get("accuracy") - 0.001, ops(j).get(2 + 2 + 3).at("/values/0").asDouble(), 0);
        // someone else's study in the same file: rewriting would drop it, so it is an error
        Files.writeString(j, "{\"op_code\":0,\"worker_id\":\"py-1\",\"study_name\":\"other\",\"directions\":[1]}\n", StandardOpenOption.APPEND);
        trials.set(3, t3);
        ResultsFixture.write(a, trials);
        ReportException e = assertThrows(ReportException.class, () -> OptunaJournal.sync(j, ReportInput.load(a)));
        assertTrue(e.getMessage().contains("other studies") && e.getMessage().contains(j.toString()), e.getMessage());
        assertFalse(Files.exists(JournalLock.lockPath(j)), "lock released after the error");
    }

    @Test
    void severalWritersShareOneJournalThroughTheLock(@TempDir Path dir) throws Exception {
        Path shared = dir.resolve("shared-journal.log");
        List<Trial> trials = ResultsFixture.standardTrials();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int w = 0; w < 3; w++) {
            Path folder = ResultsFixture.write(dir.resolve("r" + w), List.of());
            Files.writeString(folder.resolve("experiment.json"), ResultsFixture.EXPERIMENT.replace("lenet-fmnist-test", "study-" + w));
            threads.add(new Thread(() -> {
                try {
                    for (int n = 5; n <= trials.size(); n += 5) { // a search regenerating after every "generation"
                        ResultsFixture.write(folder, trials.subList(0, n));
                        Files.writeString(folder.resolve("experiment.json"), ResultsFixture.EXPERIMENT.replace("lenet-fmnist-test", folder.getFileName().toString().replace("r", "study-")));
                        OptunaJournal.sync(shared, ReportInput.load(folder));
                    }
                } catch (Throwable t) {
                    errors.add(t);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) t.join(120_000);
        assertEquals(List.of(), errors);
        JournalReplay r = JournalReplay.read(shared);
        assertEquals(3, r.studies.size());
        int expected = trials.size() / 5 * 5;
        for (JournalReplay.JStudy s : r.studies.values()) {
            assertEquals(expected, s.trials.size(), s.name);
            for (int i = 0; i < expected; i++) assertEquals(i, s.trials.get(i).userAttrs.get("hass_trial").asInt());
        }
        for (String l : Files.readAllLines(shared)) JSON.readTree(l);
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".lock")), "no lock left behind");
        }
    }

    @Test
    void aHeldLockIsWaitedForAndAStaleOneIsReleasedAfterTheGracePeriod(@TempDir Path dir) throws Exception {
        Path j = dir.resolve("j.log");
        Files.writeString(j, "");
        JournalLock held = JournalLock.acquire(j);
        assertTrue(Files.isSymbolicLink(JournalLock.lockPath(j)), "Optuna's default lock kind: a symlink");
        long t0 = System.nanoTime();
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(300);
                held.close();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        releaser.start();
        try (JournalLock l = JournalLock.acquire(j)) {
            assertTrue(System.nanoTime() - t0 >= 250_000_000L, "waited for the holder");
        }
        releaser.join();
        Files.createFile(JournalLock.lockPath(j)); // an O_EXCL lock left by a crashed writer
        try (JournalLock l = JournalLock.acquire(j, java.time.Duration.ofMillis(400))) {
            assertTrue(Files.exists(JournalLock.lockPath(j), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        }
        assertFalse(Files.exists(JournalLock.lockPath(j), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("j.log"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void readerToleratesAHalfLastLineAndRejectsWhatOptunaRejects(@TempDir Path dir) throws IOException {
        Path sample = dir.resolve("j.log");
        String study = "{\"op_code\":0,\"worker_id\":\"w\",\"study_name\":\"s\",\"directions\":[2]}\n";
        String trial = "{\"op_code\":4,\"worker_id\":\"w\",\"study_id\":0,\"datetime_start\":\"2025-01-15T10:00:00.000000+00:00\",\"state\":1,"
                + "\"values\":[NaN],\"datetime_complete\":\"2025-01-15T10:00:01.000000\",\"distributions\":{\"x\":"
                + "\"{\\\"name\\\":\\\"IntDistribution\\\",\\\"attributes\\\":{\\\"low\\\":1,\\\"high\\\":9}}\"},\"params\":{\"x\":3.0},"
                + "\"user_attrs\":{\"r\":Infinity},\"system_attrs\":{}}\n";
        Files.writeString(sample, study + trial + "{\"op_code\":4,\"worker_id\":\"w\",\"stu");
        List<Trial> got = OptunaImport.read(sample, null);
        assertEquals(1, got.size());
        assertTrue(got.get(0).values().get("value").isNaN());
        assertEquals(3.0, got.get(0).params().get("x"));
        assertTrue(TS.matcher(got.get(0).startedAt()).matches(), "aware time converted to naive local: " + got.get(0).startedAt());
        Files.writeString(sample, study + "{\"op_code\":10,\"worker_id\":\"w\"}\n" + trial);
        ReportException e = assertThrows(ReportException.class, () -> OptunaImport.read(sample, null));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("op_code 10"), e.getMessage());
        Files.writeString(sample, study + "{\"op_code\":4,\"wor\n" + trial);
        e = assertThrows(ReportException.class, () -> OptunaImport.read(sample, null));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("followed by more lines"), e.getMessage());
        Files.writeString(sample, study + study.replace("\"s\"", "\"t\""));
        e = assertThrows(ReportException.class, () -> OptunaImport.read(sample, null));
        assertTrue(e.getMessage().contains("--study") && e.getMessage().contains("[s, t]"), e.getMessage());
        assertNull(null);
    }

    @Test
    void aScreenImportsBackAsTheScreenItWasNotAsAFailure(@TempDir Path dir) throws IOException {
        List<Trial> trials = new ArrayList<>(ResultsFixture.standardTrials());
        Trial last = trials.get(trials.size() - 1);
        Trial screen = new Trial(trials.size(), last.algorithm(), last.seed(), last.generation(), last.state(), last.params(),
                last.values(), last.constraints(), last.layers(), last.design(), last.startedAt(), last.completedAt(),
                0, 0, null, new Trial.Fidelity(Trial.Fidelity.SCREEN, 100, 100, 0, 0.25));
        Trial full = new Trial(trials.size() + 1, last.algorithm(), last.seed(), last.generation(), last.state(), last.params(),
                last.values(), last.constraints(), last.layers(), last.design(), last.startedAt(), last.completedAt(),
                0, 0, null, new Trial.Fidelity(Trial.Fidelity.FULL, 400, 400, 0, 1));
        trials.add(screen);
        trials.add(full);
        ResultsFixture.write(dir, trials);
        Reports.syncJournal(dir);
        List<Trial> back = OptunaImport.read(dir.resolve(ResultsFiles.OPTUNA_JOURNAL), "lenet-fmnist-test");
        assertEquals(trials, back);
        Trial s = back.get(back.size() - 2);
        assertTrue(s.complete() && !s.fullFidelity() && s.cost() == 0.25, s.toString());
    }

    @Test
    void ourJournalImportsBackToTheSameTrials(@TempDir Path dir) throws IOException {
        List<Trial> trials = ResultsFixture.standardTrials();
        ResultsFixture.write(dir, trials);
        Reports.syncJournal(dir);
        List<Trial> back = OptunaImport.read(dir.resolve(ResultsFiles.OPTUNA_JOURNAL), "lenet-fmnist-test");
        assertEquals(trials, back);
    }

    @Test
    void theReferenceSampleImportsWithOptunasBestTrials() throws Exception {
        // a journal written by real Optuna (3.1-5.0 read it alike), shipped in src/test/resources/optuna
        Path sample = Path.of(OptunaJournalTest.class.getResource("/optuna/journal-sample.log").toURI());
        List<Trial> t = OptunaImport.read(sample, null);
        assertEquals(7, t.size());
        assertEquals(6, t.stream().filter(Trial::complete).count());
        Trial fail = t.get(6);
        assertEquals(TrialState.FAIL, fail.state());
        assertEquals("CUDA out of memory", fail.error());
        assertEquals(Map.of("accuracy", 0.912, "throughput", 120.0), t.get(0).values());
        assertEquals(8.0, t.get(0).params().get("batch_size"));
        assertEquals(0.45, t.get(0).params().get("nms_threshold"));
        assertEquals(0.10000000000000009, t.get(5).constraints().get("c0"));
        assertEquals(16.0, t.get(4).params().get("batch_size"), "params set by op 5 on a running trial");
        assertEquals("2025-01-15T10:47:00.123456", t.get(4).completedAt());
        // our Pareto front over the imported trials is what the doc says Optuna's best_trials returns
        ReportInput in = new ReportInput("s", null, new LinkedHashMap<>(Map.of("accuracy", Direction.MAXIMIZE, "throughput", Direction.MAXIMIZE)),
                null, Map.of(), t);
        assertEquals(List.of(0, 1, 2, 3), Pareto.front(t, in.objectiveSpace()).stream().map(Trial::number).toList());
    }
}
