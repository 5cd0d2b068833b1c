package dev.hass.hardware.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hass.hardware.graph.ChannelHistograms;
import dev.hass.hardware.stage.ActivationStage;
import dev.hass.hardware.stage.ConvSpec;
import dev.hass.hardware.stage.DenseConvStage;
import dev.hass.hardware.stage.EltwiseStage;
import dev.hass.hardware.stage.FeatureMap;
import dev.hass.hardware.stage.Folding;
import dev.hass.hardware.stage.GlobalPoolingStage;
import dev.hass.hardware.stage.InnerProductStage;
import dev.hass.hardware.stage.Padding;
import dev.hass.hardware.stage.PointwiseSparseConvStage;
import dev.hass.hardware.stage.PoolingStage;
import dev.hass.hardware.stage.SparseConvStage;
import dev.hass.hardware.stage.SplitStage;
import dev.hass.hardware.stage.SqueezeStage;
import dev.hass.hardware.stage.Stage;
import dev.hass.hardware.stage.Widths;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Builds our stages from the per-layer entries of {@code networks.json}
 * ({@code runs[*].partitions[0].layers[*]}), with the conv histograms of
 * {@code networks[<net>].conv_and_gemm_nodes}. For the DSE/pipeline code that re-evaluates the
 * reference's designs.
 */
final class NetworkLayerStages {
    private NetworkLayerStages() {}

    /** Histograms per ONNX node name of one network entry of networks.json ({@code networks[<net>]}). */
    public static Map<String, ChannelHistograms> histograms(JsonNode network) {
        Map<String, ChannelHistograms> m = new HashMap<>();
        for (JsonNode n : network.path("conv_and_gemm_nodes")) {
            JsonNode h = n.path("channel_sparsity_hist");
            if (!h.isArray() || h.isEmpty()) continue;
            double[][] p = new double[h.size()][];
            for (int c = 0; c < p.length; c++) {
                JsonNode row = h.get(c);
                p[c] = new double[row.size()];
                for (int z = 0; z < row.size(); z++) p[c][z] = row.get(z).asDouble();
            }
            m.put(n.path("onnx_node").asText(), new ChannelHistograms(p));
        }
        return m;
    }

    /** Our stage for one layer entry; {@code histograms} maps ONNX node names to conv histograms. */
    public static Stage stageFor(JsonNode l, Map<String, ChannelHistograms> histograms) {
        String cls = l.path("class").asText();
        String name = l.path("name").asText(cls);
        JsonNode s = l.path("shape_in");
        if (s.size() != 3) throw new IllegalArgumentException("layer " + name + ": shape_in=" + s + " must be [rows, cols, channels]");
        FeatureMap in = new FeatureMap(s.get(0).asInt(), s.get(1).asInt(), s.get(2).asInt());
        int data = l.path("data_t").path("width").asInt(l.path("input_t").path("width").asInt(16));
        return switch (cls) {
            case "ConvolutionLayer", "ConvolutionSparseLayer", "ConvolutionPointwiseSparseLayer" -> {
                ConvSpec spec = new ConvSpec(in, l.path("filters").asInt(), l.path("kernel_rows").asInt(1), l.path("kernel_cols").asInt(1),
                        l.path("stride_rows").asInt(1), l.path("stride_cols").asInt(1),
                        new Padding(l.path("pad_top").asInt(0), l.path("pad_right").asInt(0), l.path("pad_bottom").asInt(0), l.path("pad_left").asInt(0)),
                        l.path("groups").asInt(1), l.path("has_bias").asBoolean(false), l.path("block_floating_point").asBoolean(false),
                        l.path("use_uram").asBoolean(false));
                Widths w = new Widths(l.path("input_t").path("width").asInt(16), l.path("weight_t").path("width").asInt(16),
                        l.path("acc_t").path("width").asInt(32));
                yield switch (cls) {
                    case "ConvolutionLayer" -> new DenseConvStage(name, spec, w);
                    case "ConvolutionSparseLayer" -> {
                        ChannelHistograms h = histograms.get(l.path("onnx_node").asText());
                        if (h == null) throw new IllegalArgumentException("layer " + name + ": no histogram for node " + l.path("onnx_node").asText());
                        yield new SparseConvStage(name, spec, w, h, l.path("skip_all_zero_window").asBoolean(true));
                    }
                    default -> {
                        JsonNode avg = l.path("channel_sparsity_avg");
                        double[] z = new double[avg.size()];
                        for (int c = 0; c < z.length; c++) z[c] = avg.get(c).asDouble();
                        yield new PointwiseSparseConvStage(name, spec, w, z, l.path("clusters").asInt(1));
                    }
                };
            }
            case "InnerProductLayer" -> new InnerProductStage(name, in, l.path("filters").asInt(), l.path("has_bias").asBoolean(false),
                    l.path("block_floating_point").asBoolean(false), l.path("use_uram").asBoolean(false),
                    new Widths(l.path("input_t").path("width").asInt(16), l.path("weight_t").path("width").asInt(16),
                            l.path("acc_t").path("width").asInt(32)));
            case "PoolingLayer" -> new PoolingStage(name, in,
                    l.path("pool_type").asText("max").toLowerCase(Locale.ROOT).startsWith("avg") ? PoolingStage.Type.AVG : PoolingStage.Type.MAX,
                    l.path("kernel_rows").asInt(), l.path("kernel_cols").asInt(), l.path("stride_rows").asInt(), l.path("stride_cols").asInt(),
                    new Padding(l.path("pad_top").asInt(0), l.path("pad_right").asInt(0), l.path("pad_bottom").asInt(0), l.path("pad_left").asInt(0)),
                    data);
            case "ReLULayer" -> new ActivationStage(name, in, ActivationStage.Function.RELU, data);
            case "EltWiseLayer" -> new EltwiseStage(name, in,
                    l.path("op_type").asText("add").toLowerCase(Locale.ROOT).startsWith("mul") ? EltwiseStage.Op.MUL : EltwiseStage.Op.ADD,
                    l.path("ports_in").asInt(2), false, data);
            case "GlobalPoolingLayer" -> new GlobalPoolingStage(name, in, data, l.path("acc_t").path("width").asInt(2 * data));
            case "SplitLayer" -> new SplitStage(name, in, l.path("ports_out").asInt(2), data);
            case "SqueezeLayer" -> new SqueezeStage(name, in, l.path("coarse_in").asInt(), l.path("coarse_out").asInt(), data);
            default -> throw new IllegalArgumentException("layer " + name + ": class=" + cls + " is not supported");
        };
    }

    /** The layer entry's folding. */
    public static Folding foldingFor(JsonNode l) {
        String cls = l.path("class").asText();
        return switch (cls) {
            case "ConvolutionLayer", "ConvolutionSparseLayer", "ConvolutionPointwiseSparseLayer" ->
                    new Folding.Conv(l.path("coarse_in").asInt(), l.path("coarse_out").asInt(), l.path("coarse_group").asInt(1), l.path("fine").asInt(1));
            case "InnerProductLayer" -> new Folding.InnerProduct(l.path("coarse_in").asInt(), l.path("coarse_out").asInt());
            case "SqueezeLayer" -> new Folding.Coarse(1);
            default -> new Folding.Coarse(l.path("coarse").asInt());
        };
    }
}
