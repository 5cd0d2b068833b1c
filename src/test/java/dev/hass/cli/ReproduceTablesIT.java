package dev.hass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hass.cli.CliHarness.Result;
import dev.hass.reproduce.Plan;
import dev.hass.reproduce.SearchTable;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code reproduce tables --quick} end to end (real training, oracle, batch of searches through
 * bin/hass, hardware DSE), then every notebook in notebooks/ executed against its output with
 * {@code jupyter nbconvert --execute}: a notebook that errors fails the build. Runs after
 * {@code package} (the batch tasks run bin/hass → target/hass.jar).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("slow")
class ReproduceTablesIT {
    static final Path OUT = Path.of("target", "it-reproduce", "tables-quick").toAbsolutePath();

    @Test
    @Order(1)
    void quickTablesAreWrittenWithTheirSources() throws IOException {
        Result r = CliHarness.run("reproduce", "tables", "--quick", "--local", "--out", OUT.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        for (String t : List.of("table1-global-threshold", "table2-search", "table3-imagenet-hardware")) {
            assertTrue(Files.isRegularFile(OUT.resolve(t + ".md")), t + ".md missing; stdout:\n" + r.out());
            assertTrue(Files.isRegularFile(OUT.resolve(t + ".csv")), t + ".csv missing");
        }
        Plan q = Plan.quick();
        // table 1: header + one row per model × τ_w × τ_a; τ_w = 0, τ_a = 0 has no pruned weight
        List<String> t1 = Files.readAllLines(OUT.resolve("table1-global-threshold.csv"));
        assertEquals(1 + q.models().size() * q.weightThresholds().size() * q.activationThresholds().size(), t1.size(), String.join("\n", t1));
        assertTrue(t1.get(1).startsWith("lenet5,0.000,0.00,"), t1.get(1));
        // table 2: every method for every model × board; the experiment files it names exist
        List<String> t2 = Files.readAllLines(OUT.resolve("table2-search.csv"));
        assertEquals(1 + q.models().size() * q.boards().size() * SearchTable.METHODS.size(), t2.size(), String.join("\n", t2));
        assertTrue(t2.stream().anyMatch(l -> l.startsWith("lenet5,zcu102,HASS NSGA-II")), String.join("\n", t2));
        // one experiment per model × board, from that board's template (its own slice of the board)
        for (String b : q.boards()) assertTrue(Files.isRegularFile(OUT.resolve("experiments").resolve("lenet5-" + b + "-quick.json")), b);
        String md2 = Files.readString(OUT.resolve("table2-search.md"));
        assertTrue(md2.contains("experiments/lenet5-zcu102-quick.json") && md2.contains("lenet5-zcu102 0.2") && md2.contains("seeds [1]"), md2);
        // every method's design has a test accuracy (finalists of the search, fine-tuned and measured on the test set)
        for (String l : t2.subList(1, t2.size())) assertTrue(l.matches("[^,]+,[^,]+,[^,]+,1,\\d+\\.\\d\\d,.*"), "no test accuracy: " + l);
        // table 3: per network the dense engine and each sparsity
        List<String> t3 = Files.readAllLines(OUT.resolve("table3-imagenet-hardware.csv"));
        assertEquals(1 + q.imagenet().size() * (1 + q.sparsities().size()), t3.size(), String.join("\n", t3));
        assertTrue(Files.readString(OUT.resolve("tables.md")).contains("Table 3"));
    }

    /** Table 2 rebuilt from the batch that made it gives the same rows; a folder that is no batch is exit 2. */
    @Test
    @Order(3)
    void tableTwoIsRebuiltFromAFinishedBatch() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(OUT.resolve("table2-search.csv")), "no --quick results (the first test failed)");
        Path batch;
        try (Stream<Path> s = Files.list(OUT.resolve("batches"))) {
            batch = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        Path again = OUT.resolveSibling("tables-from-batch");
        Result r = CliHarness.run("reproduce", "tables", "--quick", "--tables", "2", "--from-batches", batch.toString(), "--out", again.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertEquals(Files.readAllLines(OUT.resolve("table2-search.csv")), Files.readAllLines(again.resolve("table2-search.csv")));
        String md = Files.readString(again.resolve("table2-search.md"));
        assertTrue(md.contains("From 1 finished batch(es): " + batch.getFileName()) && md.contains("Over the 2 model × board cases"), md);
        assertTrue(md.contains("| hypervolume | search wall (s) |"), md);
        Result bad = CliHarness.run("reproduce", "tables", "--quick", "--tables", "2", "--from-batches", OUT.toString(), "--out", again.toString());
        assertEquals(2, bad.code(), bad.out());
        assertTrue(bad.err().contains(OUT + " is not a batch folder (no tasks.json)"), bad.err());
    }

    @Test
    @Order(2)
    void everyNotebookRunsAgainstTheQuickResults() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(OUT.resolve("table2-search.csv")), "no --quick results (the first test failed)");
        Path jupyter = Stream.of("/usr/bin/jupyter", "/usr/local/bin/jupyter").map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(jupyter != null,
                "jupyter is not installed: skipping the notebooks (CI installs jupyter-nbconvert, python3-ipykernel, python3-pandas, "
                        + "python3-matplotlib, python3-optuna)");
        List<Path> notebooks;
        try (Stream<Path> s = Files.list(Path.of("notebooks"))) {
            notebooks = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertTrue(!notebooks.isEmpty(), "no notebooks in notebooks/");
        Path executed = Path.of("target", "it-reproduce", "notebooks").toAbsolutePath();
        Files.createDirectories(executed);
        List<String> failures = new ArrayList<>();
        for (Path nb : notebooks) {
            Path log = executed.resolve(nb.getFileName() + ".log");
            ProcessBuilder pb = new ProcessBuilder(jupyter.toString(), "nbconvert", "--to", "notebook", "--execute",
                    "--ExecutePreprocessor.timeout=300", "--output-dir", executed.toString(), nb.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("HASS_RESULTS", OUT.toString());
            // Debian's kernel runs "python3" from PATH: the system one, which has pandas, matplotlib and optuna
            pb.environment().put("PATH", "/usr/bin:/bin" + File.pathSeparator + pb.environment().getOrDefault("PATH", ""));
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                failures.add(nb + ": timed out");
            } else if (p.exitValue() != 0) {
                failures.add(nb + " failed (exit " + p.exitValue() + "):\n" + tail(log));
            } else if (!Files.isRegularFile(executed.resolve(nb.getFileName()))) {
                failures.add(nb + ": nbconvert wrote no executed notebook");
            }
        }
        if (!failures.isEmpty()) fail(String.join("\n\n", failures));
    }

    private static String tail(Path log) throws IOException {
        List<String> l = Files.readAllLines(log);
        return String.join("\n", l.subList(Math.max(0, l.size() - 40), l.size()));
    }
}
