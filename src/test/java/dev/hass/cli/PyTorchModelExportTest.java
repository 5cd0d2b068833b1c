package dev.hass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hass.nn.ImageFolderFixture;
import dev.hass.nn.Images;
import dev.hass.oracle.TorchScript;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network not written by us, end to end: Debian's PyTorch trains the small torchvision-style CNN of
 * {@code OnnxVsPyTorchTest} (BatchNorm folded by torch.onnx.export, residual adds, node names such as
 * {@code /stem/Conv}, initializers named as the exporter likes), HASS searches it on an ImageFolder and exports a
 * trial with {@code --verify}: integer vectors reproduced bit for bit, as for a built-in model.
 */
@Tag("slow") // trains a CNN in PyTorch (a Python process), searches and exports it
class PyTorchModelExportTest {
    static final double MEAN = TorchScript.MEAN, STD = TorchScript.STD;

    @TempDir
    Path dir;

    @Test
    void aPyTorchExportIsSearchedAndExportedWithBitExactIntegerVectors() throws Exception {
        TorchScript.assumeTorch();
        JsonNode py = TorchScript.run(dir, 200, 200, "[]");
        Path model = Path.of(py.get("model").asText());

        Path images = dir.resolve("images");
        Images test = ImageFolderFixture.fashionTest();
        ImageFolderFixture.write(test, 0, 200, images, "val");
        ImageFolderFixture.write(test, 200, 100, images, "calib");
        Path e = dir.resolve("torch.json");
        Files.writeString(e, "{\"name\":\"torch\",\"model\":{\"onnx\":\"" + model + "\"},"
                + "\"dataset\":{\"format\":\"imagefolder\",\"path\":\"" + images + "\",\"mean\":[" + MEAN + "],\"std\":[" + STD + "],"
                + "\"calibrationImages\":100,\"validationImages\":200},"
                + "\"hardware\":{\"platform\":\"u250\",\"resourceFraction\":0.05},"
                + "\"search\":{\"algorithm\":\"uniform\",\"populationSize\":4,\"evaluations\":6,\"seed\":1},"
                + "\"oracle\":{\"evaluationImages\":200}}");
        Path results = dir.resolve("results");
        CliHarness.Result s = CliHarness.run("search", e.toString(), "--out", results.toString());
        assertEquals(0, s.code(), s.out() + s.err());
        int trial = -1;   // the most accurate trial that prunes
        double best = -1;
        for (String line : Files.readAllLines(results.resolve("trials.jsonl"))) {
            JsonNode t = new ObjectMapper().readTree(line);
            double accuracy = t.path("values").path("accuracy").asDouble(-1);
            if (t.path("params").path("tw./block1/conv1/Conv").asDouble() > 0.01 && accuracy > best) {
                trial = t.get("number").asInt();
                best = accuracy;
            }
        }
        assertTrue(trial >= 0, "a trial prunes /block1/conv1/Conv");
        Path pkg = dir.resolve("pkg");
        CliHarness.Result x = CliHarness.run("export", results.toString(), "--trial", "" + trial, "--out", pkg.toString(), "--verify");
        System.out.println(x.out());
        assertEquals(0, x.code(), x.out() + x.err());
        assertTrue(x.out().contains("bit for bit"), x.out());
        // ONNX node names are not file names: /block1/conv1/Conv's vectors are _block1_conv1_Conv.*
        assertTrue(Files.isRegularFile(pkg.resolve("vectors/_block1_conv1_Conv.input.i2.npy")));
        assertTrue(Files.isRegularFile(pkg.resolve("vectors/_fc_Gemm.weight.i2.npy")));
    }
}
