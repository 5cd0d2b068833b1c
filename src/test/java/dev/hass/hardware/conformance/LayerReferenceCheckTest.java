package dev.hass.hardware.conformance;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Conformance of our stage models with every fpgaConvNet layer vector and the fine sweep. */
class LayerReferenceCheckTest {
    private static CheckReport layers;
    private static CheckReport sweep;

    @BeforeAll
    static void run() {
        Path dir = ConformanceVectors.dir();
        layers = LayerReferenceCheck.check(dir.resolve("layers.json"));
        sweep = LayerReferenceCheck.check(dir.resolve("fine_sweep.json"));
    }

    @Test
    void everyLayerVectorPassesOrDiffersOnlyByADocumentedQuirk() {
        assertEquals(323, layers.results().size());
        List<String> failures = layers.results().stream().filter(r -> !r.passed()).map(r -> r.id() + ": " + r.reason()).toList();
        assertEquals(List.of(), failures);
        assertEquals(0, layers.failed());
    }

    @Test
    void latencyAndDspAreExactWhereNoQuirkApplies() {
        for (VectorResult r : layers.results()) {
            if (r.status() == VectorResult.Status.PASS) {
                assertEquals(r.reference().latency(), r.ours().latency(), r.id() + " latency");
                assertEquals(r.reference().dsp(), r.ours().dsp(), r.id() + " DSP");
            }
        }
    }

    @Test
    void quirkVectorsAreTheDocumentedOnes() {
        Map<String, long[]> cat = layers.byCategory();
        // quirk 2: every global pooling vector; quirk 1: sparse/pointwise with non-square or padded maps;
        // quirk 3/6: inner products
        assertEquals(19, cat.get("global_pooling")[2]);
        assertTrue(cat.get("conv_sparse")[2] > 0 && cat.get("conv_pointwise_sparse")[2] > 0 && cat.get("inner_product")[2] > 0);
        assertEquals(0, cat.get("conv_dense")[2], "dense conv has no documented latency quirk");
        for (VectorResult r : layers.results()) {
            if (r.status() != VectorResult.Status.QUIRK) continue;
            assertTrue(r.reason().matches(".*quirk [1236] .*"), r.id() + ": " + r.reason());
            if (r.reason().contains("quirk 2")) {
                // the reference's global-pooling latency is C/coarse, ours reads the whole map: rows·cols times more
                assertTrue(r.ours().latency() > r.reference().latency(), r.id());
                assertEquals(0, r.ours().latency() % r.reference().latency(), r.id());
            }
            if (r.reason().contains("quirk 3")) {
                assertTrue(r.reference().latency() > r.ours().latency(), r.id() + " reference floors the latency");
            }
        }
    }

    @Test
    void logicEstimatesAreWithinFifteenPercentOnTheMedian() {
        assertTrue(layers.medianLutError() < 0.15, "LUT median error " + layers.medianLutError());
        assertTrue(layers.medianFfError() < 0.15, "FF median error " + layers.medianFfError());
        for (String c : layers.byCategory().keySet()) {
            assertTrue(layers.medianLutError(c) < 0.15, c + " LUT median error " + layers.medianLutError(c));
            assertTrue(layers.medianFfError(c) < 0.15, c + " FF median error " + layers.medianFfError(c));
        }
    }

    @Test
    void bramIsExactOnEveryVectorAndEveryCategory() {
        // the reference's BRAM is analytic everywhere: BRAM is part of the pass criterion, no quirk needed
        Map<String, long[]> cat = layers.byCategory();
        assertEquals(8, cat.size());
        cat.forEach((c, n) -> assertEquals(n[0], n[3], c + ": BRAM exact on all vectors"));
        assertEquals(323, layers.bramExact());
        assertEquals(sweep.results().size(), sweep.bramExact(), "fine sweep BRAM exact");
        assertEquals(0.0, layers.medianBramError());
        // the largest vector: a 512×512 inner product fully unrolled keeps its 262 144 16-bit weights in one
        // packed word (depth 1, 4 194 304 bits wide) = ceil(4194304/36) BRAM18 columns, no regression
        VectorResult ip = layers.results().stream().filter(r -> r.reference().bram() > 100_000).findFirst().orElseThrow();
        assertEquals(ip.reference().bram(), ip.ours().bram(), ip.id());
        assertEquals((16L * 512 * 512 + 35) / 36, (long) ip.ours().bram(), ip.id());
    }

    @Test
    void fineSweepMatchesIncludingNaiveInterleaving() {
        assertEquals(54, sweep.results().size());
        assertEquals(List.of(), sweep.results().stream().filter(r -> !r.passed()).map(r -> r.id() + ": " + r.reason()).toList());
        // quirk 4 is visible at fine = K²: the reference's LUT is below ours by one squeeze
        VectorResult a9 = sweep.results().stream().filter(r -> r.id().startsWith("A_") && r.id().endsWith("fine=9")).findFirst().orElseThrow();
        assertTrue(a9.reference().lut() < 0, "reference LUT negative at fine = K²");
        assertTrue(a9.ours().lut() > 0);
        assertTrue(a9.reason().contains("quirk 4"));
    }

    @Test
    void summaryEndsWithPassedFailedLine() {
        List<String> lines = layers.summaryLines();
        assertEquals("323 passed, 0 failed", lines.get(lines.size() - 1));
    }

    @Test
    void badFileNamesTheFile() throws IOException {
        Path f = Files.createTempFile("ref", ".json");
        try {
            Files.writeString(f, "{\"something\": 1}");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerReferenceCheck.check(f));
            assertTrue(e.getMessage().contains(f.toString()));
            Files.writeString(f, "[{\"id\": \"x\", \"class\": \"FooLayer\", \"args\": {\"rows\": 2, \"cols\": 2, \"channels\": 2}, \"folding\": {\"coarse\": 1}}]");
            e = assertThrows(IllegalArgumentException.class, () -> LayerReferenceCheck.check(f));
            assertTrue(e.getMessage().contains("FooLayer") && e.getMessage().contains(f.toString()), e.getMessage());
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
