package dev.hass.hardware.board;

/**
 * On-chip memory cost in BRAM18 units, the reference's analytic array model. A Xilinx BRAM18 has the
 * aspect ratios width×depth 1×16384, 2×8192, 4×4096, 9×2048, 18×1024, 36×512; an array of W bits
 * × D words takes ceil(W/36) columns of the narrowest aspect that holds min(W, 36) bits, each
 * ceil(D/aspect depth) blocks deep. Small arrays go to LUTRAM/registers and cost no BRAM:
 * a memory (weights, biases) under 1024 bits; a FIFO (sliding-window line and window buffers) of at
 * most 1024 bits or at most 32 words deep (a shift-register LUT holds 32).
 */
public final class Memory {
    private static final int[] WIDTHS = {1, 2, 4, 9, 18, 36};
    private static final int[] DEPTHS = {16384, 8192, 4096, 2048, 1024, 512};
    /** Deepest FIFO that synthesis keeps in shift-register LUTs. */
    public static final int FIFO_LUT_DEPTH = 32;

    private Memory() {}

    /** BRAM18 blocks for one memory array (weights, biases) of {@code depth} words of {@code width} bits. */
    public static long bram18(long depth, long width) {
        if (depth <= 0 || width <= 0 || depth * width < 1024) return 0;
        return blocks(depth, width);
    }

    /** BRAM18 blocks for one FIFO (line/window buffer) of {@code depth} words of {@code width} bits. */
    public static long fifoBram18(long depth, long width) {
        if (depth <= FIFO_LUT_DEPTH || width <= 0 || depth * width <= 1024) return 0;
        return blocks(depth, width);
    }

    private static long blocks(long depth, long width) {
        long columns = (width + 35) / 36;
        long w = Math.min(36, width);
        int i = 0;
        while (WIDTHS[i] < w) i++;
        return columns * ((depth + DEPTHS[i] - 1) / DEPTHS[i]);
    }

    /** URAM blocks (4096 × 72 bits) for one array. */
    public static long uram(long depth, long width) {
        if (depth <= 0 || width <= 0) return 0;
        return ((depth + 4095) / 4096) * ((width + 71) / 72);
    }
}
