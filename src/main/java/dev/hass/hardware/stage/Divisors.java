package dev.hass.hardware.stage;

import java.util.ArrayList;
import java.util.List;

/** Ascending divisors of a positive integer (the feasible coarse factors of fpgaConvNet). */
final class Divisors {
    private Divisors() {}

    static List<Integer> of(int n) {
        if (n < 1) throw new IllegalArgumentException("divisors of a non-positive number: " + n);
        List<Integer> low = new ArrayList<>(), high = new ArrayList<>();
        for (int i = 1; (long) i * i <= n; i++) {
            if (n % i == 0) {
                low.add(i);
                if (i != n / i) high.add(0, n / i);
            }
        }
        low.addAll(high);
        return List.copyOf(low);
    }

    static List<Integer> range(int from, int to) {
        List<Integer> r = new ArrayList<>();
        for (int i = from; i <= to; i++) r.add(i);
        return List.copyOf(r);
    }

    static void require(List<Integer> feasible, int value, String stage, String parameter) {
        if (!feasible.contains(value)) {
            throw new IllegalArgumentException("stage " + stage + ": " + parameter + "=" + value + " is not feasible; allowed " + feasible);
        }
    }
}
