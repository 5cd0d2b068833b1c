package dev.hass.hardware.memory;

import dev.hass.hardware.stage.ConvStage;
import dev.hass.hardware.stage.InnerProductStage;
import dev.hass.hardware.stage.Stage;

/**
 * Where a stage's weights live: on chip in BRAM18 (the reference's default), on chip in URAM, or
 * streamed from off-chip DRAM while the stage runs. Stages without weights report {@link #NONE}.
 */
public enum WeightStorage {
    NONE, BRAM, URAM, STREAMED;

    /** The storage of a stage as the lowering or the DSE chose it. */
    public static WeightStorage of(Stage s) {
        if (s instanceof OffChipWeights) return STREAMED;
        if (s instanceof UramWeights) return URAM;
        if (s instanceof Stage.Repriced r) return of(r.original());
        if (s instanceof ConvStage c) return c.spec().weightsInUram() ? URAM : BRAM;
        if (s instanceof InnerProductStage ip) return ip.weightsInUram() ? URAM : BRAM;
        return NONE;
    }

    /** Short label for reports: "-", "BRAM", "URAM", "DRAM". */
    public String label() {
        return switch (this) {
            case NONE -> "-";
            case BRAM -> "BRAM";
            case URAM -> "URAM";
            case STREAMED -> "DRAM";
        };
    }
}
