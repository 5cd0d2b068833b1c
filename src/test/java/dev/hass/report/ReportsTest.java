package dev.hass.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hass.study.Hypervolume;
import dev.hass.study.ResultsFiles;
import dev.hass.study.Trial;
import dev.hass.study.TrialState;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
    /** One regenerated standard folder shared by the read-only tests (regenerating costs seconds on a busy machine). */
    @TempDir static Path sharedDir;
    static List<Trial> sharedTrials;
    static Reports.Result sharedResult;

    @org.junit.jupiter.api.BeforeAll
    static void regenerateOnce() throws IOException {
        sharedTrials = ResultsFixture.standardTrials();
        ResultsFixture.write(sharedDir, sharedTrials);
        sharedResult = Reports.regenerate(sharedDir);
    }

    static List<CSVRecord> csv(Path f) throws IOException {
        try (Reader r = Files.newBufferedReader(f);
             CSVParser p = CSVParser.parse(r, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            return p.getRecords();
        }
    }

    static List<String> header(Path f) throws IOException {
        return List.of(Files.readAllLines(f).get(0).split(","));
    }

    @Test
    void trialsCsvHasTheDocumentedColumnsInOrderAndEveryTrial() throws IOException {
        Path dir = sharedDir;
        List<Trial> trials = sharedTrials;
        List<String> h = header(dir.resolve(ResultsFiles.TRIALS_CSV));
        List<String> expected = new ArrayList<>(List.of("number", "algorithm", "seed", "generation", "state", "feasible"));
        for (String l : ResultsFixture.LAYERS) expected.addAll(List.of("param.tw." + l, "param.ta." + l));
        expected.addAll(List.of("value.accuracy", "value.throughput", "constraint.accuracyDrop", "constraint.resources"));
        for (String l : ResultsFixture.LAYERS) for (String f : TrialTable.LAYER_FIELDS) expected.add("layer." + l + "." + f);
        for (String f : TrialTable.DESIGN_FIELDS) expected.add("design." + f);
        expected.addAll(List.of("startedAt", "completedAt", "oracleSeconds", "dseSeconds", "error"));
        assertEquals(expected, h);
        List<CSVRecord> rows = csv(dir.resolve(ResultsFiles.TRIALS_CSV));
        assertEquals(trials.size(), rows.size());
        CSVRecord failed = rows.stream().filter(r -> r.get("state").equals("FAIL")).findFirst().orElseThrow();
        assertEquals("", failed.get("value.accuracy"));
        assertEquals("oracle: libtorch ran out of memory", failed.get("error"));
        CSVRecord dense = rows.get(0);
        assertEquals("dense", dense.get("algorithm"));
        assertEquals(ResultsFixture.CLOCK / 12800, Double.parseDouble(dense.get("value.throughput")), 1e-6);
        assertEquals("true", dense.get("layer.conv2.bottleneck"));
    }

    @Test
    void paretoCsvIsExactlyTheFeasibleNonDominatedSet() throws IOException {
        Path dir = sharedDir;
        List<Trial> trials = sharedTrials;
        assertEquals(header(dir.resolve(ResultsFiles.TRIALS_CSV)), header(dir.resolve(ResultsFiles.PARETO_CSV)));
        Set<Integer> front = new HashSet<>();
        for (CSVRecord r : csv(dir.resolve(ResultsFiles.PARETO_CSV))) front.add(Integer.parseInt(r.get("number")));
        assertFalse(front.isEmpty());
        List<Trial> feasible = trials.stream().filter(Trial::feasible).toList();
        assertTrue(feasible.size() < trials.size() - 1, "fixture must have infeasible trials");
        for (Trial t : feasible) {
            double a = t.values().get("accuracy"), x = t.values().get("throughput");
            boolean dominated = feasible.stream().anyMatch(o -> o.values().get("accuracy") >= a && o.values().get("throughput") >= x
                    && (o.values().get("accuracy") > a || o.values().get("throughput") > x));
            assertEquals(!dominated, front.contains(t.number()), "trial " + t.number());
        }
        Set<String> algs = new HashSet<>();
        for (CSVRecord r : csv(dir.resolve(ResultsFiles.PARETO_CSV))) algs.add(r.get("algorithm"));
        assertTrue(algs.contains("nsga2"), algs.toString());
        assertTrue(algs.contains("dense"), "the dense design has the best accuracy, so it is on the front: " + algs);
    }

    @Test
    void regeneratingGivesByteIdenticalFiles(@TempDir Path dir) throws IOException {
        ResultsFixture.standard(dir);
        Reports.regenerate(dir);
        Map<String, byte[]> first = snapshot(dir);
        assertTrue(first.keySet().containsAll(List.of("trials.csv", "pareto.csv", "summary.json", "summary.md", "optuna-journal.log",
                "pareto.png", "pareto.svg", "convergence.png", "convergence.svg", "layers.png", "layers.svg")), first.keySet().toString());
        for (String f : List.of("pareto.png", "pareto.svg")) Files.delete(dir.resolve(f)); // a rewrite, not only "unchanged"
        Reports.Result again = Reports.regenerate(dir);
        assertEquals(0, again.journal().appendedTrials());
        Map<String, byte[]> second = snapshot(dir);
        assertEquals(first.keySet(), second.keySet());
        for (String f : first.keySet()) assertArrayEquals(first.get(f), second.get(f), f);
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp") || p.getFileName().toString().endsWith(".lock")));
        }
    }

    static Map<String, byte[]> snapshot(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) m.put(p.getFileName().toString(), Files.readAllBytes(p));
        }
        return m;
    }

    @Test
    void chartsArePngAndSvgAtTheDocumentedSize() throws IOException {
        Path dir = sharedDir;
        Reports.Result r = sharedResult;
        assertEquals(List.of("pareto", "convergence", "layers"), r.charts());
        for (String c : r.charts()) {
            BufferedImage img = ImageIO.read(dir.resolve(c + ".png").toFile());
            assertNotNull(img, c);
            assertEquals(Charts.WIDTH, img.getWidth());
            assertEquals(Charts.HEIGHT, img.getHeight());
            assertTrue(distinctColours(img) > 8, c + " looks blank: " + distinctColours(img) + " colours");
            String svg = Files.readString(dir.resolve(c + ".svg"));
            assertTrue(svg.startsWith("<svg") || svg.contains("<svg "), c);
            assertTrue(svg.length() > 10_000, c + ".svg is only " + svg.length() + " chars");
        }
        for (String[] want : new String[][] {{"pareto", "throughput (images/s)"},
                {"pareto", "accuracy constraint"}, {"pareto", "NSGA-II Pareto front"}, {"pareto", "greedy"},
                {"convergence", "Hypervolume per generation"}, {"convergence", "generation"}, {"layers", "bottleneck: "}, {"layers", "this design (cycles/frame)"}}) {
            assertTrue(Files.readString(dir.resolve(want[0] + ".svg")).contains(want[1]), want[0] + ".svg lacks '" + want[1] + "'");
        }
    }

    @Test
    void writeViewableSample() throws IOException {
        // a fixed folder to look at the charts by eye: target/report-sample
        Path d = ResultsFixture.standard(Path.of("target", "report-sample"));
        Files.deleteIfExists(d.resolve(ResultsFiles.OPTUNA_JOURNAL));
        Reports.regenerate(d);
        assertTrue(Files.size(d.resolve("pareto.png")) > 10_000);
    }

    static int distinctColours(BufferedImage img) {
        Set<Integer> c = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) for (int x = 0; x < img.getWidth(); x += 3) c.add(img.getRGB(x, y));
        return c.size();
    }

    @Test
    void summaryCountsBestDesignsAndHypervolumes() throws IOException {
        Path dir = sharedDir;
        List<Trial> trials = sharedTrials;
        Reports.Result r = sharedResult;
        JsonNode s = new ObjectMapper().readTree(dir.resolve(ResultsFiles.SUMMARY_JSON).toFile());
        assertEquals(trials.size(), s.at("/counts/trials").asInt());
        assertEquals(1, s.at("/counts/failed").asInt());
        assertEquals(trials.stream().filter(Trial::feasible).count(), s.at("/counts/feasible").asLong());
        assertEquals(24, s.at("/counts/perAlgorithm/nsga2/trials").asInt());
        // best throughput: the feasible trial with the largest throughput
        Trial bestThr = trials.stream().filter(Trial::feasible).max((a, b) -> Double.compare(a.values().get("throughput"), b.values().get("throughput"))).orElseThrow();
        assertEquals(bestThr.number(), s.at("/best/throughput/number").asInt());
        assertEquals(0, s.at("/best/accuracy/number").asInt(), "the dense design is the most accurate");
        // reference point = the search's (policy dense): the dense accuracy less the allowed drop, dense throughput
        assertEquals("dense", s.at("/hypervolume/referencePolicy").asText());
        assertEquals(ResultsFixture.DENSE_ACC - ResultsFixture.MAX_DROP, s.at("/hypervolume/referencePoint/accuracy").asDouble(), 1e-12);
        assertEquals(ResultsFixture.CLOCK / 12800, s.at("/hypervolume/referencePoint/throughput").asDouble(), 1e-9);
        assertEquals(0.0, s.at("/hypervolume/perAlgorithm/dense").asDouble(), 0, "a point on the reference corner has no volume");
        double all = s.at("/hypervolume/all").asDouble();
        for (String a : List.of("nsga2", "uniform", "greedy", "random")) {
            double v = s.at("/hypervolume/perAlgorithm/" + a).asDouble();
            assertTrue(v >= 0 && v <= all + 1e-9, a + " " + v + " vs all " + all);
        }
        assertTrue(r.markdown().contains("| nsga2 | 24 |"), r.markdown());
        assertEquals(Files.readString(dir.resolve(ResultsFiles.SUMMARY_MD)), r.markdown());
    }

    @Test
    void hypervolumeOfAHandMadeFolderMatchesHandComputation(@TempDir Path dir) throws IOException {
        // feasible trials (accuracy, throughput): dense (0.91, 1000), a (0.90, 3000), b (0.895, 5000), c (0.905, 2000)
        // reference (policy dense) = (0.91 - 0.02, 1000) = (0.89, 1000); maximize both, boxes from it:
        // a: 0.01*2000 = 20; b: 0.005*4000 = 20, overlapping a's box in 0.005*2000 = 10 -> nsga2 30
        // c: 0.015*1000 = 15 (random; trial 4 is infeasible); union: b 20 + a above b 10 + c above a 0.005*1000 -> 35
        List<Trial> ts = List.of(simple(0, "dense", 0.91, 1000), simple(1, "nsga2", 0.90, 3000), simple(2, "nsga2", 0.895, 5000),
                simple(3, "random", 0.905, 2000), simple(4, "random", 0.85, 9000));
        ResultsFixture.write(dir, ts);
        Analysis a = Analysis.of(ReportInput.load(dir));
        assertEquals(Hypervolume.Policy.DENSE, a.reference().policy());
        assertEquals(0.89, a.reference().point().get("accuracy"), 1e-12);
        assertEquals(1000.0, a.reference().point().get("throughput"), 0);
        assertEquals(30.0, a.hypervolume().get("nsga2"), 1e-9);
        assertEquals(0.0, a.hypervolume().get("dense"), 1e-9);
        assertEquals(15.0, a.hypervolume().get("random"), 1e-9);
        assertEquals(35.0, a.hypervolume().get("all"), 1e-9);
        assertEquals(List.of(0, 1, 2, 3), a.front().stream().map(Trial::number).toList());

        // without a dense trial (an Optuna import) the reference is the nadir (0.895, 2000), and says so:
        // a: 0.005*1000 = 5, c: 0.010*0 = 0, b: 0
        ResultsFixture.write(dir, ts.subList(1, 5));
        Analysis n = Analysis.of(ReportInput.load(dir));
        assertEquals(Hypervolume.Policy.NADIR, n.reference().policy());
        assertEquals(Map.of("accuracy", 0.895, "throughput", 2000.0), n.reference().point());
        assertEquals(5.0, n.hypervolume().get("all"), 1e-9);
        assertTrue(Summary.markdown(ReportInput.load(dir), n).contains("hypervolume (reference: nadir)"));
    }

    @Test
    void identicalFrontPointsShareARowInSummaryMdButAllStayInTheData(@TempDir Path dir) throws IOException {
        // trials 1, 2 and 3: different runs, the same (accuracy, throughput)
        ResultsFixture.write(dir, List.of(simple(0, "dense", 0.91, 1000), simple(1, "nsga2", 0.90, 3000), simple(2, "nsga2", 0.90, 3000),
                simple(3, "random", 0.90, 3000), simple(4, "nsga2", 0.895, 5000)));
        Reports.Result r = Reports.regenerate(dir);
        assertEquals(5, r.pareto(), "pareto.csv and summary.json keep every trial");
        assertEquals(6, Files.readAllLines(dir.resolve(ResultsFiles.PARETO_CSV)).size(), "header and five trials");
        JsonNode s = new ObjectMapper().readTree(dir.resolve(ResultsFiles.SUMMARY_JSON).toFile());
        assertEquals(5, s.at("/pareto").size());
        String md = r.markdown();
        String table = md.substring(md.indexOf("## Pareto front"));
        assertEquals(3, table.lines().filter(l -> l.matches("\\| \\d+ \\|.*")).count(), "one row per distinct point:\n" + table);
        assertTrue(table.contains("5 trials at 3 distinct points"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("| 1 | nsga2 |") && l.endsWith("| 2 (nsga2), 3 (random) |")), table);
        // the chart legend counts what it draws: NSGA-II's trials 1 and 2 are one point
        String svg = Files.readString(dir.resolve("pareto.svg"));
        assertTrue(svg.contains("NSGA-II Pareto front (2 distinct designs of 3 trials)"), "legend of pareto.svg");
    }

    @Test
    void theChartDrawsScreensApartFromDesigns(@TempDir Path dir) throws IOException {
        Trial full = simple(2, "random", 0.90, 3000);
        Trial screen = new Trial(3, "random", 1, 0, TrialState.COMPLETE, full.params(), Map.of("accuracy", 0.93, "throughput", 9000.0),
                full.constraints(), null, null, full.startedAt(), full.completedAt(), 0, 0, null,
                new Trial.Fidelity(Trial.Fidelity.SCREEN, 100, 100, 0, 0.25));
        ResultsFixture.write(dir, List.of(simple(0, "dense", 0.91, 1000), simple(1, "random", 0.895, 5000), full, screen));
        Reports.regenerate(dir);
        String svg = Files.readString(dir.resolve("pareto.svg"));
        String legend = java.util.regex.Pattern.compile(">([^<>]*\\(\\d+\\))<").matcher(svg).results().map(m -> m.group(1)).toList().toString();
        assertTrue(svg.contains("all complete trials, feasible or not (3)"), "the screen is not among the designs: " + legend);
        assertTrue(svg.contains("screens: low-fidelity estimates, not designs (1)"), "the screen has its own series");
        assertTrue(svg.contains("random search (2)"), "the random series counts its two designs");
    }

    @Test
    void aNonFiniteObjectiveIsNeverOnTheFrontAndFailsInTheJournal(@TempDir Path dir) throws IOException {
        Trial nan = new Trial(3, "random", 1, 0, TrialState.COMPLETE, Map.of("tw.conv1", 0.02), Map.of("accuracy", Double.NaN, "throughput", 9e9),
                Map.of("accuracyDrop", -0.01), null, null, "2026-11-27T09:00:03.000000", "2026-11-27T09:00:04.000000", 1, 0, null);
        ResultsFixture.write(dir, List.of(simple(0, "dense", 0.91, 1000), simple(1, "nsga2", 0.90, 3000), simple(2, "nsga2", 0.895, 5000), nan));
        Files.writeString(dir.resolve("space.json"), "{\"tw.conv1\":{\"name\":\"FloatDistribution\",\"attributes\":{\"low\":0.0,\"high\":0.3}}}");
        Reports.Result r = Reports.regenerate(dir);
        assertEquals(3, r.pareto());
        String journal = Files.readString(dir.resolve(ResultsFiles.OPTUNA_JOURNAL));
        OptunaJournalTest.ops(dir.resolve(ResultsFiles.OPTUNA_JOURNAL)); // strict JSON: a bare NaN token would fail here
        assertTrue(journal.contains("\"state\":3") && journal.contains("non-finite objective values"), journal);
        JsonNode s = new ObjectMapper().readTree(dir.resolve(ResultsFiles.SUMMARY_JSON).toFile());
        assertEquals(2, s.at("/best/throughput/number").asInt());
    }

    static Trial simple(int n, String alg, double acc, double thr) {
        return new Trial(n, alg, 1, 0, TrialState.COMPLETE, Map.of("tw.conv1", 0.01), Map.of("accuracy", acc, "throughput", thr),
                Map.of("accuracyDrop", 0.9123 - acc - 0.02), null, null, "2026-11-27T09:00:00.000000", "2026-11-27T09:00:01.000000", 1, 0, null);
    }

    @Test
    void missingOrCorruptInputsAreClearErrors(@TempDir Path dir) throws IOException {
        ReportException e = assertThrows(ReportException.class, () -> Reports.regenerate(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        Path d = ResultsFixture.standard(dir.resolve("r"));
        Files.delete(d.resolve("trials.jsonl"));
        e = assertThrows(ReportException.class, () -> Reports.regenerate(d));
        assertTrue(e.getMessage().contains("trials.jsonl") && e.getMessage().contains("missing"), e.getMessage());
        Files.writeString(d.resolve("trials.jsonl"), "{\"number\":0,\"alg\n{\"number\":1}\n");
        e = assertThrows(ReportException.class, () -> Reports.regenerate(d));
        assertTrue(e.getMessage().contains("trials.jsonl:1: not a trial"), e.getMessage());
        ResultsFixture.standard(d);
        Files.writeString(d.resolve("experiment.json"), "{\"name\":\"x\",\"objectives\":{\"accuracy\":\"best\"}}");
        e = assertThrows(ReportException.class, () -> Reports.regenerate(d));
        assertTrue(e.getMessage().contains("objectives.accuracy") && e.getMessage().contains("maximize"), e.getMessage());
    }
}
