package dev.hass.oracle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** Copies torch_cnn.py (trains, exports and scores a small CNN) into {@code dir}. */
    public static Path copyTo(Path dir) throws IOException {
        Path script = dir.resolve("torch_cnn.py");
        try (InputStream in = TorchScript.class.getResourceAsStream("torch_cnn.py")) {
            Files.copy(in, script);
        }
        return script;
    }
}
