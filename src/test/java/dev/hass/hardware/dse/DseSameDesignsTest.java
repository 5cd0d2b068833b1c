package dev.hass.hardware.dse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hass.hardware.board.Platforms;
import dev.hass.hardware.conformance.ConformanceVectors;
import dev.hass.hardware.graph.ChannelHistograms;
import dev.hass.hardware.graph.ImportedNetwork;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Networks;
import dev.hass.hardware.onnx.OnnxImport;
import dev.hass.hardware.stage.Widths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The DSE's speed-ups (cached squeezes, incremental fill, per-fine interleaving, ...) must not change a
 * single design: for 79 network × board × sparsity (× width, × bits) cases the FPS and a fingerprint of
 * every stage's implementation and folding must equal what main's DSE gave before them, recorded in
 * {@code dse/designs-before-speedup.tsv}.
 */
class DseSameDesignsTest {

    /** String.hashCode (specified, so stable across JVMs) of the design's choices and totals. */
    static String fingerprint(Design d) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < d.foldings().size(); i++) {
            s.append(d.stageChoices().get(i).getClass().getSimpleName()).append(d.foldings().get(i)).append(';');
        }
        s.append(d.resources()).append(d.intervalCycles()).append('/').append(d.batchCycles()).append(d.feasible());
        return Integer.toHexString(s.toString().hashCode());
    }

    @Test
    void theOptimisedDseGivesTheDesignsItGaveBefore() throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = DseSameDesignsTest.class.getResourceAsStream("/dse/designs-before-speedup.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) rows.add(line.split("\t"));
            }
        }
        assertEquals(79, rows.size(), "cases in the table");
        Map<String, ImportedNetwork> shared = new HashMap<>();
        List<String> changed = new ArrayList<>();
        for (String[] row : rows) {
            String[] k = row[0].split(" ");
            Design d;
            if (k[0].endsWith("_sparse")) {   // <shared net> x<width> <board>
                ImportedNetwork in = shared.computeIfAbsent(k[0], n -> read(n));
                double w = Double.parseDouble(k[1].substring(1));
                Network wide = w == 1 ? in.network() : Networks.widened(in.network(), w);
                d = Dse.optimise(wide, DseVersusGreedyTest.widenedHistograms(wide, in.histograms()), Platforms.get(k[2]),
                        HardwareOptions.DEFAULT);
            } else if (k[1].startsWith("x")) {   // <zoo net> x<width> s<sparsity> <board>
                double w = Double.parseDouble(k[1].substring(1)), s = Double.parseDouble(k[2].substring(1));
                Network wide = w == 1 ? Networks.builtIn(k[0]) : Networks.widened(Networks.builtIn(k[0]), w);
                Map<String, ChannelHistograms> h = s > 0 ? Dse.uniform(wide, s) : Map.of();
                d = Dse.optimise(wide, h, Platforms.get(k[3]), HardwareOptions.DEFAULT);
            } else {   // <imagenet net> s<sparsity> <board> <bits>
                Network n = Networks.builtIn(k[0]);
                double s = Double.parseDouble(k[1].substring(1));
                int bits = Integer.parseInt(k[3]);
                d = Dse.optimise(n, s > 0 ? Dse.uniform(n, s) : Map.of(), Platforms.get(k[2]),
                        HardwareOptions.DEFAULT.withWidths(new Widths(bits, bits, 32)));
            }
            String fps = String.format(Locale.ROOT, "%.17g", d.throughput());
            if (!fps.equals(row[1]) || !String.valueOf(d.feasible()).equals(row[2]) || !fingerprint(d).equals(row[3])) {
                changed.add(row[0] + ": was " + row[1] + " FPS " + row[3] + ", now " + fps + " FPS " + fingerprint(d));
            }
        }
        assertTrue(changed.isEmpty(), changed.size() + " designs changed:\n" + String.join("\n", changed));
    }

    private static ImportedNetwork read(String name) {
        try {
            return OnnxImport.read(ConformanceVectors.dir().resolve("models").resolve(name + ".onnx"));
        } catch (IOException e) {
            throw new IllegalStateException(name, e);
        }
    }
}
