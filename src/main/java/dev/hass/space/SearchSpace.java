package dev.hass.space;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The thresholds to search: one distribution for τ_w and one for τ_a applying to every layer, optionally
 * overridden per layer name, and the granularity. {@link #encoding} binds it to a network's layers.
 *
 * <p>JSON: {@code {"weightThreshold": D, "activationThreshold": D, "layers": {"conv2": {"weightThreshold": D}},
 * "granularity": "per-layer"}} where D is Optuna distribution JSON.
 *
 * <p>{@code "ranges": "auto"} (with {@code rangeScan}) asks NSGA-II to narrow each layer's ranges by a sensitivity
 * scan before it searches, the scan's evaluations paid from its budget; null {@code ranges} is the ranges as given.
 */
public record SearchSpace(Distribution weightThreshold, Distribution activationThreshold,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, LayerOverride> layers,
                          Granularity granularity,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String ranges,
                          @JsonInclude(JsonInclude.Include.NON_NULL) RangeScan rangeScan) {
    /** {@code ranges} values: the box as written, or narrowed by a sensitivity scan inside the search. */
    public static final String GIVEN = "given", AUTO = "auto";

    /**
     * The scan of {@code "ranges": "auto"}: {@code points} grid values per threshold, each layer's range ending at
     * the first where that layer alone costs more than {@code tolerance} × the allowed drop.
     */
    public record RangeScan(int points, double tolerance) {
        public static final RangeScan DEFAULT = new RangeScan(3, 1.0);
    }

    /** The ranges as given (no scan). */
    public SearchSpace(Distribution weightThreshold, Distribution activationThreshold, Map<String, LayerOverride> layers,
                       Granularity granularity) {
        this(weightThreshold, activationThreshold, layers, granularity, null, null);
    }

    /** Whether the search narrows the ranges by a sensitivity scan first. */
    public boolean autoRanges() { return AUTO.equals(ranges); }

    /** The public HASS code stepped τ_w by 0.001 and τ_a by 0.01 (METHOD.md). */
    public static final Distribution DEFAULT_WEIGHT = Distribution.Float.stepped(0.0, 0.3, 0.001);
    public static final Distribution DEFAULT_ACTIVATION = Distribution.Float.stepped(0.0, 1.5, 0.01);

    public static final SearchSpace DEFAULT =
            new SearchSpace(DEFAULT_WEIGHT, DEFAULT_ACTIVATION, Map.of(), Granularity.PER_LAYER);

    public SearchSpace {
        layers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(layers));
    }

    /** Per-layer replacement of one or both distributions; null means "use the network-wide one". */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LayerOverride(Distribution weightThreshold, Distribution activationThreshold) {}

    public Distribution weightFor(String layer) {
        LayerOverride o = layers.get(layer);
        return o != null && o.weightThreshold() != null ? o.weightThreshold() : weightThreshold;
    }

    public Distribution activationFor(String layer) {
        LayerOverride o = layers.get(layer);
        return o != null && o.activationThreshold() != null ? o.activationThreshold() : activationThreshold;
    }

    /** The chromosome layout for these layers. */
    public Encoding encoding(List<SpaceLayer> net) {
        List<Encoding.Param> params = new ArrayList<>();
        if (granularity == Granularity.GLOBAL) {
            params.add(new Encoding.Param(Encoding.GLOBAL_WEIGHT, weightThreshold));
            if (net.stream().anyMatch(SpaceLayer::hasActivationThreshold)) {
                params.add(new Encoding.Param(Encoding.GLOBAL_ACTIVATION, activationThreshold));
            }
        } else {
            for (SpaceLayer l : net) params.add(new Encoding.Param(Encoding.WEIGHT_PREFIX + l.name(), weightFor(l.name())));
            for (SpaceLayer l : net) {
                if (l.hasActivationThreshold()) {
                    params.add(new Encoding.Param(Encoding.ACTIVATION_PREFIX + l.name(), activationFor(l.name())));
                }
            }
        }
        return new Encoding(granularity, net, params);
    }

    /**
     * Reads the {@code space} object; {@code net} (may be null when the architecture is unknown) is used
     * to check layer names of overrides. Missing keys take the defaults.
     */
    public static Optional<SearchSpace> read(JsonNode node, String path, Problems p, List<SpaceLayer> net) {
        int before = p.size();
        if (node == null || node.isNull()) return Optional.of(DEFAULT);
        if (!node.isObject()) {
            p.bad(path, node, "expected an object with weightThreshold, activationThreshold, layers, granularity");
            return Optional.empty();
        }
        p.onlyKeys(node, path, List.of("weightThreshold", "activationThreshold", "layers", "granularity", "ranges", "rangeScan"));
        Distribution w = threshold(node.get("weightThreshold"), path + ".weightThreshold", p, DEFAULT_WEIGHT);
        Distribution a = threshold(node.get("activationThreshold"), path + ".activationThreshold", p, DEFAULT_ACTIVATION);
        String g = p.choice(node, "granularity", path + ".granularity", "per-layer", Granularity.names());
        Map<String, LayerOverride> overrides = new LinkedHashMap<>();
        JsonNode layers = node.get("layers");
        if (layers != null && !layers.isNull()) {
            if (!layers.isObject()) {
                p.bad(path + ".layers", layers, "expected an object from layer name to {weightThreshold, activationThreshold}");
            } else {
                List<String> names = net == null ? null : net.stream().map(SpaceLayer::name).toList();
                for (Iterator<Map.Entry<String, JsonNode>> it = layers.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String lp = path + ".layers." + e.getKey();
                    if (names != null && !names.contains(e.getKey())) {
                        String near = Problems.closest(e.getKey(), names);
                        p.add(lp, "unknown layer \"" + e.getKey() + "\"; prunable layers: " + String.join(", ", names)
                                + (near == null ? "" : " (did you mean \"" + near + "\"?)"));
                        continue;
                    }
                    JsonNode o = e.getValue();
                    if (!o.isObject()) {
                        p.bad(lp, o, "expected {\"weightThreshold\": ..., \"activationThreshold\": ...}");
                        continue;
                    }
                    p.onlyKeys(o, lp, List.of("weightThreshold", "activationThreshold"));
                    Distribution lw = o.has("weightThreshold") ? threshold(o.get("weightThreshold"), lp + ".weightThreshold", p, null) : null;
                    Distribution la = o.has("activationThreshold") ? threshold(o.get("activationThreshold"), lp + ".activationThreshold", p, null) : null;
                    if (o.has("activationThreshold") && net != null && net.stream()
                            .anyMatch(l -> l.name().equals(e.getKey()) && !l.hasActivationThreshold())) {
                        p.add(lp + ".activationThreshold", "layer " + e.getKey()
                                + " has no activation threshold (its input is the image); remove this key");
                    }
                    overrides.put(e.getKey(), new LayerOverride(lw, la));
                }
                if (!overrides.isEmpty() && "global".equals(g)) {
                    p.add(path + ".granularity", "got \"global\" with per-layer overrides in " + path
                            + ".layers; use \"per-layer\" or remove the overrides");
                }
            }
        }
        String ranges = p.choice(node, "ranges", path + ".ranges", GIVEN, List.of(GIVEN, AUTO));
        RangeScan scan = null;
        JsonNode rs = node.get("rangeScan");
        if (AUTO.equals(ranges)) {
            if ("global".equals(g)) p.add(path + ".ranges", "got \"auto\" with granularity \"global\"; the scan narrows per-layer ranges: use \"per-layer\"");
            scan = RangeScan.DEFAULT;
            if (rs != null && !rs.isNull()) {
                com.fasterxml.jackson.databind.node.ObjectNode o = p.object(node, "rangeScan", path + ".rangeScan");
                p.onlyKeys(o, path + ".rangeScan", List.of("points", "tolerance"));
                scan = new RangeScan((int) p.integer(o, "points", path + ".rangeScan.points", RangeScan.DEFAULT.points(), 1, 50),
                        p.number(o, "tolerance", path + ".rangeScan.tolerance", RangeScan.DEFAULT.tolerance(), 0, 50, true));
            }
        } else if (rs != null && !rs.isNull()) {
            p.add(path + ".rangeScan", "only with \"ranges\": \"auto\"; remove it or set " + path + ".ranges to \"auto\"");
        }
        if (p.size() > before) return Optional.empty();
        return Optional.of(new SearchSpace(w, a, overrides, Granularity.of(g), AUTO.equals(ranges) ? AUTO : null, scan));
    }

    /** A threshold distribution: numeric, values ≥ 0. */
    private static Distribution threshold(JsonNode n, String path, Problems p, Distribution fallback) {
        if (n == null || n.isNull()) return fallback;
        Optional<Distribution> d = Distributions.read(n, path, p);
        if (d.isEmpty()) return fallback;
        if (d.get() instanceof Distribution.Categorical c && !c.numericChoices()) {
            p.bad(path + ".attributes.choices", n.path("attributes").path("choices"), "threshold choices must be numbers");
            return fallback;
        }
        if (d.get().minValue() < 0) {
            p.bad(path, n, "a threshold is a magnitude: values must be ≥ 0");
            return fallback;
        }
        return d.get();
    }
}
