package dev.hass.hardware.onnx;

import static org.junit.jupiter.api.Assertions.*;

import dev.hass.hardware.board.Platform;
import dev.hass.hardware.board.Platforms;
import dev.hass.hardware.dse.DesignReport;
import dev.hass.hardware.dse.Dse;
import dev.hass.hardware.dse.HardwareOptions;
import dev.hass.hardware.graph.ChannelHistograms;
import dev.hass.hardware.graph.ImportedNetwork;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Networks;
import dev.hass.hardware.graph.Node;
import dev.hass.hardware.graph.Op;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link OnnxExport}: every built-in network, written as ONNX the way PyTorch exports it (Gemm with transB, Clip with
 * min/max inputs for ReLU6, BatchNormalization with four initializers, histograms on every conv),
 * reads back as the same network with the same histograms.
 */
class OnnxRoundTripTest {
    @TempDir Path dir;

    static List<String> names() { return Networks.names(); }

    @ParameterizedTest
    @MethodSource("names")
    void builtInNetworksSurviveOnnx(String name) throws IOException {
        Network net = Networks.builtIn(name);
        Map<String, ChannelHistograms> hist = new LinkedHashMap<>();
        int seed = 1;
        for (Node n : net.nodesOf(Op.Conv.class)) {
            Op.Conv c = (Op.Conv) n.op();
            hist.put(n.name(), ChannelHistograms.binomial(net.inputShape(n.name()).channels(), c.kernelRows() * c.kernelCols(), (seed++ % 9) / 10.0));
        }
        Path file = dir.resolve(name + ".onnx");
        OnnxExport.write(file, net, hist, Map.of());
        ImportedNetwork back = OnnxImport.read(file);
        assertEquals(OnnxExport.asWritten(net), back.network());   // a Flatten before a Gemm that follows a global pool
        assertEquals(OnnxExport.asWritten(net).shapes(), back.network().shapes());
        assertEquals(hist.keySet(), back.histograms().keySet());
        // the hardware model sees the same thing: same design from the DSE on the file as on the originals
        Map<String, ChannelHistograms> asStored = new LinkedHashMap<>();
        hist.forEach((k, v) -> asStored.put(k, OnnxExport.asFloats(v)));
        if (Networks.zooNames().contains(name)) {   // the ImageNet networks' DSE takes seconds each; the zoo is enough here
            Platform board = Platforms.get("zcu102");
            assertEquals(DesignReport.json(Dse.optimise(net, asStored, board, HardwareOptions.DEFAULT)),
                    DesignReport.json(Dse.optimise(back.network(), back.histograms(), board, HardwareOptions.DEFAULT)));
        }
        for (var e : hist.entrySet()) {
            double[][] want = e.getValue().p(), got = back.histograms().get(e.getKey()).p();
            for (int c = 0; c < want.length; c++) {
                for (int z = 0; z < want[c].length; z++) assertEquals((float) want[c][z], got[c][z], 0.0, e.getKey());
            }
        }
    }

    @Test
    void weightsAreWrittenAsInitializersAndReadBack() throws IOException {
        Network net = Networks.lenet5();
        Map<String, float[]> w = new LinkedHashMap<>();
        java.util.Random rnd = new java.util.Random(3);
        for (Node n : net.prunable()) {
            long p = net.params(n.name());
            int bias = net.outputShape(n.name()).channels();
            float[] weight = new float[(int) (p - bias)];
            for (int i = 0; i < weight.length; i++) weight[i] = (float) rnd.nextGaussian();
            float[] b = new float[bias];
            for (int i = 0; i < b.length; i++) b[i] = (float) rnd.nextGaussian();
            w.put(n.name() + ".weight", weight);
            w.put(n.name() + ".bias", b);
        }
        Path file = dir.resolve("lenet5.onnx");
        OnnxExport.write(file, net, Map.of(), w);
        Map<String, float[]> back = OnnxExport.readInitializers(file);
        assertEquals(w.keySet(), back.keySet());
        for (var e : w.entrySet()) assertArrayEquals(e.getValue(), back.get(e.getKey()), e.getKey());
        assertEquals(net, OnnxImport.read(file).network());
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> OnnxExport.toBytes(net, Map.of(), Map.of("fc3.bias", new float[3])));
        assertTrue(x.getMessage().contains("fc3.bias") && x.getMessage().contains("10"), x.getMessage());
    }
}
