package dev.hass.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hass.study.ResultsFiles;
import dev.hass.study.Trial;
import dev.hass.study.TrialLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Journals checked by the real thing: Debian's python3-optuna run with /usr/bin/python3. */
@Tag("slow")
class RealOptunaTest {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final ObjectMapper JSON = new ObjectMapper();
    static Path script;

    @BeforeAll
    static void needOptuna(@TempDir Path tmp) throws Exception {
        boolean ok = Files.isExecutable(PYTHON)
                && new ProcessBuilder(PYTHON.toString(), "-c", "import optuna").redirectErrorStream(true).start().waitFor() == 0;
        Assumptions.assumeTrue(ok, "skipped: /usr/bin/python3 cannot import optuna (apt-get install python3-optuna python3-plotly python3-pandas)");
        script = tmp.resolve("optuna_check.py");
        try (InputStream in = RealOptunaTest.class.getResourceAsStream("optuna_check.py")) {
            Files.copy(in, script);
        }
    }

    static Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }

    static JsonNode finish(Process p) throws Exception {
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), "python failed: " + err);
        return JSON.readTree(out);
    }

    static JsonNode python(String... args) throws Exception {
        return finish(start(args));
    }

    @Test
    void optunaLoadsOurJournalAndItsFrontIsOurParetoCsv(@TempDir Path dir) throws Exception {
        List<Trial> trials = ResultsFixture.standardTrials();
        ResultsFixture.write(dir, trials);
        Reports.regenerate(dir);
        JsonNode r = python("load", dir.resolve(ResultsFiles.OPTUNA_JOURNAL).toString(), "lenet-fmnist-test");
        assertEquals("[\"MAXIMIZE\",\"MAXIMIZE\"]", r.get("directions").toString());
        assertEquals("[\"accuracy\",\"throughput\"]", r.get("metric_names").toString());
        assertEquals(trials.size(), r.get("n_trials").asInt());
        assertEquals(trials.size() - 1, r.at("/states/COMPLETE").asInt());
        assertEquals(1, r.at("/states/FAIL").asInt());
        assertTrue(r.get("constraints_on_every_complete").asBoolean());
        assertEquals(trials.size(), r.get("dataframe_rows").asInt(), "trials_dataframe has every trial");
        assertTrue(r.get("dataframe_has").toString().contains("params_tw.conv2"), r.get("dataframe_has").toString());
        assertEquals("FloatDistribution", r.at("/distributions/tw.conv1").asText());
        assertEquals(trials.get(0).startedAt(), r.get("datetime_start0").asText());
        // Optuna's Pareto front over the feasible trials equals pareto.csv: same trials, params and values
        List<CSVRecord> pareto = ReportsTest.csv(dir.resolve(ResultsFiles.PARETO_CSV));
        JsonNode front = r.get("feasible_front");
        assertEquals(pareto.size(), front.size());
        for (int i = 0; i < pareto.size(); i++) {
            CSVRecord row = pareto.get(i);
            JsonNode f = front.get(i);
            assertEquals(Integer.parseInt(row.get("number")), f.get("number").asInt());
            assertEquals(Integer.parseInt(row.get("number")), f.get("hass_trial").asInt());
            assertEquals(Double.parseDouble(row.get("value.accuracy")), f.at("/values/0").asDouble(), 0);
            assertEquals(Double.parseDouble(row.get("value.throughput")), f.at("/values/1").asDouble(), 0);
            for (String l : ResultsFixture.LAYERS) {
                assertEquals(Double.parseDouble(row.get("param.tw." + l)), f.at("/params/tw." + l).asDouble(), 0);
                assertEquals(Double.parseDouble(row.get("param.ta." + l)), f.at("/params/ta." + l).asDouble(), 0);
            }
            assertEquals(Double.parseDouble(row.get("constraint.accuracyDrop")), f.at("/constraints/0").asDouble(), 0);
        }
        // Optuna's own NSGA-II continues from our last generation (3) into generation 4
        for (JsonNode c : r.get("continued")) {
            assertEquals(4, c.get("gen").asInt(), r.get("continued").toString());
            assertTrue(c.get("in_range").asBoolean());
        }
        assertEquals(trials.size() + 3, r.get("n_trials_after").asInt());
        // after Python added trials to the study, regenerating appends nothing and keeps theirs
        assertEquals(0, Reports.regenerate(dir).journal().appendedTrials());
        assertEquals(trials.size() + 3, python("load", dir.resolve(ResultsFiles.OPTUNA_JOURNAL).toString(), "lenet-fmnist-test").get("n_trials").asInt());
    }

    @Test
    void aScreenOfAMultiFidelitySearchIsPrunedForOptunaAndNeverOnItsFront(@TempDir Path dir) throws Exception {
        List<Trial> trials = new java.util.ArrayList<>(ResultsFixture.standardTrials());
        Trial last = trials.get(trials.size() - 1);
        Map<String, Double> better = new java.util.LinkedHashMap<>(last.values());
        better.replaceAll((k, v) -> v * 10);   // better than every measured design in both objectives
        Trial screen = new Trial(trials.size(), last.algorithm(), last.seed(), last.generation(), last.state(), last.params(), better,
                Map.of("accuracyDrop", -0.01, "resources", -0.5), last.layers(), last.design(), last.startedAt(), last.completedAt(),
                0, 0, null, new Trial.Fidelity(Trial.Fidelity.SCREEN, 100, 100, 0, 0.1));
        trials.add(screen);
        ResultsFixture.write(dir, trials);
        Reports.regenerate(dir);
        JsonNode r = python("load", dir.resolve(ResultsFiles.OPTUNA_JOURNAL).toString(), "lenet-fmnist-test");
        assertEquals(1, r.at("/states/PRUNED").asInt());
        assertEquals(trials.size() - 2, r.at("/states/COMPLETE").asInt());
        assertTrue(!r.get("best_trials_all").toString().contains(String.valueOf(screen.number())), r.get("best_trials_all").toString());
        List<CSVRecord> pareto = ReportsTest.csv(dir.resolve(ResultsFiles.PARETO_CSV));
        assertEquals(pareto.size(), r.get("feasible_front").size());
        for (int i = 0; i < pareto.size(); i++) {
            assertEquals(Integer.parseInt(pareto.get(i).get("number")), r.get("feasible_front").get(i).get("number").asInt());
            assertTrue(Integer.parseInt(pareto.get(i).get("number")) != screen.number(), "the screen is not on pareto.csv");
        }
    }

    @Test
    void aJournalWrittenByOptunaImportsIntoOurTrials(@TempDir Path dir) throws Exception {
        Path j = dir.resolve("py.log");
        JsonNode w = python("write", j.toString());
        assertTrue(Files.readString(j).contains("NaN") && Files.readString(j).contains("Infinity"), "Optuna wrote non-finite attrs");
        List<Trial> got = OptunaImport.read(j, "py-made");
        JsonNode rows = w.get("trials");
        assertEquals(rows.size(), got.size(), "the RUNNING trial is not imported");
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            Trial t = got.get(i);
            assertEquals(row.get("number").asInt(), t.number());
            assertEquals("optuna", t.algorithm());
            assertEquals(row.get("state").asText(), t.state().name());
            assertEquals(row.get("x").asDouble(), t.params().get("x"), 0);
            assertEquals(row.get("n").asDouble(), t.params().get("n"), 0);
            double opt = t.params().get("opt");
            assertEquals(row.get("opt").isNumber() ? 0.5 : (row.get("opt").asText().equals("adam") ? 0 : 1), opt, 0);
            assertEquals(row.get("x").asDouble() - 0.5, t.constraints().get("c0"), 1e-12);
            assertEquals(0, t.generation());
            if (t.complete()) {
                assertEquals(Map.of("accuracy", row.at("/values/0").asDouble(), "latency", row.at("/values/1").asDouble()), t.values());
            } else {
                assertEquals(Map.of(), t.values());
                assertNull(row.get("values").isNull() ? null : row.get("values"));
            }
        }
        // and the command line does the same into a file
        Path out = dir.resolve("imported.jsonl");
        var res = dev.hass.cli.CliHarness.run("import-optuna", j.toString(), "--study", "py-made", "--out", out.toString());
        assertEquals(0, res.code(), res.err());
        assertEquals(got, TrialLog.read(out));
    }

    @Test
    void javaProcessesAndAnOptunaProcessShareOneJournal(@TempDir Path dir) throws Exception {
        List<Trial> trials = ResultsFixture.standardTrials();
        Path folder = ResultsFixture.write(dir.resolve("r"), trials.subList(0, 5));
        Path j = dir.resolve("r").resolve(ResultsFiles.OPTUNA_JOURNAL);
        OptunaJournal.sync(j, ReportInput.load(folder));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> jvms = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            jvms.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), JournalWriterProcess.class.getName(),
                    j.toString(), "java-" + w, "10", dir.resolve("w" + w).toString()).start());
        }
        Process py = start("hammer", j.toString(), "lenet-fmnist-test", "100");
        for (Process p : jvms) assertEquals(10, finish(p).get("done").asInt());
        assertEquals(100, finish(py).get("done").asInt());
        JournalReplay r = JournalReplay.read(j);
        assertEquals(3, r.studies.size());
        assertEquals(100, r.live("lenet-fmnist-test").userAttrs.keySet().stream().filter(k -> k.startsWith("py")).count());
        for (String name : List.of("java-0", "java-1")) {
            List<JournalReplay.JTrial> ts = r.live(name).trials;
            assertEquals(40, ts.size(), name);
            for (int i = 0; i < ts.size(); i++) assertEquals(i, ts.get(i).userAttrs.get("hass_trial").asInt(), name);
        }
        for (String l : Files.readAllLines(j)) JSON.readTree(l);
        try (Stream<Path> s = Files.list(j.getParent())) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().contains(".lock")), "no lock left behind");
        }
        assertEquals(40, python("load", j.toString(), "java-1").get("n_trials").asInt());
    }
}
