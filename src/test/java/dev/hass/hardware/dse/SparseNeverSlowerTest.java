package dev.hass.hardware.dse;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hass.hardware.board.Platform;
import dev.hass.hardware.board.Platforms;
import dev.hass.hardware.graph.ChannelHistograms;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Networks;
import dev.hass.hardware.stage.Widths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A sparse engine that can run a layer dense is never slower than dense: for every built-in ImageNet
 * network, board and width, the design at uniform sparsity 0.5 (what {@code hass hardware --sparsity
 * 0.5} prints) is at least as fast as the dense network's design.
 */
@Tag("slow") // 336 DSE runs: 1-3 min on 2 cores
class SparseNeverSlowerTest {
    static final List<String> IMAGENET = Networks.imageNetNames();

    @Test
    void sparsityNeverMakesADesignSlower() {
        assertTrue(Networks.names().containsAll(IMAGENET));
        List<String> slower = new ArrayList<>();
        int cases = 0, denseEngines = 0;
        for (String net : IMAGENET) {
            Network n = Networks.builtIn(net);
            Map<String, ChannelHistograms> half = Dse.uniform(n, 0.5);
            for (String board : Platforms.names()) {
                for (int bits : new int[] {16, 8, 4}) {
                    HardwareOptions o = HardwareOptions.DEFAULT.withWidths(new Widths(bits, bits, 32));
                    Platform p = Platforms.get(board);
                    Design dense = Dse.optimise(n, Map.of(), p, o);
                    Design sparse = Dse.optimise(n, half, p, o);
                    cases++;
                    if (sparse.stages().stream().anyMatch(s -> s.type().startsWith("DenseConv"))) denseEngines++;
                    if (sparse.throughput() < dense.throughput()) {
                        slower.add(String.format(Locale.ROOT, "%s %s %d-bit: sparse %.2f < dense %.2f", net, board, bits,
                                sparse.throughput(), dense.throughput()));
                    }
                }
            }
        }
        assertTrue(slower.isEmpty(), String.join("\n", slower));
        assertTrue(cases == IMAGENET.size() * Platforms.names().size() * 3, "every case ran: " + cases);
        // the choice is used: on the small boards some convs of a sparse network run dense
        assertTrue(denseEngines > 0, "no sparse design used a dense engine");
    }
}
