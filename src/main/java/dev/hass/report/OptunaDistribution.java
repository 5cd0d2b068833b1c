package dev.hass.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One Optuna distribution ({@code FloatDistribution}, {@code IntDistribution}, {@code CategoricalDistribution}),
 * enough to write a journal: its canonical JSON (Optuna 3.1's attribute order) and the mapping between the
 * external value of a param and the internal float the journal stores.
 */
public record OptunaDistribution(String kind, double low, double high, Double step, boolean log, List<JsonNode> choices) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    public static OptunaDistribution parse(JsonNode n, String where) {
        String name = n.path("name").asText("");
        JsonNode a = n.path("attributes");
        if (!a.isObject()) throw new ReportException(where + ": distribution needs 'name' and 'attributes', got " + n);
        switch (name) {
            case "FloatDistribution", "IntDistribution" -> {
                if (!a.path("low").isNumber() || !a.path("high").isNumber()) {
                    throw new ReportException(where + ": " + name + " needs numeric 'low' and 'high', got " + a);
                }
                double low = a.get("low").asDouble(), high = a.get("high").asDouble();
                boolean log = a.path("log").asBoolean(false);
                JsonNode st = a.path("step");
                Double step = st.isNumber() ? st.asDouble() : null;
                boolean isInt = name.equals("IntDistribution");
                if (isInt && step == null) step = 1.0;
                if (low > high) throw new ReportException(where + ": low " + low + " > high " + high);
                if (log && (isInt ? low < 1 : low <= 0)) throw new ReportException(where + ": log scale needs low " + (isInt ? ">= 1" : "> 0") + ", got " + low);
                if (!isInt && log && step != null) throw new ReportException(where + ": FloatDistribution cannot combine log and step");
                if (step != null && step <= 0) throw new ReportException(where + ": step must be > 0, got " + step);
                return new OptunaDistribution(isInt ? "int" : "float", low, high, step, log, List.of());
            }
            case "CategoricalDistribution" -> {
                JsonNode c = a.path("choices");
                if (!c.isArray() || c.size() == 0) throw new ReportException(where + ": CategoricalDistribution needs a non-empty 'choices' array");
                List<JsonNode> choices = new ArrayList<>();
                c.forEach(choices::add);
                return new OptunaDistribution("categorical", 0, choices.size() - 1, null, false, choices);
            }
            default -> throw new ReportException(where + ": distribution name '" + name
                    + "' is not supported; allowed: FloatDistribution, IntDistribution, CategoricalDistribution");
        }
    }

    /** Optuna's own JSON for the distribution, attribute order as 3.1's {@code distribution_to_json}. */
    public String toJson() {
        ObjectNode root = F.objectNode();
        ObjectNode a = F.objectNode();
        switch (kind) {
            case "float" -> {
                root.put("name", "FloatDistribution");
                if (step == null) a.putNull("step"); else a.put("step", step);
                a.put("low", low);
                a.put("high", high);
                a.put("log", log);
            }
            case "int" -> {
                root.put("name", "IntDistribution");
                a.put("log", log);
                a.put("step", (long) (double) step);
                a.put("low", (long) low);
                a.put("high", (long) high);
            }
            default -> {
                root.put("name", "CategoricalDistribution");
                ArrayNode arr = a.putArray("choices");
                choices.forEach(arr::add);
            }
        }
        root.set("attributes", a);
        return root.toString();
    }

    /** The internal float Optuna stores for an external value (categorical: the index of the choice). */
    public double toInternal(double external, String where) {
        if (kind.equals("categorical")) {
            for (int i = 0; i < choices.size(); i++) {
                JsonNode ch = choices.get(i);
                if (ch.isNumber() && ch.asDouble() == external) return i;
            }
            throw new ReportException(where + ": value " + external + " is not one of the choices " + choices);
        }
        double tol = 1e-9 * Math.max(1, Math.abs(high - low));
        if (!Double.isFinite(external) || external < low - tol || external > high + tol) {
            throw new ReportException(where + ": value " + external + " is outside [" + low + ", " + high + "]");
        }
        if (kind.equals("int") && external != Math.rint(external)) {
            throw new ReportException(where + ": value " + external + " is not an integer (IntDistribution)");
        }
        return external;
    }

    /** The external value of an internal float; a non-numeric categorical choice is returned as its index. */
    public double toExternal(double internal) {
        if (kind.equals("categorical")) {
            int i = (int) internal;
            JsonNode ch = i >= 0 && i < choices.size() ? choices.get(i) : null;
            return ch != null && ch.isNumber() ? ch.asDouble() : internal;
        }
        return internal;
    }

    static JsonNode parseJsonString(String s, String where) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new ReportException(where + ": distribution is not JSON: " + s);
        }
    }
}
