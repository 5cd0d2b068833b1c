package dev.hass.oracle;

/** The DJL/libtorch implementation of {@link AccuracyOracle}. */
public final class DjlAccuracyOracle {
    private DjlAccuracyOracle() {}

    /**
     * Loads the checkpoint and the data splits once; every {@link AccuracyOracle#evaluate} restores the
     * trained weights from memory.
     */
    public static AccuracyOracle open(OracleConfig config) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
