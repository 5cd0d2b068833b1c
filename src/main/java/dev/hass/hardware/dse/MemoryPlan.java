package dev.hass.hardware.dse;

import dev.hass.hardware.board.Resources;
import dev.hass.hardware.memory.OffChipWeights;
import dev.hass.hardware.memory.WeightStorage;
import dev.hass.hardware.stage.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The memory side of a {@link Design}: where each stage's weights live, the off-chip bandwidth each
 * streamed stage and the network's input/output need at the design's interval, whether the total stays
 * within the board's DRAM bandwidth (else the design runs slowed down by total/available), and the
 * binding resource.
 *
 * <p>Binding resource: the constraint closest to its limit — the largest of used/budget over DSP, BRAM,
 * URAM, LUT, FF (budget = board × resource fraction) and DRAM bandwidth (budget = the board's); when the
 * interval already equals the stream floor (a stage at its largest folding) no resource can make the
 * design faster and the binding constraint is {@code "floor"}.
 */
public record MemoryPlan(List<StageMemory> stages, double ioGbps, double weightGbps, double dramGbps,
                         double slowdown, String binding, double bindingUse) {

    /** One weight-bearing stage: storage, on-chip blocks, off-chip Gb/s at the design's interval. */
    public record StageMemory(String name, WeightStorage storage, long bram, long uram, double gbps) {}

    public static MemoryPlan of(Design d) {
        double hz = d.platform().frequencyHz();
        long interval = d.intervalCycles();
        List<StageMemory> out = new ArrayList<>();
        double weights = 0;
        List<Stage> chosen = d.stageChoices();
        for (Design.StageDesign s : d.stages()) {
            if (s.derived()) continue;
            Stage st = chosen.get(d.pipeline().indexOf(s.name()));
            WeightStorage w = WeightStorage.of(st);
            if (w == WeightStorage.NONE) continue;
            double gbps = st instanceof OffChipWeights o ? gbps(o.weightBitsPerFrame(), interval, hz) : 0;
            weights += gbps;
            out.add(new StageMemory(s.name(), w, s.metrics().resources().bram(), s.metrics().resources().uram(), gbps));
        }
        double total = d.offChipGbps();
        double io = Math.max(0, total - weights);
        String binding = "DSP";
        double use = -1;
        Resources r = d.resources(), l = d.platform().limits();
        double f = d.options().resourceFraction();
        String[] names = {"DSP", "BRAM", "URAM", "LUT", "FF"};
        long[] used = {r.dsp(), r.bram(), r.uram(), r.lut(), r.ff()};
        long[] lim = {l.dsp(), l.bram(), l.uram(), l.lut(), l.ff()};
        for (int i = 0; i < names.length; i++) {
            if (lim[i] == 0) continue;
            double u = used[i] / Math.floor(lim[i] * f);
            if (u > use) { use = u; binding = names[i]; }
        }
        double bw = total / d.platform().dramGbps();
        if (bw > use) { use = bw; binding = "DRAM bandwidth"; }
        if (interval <= d.floorCycles()) binding = "floor";
        return new MemoryPlan(List.copyOf(out), io, weights, total, d.slowdown(), binding, use);
    }

    /** Gb/s to move {@code bitsPerFrame} every {@code interval} cycles at {@code hz}. */
    public static double gbps(double bitsPerFrame, long interval, double hz) {
        return bitsPerFrame * hz / interval / 1e9;
    }

    public boolean withinBandwidth() { return slowdown <= 1.0; }

    /** e.g. "within DRAM bandwidth" or "bandwidth-bound: slowdown 1.53". */
    public String bandwidthVerdict() {
        return withinBandwidth() ? "within DRAM bandwidth" : String.format(Locale.ROOT, "bandwidth-bound: slowdown %.3f", slowdown);
    }

    public long stagesIn(WeightStorage s) { return stages.stream().filter(x -> x.storage() == s).count(); }
}
