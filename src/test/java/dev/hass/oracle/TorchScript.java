package dev.hass.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The PyTorch side of the tests that compare with a network trained and exported by PyTorch (Debian's
 * python3-torch and python3-onnx under /usr/bin/python3; the python3 on PATH may be another one).
 */
public final class TorchScript {
    public static final Path PYTHON = Path.of("/usr/bin/python3");
    /** Fashion-MNIST's mean and standard deviation, as the script normalises. */
    public static final double MEAN = 0.2860, STD = 0.3530;

    private TorchScript() {}

    /** Skips the calling test, with a message, when torch and onnx cannot be imported. */
    public static void assumeTorch() throws IOException, InterruptedException {
        boolean ok = Files.isExecutable(PYTHON)
                && new ProcessBuilder(PYTHON.toString(), "-c", "import torch, onnx").redirectErrorStream(true).start().waitFor() == 0;
        Assumptions.assumeTrue(ok, "skipped: /usr/bin/python3 cannot import torch and onnx (apt-get install python3-torch python3-onnx)");
    }

    /**
     * Runs torch_cnn.py in {@code dir}: trains a small CNN {@code steps} steps, exports it to ONNX and scores it on
     * {@code images} test images at each [τ_w, τ_a] of {@code thresholdSets} (a JSON list); returns what it prints
     * (a JSON object; "model" is the exported file). Fails the test, with the script's stderr, when it fails.
     */
    public static JsonNode run(Path dir, int steps, int images, String thresholdSets) throws IOException, InterruptedException {
        Path script = copyTo(dir);
        Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), dir.toString(), "" + steps, "" + images, "" + MEAN, "" + STD,
                thresholdSets).redirectError(dir.resolve("python.err").toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), "python failed: " + Files.readString(dir.resolve("python.err")));
        return new ObjectMapper().readTree(new String(out, StandardCharsets.UTF_8));
    }

    /** Copies torch_cnn.py (trains, exports and scores a small CNN) into {@code dir}. */
    public static Path copyTo(Path dir) throws IOException {
        Path script = dir.resolve("torch_cnn.py");
        try (InputStream in = TorchScript.class.getResourceAsStream("torch_cnn.py")) {
            Files.copy(in, script);
        }
        return script;
    }
}
