package dev.hass.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hass.experiment.Experiment;
import dev.hass.experiment.Experiments;
import dev.hass.study.ResultsFiles;
import dev.hass.study.TrialLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Whether a results folder may take an experiment: a folder whose log holds trials belongs to the experiment in
 * its {@code experiment.json}. Checked before the runner writes anything, so a refused run leaves the folder as
 * it was.
 */
final class FolderCheck {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Fields a resume may change: the budget and the algorithms (the log is replayed per algorithm and seed),
     * the description, where files live (the same model and data at another path), and what only the finalists
     * use (they are scored after the search, into search-summary.json, not the log).
     */
    private static final Set<String> MAY_CHANGE = Set.of("description", "output", "search.evaluations", "search.algorithm",
            "model.checkpoint", "dataset.path", "dataset.testImages", "oracle.finalistFineTuneSteps", "oracle.finalists");

    private FolderCheck() {}

    /** @throws TrialLog.CorruptLogException when the log has a damaged line before its last */
    static void sameExperiment(Experiment e) throws IOException {
        Path out = e.outputDir();
        Path log = out.resolve(ResultsFiles.TRIALS), stored = out.resolve(ResultsFiles.EXPERIMENT);
        if (!Files.isRegularFile(log) || Files.size(log) == 0) return;
        TrialLog.read(log);   // a damaged log is refused now, not after the setup
        if (!Files.isRegularFile(stored)) return;
        JsonNode before;
        try {
            before = JSON.readTree(stored.toFile());
        } catch (IOException x) {
            throw new ResultsFolderException(stored + " is not readable JSON, so the trials in " + log
                    + " cannot be matched to this experiment; use another --out");
        }
        JsonNode now = JSON.readTree(Experiments.toJson(e));
        long seedBefore = before.path("search").path("seed").asLong(e.search().seed());
        if (seedBefore != e.search().seed()) {
            throw new ResultsFolderException(out + " holds the search with seed " + seedBefore + "; seed " + e.search().seed()
                    + " would mix two runs in one log. Resume with --seed " + seedBefore + ", or start a new folder: --out "
                    + out + "-seed" + e.search().seed());
        }
        List<String> differ = new ArrayList<>();
        diff(before, now, "", differ);
        if (!differ.isEmpty()) {
            throw new ResultsFolderException(out + " holds a different experiment (" + String.join(", ", differ.subList(0, Math.min(5, differ.size())))
                    + (differ.size() > 5 ? " and " + (differ.size() - 5) + " more" : "") + " differ from " + stored
                    + "); nothing was written. Use another --out, or delete the folder to start over");
        }
    }

    /** Dotted paths where both trees have a value and the values differ (a field new in this version is no difference). */
    private static void diff(JsonNode a, JsonNode b, String path, List<String> out) {
        if (MAY_CHANGE.contains(path)) return;
        if (a.isObject() && b.isObject()) {
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (a.has(k)) diff(a.get(k), b.get(k), path.isEmpty() ? k : path + "." + k, out);
            }
        } else if (!a.equals(b) && !(a.isNumber() && b.isNumber() && a.asDouble() == b.asDouble())) {
            out.add(path);
        }
    }
}
