package dev.hass.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hass.experiment.Experiment;
import dev.hass.search.AnalyticScorer;
import dev.hass.search.SearchSummary;
import dev.hass.study.Hypervolume;
import dev.hass.study.ResultsFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hypervolume {@code hass search} prints is the one summary.md (and summary.json) of the same run shows, policy named. */
class PrintedHypervolumeTest {
    @Test
    void searchPrintsTheHypervolumeOfSummaryMd(@TempDir Path tmp) throws IOException {
        Experiment e = AnalyticScorer.experiment(tmp.resolve("r").toString(), "all", 24, 3);
        SearchSummary s = AnalyticScorer.runner(e, 0).run();
        SearchApp.Outcome o = SearchApp.finish(e, s);
        assertNull(o.reportError());
        String md = Files.readString(e.outputDir().resolve(ResultsFiles.SUMMARY_MD));
        JsonNode json = new ObjectMapper().readTree(e.outputDir().resolve(ResultsFiles.SUMMARY_JSON).toFile());
        assertEquals("dense", json.at("/hypervolume/referencePolicy").asText());
        assertTrue(md.contains("| hypervolume (reference: dense) |"), md);
        int compared = 0;
        for (SearchSummary.AlgorithmSummary a : s.algorithms()) {
            String printed = o.lines().stream().filter(l -> l.startsWith(String.format("  %-7s  ", a.algorithm()))).findFirst().orElseThrow();
            Matcher pm = Pattern.compile("hypervolume (\\S+) \\(reference: dense\\)").matcher(printed);
            assertTrue(pm.find(), printed);
            Matcher mm = Pattern.compile("(?m)^\\| " + a.algorithm() + " \\| \\d+ \\| \\d+ \\| \\d+ \\| (\\S+) \\|$").matcher(md);
            assertTrue(mm.find(), a.algorithm() + " row in\n" + md);
            assertEquals(pm.group(1), mm.group(1), a.algorithm() + ": printed vs summary.md");
            assertEquals(a.hypervolume(), json.at("/hypervolume/perAlgorithm/" + a.algorithm()).asDouble(), 1e-12 * Math.abs(a.hypervolume()),
                    a.algorithm() + ": search-summary.json vs summary.json");
            if (a.hypervolume() > 0) compared++;
        }
        assertTrue(compared >= 3, "most algorithms dominate some volume: " + s.algorithms());
        // the reference point is the search's own
        assertEquals(s.reference().get("accuracy"), json.at("/hypervolume/referencePoint/accuracy").asDouble(), 0);
        assertEquals(s.reference().get("throughput"), json.at("/hypervolume/referencePoint/throughput").asDouble(), 0);
        assertTrue(List.of(Hypervolume.Policy.values()).stream().allMatch(p -> !p.rule().isBlank()));
    }
}
