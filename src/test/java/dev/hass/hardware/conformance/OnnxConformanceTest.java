package dev.hass.hardware.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hass.hardware.graph.ChannelHistograms;
import dev.hass.hardware.graph.ImportedNetwork;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Node;
import dev.hass.hardware.graph.Op;
import dev.hass.hardware.graph.TensorShape;
import dev.hass.hardware.onnx.OnnxImport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The three fpgaConvNet reference models load, and their Conv/Gemm nodes match networks.json. */
class OnnxConformanceTest {
    private static Path dir;
    private static JsonNode root;
    private static JsonNode networks;

    @BeforeEach
    void load() throws IOException {
        dir = ConformanceVectors.dir();
        if (root == null) {
            root = new ObjectMapper().readTree(dir.resolve("networks.json").toFile());
            networks = root.get("networks");
        }
    }

    @Test
    void referenceModelsMatchNetworksJson() throws IOException {
        List<String> names = new ArrayList<>();
        networks.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("lenet_sparse", "resnet8_sparse", "vgg6_sparse"), names);
        for (String name : names) {
            JsonNode ref = networks.get(name);
            ImportedNetwork imp = OnnxImport.read(dir.resolve(ref.get("onnx_file").asText()));
            Network net = imp.network();
            JsonNode in = ref.get("input_shape");
            assertEquals(new TensorShape(in.get(1).asInt(), in.get(2).asInt(), in.get(3).asInt()), net.input(), name);
            List<String> expectedNodes = new ArrayList<>();
            for (JsonNode node : ref.get("conv_and_gemm_nodes")) {
                String id = name + "/" + node.get("onnx_node").asText();
                expectedNodes.add(node.get("onnx_node").asText());
                Node n = net.node(node.get("onnx_node").asText());
                if (node.get("op").asText().equals("Gemm")) {
                    assertTrue(n.op() instanceof Op.InnerProduct, id);
                    assertFalse(imp.histograms().containsKey(n.name()), id);
                    continue;
                }
                Op.Conv c = (Op.Conv) n.op();
                JsonNode w = node.get("weight_shape");
                assertEquals(w.get(0).asInt(), c.filters(), id + " filters");
                assertEquals(w.get(1).asInt() * c.groups(), net.inputShape(n.name()).channels(), id + " channels");
                assertEquals(List.of(node.get("kernel_shape").get(0).asInt(), node.get("kernel_shape").get(1).asInt()),
                        List.of(c.kernelRows(), c.kernelCols()), id + " kernel");
                assertEquals(List.of(w.get(2).asInt(), w.get(3).asInt()), List.of(c.kernelRows(), c.kernelCols()), id + " weight kernel");
                assertEquals(List.of(node.get("strides").get(0).asInt(), node.get("strides").get(1).asInt()),
                        List.of(c.strideRows(), c.strideCols()), id + " strides");
                JsonNode p = node.get("pads"); // ONNX order: top, left, bottom, right
                assertEquals(List.of(p.get(0).asInt(), p.get(1).asInt(), p.get(2).asInt(), p.get(3).asInt()),
                        List.of(c.padTop(), c.padLeft(), c.padBottom(), c.padRight()), id + " pads");
                assertEquals(node.get("group").asInt(), c.groups(), id + " group");
                assertEquals(node.get("has_bias").asBoolean(), c.bias(), id + " bias");
                JsonNode h = node.get("channel_sparsity_hist");
                ChannelHistograms got = imp.histograms().get(n.name());
                if (h == null || h.isNull()) {
                    assertNull(got, id + " has no histogram attribute");
                    continue;
                }
                assertEquals(h.size(), got.channels(), id + " histogram channels");
                for (int ch = 0; ch < h.size(); ch++) {
                    assertEquals(h.get(ch).size(), got.bins(), id + " bins");
                    double[] row = got.channel(ch);
                    for (int z = 0; z < row.length; z++) assertEquals(h.get(ch).get(z).asDouble(), row[z], 0.0, id + " hist[" + ch + "][" + z + "]");
                }
                if (node.has("mean_zero_fraction")) {
                    assertEquals(node.get("mean_zero_fraction").asDouble(), got.meanZeroFraction(), 1e-6, id + " mean zero fraction");
                }
            }
            List<String> ours = net.nodes().stream()
                    .filter(n -> n.op() instanceof Op.Conv || n.op() instanceof Op.InnerProduct).map(Node::name).toList();
            assertEquals(expectedNodes, ours, name + " conv and gemm nodes");
        }
    }

    /** Node names and connections agree with the reference run's layer graph (Squeeze layers aside). */
    @Test
    void layerNamesAndEdgesMatchTheReferenceRun() throws IOException {
        JsonNode runs = root.get("runs");
        for (JsonNode run : runs) {
            String name = run.get("network").asText();
            Network net = OnnxImport.read(dir.resolve(networks.get(name).get("onnx_file").asText())).network();
            for (JsonNode layer : run.get("partitions").get(0).get("layers")) {
                String type = layer.get("type").asText();
                if (type.equals("Squeeze") || type.equals("Split")) continue;
                String n = layer.get("name").asText();
                assertTrue(net.contains(n), name + ": reference layer " + n + " (" + type + ") missing");
                String kind = net.node(n).op().kind();
                String expected = switch (type) {
                    case "Convolution" -> "conv";
                    case "InnerProduct" -> "inner_product";
                    case "ReLU" -> "relu";
                    case "Pooling" -> "max_pool";
                    case "EltWise" -> "add";
                    case "GlobalPooling" -> "global_avg_pool";
                    default -> "unknown reference layer type " + type;
                };
                assertEquals(expected, kind, name + " " + n + " (" + type + ")");
            }
        }
        Map<String, TensorShape> shapes = OnnxImport.read(dir.resolve("models/resnet8_sparse.onnx")).network().shapes();
        assertEquals(new TensorShape(64, 8, 8), shapes.get("Add_17"));
    }
}
