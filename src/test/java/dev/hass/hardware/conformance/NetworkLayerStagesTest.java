package dev.hass.hardware.conformance;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hass.hardware.graph.ChannelHistograms;
import dev.hass.hardware.stage.EltwiseStage;
import dev.hass.hardware.stage.GlobalPoolingStage;
import dev.hass.hardware.stage.Stage;
import dev.hass.hardware.stage.StageMetrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every layer of the six optimised network runs, re-evaluated with our stages at the reference's folding. */
class NetworkLayerStagesTest {

    @Test
    void networkLayersMatchTheReference() throws IOException {
        JsonNode root = new ObjectMapper().readTree(ConformanceVectors.dir().resolve("networks.json").toFile());
        List<String> mismatches = new ArrayList<>();
        int layers = 0, quirk1 = 0, quirk2 = 0, residualAddBram = 0;
        for (JsonNode run : root.path("runs")) {
            String net = run.path("network").asText();
            Map<String, ChannelHistograms> hist = NetworkLayerStages.histograms(root.path("networks").path(net));
            for (JsonNode l : run.path("partitions").get(0).path("layers")) {
                layers++;
                Stage stage = NetworkLayerStages.stageFor(l, hist);
                StageMetrics m = stage.evaluate(NetworkLayerStages.foldingFor(l));
                String at = net + "/" + run.path("platform").asText() + "/" + l.path("name").asText();
                long ref = l.path("latency_cycles").asLong();
                if (m.latency() != ref) {
                    // only the documented quirks may explain a difference, and then exactly
                    long quirky = ReferenceQuirks.latency(stage, NetworkLayerStages.foldingFor(l));
                    if (quirky != ref) mismatches.add(at + " latency ours " + m.latency() + ", with quirks " + quirky + ", ref " + ref);
                    if (stage instanceof GlobalPoolingStage) quirk2++;
                    else quirk1++;
                } else if (ReferenceQuirks.latency(stage, NetworkLayerStages.foldingFor(l)) != ref) {
                    mismatches.add(at + " reference-mode latency differs from " + ref);
                }
                if (Math.abs(m.pipelineDepth() - l.path("pipeline_depth").asDouble()) > 1e-9) {
                    mismatches.add(at + " pipeline depth ours " + m.pipelineDepth() + " ref " + l.path("pipeline_depth").asDouble());
                }
                if (Math.abs(m.rateIn() - l.path("rate_in").asDouble()) > 1e-9) {
                    mismatches.add(at + " rate_in ours " + m.rateIn() + " ref " + l.path("rate_in").asDouble());
                }
                if (m.sizeIn() != l.path("size_in").asLong() || m.sizeOut() != l.path("size_out").asLong()) {
                    mismatches.add(at + " sizes ours " + m.sizeIn() + "/" + m.sizeOut());
                }
                if (m.resources().dsp() != l.path("resource").path("DSP").asDouble()) {
                    mismatches.add(at + " DSP ours " + m.resources().dsp() + " ref " + l.path("resource").path("DSP"));
                }
                double refBram = l.path("resource").path("BRAM").asDouble();
                if (m.resources().bram() != refBram) {
                    // unexplained, networks.json only: the residual adds of resnet8 carry one or two BRAM18 per stream
                    // in the reference (2 only at zcu102/Add_17, 1 stream of 64 channels) while the same EltWise layer
                    // in layers.json carries none; characterised here, not modelled
                    if (stage instanceof EltwiseStage && m.resources().bram() == 0
                            && refBram >= m.streamsIn() && refBram <= 2 * m.streamsIn()) residualAddBram++;
                    else mismatches.add(at + " BRAM ours " + m.resources().bram() + " ref " + refBram);
                }
            }
        }
        assertTrue(layers > 60, "layers read: " + layers);
        assertTrue(quirk2 > 0 && quirk1 > 0, "quirks seen: 1 → " + quirk1 + ", 2 → " + quirk2);
        assertEquals(List.of(), mismatches);
        assertEquals(6, residualAddBram, "resnet8's three residual adds on both boards");
    }
}
