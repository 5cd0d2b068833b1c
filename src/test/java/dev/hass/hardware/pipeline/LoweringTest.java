package dev.hass.hardware.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hass.hardware.board.Platforms;
import dev.hass.hardware.dse.Design;
import dev.hass.hardware.dse.Dse;
import dev.hass.hardware.dse.HardwareOptions;
import dev.hass.hardware.graph.ChannelHistograms;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Networks;
import dev.hass.hardware.graph.Node;
import dev.hass.hardware.graph.Op;
import dev.hass.hardware.stage.DenseConvStage;
import dev.hass.hardware.stage.Folding;
import dev.hass.hardware.stage.PointwiseSparseConvStage;
import dev.hass.hardware.stage.SparseConvStage;
import dev.hass.hardware.stage.SplitStage;
import dev.hass.hardware.stage.Stage;
import dev.hass.hardware.stage.Widths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoweringTest {
    private static List<String> names(Pipeline p) {
        List<String> l = new ArrayList<>();
        for (Stage s : p.stages()) l.add(s.name());
        return l;
    }

    @Test
    void batchNormIsFusedFlattenVanishesAndBranchesGetSplits() {
        Network net = Networks.builtIn("resnet8");
        Pipeline p = Lowering.lower(net, Map.of(), Widths.DEFAULT);
        List<String> n = names(p);
        for (Node node : net.nodes()) {
            if (node.op() instanceof Op.BatchNorm || node.op() instanceof Op.Flatten) assertFalse(n.contains(node.name()), node.name());
            if (node.op() instanceof Op.Conv || node.op() instanceof Op.Eltwise || node.op() instanceof Op.Activation) {
                assertTrue(n.contains(node.name()), node.name());
            }
        }
        // the stem and the two downsampling blocks' inputs feed two consumers each
        long splits = p.stages().stream().filter(s -> s instanceof SplitStage).count();
        assertEquals(3, splits);
        assertTrue(n.contains("conv1_relu_split"), n.toString());
        int split = p.indexOf("conv1_relu_split");
        long out = p.edges().stream().filter(e -> e.from() == split).count();
        assertEquals(2, out);
        // every edge goes forward, every stage but the first has an input
        for (Pipeline.Edge e : p.edges()) assertTrue(e.from() < e.to());
        for (int i = 1; i < p.size(); i++) {
            final int k = i;
            assertTrue(p.edges().stream().anyMatch(e -> e.to() == k), p.stages().get(i).name() + " has no input");
        }
    }

    @Test
    void histogramsPickTheSparseModelsAndBadKeysAreNamed() {
        Network net = Networks.builtIn("resnet8");
        Pipeline dense = Lowering.lower(net, Map.of(), Widths.DEFAULT);
        Pipeline sparse = Lowering.lower(net, Dse.uniform(net, 0.5), Widths.DEFAULT);
        assertTrue(dense.stages().get(dense.indexOf("layer1_conv1")) instanceof DenseConvStage);
        assertTrue(sparse.stages().get(sparse.indexOf("layer1_conv1")) instanceof SparseConvStage);
        assertTrue(sparse.stages().get(sparse.indexOf("layer2_shortcut")) instanceof PointwiseSparseConvStage);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Lowering.lower(net, Map.of("fc", ChannelHistograms.binomial(64, 1, 0.5)), Widths.DEFAULT));
        assertTrue(e.getMessage().contains("'fc'") && e.getMessage().contains("conv"), e.getMessage());
    }

    @Test
    void squeezesAppearWhereStreamCountsDiffer() {
        Network net = Networks.builtIn("resnet8");
        Pipeline p = Lowering.lower(net, Map.of(), Widths.DEFAULT);
        List<Folding> f = new ArrayList<>();
        for (Stage s : p.stages()) f.add(s.minimal());
        Design min = Design.evaluate(p, f, Platforms.get("u250"), HardwareOptions.DEFAULT);
        assertTrue(min.stages().stream().noneMatch(Design.StageDesign::derived), "all streams 1: no squeeze");
        int conv1 = p.indexOf("conv1");
        f.set(conv1, new Folding.Conv(1, 4, 1, 1));
        Design d = Design.evaluate(p, f, Platforms.get("u250"), HardwareOptions.DEFAULT);
        Design.StageDesign sq = d.stages().stream().filter(Design.StageDesign::derived).findFirst().orElseThrow();
        assertEquals("conv1_squeeze_conv1_relu", sq.name());
        assertEquals(4, sq.metrics().streamsIn());
        assertEquals(1, sq.metrics().streamsOut());
        assertEquals(d.stages().indexOf(sq), d.stages().indexOf(d.stages().stream().filter(s -> s.name().equals("conv1")).findFirst().orElseThrow()) + 1);
    }
}
