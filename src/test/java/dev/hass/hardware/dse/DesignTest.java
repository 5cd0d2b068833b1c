package dev.hass.hardware.dse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hass.hardware.board.Platform;
import dev.hass.hardware.board.Platforms;
import dev.hass.hardware.board.Resources;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Networks;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesignTest {
    @Test
    void totalsFollowFromTheStages() {
        Network net = Networks.builtIn("vgg_small");
        Platform board = Platforms.get("zcu102");
        HardwareOptions o = HardwareOptions.DEFAULT.withBatch(64);
        Design d = Dse.optimise(net, Dse.uniform(net, 0.4), board, o);
        long max = 0;
        Resources sum = Resources.ZERO;
        for (Design.StageDesign s : d.stages()) {
            max = Math.max(max, s.metrics().latency());
            sum = sum.plus(s.metrics().resources());
        }
        assertEquals(max, d.intervalCycles());
        assertEquals(max, d.bottleneck().metrics().latency());
        assertEquals(sum, d.resources());
        assertEquals((long) Math.floor(Math.ceil(d.intervalCycles() * d.slowdown()) * 64 + d.pipelineDepthCycles()), d.batchCycles());
        assertEquals(64 * 200e6 / d.batchCycles(), d.throughput(), 1e-9);
        assertEquals(d.batchCycles() / 200e6, d.latencySeconds(), 1e-15);
        assertTrue(d.pipelineDepthCycles() > 0);
        assertEquals(100.0 * sum.dsp() / 2520, d.percentOfBoard("DSP"), 1e-9);
        // re-evaluating the returned folding gives the same design
        Design again = Design.evaluate(d.pipeline(), d.stageChoices(), d.foldings(), board, o);
        assertEquals(d.throughput(), again.throughput(), 0);
        assertEquals(d.resources(), again.resources());
    }

    @Test
    void aBoardTooSmallNamesTheViolatedResources() {
        Network net = Networks.builtIn("resnet8");
        Platform tiny = new Platform("tiny", "", 10, 4, 0, 2000, 4000, 100, 10);
        Design d = Dse.optimise(net, Map.of(), tiny, HardwareOptions.DEFAULT);
        assertFalse(d.feasible());
        assertFalse(d.violations().isEmpty());
        assertTrue(d.violations().stream().anyMatch(v -> v.startsWith("DSP") || v.startsWith("LUT") || v.startsWith("BRAM")), d.violations().toString());
        // the minimal design comes back: every stage at its minimal folding
        for (int i = 0; i < d.pipeline().size(); i++) assertEquals(d.pipeline().stages().get(i).minimal(), d.foldings().get(i));
    }
}
