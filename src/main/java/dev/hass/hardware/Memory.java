package dev.hass.hardware;

/**
 * On-chip memory cost in BRAM18 units. A Xilinx BRAM18 has the aspect ratios width×depth
 * 1×16384, 2×8192, 4×4096, 9×2048, 18×1024, 36×512; an array is built from ceil(width/36) columns of
 * the narrowest aspect that holds the width, ceil(depth/aspect depth) deep. Arrays under 1024 bits
 * go to LUTRAM/registers and cost no BRAM (the synthesis tools' behaviour the reference encodes).
 */
public final class Memory {
    private static final int[] WIDTHS = {1, 2, 4, 9, 18, 36};
    private static final int[] DEPTHS = {16384, 8192, 4096, 2048, 1024, 512};

    private Memory() {}

    /** BRAM18 blocks for one memory array of {@code depth} words of {@code width} bits. */
    public static long bram18(long depth, int width) {
        if (depth <= 0 || width <= 0 || depth * width < 1024) return 0;
        long columns = (width + 35) / 36;
        int w = Math.min(36, width);
        int i = 0;
        while (WIDTHS[i] < w) i++;
        return columns * ((depth + DEPTHS[i] - 1) / DEPTHS[i]);
    }

    /** URAM blocks (4096 × 72 bits) for one array. */
    public static long uram(long depth, int width) {
        if (depth <= 0 || width <= 0) return 0;
        return ((depth + 4095) / 4096) * ((width + 71) / 72);
    }
}
