package dev.hass.cluster;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Parses seed lists such as {@code 1-5}, {@code 1,3,5} or {@code 1-3,7}. */
public final class Seeds {
    private static final int MAX = 10_000;

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
            long a = Long.parseLong(ab[0]);
            long b = ab.length > 1 ? Long.parseLong(ab[1]) : a;
            if (b < a) throw new BatchInputException("--seeds: range '" + p + "' is inverted; " + allowed);
            if (b - a >= MAX) throw new BatchInputException("--seeds: range '" + p + "' has more than " + MAX + " seeds");
            for (long s = a; s <= b; s++) seeds.add(s);
        }
        return new ArrayList<>(seeds);
    }
}
