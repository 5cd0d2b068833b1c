package dev.hass.hardware;

/**
 * LUT and flip-flop estimates ({@code long[]{lut, ff}}). Linear in per-stage features; the
 * coefficients were fitted once (weighted least squares on relative error) to the per-layer totals of
 * the fpgaConvNet vectors, whose own numbers are regressions over synthesised modules. Accuracy is
 * reported by the conformance tests (median relative error).
 */
final class LogicModel {
    private LogicModel() {}

    static long[] conv(ConvStage s, int ci, int co, int cg, int fine) {
        ConvSpec spec = s.spec();
        Widths w = s.widths();
        double sIn = ci * cg, sOut = co * cg, mult = (double) fine * ci * co * cg;
        double lut = 200 + 30 * sIn + 40 * sOut + 30 * mult;
        double ff = 200 + 40 * sIn + 40 * sOut + 40 * mult;
        return new long[] {Math.round(lut), Math.round(ff)};
    }

    static long[] innerProduct(InnerProductStage s, int ci, int co) {
        double m = (double) ci * co;
        return new long[] {Math.round(100 + 30 * m), Math.round(100 + 40 * m)};
    }

    static long[] pooling(int kernelSize, int dataBits, int coarse) {
        return new long[] {Math.round(coarse * (50 + 10.0 * kernelSize * dataBits)), Math.round(coarse * (50 + 10.0 * kernelSize * dataBits))};
    }

    static long[] activation(ActivationStage.Function f, int dataBits, int coarse) {
        return new long[] {16L * coarse, 35L * coarse};
    }

    static long[] eltwise(EltwiseStage.Op op, int ports, int dataBits, int coarse) {
        return new long[] {49L * coarse, 23L * coarse};
    }

    static long[] globalPooling(int dataBits, int coarse) {
        return new long[] {916L * coarse, 1312L * coarse};
    }

    static long[] split(int ports, int dataBits, int coarse) {
        return new long[] {13L * coarse, 15L * coarse};
    }

    static long[] squeeze(int in, int out, int dataBits) {
        long l = lcm(in, out);
        return new long[] {30 + 380 * l, 1140 + 21 * l};
    }

    static long lcm(long a, long b) {
        long x = a, y = b;
        while (y != 0) { long t = x % y; x = y; y = t; }
        return a / x * b;
    }
}
