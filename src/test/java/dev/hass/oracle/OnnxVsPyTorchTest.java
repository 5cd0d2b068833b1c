package dev.hass.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hass.hardware.graph.ImportedNetwork;
import dev.hass.hardware.onnx.OnnxImport;
import dev.hass.nn.ImageFolder;
import dev.hass.nn.ImageFolderFixture;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network not written by us: Debian's PyTorch trains a small torchvision-style CNN (BatchNorm, residual adds) on
 * Fashion-MNIST and exports it with torch.onnx.export ({@code torch_cnn.py}); our ONNX oracle, fed the same test
 * images as an ImageFolder of PNGs with the same Normalize, must count the same top-1 hits as PyTorch, and stay
 * within half a point of PyTorch applying the same weight masks and thresholded ReLUs.
 */
@Tag("slow") // trains and exports a CNN in PyTorch (a Python process): integration, not a unit test
class OnnxVsPyTorchTest {
    static final int IMAGES = 1000, STEPS = 300;
    static final double MEAN = TorchScript.MEAN, STD = TorchScript.STD;

    @TempDir
    Path dir;

    @Test
    void ourOracleCountsPyTorchsTop1OnPyTorchsOwnExport() throws Exception {
        TorchScript.assumeTorch();
        JsonNode py = TorchScript.run(dir, STEPS, IMAGES, "[[0.02, 0.2], [0.05, 0.5], [0.0, 1.0]]");
        Path model = Path.of(py.get("model").asText());
        System.out.println("PyTorch: " + py);

        // the hardware side reads the same file
        ImportedNetwork net = OnnxImport.read(model);
        assertTrue(net.network().nodes().size() >= 10, net.network().nodes().toString());

        Path images = dir.resolve("images");
        ImageFolderFixture.write(ImageFolderFixture.fashionTest(), 0, IMAGES, images, "val");
        ImageFolder folder = ImageFolder.load(images, new ImageFolder.Transform(new double[]{MEAN}, new double[]{STD}, null));
        try (OnnxAccuracyOracle o = OnnxAccuracyOracle.open(model, OnnxOracleData.of(folder, 200, IMAGES, IMAGES, 0), 128)) {
            assertEquals(7, o.layers().size(), "six convs and the fc: " + o.layers());
            assertEquals(1, o.layers().stream().filter(l -> !l.hasActivationThreshold()).count(), "the stem reads the image");
            long ours = Math.round(o.denseAccuracy() * IMAGES);
            assertTrue(py.get("dense").asInt() > 0.6 * IMAGES, "PyTorch's network learned: " + py.get("dense"));
            assertEquals(py.get("dense").asInt(), ours, "dense top-1 count on the same " + IMAGES + " images");
            for (JsonNode t : py.get("thresholds")) {
                Map<String, Double> w = new LinkedHashMap<>(), a = new LinkedHashMap<>();
                for (PrunableLayer l : o.layers()) {
                    w.put(l.name(), t.get("tw").asDouble());
                    if (l.hasActivationThreshold()) a.put(l.name(), t.get("ta").asDouble());
                }
                double acc = o.evaluate(new Thresholds(w, a), new Fidelity(0, IMAGES)).accuracy();
                double torch = t.get("correct").asDouble() / IMAGES;
                System.out.printf("tw %.2f ta %.2f: PyTorch %.4f, ONNX oracle %.4f%n", t.get("tw").asDouble(), t.get("ta").asDouble(), torch, acc);
                assertEquals(torch, acc, 0.005, "τ_w " + t.get("tw") + " τ_a " + t.get("ta"));
                assertTrue(acc < o.denseAccuracy() + 0.05);
            }
        }
    }
}
