package dev.hass.space;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Reads Optuna distribution JSON ({@code name} + {@code attributes}), reporting every problem. */
public final class Distributions {
    private Distributions() {}

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> NAMES = List.of("FloatDistribution", "IntDistribution", "CategoricalDistribution");

    /** Parses one distribution; problems go to {@code p} and the result is empty. */
    public static Optional<Distribution> read(JsonNode node, String path, Problems p) {
        if (node == null || !node.isObject()) {
            p.bad(path, node, "expected an Optuna distribution {\"name\": \"FloatDistribution\", \"attributes\": {\"low\": ..., \"high\": ...}}");
            return Optional.empty();
        }
        int before = p.size();
        p.onlyKeys(node, path, List.of("name", "attributes"));
        JsonNode nameNode = node.get("name");
        if (nameNode == null) {
            p.add(path + ".name", "missing; allowed: " + String.join(", ", NAMES));
            return Optional.empty();
        }
        String name = p.choice(node, "name", path + ".name", null, NAMES);
        if (name == null) return Optional.empty();
        JsonNode a = node.get("attributes");
        String ap = path + ".attributes";
        if (a == null || !a.isObject()) {
            p.bad(ap, a, "expected an object with the " + name + " attributes");
            return Optional.empty();
        }
        switch (name) {
            case "FloatDistribution": {
                p.onlyKeys(a, ap, List.of("low", "high", "step", "log"));
                Double low = finite(a, "low", ap, p, true), high = finite(a, "high", ap, p, true);
                Double step = finite(a, "step", ap, p, false);
                boolean log = p.bool(a, "log", ap + ".log", false);
                if (step != null && !(step > 0)) p.bad(ap + ".step", a.get("step"), "expected null or a number > 0");
                if (low != null && high != null && low > high) {
                    p.add(ap, "inverted range: low " + low + " > high " + high + "; need low ≤ high");
                }
                if (log && step != null) p.add(ap, "log is true and step is " + step + "; Optuna does not allow both (set step to null or log to false)");
                if (log && low != null && low <= 0) p.bad(ap + ".low", a.get("low"), "with log true, low must be > 0");
                if (p.size() > before) return Optional.empty();
                return Optional.of(new Distribution.Float(low, high, log, step));
            }
            case "IntDistribution": {
                p.onlyKeys(a, ap, List.of("low", "high", "step", "log"));
                OptionalLong low = integer(a, "low", ap, p, true), high = integer(a, "high", ap, p, true);
                OptionalLong stepOpt = integer(a, "step", ap, p, false);
                long step = stepOpt.orElse(1);
                boolean log = p.bool(a, "log", ap + ".log", false);
                if (step < 1) p.bad(ap + ".step", a.get("step"), "expected an integer ≥ 1");
                if (low.isPresent() && high.isPresent() && low.getAsLong() > high.getAsLong()) {
                    p.add(ap, "inverted range: low " + low.getAsLong() + " > high " + high.getAsLong() + "; need low ≤ high");
                }
                if (log && step != 1) p.add(ap, "log is true and step is " + step + "; Optuna needs step 1 with log");
                if (log && low.isPresent() && low.getAsLong() < 1) p.bad(ap + ".low", a.get("low"), "with log true, low must be ≥ 1");
                if (p.size() > before) return Optional.empty();
                return Optional.of(new Distribution.Int(low.getAsLong(), high.getAsLong(), log, step));
            }
            default: {
                p.onlyKeys(a, ap, List.of("choices"));
                JsonNode c = a.get("choices");
                if (c == null || !c.isArray() || c.isEmpty()) {
                    p.bad(ap + ".choices", c, "expected a non-empty array of null, boolean, number or string");
                    return Optional.empty();
                }
                List<Object> choices = new ArrayList<>();
                for (int i = 0; i < c.size(); i++) {
                    JsonNode e = c.get(i);
                    if (e.isNull()) choices.add(null);
                    else if (e.isBoolean()) choices.add(e.asBoolean());
                    else if (e.isIntegralNumber()) choices.add(e.asLong());
                    else if (e.isNumber()) choices.add(e.asDouble());
                    else if (e.isTextual()) choices.add(e.asText());
                    else p.bad(ap + ".choices[" + i + "]", e, "a choice must be null, boolean, number or string");
                }
                if (Set.copyOf(choices.stream().map(String::valueOf).toList()).size() < choices.size()) {
                    p.bad(ap + ".choices", c, "choices must be distinct");
                }
                if (p.size() > before) return Optional.empty();
                return Optional.of(new Distribution.Categorical(choices));
            }
        }
    }

    /** Parses a distribution from its JSON text, throwing with all problems. */
    public static Distribution parse(String json) {
        Problems p = new Problems("<distribution>");
        try {
            Optional<Distribution> d = read(JSON.readTree(json), "$", p);
            if (d.isPresent()) return d.get();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        throw new IllegalArgumentException(String.join("\n", p.lines()));
    }

    /** The JSON text, compact, attribute order as Optuna 3.1 writes it. */
    public static String toJson(Distribution d) {
        try {
            return JSON.writeValueAsString(d.toJson());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Double finite(JsonNode a, String key, String ap, Problems p, boolean required) {
        JsonNode v = a.get(key);
        if (v == null || v.isNull()) {
            if (required) p.add(ap + "." + key, "missing; expected a number");
            return null;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            p.bad(ap + "." + key, v, "expected a finite number");
            return null;
        }
        return v.asDouble();
    }

    private static OptionalLong integer(JsonNode a, String key, String ap, Problems p, boolean required) {
        JsonNode v = a.get(key);
        if (v == null || v.isNull()) {
            if (required) p.add(ap + "." + key, "missing; expected an integer");
            return OptionalLong.empty();
        }
        OptionalLong x = Problems.integerValue(v);
        if (x.isEmpty()) p.bad(ap + "." + key, v, "expected an integer");
        return x;
    }
}
