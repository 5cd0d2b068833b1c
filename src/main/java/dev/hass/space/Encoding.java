package dev.hass.space;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chromosome of a space bound to a network: one gene per parameter, in order
 * ({@code tw.<layer>} for every layer, then {@code ta.<layer>} for layers with an activation threshold;
 * or {@code tw}, {@code ta} for global granularity). Decoding snaps every gene onto its distribution, so
 * two chromosomes that decode to the same params are the same candidate ({@link #key}).
 */
public final class Encoding {
    public static final String WEIGHT_PREFIX = "tw.";
    public static final String ACTIVATION_PREFIX = "ta.";
    public static final String GLOBAL_WEIGHT = "tw";
    public static final String GLOBAL_ACTIVATION = "ta";

    public record Param(String name, Distribution distribution) {}

    private final Granularity granularity;
    private final List<SpaceLayer> layers;
    private final List<Param> params;

    Encoding(Granularity granularity, List<SpaceLayer> layers, List<Param> params) {
        this.granularity = granularity;
        this.layers = List.copyOf(layers);
        this.params = List.copyOf(params);
    }

    public List<Param> params() { return params; }

    public List<SpaceLayer> layers() { return layers; }

    public Granularity granularity() { return granularity; }

    public int size() { return params.size(); }

    public double[] lower() {
        return params.stream().mapToDouble(p -> p.distribution().geneLower()).toArray();
    }

    public double[] upper() {
        return params.stream().mapToDouble(p -> p.distribution().geneUpper()).toArray();
    }

    /** Genes moved onto the nearest point of the grid (and into range). */
    public double[] snap(double[] genes) {
        check(genes);
        double[] out = new double[genes.length];
        for (int i = 0; i < genes.length; i++) {
            Distribution d = params.get(i).distribution();
            out[i] = d.gene(d.internal(genes[i]));
        }
        return out;
    }

    /** Parameter name → external value (numbers: the threshold itself), snapped. */
    public Map<String, Double> decode(double[] genes) {
        check(genes);
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < genes.length; i++) {
            Distribution d = params.get(i).distribution();
            m.put(params.get(i).name(), d.numeric(d.internal(genes[i])));
        }
        return Collections.unmodifiableMap(m);
    }

    /** Genes of a parameter map; every parameter must be present and inside its distribution. */
    public double[] encode(Map<String, Double> values) {
        double[] g = new double[params.size()];
        for (int i = 0; i < g.length; i++) {
            Param p = params.get(i);
            Double v = values.get(p.name());
            if (v == null) throw new IllegalArgumentException("missing parameter " + p.name());
            double internal = internalOf(p.distribution(), v);
            if (!p.distribution().contains(internal)) {
                throw new IllegalArgumentException(p.name() + " = " + v + " is outside " + Distributions.toJson(p.distribution()));
            }
            g[i] = p.distribution().gene(internal);
        }
        return g;
    }

    /** Every layer at the same pair: each value snapped into that layer's distribution. */
    public Map<String, Double> uniform(double weightThreshold, double activationThreshold) {
        double[] g = new double[params.size()];
        for (int i = 0; i < g.length; i++) {
            Param p = params.get(i);
            double v = p.name().startsWith(GLOBAL_ACTIVATION) ? activationThreshold : weightThreshold;
            g[i] = geneNear(p.distribution(), v);
        }
        return decode(g);
    }

    /** A canonical text of a parameter map (order of this encoding, shortest exact decimals): the cache key. */
    public String key(Map<String, Double> values) {
        StringBuilder b = new StringBuilder();
        for (Param p : params) {
            Double v = values.get(p.name());
            if (v == null) throw new IllegalArgumentException("missing parameter " + p.name());
            if (b.length() > 0) b.append(',');
            b.append(BigDecimal.valueOf(v).stripTrailingZeros().toPlainString());
        }
        return b.toString();
    }

    public String key(double[] genes) { return key(decode(genes)); }

    /** τ_w per layer name (global granularity expands to every layer). */
    public Map<String, Double> weightThresholds(Map<String, Double> values) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (SpaceLayer l : layers) {
            String k = granularity == Granularity.GLOBAL ? GLOBAL_WEIGHT : WEIGHT_PREFIX + l.name();
            m.put(l.name(), values.get(k));
        }
        return m;
    }

    /** τ_a per layer name, only for layers that have one. */
    public Map<String, Double> activationThresholds(Map<String, Double> values) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (SpaceLayer l : layers) {
            if (!l.hasActivationThreshold()) continue;
            String k = granularity == Granularity.GLOBAL ? GLOBAL_ACTIVATION : ACTIVATION_PREFIX + l.name();
            m.put(l.name(), values.get(k));
        }
        return m;
    }

    /** {@code space.json}: parameter name → Optuna distribution JSON object, in chromosome order. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Param p : params) m.put(p.name(), p.distribution().toJson());
        return m;
    }

    /** The gene of the point of {@code d} nearest to the external value {@code v}. */
    static double geneNear(Distribution d, double v) {
        if (d instanceof Distribution.Categorical c) {
            int best = 0;
            for (int i = 1; i < c.choices().size(); i++) {
                if (Math.abs(c.numeric(i) - v) < Math.abs(c.numeric(best) - v)) best = i;
            }
            return best;
        }
        double clamped = Math.max(d.minValue(), v);
        double g = d.gene(clamped);
        return d.gene(d.internal(g));
    }

    private static double internalOf(Distribution d, double external) {
        if (d instanceof Distribution.Categorical c) {
            for (int i = 0; i < c.choices().size(); i++) if (c.numeric(i) == external) return i;
            return -1;
        }
        return external;
    }

    private void check(double[] genes) {
        if (genes.length != params.size()) {
            throw new IllegalArgumentException("chromosome has " + genes.length + " genes, the space has " + params.size());
        }
    }
}
