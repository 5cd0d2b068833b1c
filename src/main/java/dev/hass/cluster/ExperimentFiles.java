package dev.hass.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the few fields a batch needs from experiment files, collecting every problem so that one run
 * names them all. Full validation is the search's job, which each task runs.
 */
final class ExperimentFiles {
    private ExperimentFiles() {}

    static List<ExperimentInfo> read(List<Path> files) {
        List<String> problems = new ArrayList<>();
        List<ExperimentInfo> out = new ArrayList<>();
        for (Path raw : files) {
            Path f = raw.toAbsolutePath().normalize();
            if (!Files.isRegularFile(f)) {
                problems.add(raw + ": no such experiment file");
                continue;
            }
            JsonNode root;
            try {
                root = BatchStore.JSON.readTree(f.toFile());
            } catch (JsonProcessingException e) {
                problems.add(raw + ": not valid JSON (" + e.getOriginalMessage() + ")");
                continue;
            } catch (IOException e) {
                problems.add(raw + ": cannot read (" + e.getMessage() + ")");
                continue;
            }
            if (root == null || !root.isObject()) {
                problems.add(raw + ": $ must be a JSON object (an experiment file)");
                continue;
            }
            JsonNode name = root.get("name");
            if (name == null || !name.isTextual() || !name.asText().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                problems.add(raw + ": $.name is " + (name == null ? "missing" : name)
                        + "; allowed: letters, digits, '.', '_', '-' (it names the results folder)");
                continue;
            }
            JsonNode platform = root.path("hardware").path("platform");
            JsonNode seed = root.path("search").path("seed");
            out.add(new ExperimentInfo(f, name.asText(), platform.isTextual() ? platform.asText() : null,
                    seed.canConvertToLong() ? seed.asLong() : 1L));
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
