package dev.hass.space;

import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Optuna distribution, written exactly as {@code optuna.distributions.distribution_to_json} does:
 * {@code {"name": "FloatDistribution", "attributes": {...}}}. Values have an <em>external</em> form (what the
 * model sees) and an <em>internal</em> float (what Optuna stores: the value, the int as float, the index of a
 * choice). The search works on a <em>gene</em> in {@code [geneLower, geneUpper]}: the internal value, in log
 * space for log distributions so that mutation steps are relative.
 */
public sealed interface Distribution permits Distribution.Float, Distribution.Int, Distribution.Categorical {

    /** Optuna's class name, the {@code name} of the JSON. */
    String name();

    /** The {@code attributes} object in Optuna's key order. */
    Map<String, Object> attributes();

    @JsonValue
    default Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name());
        m.put("attributes", attributes());
        return m;
    }

    double geneLower();

    double geneUpper();

    /** The internal value of a gene: clamped to the range and snapped to the step (or choice). */
    double internal(double gene);

    /** The gene of an internal value (inverse of {@link #internal} on snapped values). */
    double gene(double internal);

    /** Whether an internal value lies in the distribution (Optuna's {@code _contains}). */
    boolean contains(double internal);

    /** Smallest numeric external value, for range checks (thresholds must be ≥ 0). */
    double minValue();

    /** The external value of an internal one as a double (numeric distributions only). */
    double numeric(double internal);

    /** {@code FloatDistribution(low, high, log=False, step=None)}. */
    record Float(double low, double high, boolean log, Double step) implements Distribution {
        public Float {
            if (!(low <= high)) throw new IllegalArgumentException("low " + low + " > high " + high);
            if (log && step != null) throw new IllegalArgumentException("log and step cannot be combined");
            if (log && low <= 0) throw new IllegalArgumentException("log needs low > 0, got " + low);
            if (step != null && !(step > 0)) throw new IllegalArgumentException("step must be > 0, got " + step);
            if (step != null) high = adjustHigh(low, high, step);
        }

        public static Float uniform(double low, double high) { return new Float(low, high, false, null); }

        public static Float stepped(double low, double high, double step) { return new Float(low, high, false, step); }

        /** Optuna's {@code _adjust_discrete_uniform_high}: high snapped down onto the step grid, exactly. */
        static double adjustHigh(double low, double high, double step) {
            BigDecimal l = BigDecimal.valueOf(low), h = BigDecimal.valueOf(high), s = BigDecimal.valueOf(step);
            BigDecimal r = h.subtract(l).remainder(s);
            return r.signum() == 0 ? high : h.subtract(r).doubleValue();
        }

        @Override public String name() { return "FloatDistribution"; }

        @Override public Map<String, Object> attributes() {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("step", step);
            a.put("low", low);
            a.put("high", high);
            a.put("log", log);
            return a;
        }

        @Override public double geneLower() { return log ? Math.log(low) : low; }

        @Override public double geneUpper() { return log ? Math.log(high) : high; }

        @Override public double internal(double gene) {
            double v = log ? Math.exp(gene) : gene;
            if (Double.isNaN(v)) v = low;
            v = Math.max(low, Math.min(high, v));
            if (step != null) {
                long k = Math.round((v - low) / step);
                // decimal arithmetic so that 0.001 * 7 is 0.007, not 0.007000000000000001
                v = BigDecimal.valueOf(low).add(BigDecimal.valueOf(step).multiply(BigDecimal.valueOf(k))).doubleValue();
                v = Math.min(high, v);
            }
            return v;
        }

        @Override public double gene(double internal) { return log ? Math.log(internal) : internal; }

        @Override public boolean contains(double v) {
            if (!(v >= low && v <= high)) return false;
            if (step == null) return true;
            BigDecimal k = BigDecimal.valueOf(v).subtract(BigDecimal.valueOf(low))
                    .divide(BigDecimal.valueOf(step), 9, RoundingMode.HALF_EVEN);
            return k.stripTrailingZeros().scale() <= 0;
        }

        @Override public double minValue() { return low; }

        @Override public double numeric(double internal) { return internal; }
    }

    /** {@code IntDistribution(low, high, log=False, step=1)}. */
    record Int(long low, long high, boolean log, long step) implements Distribution {
        public Int {
            if (low > high) throw new IllegalArgumentException("low " + low + " > high " + high);
            if (step < 1) throw new IllegalArgumentException("step must be ≥ 1, got " + step);
            if (log && step != 1) throw new IllegalArgumentException("log needs step 1, got " + step);
            if (log && low < 1) throw new IllegalArgumentException("log needs low ≥ 1, got " + low);
            high = high - (high - low) % step;
        }

        @Override public String name() { return "IntDistribution"; }

        @Override public Map<String, Object> attributes() {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("log", log);
            a.put("step", step);
            a.put("low", low);
            a.put("high", high);
            return a;
        }

        // log ints search in log space over [low - 0.5, high + 0.5] so each integer gets a fair share
        @Override public double geneLower() { return log ? Math.log(low - 0.5 + 1e-9) : low; }

        @Override public double geneUpper() { return log ? Math.log(high + 0.5) : high; }

        @Override public double internal(double gene) {
            double v = log ? Math.exp(gene) : gene;
            if (Double.isNaN(v)) v = low;
            long k = Math.round((v - low) / step);
            long x = low + k * step;
            return Math.max(low, Math.min(high, x));
        }

        @Override public double gene(double internal) { return log ? Math.log(internal) : internal; }

        @Override public boolean contains(double v) {
            return v >= low && v <= high && v == Math.rint(v) && ((long) v - low) % step == 0;
        }

        @Override public double minValue() { return low; }

        @Override public double numeric(double internal) { return internal; }
    }

    /** {@code CategoricalDistribution(choices)}; choices are null, boolean, integer, float or string. */
    record Categorical(List<Object> choices) implements Distribution {
        public Categorical {
            if (choices.isEmpty()) throw new IllegalArgumentException("choices must not be empty");
            choices = Collections.unmodifiableList(new ArrayList<>(choices));
        }

        @Override public String name() { return "CategoricalDistribution"; }

        @Override public Map<String, Object> attributes() {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("choices", choices);
            return a;
        }

        @Override public double geneLower() { return 0; }

        @Override public double geneUpper() { return choices.size() - 1; }

        @Override public double internal(double gene) {
            if (Double.isNaN(gene)) return 0;
            return Math.max(0, Math.min(choices.size() - 1, Math.round(gene)));
        }

        @Override public double gene(double internal) { return internal; }

        @Override public boolean contains(double v) { return v >= 0 && v < choices.size() && v == Math.rint(v); }

        boolean numericChoices() { return choices.stream().allMatch(c -> c instanceof Number); }

        @Override public double minValue() {
            return choices.stream().mapToDouble(c -> c instanceof Number n ? n.doubleValue() : Double.NaN).min().orElse(Double.NaN);
        }

        @Override public double numeric(double internal) {
            Object c = choices.get((int) internal);
            if (c instanceof Number n) return n.doubleValue();
            throw new IllegalStateException("choice " + c + " is not a number");
        }
    }
}
