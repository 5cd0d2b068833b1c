package dev.hass.hardware.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hass.hardware.graph.ChannelHistograms;
import dev.hass.hardware.stage.Folding;
import dev.hass.hardware.stage.Stage;
import dev.hass.hardware.stage.StageMetrics;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Our per-stage latency (in reference mode), rates, sizes and pipeline depths reproduce the partition
 * interval, pipeline depth, batch cycles and throughput of every optimised run in networks.json with
 * the README's partition formulas.
 */
class NetworkPartitionTest {

    @Test
    void partitionFiguresFollowFromOurStages() throws IOException {
        JsonNode root = new ObjectMapper().readTree(ConformanceVectors.dir().resolve("networks.json").toFile());
        int runs = 0;
        for (JsonNode run : root.path("runs")) {
            runs++;
            Map<String, ChannelHistograms> hist = NetworkLayerStages.histograms(root.path("networks").path(run.path("network").asText()));
            JsonNode part = run.path("partitions").get(0);
            Map<String, StageMetrics> metrics = new HashMap<>();
            long interval = 0;
            for (JsonNode l : part.path("layers")) {
                Stage s = NetworkLayerStages.stageFor(l, hist);
                Folding f = NetworkLayerStages.foldingFor(l);
                metrics.put(l.path("name").asText(), s.evaluate(f));
                interval = Math.max(interval, ReferenceQuirks.latency(s, f));
            }
            String at = run.path("network").asText() + "/" + run.path("platform").asText();
            assertEquals(part.path("interval_cycles").asLong(), interval, at + " interval");
            double depth = 0, ratio = 1;
            for (JsonNode n : part.path("pipeline_depth_path")) {
                StageMetrics m = metrics.get(n.asText());
                ratio *= (double) m.sizeIn() / m.sizeOut();
                depth += m.pipelineDepth() / m.rateIn() + ((double) interval / m.sizeIn()) * ratio;
            }
            double refDepth = part.path("pipeline_depth_cycles").asDouble();
            assertEquals(refDepth, depth, 1e-6 * refDepth, at + " pipeline depth");
            long batch = (long) (Math.ceil(interval * part.path("slow_down_factor").asDouble()) * 256 + depth);
            assertEquals(part.path("batch_cycles").asLong(), batch, at + " batch cycles");
            double fps = 256 * run.path("board_frequency_mhz").asDouble() * 1e6 / batch;
            assertEquals(run.path("throughput_fps").asDouble(), fps, 1e-6 * fps, at + " FPS");
        }
        assertEquals(6, runs);
    }
}
