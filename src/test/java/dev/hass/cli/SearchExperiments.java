package dev.hass.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hass.nn.FashionMnist;
import dev.hass.nn.TrainedLenet5;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Two tiny experiments for batch tests that run the real search: copies of experiments/quickstart.json
 * with a budget of {@link #EVALUATIONS}, no finalist fine-tuning, and the shared LeNet-5 checkpoint
 * ({@link TrainedLenet5}, trained once per build on the first 6000 Fashion-MNIST training images).
 */
final class SearchExperiments {
    static final int EVALUATIONS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SearchExperiments() {}

    /** True when Fashion-MNIST is installed (the search needs it). */
    static boolean datasetInstalled() {
        Path dir = FashionMnist.resolveDir(null);
        return Files.isRegularFile(dir.resolve(FashionMnist.FILES[0]));
    }

    static List<Path> tiny(Path dir) throws IOException {
        JsonNode base = JSON.readTree(Path.of("experiments/quickstart.json").toFile());
        Path checkpoint = TrainedLenet5.checkpoint().toAbsolutePath(); // shared lenet5, trained once per build
        Path a = write(dir, base, "batch-a", checkpoint), b = write(dir, base, "batch-b", checkpoint);
        return List.of(a, b);
    }

    private static Path write(Path dir, JsonNode base, String name, Path checkpoint) throws IOException {
        ObjectNode e = base.deepCopy();
        e.put("name", name);
        ((ObjectNode) e.get("model")).put("checkpoint", checkpoint.toString());
        ((ObjectNode) e.get("search")).put("populationSize", 2).put("evaluations", EVALUATIONS);
        ((ObjectNode) e.get("oracle")).put("finalistFineTuneSteps", 0);
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
