package dev.hass.hardware.dse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hass.hardware.board.Resources;
import dev.hass.hardware.memory.WeightStorage;
import dev.hass.hardware.stage.Folding;
import dev.hass.hardware.stage.StageMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Text table and JSON document of a {@link Design} (what {@code hass hardware} prints). */
public final class DesignReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String[] RESOURCES = {"DSP", "BRAM", "LUT", "FF", "URAM"};

    private DesignReport() {}

    /** Folding as the reference writes it: ci/co/cg/fine, ci/co, or the coarse factor. */
    public static String folding(Folding f) {
        if (f instanceof Folding.Conv c) return "ci=" + c.coarseIn() + " co=" + c.coarseOut() + " cg=" + c.coarseGroup() + " fine=" + c.fine();
        if (f instanceof Folding.InnerProduct ip) return "ci=" + ip.coarseIn() + " co=" + ip.coarseOut();
        return "coarse=" + ((Folding.Coarse) f).coarse();
    }

    /** Per-stage table (the bottleneck marked with *), then the totals. */
    public static List<String> table(Design d) {
        List<String> l = new ArrayList<>();
        int w = 5;
        for (Design.StageDesign s : d.stages()) w = Math.max(w, s.name().length());
        String fmt = "%-" + w + "s  %-19s  %-28s %12s %6s %6s %5s %-7s %9s %1s";
        l.add(String.format(Locale.ROOT, fmt, "stage", "type", "folding", "cycles", "DSP", "BRAM", "URAM", "weights", "DRAM Gb/s", ""));
        String bottleneck = d.bottleneck().name();
        MemoryPlan plan = MemoryPlan.of(d);
        java.util.Map<String, MemoryPlan.StageMemory> mem = new java.util.HashMap<>();
        for (MemoryPlan.StageMemory sm : plan.stages()) mem.put(sm.name(), sm);
        for (Design.StageDesign s : d.stages()) {
            StageMetrics m = s.metrics();
            MemoryPlan.StageMemory sm = s.derived() ? null : mem.get(s.name());
            l.add(String.format(Locale.ROOT, fmt, s.name(), s.type(), s.derived() ? "(" + s.metrics().streamsIn() + "→" + s.metrics().streamsOut() + " streams)" : folding(s.folding()),
                    m.latency(), m.resources().dsp(), m.resources().bram(), m.resources().uram(),
                    sm == null ? "-" : sm.storage().label(), sm == null || sm.gbps() == 0 ? "" : String.format(Locale.ROOT, "%.2f", sm.gbps()),
                    s.name().equals(bottleneck) ? "*" : ""));
        }
        l.add("");
        l.add(String.format(Locale.ROOT, "network %s on %s (%.0f MHz), batch %d, widths %d/%d/%d, resource fraction %.2f",
                d.pipeline().name(), d.platform().name(), d.platform().frequencyMhz(), d.options().batch(),
                d.options().widths().data(), d.options().widths().weight(), d.options().widths().acc(), d.options().resourceFraction()));
        l.add(String.format(Locale.ROOT, "throughput  %.1f FPS", d.throughput()));
        l.add(String.format(Locale.ROOT, "latency     %.6f s per batch of %d (interval %d cycles, pipeline depth %.0f cycles, slowdown %.3f)",
                d.latencySeconds(), d.options().batch(), d.intervalCycles(), d.pipelineDepthCycles(), d.slowdown()));
        long streamed = plan.stagesIn(WeightStorage.STREAMED);
        l.add(String.format(Locale.ROOT, "off-chip    %.1f Gb/s of %.1f (input/output %.1f%s), %s", d.offChipGbps(), d.platform().dramGbps(),
                plan.ioGbps(), streamed == 0 ? "; all weights on chip" : String.format(Locale.ROOT, ", weights of %d stages %.1f", streamed, plan.weightGbps()),
                plan.bandwidthVerdict()));
        l.add(String.format(Locale.ROOT, "weights     %d stages in BRAM, %d in URAM, %d streamed from DRAM",
                plan.stagesIn(WeightStorage.BRAM), plan.stagesIn(WeightStorage.URAM), streamed));
        l.add("bottleneck  " + bottleneck + " (" + d.bottleneck().metrics().latency() + " cycles)");
        l.add(String.format(Locale.ROOT, "binding     %s (%.1f%% of its budget)", plan.binding(), 100 * plan.bindingUse()));
        Resources lim = d.platform().limits();
        long[] used = {d.resources().dsp(), d.resources().bram(), d.resources().lut(), d.resources().ff(), d.resources().uram()};
        long[] max = {lim.dsp(), lim.bram(), lim.lut(), lim.ff(), lim.uram()};
        StringBuilder r = new StringBuilder("resources  ");
        for (int i = 0; i < RESOURCES.length; i++) {
            r.append(String.format(Locale.ROOT, " %s %d/%d (%.1f%%)", RESOURCES[i], used[i], max[i], d.percentOfBoard(RESOURCES[i])));
            if (i < RESOURCES.length - 1) r.append(',');
        }
        l.add(r.toString());
        l.add(String.format(Locale.ROOT, "bound       %.3f of the perfect-division bound (%.0f cycles: DSP bound %.0f, stream floor %d)",
                d.boundRatio(), d.boundCycles(), d.dspBoundCycles(), d.floorCycles()));
        l.add(d.feasible() ? "feasible    yes" : "feasible    NO: " + String.join("; ", d.violations()));
        return l;
    }

    /** {@link #table(Design)} and a line saying how far the design is from the best known others. */
    public static List<String> table(Design d, BestKnown b) {
        List<String> l = table(d);
        String dense = Double.isNaN(b.denseFps()) ? ""
                : String.format(Locale.ROOT, ", every conv on the dense engine %.1f FPS", b.denseFps());
        String greedy = b.greedyFps() > 0 ? String.format(Locale.ROOT, "%.1f FPS", b.greedyFps()) : "does not fit";
        l.add(String.format(Locale.ROOT, "best known  reference greedy folding %s%s: this design %.3f× the best of them",
                greedy, dense, b.ratio()));
        return l;
    }

    /** {@link #json(Design)} with a {@code bestKnown} object: greedyFps, denseFps (null when dense), ratio. */
    public static String json(Design d, BestKnown b) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(json(d));
            ObjectNode k = root.putObject("bestKnown");
            k.put("greedyFps", b.greedyFps());
            if (Double.isNaN(b.denseFps())) k.putNull("denseFps"); else k.put("denseFps", b.denseFps());
            k.put("ratio", b.ratio());
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write design JSON", e);
        }
    }

    /** One JSON document with the totals and every stage. */
    public static String json(Design d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("network", d.pipeline().name());
        m.put("platform", d.platform().name());
        m.put("frequencyMhz", d.platform().frequencyMhz());
        m.put("batch", d.options().batch());
        m.put("widths", Map.of("data", d.options().widths().data(), "weight", d.options().widths().weight(), "acc", d.options().widths().acc()));
        m.put("resourceFraction", d.options().resourceFraction());
        m.put("feasible", d.feasible());
        m.put("violations", d.violations());
        m.put("throughputFps", d.throughput());
        m.put("latencySeconds", d.latencySeconds());
        m.put("intervalCycles", d.intervalCycles());
        m.put("pipelineDepthCycles", d.pipelineDepthCycles());
        m.put("batchCycles", d.batchCycles());
        m.put("slowdown", d.slowdown());
        m.put("offChipGbps", d.offChipGbps());
        m.put("bottleneck", d.bottleneck().name());
        MemoryPlan plan = MemoryPlan.of(d);
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("ioGbps", plan.ioGbps());
        memory.put("weightGbps", plan.weightGbps());
        memory.put("dramGbps", plan.dramGbps());
        memory.put("availableGbps", d.platform().dramGbps());
        memory.put("withinBandwidth", plan.withinBandwidth());
        memory.put("stagesBram", plan.stagesIn(WeightStorage.BRAM));
        memory.put("stagesUram", plan.stagesIn(WeightStorage.URAM));
        memory.put("stagesStreamed", plan.stagesIn(WeightStorage.STREAMED));
        m.put("memory", memory);
        m.put("binding", plan.binding());
        m.put("bindingUse", plan.bindingUse());
        Map<String, MemoryPlan.StageMemory> mem = new java.util.HashMap<>();
        for (MemoryPlan.StageMemory sm : plan.stages()) mem.put(sm.name(), sm);
        Map<String, Object> res = new LinkedHashMap<>(), pct = new LinkedHashMap<>(), lim = new LinkedHashMap<>();
        Resources l = d.platform().limits();
        long[] used = {d.resources().dsp(), d.resources().bram(), d.resources().lut(), d.resources().ff(), d.resources().uram()};
        long[] max = {l.dsp(), l.bram(), l.lut(), l.ff(), l.uram()};
        for (int i = 0; i < RESOURCES.length; i++) {
            res.put(RESOURCES[i], used[i]);
            lim.put(RESOURCES[i], max[i]);
            pct.put(RESOURCES[i], max[i] == 0 ? 0.0 : d.percentOfBoard(RESOURCES[i]));
        }
        m.put("resources", res);
        m.put("resourcePercent", pct);
        m.put("limits", lim);
        Map<String, Object> bound = new LinkedHashMap<>();
        bound.put("dspBoundCycles", d.dspBoundCycles());
        bound.put("floorCycles", d.floorCycles());
        bound.put("boundCycles", d.boundCycles());
        bound.put("ratio", d.boundRatio());
        m.put("bound", bound);
        List<Map<String, Object>> stages = new ArrayList<>();
        for (Design.StageDesign s : d.stages()) {
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("name", s.name());
            st.put("type", s.type());
            st.put("derived", s.derived());
            st.put("weightsOffChip", s.type().endsWith("/offchip"));
            MemoryPlan.StageMemory sm0 = s.derived() ? null : mem.get(s.name());
            st.put("weights", sm0 == null ? "NONE" : sm0.storage().name());
            st.put("dramGbps", sm0 == null ? 0.0 : sm0.gbps());
            st.put("folding", foldingMap(s.folding()));
            StageMetrics sm = s.metrics();
            st.put("cycles", sm.latency());
            st.put("streamsIn", sm.streamsIn());
            st.put("streamsOut", sm.streamsOut());
            st.put("pipelineDepth", sm.pipelineDepth());
            st.put("DSP", sm.resources().dsp());
            st.put("BRAM", sm.resources().bram());
            st.put("LUT", sm.resources().lut());
            st.put("FF", sm.resources().ff());
            st.put("URAM", sm.resources().uram());
            st.put("bottleneck", s.name().equals(d.bottleneck().name()));
            stages.add(st);
        }
        m.put("stages", stages);
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write design JSON", e);
        }
    }

    private static Map<String, Object> foldingMap(Folding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (f instanceof Folding.Conv c) {
            m.put("coarseIn", c.coarseIn()); m.put("coarseOut", c.coarseOut()); m.put("coarseGroup", c.coarseGroup()); m.put("fine", c.fine());
        } else if (f instanceof Folding.InnerProduct ip) {
            m.put("coarseIn", ip.coarseIn()); m.put("coarseOut", ip.coarseOut());
        } else {
            m.put("coarse", ((Folding.Coarse) f).coarse());
        }
        return m;
    }
}
