package dev.hass.cluster;

import dev.hass.experiment.Experiment;
import dev.hass.experiment.ExperimentException;
import dev.hass.experiment.Experiments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads and validates the experiment files of a batch with the search's own loader — once per board
 * and with the batch's overrides, exactly as each task will load it — collecting every problem so that
 * one run names them all and no task is submitted only to fail on its input.
 */
final class ExperimentFiles {
    private ExperimentFiles() {}

    static List<ExperimentInfo> read(List<Path> files, List<String> boards, Integer evaluations) {
        List<String> problems = new ArrayList<>();
        List<ExperimentInfo> out = new ArrayList<>();
        for (Path raw : files) {
            Path f = raw.toAbsolutePath().normalize();
            if (!Files.isRegularFile(f)) {
                problems.add(raw + ": no such experiment file");
                continue;
            }
            Map<String, Object> overrides = new LinkedHashMap<>();
            if (evaluations != null) overrides.put("search.evaluations", evaluations);
            Experiment e;
            try {
                e = Experiments.load(raw, overrides);
            } catch (ExperimentException x) {
                problems.addAll(x.problems());
                continue;
            }
            boolean boardsOk = true;
            for (String b : boards == null ? List.<String>of() : boards) {
                Map<String, Object> o = new LinkedHashMap<>(overrides);
                o.put("hardware.platform", b);
                try {
                    Experiments.load(raw, o);
                } catch (ExperimentException x) {
                    boardsOk = false;
                    for (String p : x.problems()) problems.add(p + " (from --boards " + b + ")");
                }
            }
            String c = e.model().checkpoint();
            // an ONNX model is its own checkpoint: nothing to train before the tasks
            Path checkpoint = Path.of(e.model().onnx() != null ? e.model().onnx() : c != null ? c : "results/models/" + e.model().architecture())
                    .toAbsolutePath().normalize();
            if (boardsOk) out.add(new ExperimentInfo(f, e.name(), e.hardware().platform(), e.search().seed(), checkpoint));
        }
        for (int i = 0; i < out.size(); i++) {
            for (int j = i + 1; j < out.size(); j++) {
                if (out.get(i).name().equals(out.get(j).name())) {
                    problems.add(out.get(j).file() + ": $.name '" + out.get(j).name() + "' is also the name of "
                            + out.get(i).file() + "; experiments in one batch need distinct names");
                }
            }
        }
        if (!problems.isEmpty()) throw new BatchInputException(problems);
        return out;
    }
}
