package dev.hass.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import dev.hass.experiment.Architectures;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Networks;
import dev.hass.hardware.graph.Node;
import dev.hass.hardware.graph.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hardware description of each zoo network is the one source of truth for layer names and
 * shapes; the DJL models must agree with it layer by layer, or histograms and thresholds would be
 * attached to the wrong stage.
 */
class ZooNamesAgreeTest {
    @Test
    void djlModelsMatchTheHardwareDescriptionsLayerByLayer() {
        assertEquals(Networks.zooNames(), Zoo.ARCHITECTURES);
        try (NDManager m = NDManager.newBaseManager()) {
            for (String arch : Zoo.ARCHITECTURES) {
                Network net = Networks.builtIn(arch);
                List<Node> hw = net.prunable();
                List<LayerSpec> djl = Zoo.build(arch).initialize(m).layers().stream().map(PrunableBlock::spec).toList();
                assertEquals(hw.stream().map(Node::name).toList(), djl.stream().map(LayerSpec::name).toList(), arch);
                assertEquals(Architectures.layerNames(arch), djl.stream().map(LayerSpec::name).toList(), arch);
                for (int i = 0; i < hw.size(); i++) {
                    Node n = hw.get(i);
                    LayerSpec s = djl.get(i);
                    String where = arch + "/" + n.name();
                    assertEquals(n.op() instanceof Op.Conv, s.conv(), where + " kind");
                    assertEquals(net.outputShape(n.name()).channels(), s.outChannels(), where + " out channels");
                    if (n.op() instanceof Op.Conv c) {
                        assertEquals(net.inputShape(n.name()).channels(), s.inChannels(), where + " in channels");
                        assertEquals(c.kernelRows(), s.kernel(), where + " kernel");
                        assertEquals(c.strideRows(), s.stride(), where + " stride");
                        assertEquals(c.padTop(), s.padding(), where + " padding");
                        assertEquals(c.groups(), s.groups(), where + " groups");
                    }
                }
            }
        }
    }
}
