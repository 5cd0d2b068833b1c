package dev.hass.hardware.dse;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hass.hardware.board.Platform;
import dev.hass.hardware.board.Platforms;
import dev.hass.hardware.conformance.ConformanceVectors;
import dev.hass.hardware.graph.ChannelHistograms;
import dev.hass.hardware.graph.ImportedNetwork;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Networks;
import dev.hass.hardware.onnx.OnnxImport;
import dev.hass.hardware.pipeline.Lowering;
import dev.hass.hardware.pipeline.Pipeline;
import dev.hass.hardware.stage.Widths;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Our DSE against the reference's greedy folding evaluated in our model, on the shared reference
 * networks and their widened variants (×1.5, ×2, ×3) on six boards: the DSE must never be slower.
 */
@Tag("slow") // a sweep: 216 DSE runs (networks x widths x boards); DsePropertyTest and DseOptimalityTest stay fast
class DseVersusGreedyTest {
    static final List<String> BOARDS = List.of("zcu102", "zcu104", "zc706", "vc709", "u50", "u250");
    static final double[] WIDTHS = {1, 1.5, 2, 3};

    /** Histograms keyed by node name, tiled to the widened layers' input channels. */
    static Map<String, ChannelHistograms> widenedHistograms(Network wide, Map<String, ChannelHistograms> h) {
        Map<String, ChannelHistograms> out = new LinkedHashMap<>();
        h.forEach((k, v) -> out.put(k, v.tiled(wide.inputShape(k).channels())));
        return out;
    }

    @Test
    void dseIsNeverSlowerThanTheGreedyOnSharedNetworksAndWidenedVariants() throws IOException {
        Path dir = ConformanceVectors.dir().resolve("models");
        List<String> losses = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        for (String net : List.of("lenet_sparse", "vgg6_sparse", "resnet8_sparse")) {
            ImportedNetwork in = OnnxImport.read(dir.resolve(net + ".onnx"));
            for (double w : WIDTHS) {
                Network wide = w == 1 ? in.network() : Networks.widened(in.network(), w);
                Map<String, ChannelHistograms> h = widenedHistograms(wide, in.histograms());
                for (String b : BOARDS) {
                    Platform board = Platforms.get(b);
                    Pipeline p = Lowering.lower(wide, h, Widths.DEFAULT);
                    Design g = Dse.greedy(p, board, HardwareOptions.DEFAULT);
                    long t0 = System.nanoTime();
                    Design d = Dse.optimise(p, board, HardwareOptions.DEFAULT);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    table.append(String.format(Locale.ROOT, "%-22s %-7s greedy %10.1f%s dse %10.1f%s  %.3f  %6.1f ms%n", wide.name(), b,
                            g.throughput(), g.feasible() ? "" : "!", d.throughput(), d.feasible() ? "" : "!", d.throughput() / g.throughput(), ms));
                    if (g.feasible() && !(d.feasible() && d.throughput() >= g.throughput() * (1 - 1e-12))) {
                        losses.add(wide.name() + "@" + b + ": dse " + d.throughput() + " < greedy " + g.throughput());
                    }
                }
            }
        }
        System.out.print(table);
        assertTrue(losses.isEmpty(), String.join("\n", losses));
    }

    @Test
    void dseIsNeverSlowerThanTheGreedyOnWidenedBuiltInNetworks() {
        List<String> losses = new ArrayList<>();
        int compared = 0;
        for (String net : List.of("vgg_small", "resnet8", "mobilenet_small")) {
            for (double w : WIDTHS) {
                Network wide = w == 1 ? Networks.builtIn(net) : Networks.widened(Networks.builtIn(net), w);
                for (double s : new double[] {0, 0.5}) {
                    Map<String, ChannelHistograms> h = s > 0 ? Dse.uniform(wide, s) : Map.of();
                    for (String b : BOARDS) {
                        Pipeline p = Lowering.lower(wide, h, Widths.DEFAULT);
                        Design g = Dse.greedy(p, Platforms.get(b), HardwareOptions.DEFAULT);
                        Design d = Dse.optimise(p, Platforms.get(b), HardwareOptions.DEFAULT);
                        if (!g.feasible()) continue;
                        compared++;
                        if (!(d.feasible() && d.throughput() >= g.throughput())) {
                            losses.add(wide.name() + " s=" + s + " @" + b + ": dse " + d.throughput() + " < greedy " + g.throughput());
                        }
                    }
                }
            }
        }
        assertTrue(compared > 100, "most cases have a feasible greedy design: " + compared);
        assertTrue(losses.isEmpty(), String.join("\n", losses));
    }
}
