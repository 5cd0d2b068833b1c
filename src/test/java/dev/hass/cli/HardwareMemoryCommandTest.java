package dev.hass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The memory part of {@code hass hardware}: weight placement, DRAM bandwidth, binding constraint, --bits. */
class HardwareMemoryCommandTest {

    @Test
    void tableShowsWhereWeightsLiveAndTheBindingConstraint() {
        CliHarness.Result r = CliHarness.run("hardware", "--network", "resnet8", "--platform", "zcu102", "--bits", "8");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].contains("URAM") && lines[0].contains("weights") && lines[0].contains("DRAM Gb/s"), lines[0]);
        String conv = java.util.Arrays.stream(lines).filter(l -> l.startsWith("layer1_conv1 ")).findFirst().orElseThrow();
        assertTrue(conv.contains("BRAM") || conv.contains("URAM") || conv.contains("DRAM"), conv);
        assertTrue(r.out().contains("widths 8/8/32"), r.out());
        assertTrue(r.out().contains("within DRAM bandwidth") || r.out().contains("bandwidth-bound: slowdown"), r.out());
        assertTrue(r.out().contains("binding     "), r.out());
    }

    @Test
    void jsonHasMemoryAndBinding() throws Exception {
        CliHarness.Result r = CliHarness.run("hardware", "--network", "resnet8", "--platform", "u250", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(Set.of("DSP", "BRAM", "URAM", "LUT", "FF", "DRAM bandwidth", "floor").contains(j.get("binding").asText()), j.get("binding").asText());
        JsonNode m = j.get("memory");
        assertEquals(j.get("offChipGbps").asDouble(), m.get("ioGbps").asDouble() + m.get("weightGbps").asDouble(), 1e-9);
        long weightStages = 0;
        for (JsonNode s : j.get("stages")) {
            String w = s.get("weights").asText();
            assertTrue(Set.of("NONE", "BRAM", "URAM", "STREAMED").contains(w), w);
            if (!w.equals("NONE")) weightStages++;
            if (!w.equals("STREAMED")) assertEquals(0.0, s.get("dramGbps").asDouble());
        }
        assertEquals(m.get("stagesBram").asLong() + m.get("stagesUram").asLong() + m.get("stagesStreamed").asLong(), weightStages);
    }

    @Test
    void badBitsIsAUsageError() {
        CliHarness.Result r = CliHarness.run("hardware", "--network", "resnet8", "--platform", "u250", "--bits", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--bits"), r.err());
        CliHarness.Result b = CliHarness.run("bench", "memory", "--networks", "resnet8", "--bits", "40");
        assertEquals(2, b.code());
        assertTrue(b.err().contains("--bits"), b.err());
    }

    @Test
    void benchMemoryRunsOneCase() {
        CliHarness.Result r = CliHarness.run("bench", "memory", "--networks", "resnet8", "--platforms", "zcu102",
                "--bits", "16", "--sparsity", "0.5", "--repeats", "1", "--warmup", "0");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().trim().split("\n");
        assertEquals(2, lines.length, r.out());
        assertTrue(lines[1].startsWith("resnet8") && lines[1].contains("zcu102") && lines[1].contains("yes"), lines[1]);
    }
}
