package dev.hass.cluster;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Parses seed lists such as {@code 1-5}, {@code 1,3,5} or {@code 1-3,7}: at most {@value #MAX} seeds, each a long. */
public final class Seeds {
    static final int MAX = 10_000;

    private Seeds() {}

    public static List<Long> parse(String text) {
        Set<Long> seeds = new LinkedHashSet<>();
        String allowed = "allowed: non-negative integers and ranges, e.g. 1-5 or 1,3,5 or 1-3,7";
        for (String part : text.split(",")) {
            String p = part.strip();
            if (!p.matches("\\d+(-\\d+)?")) {
                throw new BatchInputException("--seeds: '" + text + "' has '" + p + "'; " + allowed);
            }
            String[] ab = p.split("-");
            long a = seed(ab[0], text), b = ab.length > 1 ? seed(ab[1], text) : a;
            if (b < a) throw new BatchInputException("--seeds: range '" + p + "' is inverted; " + allowed);
            if (b - a >= MAX) throw new BatchInputException("--seeds: range '" + p + "' has more than " + MAX + " seeds");
            // counted, not compared: s <= b never fails for b = Long.MAX_VALUE
            for (long i = 0; i <= b - a; i++) seeds.add(a + i);
            if (seeds.size() > MAX) throw new BatchInputException("--seeds: '" + text + "' has more than " + MAX + " seeds");
        }
        return new ArrayList<>(seeds);
    }

    private static long seed(String digits, String text) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new BatchInputException("--seeds: '" + text + "' has " + digits + "; a seed is at most " + Long.MAX_VALUE);
        }
    }
}
