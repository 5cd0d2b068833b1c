package dev.hass.space;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DistributionTest {

    // exact strings from optuna 3.1 distribution_to_json (reference/optuna-journal.md §1), minus spaces
    static final List<String> OPTUNA = List.of(
            "{\"name\": \"FloatDistribution\", \"attributes\": {\"step\": null, \"low\": 0.0, \"high\": 1.0, \"log\": false}}",
            "{\"name\": \"FloatDistribution\", \"attributes\": {\"step\": null, \"low\": 1e-05, \"high\": 0.1, \"log\": true}}",
            "{\"name\": \"FloatDistribution\", \"attributes\": {\"step\": 0.1, \"low\": 0.0, \"high\": 1.0, \"log\": false}}",
            "{\"name\": \"IntDistribution\", \"attributes\": {\"log\": false, \"step\": 1, \"low\": 1, \"high\": 64}}",
            "{\"name\": \"IntDistribution\", \"attributes\": {\"log\": true, \"step\": 1, \"low\": 1, \"high\": 1024}}",
            "{\"name\": \"CategoricalDistribution\", \"attributes\": {\"choices\": [\"adam\", \"sgd\", null, 1, 2.5, true]}}");

    @Test
    void optunaJsonRoundTripsExactly() {
        for (String s : OPTUNA) {
            Distribution d = Distributions.parse(s);
            String compact = s.replace(": ", ":").replace(", ", ",");
            // Java prints 1e-05 as 1.0E-5: compare as JSON trees, and the key order textually
            assertEquals(Distributions.JSON.valueToTree(Distributions.parse(compact).toJson()),
                    Distributions.JSON.valueToTree(d.toJson()), s);
            assertEquals(keys(compact), keys(Distributions.toJson(d)), s);
            assertEquals(d, Distributions.parse(Distributions.toJson(d)));
        }
        assertEquals("{\"name\":\"FloatDistribution\",\"attributes\":{\"step\":0.001,\"low\":0.0,\"high\":0.3,\"log\":false}}",
                Distributions.toJson(Distribution.Float.stepped(0, 0.3, 0.001)));
    }

    private static String keys(String json) {
        return json.replaceAll(":[^,{}\\[\\]]+|\\[[^\\]]*\\]", ":");
    }

    @Test
    void omittedOptionalAttributesTakeOptunaDefaults() {
        assertEquals(Distribution.Float.uniform(0, 1), Distributions.parse("{\"name\":\"FloatDistribution\",\"attributes\":{\"low\":0,\"high\":1}}"));
        assertEquals(new Distribution.Int(1, 8, false, 1), Distributions.parse("{\"name\":\"IntDistribution\",\"attributes\":{\"low\":1,\"high\":8}}"));
    }

    @Test
    void highIsSnappedDownOntoTheStepGridLikeOptuna() {
        assertEquals(0.3, Distribution.Float.stepped(0, 0.305, 0.01).high());
        assertEquals(0.3, Distribution.Float.stepped(0, 0.3, 0.001).high());
        assertEquals(9, new Distribution.Int(1, 10, false, 2).high());
    }

    @Test
    void snappingLandsExactlyOnTheGrid() {
        Distribution.Float f = Distribution.Float.stepped(0, 0.3, 0.001);
        assertEquals(0.007, f.internal(0.00712));
        assertEquals(0.008, f.internal(0.0075000001));
        assertEquals(0.0, f.internal(-3));
        assertEquals(0.3, f.internal(7));
        assertEquals(0.0, f.internal(Double.NaN));
        assertTrue(f.contains(0.123));
        assertFalse(f.contains(0.1235));
        Distribution.Float lg = new Distribution.Float(1e-4, 1, true, null);
        assertEquals(Math.log(1e-4), lg.geneLower(), 1e-12);
        assertEquals(0.01, lg.internal(Math.log(0.01)), 1e-12);
        Distribution.Int i = new Distribution.Int(0, 10, false, 5);
        assertEquals(5, i.internal(3.0));
        assertEquals(10, i.internal(9.0));
        Distribution.Categorical c = new Distribution.Categorical(List.of(0.0, 0.1, 0.5));
        assertEquals(2, c.internal(1.7));
        assertEquals(0.5, c.numeric(c.internal(1.7)));
    }

    @Test
    void everyProblemOfADistributionIsReported() {
        Problems p = new Problems("f.json");
        Distributions.read(Distributions.JSON.valueToTree(Map.of("name", "FloatDistribution",
                "attributes", Map.of("low", 1.0, "high", 0.5, "step", 0.1, "log", true, "lw", 1))), "$.d", p);
        String all = String.join("\n", p.lines());
        assertTrue(all.contains("f.json: $.d.attributes.lw: unknown key"), all);
        assertTrue(all.contains("inverted range: low 1.0 > high 0.5"), all);
        assertTrue(all.contains("log is true and step is 0.1"), all);
        assertEquals(3, p.size(), all);
        Problems q = new Problems("f.json");
        Distributions.read(Distributions.JSON.valueToTree(Map.of("name", "FloatDistrib", "attributes", Map.of())), "$.d", q);
        assertTrue(q.lines().get(0).contains("did you mean \"FloatDistribution\""), q.lines().toString());
        assertThrows(IllegalArgumentException.class, () -> Distributions.parse("{\"name\":\"IntDistribution\",\"attributes\":{\"low\":0,\"high\":8,\"log\":true}}"));
    }

    @Test
    void encodingSnapsDecodesAndKeysCandidates() {
        SearchSpace s = new SearchSpace(Distribution.Float.stepped(0, 0.3, 0.001), Distribution.Float.stepped(0, 1.5, 0.01),
                Map.of("fc3", new SearchSpace.LayerOverride(Distribution.Float.stepped(0, 0.05, 0.005), null)), Granularity.PER_LAYER);
        Encoding e = s.encoding(List.of(new SpaceLayer("conv1", false), new SpaceLayer("conv2", true), new SpaceLayer("fc3", true)));
        assertEquals(List.of("tw.conv1", "tw.conv2", "tw.fc3", "ta.conv2", "ta.fc3"), e.params().stream().map(Encoding.Param::name).toList());
        assertArrayEquals(new double[] {0.3, 0.3, 0.05, 1.5, 1.5}, e.upper());
        double[] g = {0.0123, 0.29999, 0.0411, 0.777, 2.0};
        Map<String, Double> v = e.decode(g);
        assertEquals(Map.of("tw.conv1", 0.012, "tw.conv2", 0.3, "tw.fc3", 0.04, "ta.conv2", 0.78, "ta.fc3", 1.5), v);
        assertArrayEquals(e.snap(g), e.encode(v));
        assertEquals(e.key(g), e.key(e.snap(g)));
        assertEquals("0.012,0.3,0.04,0.78,1.5", e.key(v));
        assertEquals(Map.of("conv1", 0.012, "conv2", 0.3, "fc3", 0.04), e.weightThresholds(v));
        assertEquals(Map.of("conv2", 0.78, "fc3", 1.5), e.activationThresholds(v));
        assertEquals(Map.of("tw.conv1", 0.1, "tw.conv2", 0.1, "tw.fc3", 0.05, "ta.conv2", 0.2, "ta.fc3", 0.2), e.uniform(0.1, 0.2));
        assertThrows(IllegalArgumentException.class, () -> e.encode(Map.of("tw.conv1", 0.0)));
        Encoding gl = new SearchSpace(s.weightThreshold(), s.activationThreshold(), Map.of(), Granularity.GLOBAL)
                .encoding(e.layers());
        assertEquals(List.of("tw", "ta"), gl.params().stream().map(Encoding.Param::name).toList());
        Map<String, Double> gv = gl.decode(new double[] {0.01, 0.5});
        assertEquals(Map.of("conv1", 0.01, "conv2", 0.01, "fc3", 0.01), gl.weightThresholds(gv));
        assertEquals(Map.of("conv2", 0.5, "fc3", 0.5), gl.activationThresholds(gv));
        assertEquals(Arrays.asList("tw.conv1", "tw.conv2", "tw.fc3", "ta.conv2", "ta.fc3"), List.copyOf(e.toJson().keySet()));
    }
}
