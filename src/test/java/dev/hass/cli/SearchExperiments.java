package dev.hass.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Two tiny experiments for batch tests that run the real search: copies of experiments/quickstart.json. */
final class SearchExperiments {
    static final int EVALUATIONS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SearchExperiments() {}

    static List<Path> tiny(Path dir) throws IOException {
        JsonNode base = JSON.readTree(Path.of("experiments/quickstart.json").toFile());
        Path a = write(dir, base, "batch-a"), b = write(dir, base, "batch-b");
        return List.of(a, b);
    }

    private static Path write(Path dir, JsonNode base, String name) throws IOException {
        ObjectNode e = base.deepCopy();
        e.put("name", name);
        ((ObjectNode) e.get("search")).put("populationSize", 2).put("evaluations", EVALUATIONS);
        Path f = dir.resolve(name + ".json");
        Files.writeString(f, e.toPrettyString());
        return f;
    }

    static String name(Path experiment) {
        try {
            return JSON.readTree(experiment.toFile()).get("name").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
