package dev.hass.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hass.cli.CliHarness;
import dev.hass.study.TrialLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files a results folder holds: one permission policy; commands that write next to it check first. */
class ResultsFilesTest {
    @TempDir Path tmp;

    @Test
    void reportFilesGetTheSamePermissionsAsTheTrialLog() throws Exception {
        Path dir = tmp.resolve("r");
        AnalyticScorer.runner(AnalyticScorer.experiment(dir.toString(), "random", 6, 1), 0).run();
        CliHarness.Result r = CliHarness.run("report", dir.toString());
        assertEquals(0, r.code(), r.err());
        Set<PosixFilePermission> log = Files.getPosixFilePermissions(dir.resolve(TrialLog.FILE));
        assertTrue(log.contains(PosixFilePermission.OWNER_READ) && log.contains(PosixFilePermission.OWNER_WRITE));
        int checked = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (n.startsWith(".") || Files.isDirectory(f)) continue;
                assertEquals(log, Files.getPosixFilePermissions(f), n + " (the umask decides, as for trials.jsonl)");
                checked++;
            }
        }
        assertTrue(checked >= 5, "trials.csv, pareto.csv, summary.json, charts, ...: " + checked);
    }

    @Test
    void exportToAnUnwritableFolderIsASentenceBeforeAnyWork() throws Exception {
        Path dir = tmp.resolve("e");
        AnalyticScorer.runner(AnalyticScorer.experiment(dir.toString(), "random", 6, 1), 0).run();
        CliHarness.Result r = CliHarness.run("export", dir.toString(), "--best-throughput", "--out", "/proc/hass-x/pkg");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("hass: /proc/hass-x/pkg: cannot create the folder /proc/hass-x"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
