package dev.hass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Networks;
import dev.hass.hardware.onnx.OnnxExport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
    @TempDir
    Path dir;

    @Test
    void listsThePrunableLayersTheirShapesAndSearchParameters() throws Exception {
        Network net = Networks.builtIn("resnet8");
        Path f = dir.resolve("resnet8.onnx");
        Files.write(f, OnnxExport.toBytes(net, Map.of(), Map.of()));
        CliHarness.Result r = CliHarness.run("inspect", f.toString());
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("10 prunable layers"), out);
        // the first conv reads the image: a weight threshold only
        assertTrue(out.matches("(?s).*\\n  conv1 +Conv +\\[16, 1, 3, 3\\] +1 +16 +3/1 +1 +1 +tw\\.conv1 +\\(reads the image: no activation threshold\\).*"), out);
        assertTrue(out.matches("(?s).*\\n  layer2_shortcut +Conv +\\[32, 16, 1, 1\\] +16 +32 +1/2 +0 +1 +tw\\.layer2_shortcut +ta\\.layer2_shortcut\\n.*"), out);
        assertTrue(out.matches("(?s).*\\n  fc +Gemm +\\[10, 64\\] +64 +10 +- +0 +1 +tw\\.fc +ta\\.fc\\n.*"), out);
        assertTrue(out.contains("every op is supported"), out);
    }

    @Test
    void anUnsupportedOpIsNamedWithExit2() throws Exception {
        byte[] b = OnnxExport.toBytes(Networks.builtIn("lenet5"), Map.of(), Map.of());
        String text = new String(b, StandardCharsets.ISO_8859_1).replace("Flatten", "Softmax");   // same length: still valid protobuf
        Path f = Files.write(dir.resolve("softmax.onnx"), text.getBytes(StandardCharsets.ISO_8859_1));
        CliHarness.Result r = CliHarness.run("inspect", f.toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains(f + ": 1 node(s) with ops the hardware model does not support: flatten (Softmax)"), r.err());
        assertTrue(r.out().contains("tw.conv1"), "the layers are still listed: " + r.out());
    }

    @Test
    void twoNodesOfOneNameAreExit2() throws Exception {
        byte[] b = OnnxExport.toBytes(Networks.builtIn("lenet5"), Map.of(), Map.of());
        String text = new String(b, StandardCharsets.ISO_8859_1).replace("conv2", "conv1");   // same length: still valid protobuf
        Path f = Files.write(dir.resolve("twice.onnx"), text.getBytes(StandardCharsets.ISO_8859_1));
        CliHarness.Result r = CliHarness.run("inspect", f.toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains(f + ": node conv1 (Conv): a second node of that name"), r.err());
    }

    @Test
    void aMalformedOrMissingFileIsExit2NamingIt() throws Exception {
        Path f = Files.write(dir.resolve("broken.onnx"), new byte[]{0x08, 0x07, 0x3a, (byte) 0xff, 0x01, 0x0a});
        CliHarness.Result r = CliHarness.run("inspect", f.toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains(f + ": not a readable ONNX model"), r.err());
        assertTrue(!r.err().contains("Exception"), r.err());
        r = CliHarness.run("inspect", dir.resolve("none.onnx").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("none.onnx: no such file"), r.err());
    }
}
