package dev.hass.report;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays an Optuna journal file the way Optuna 3.1–5.0 does ({@code JournalStorageReplayResult}):
 * study ids count successful CREATE_STUDY ops (a duplicate live name is skipped), trial ids are global
 * over CREATE_TRIAL ops of existing studies, ops on unknown or finished trials are ignored, an unknown
 * op code is an error. Only bytes up to the last newline are read; a line that does not parse is
 * tolerated only when it is the last one (a write in progress), as Optuna does.
 */
public final class JournalReplay {
    static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    /** A trial as Optuna sees it after the replay. State codes: 0 RUNNING, 1 COMPLETE, 2 PRUNED, 3 FAIL, 4 WAITING. */
    public static final class JTrial {
        public final int trialId, number, line;
        public int state;
        public List<Double> values;
        public String datetimeStart, datetimeComplete, workerId;
        public final Map<String, Double> params = new LinkedHashMap<>();
        public final Map<String, String> distributions = new LinkedHashMap<>();
        public final Map<String, JsonNode> userAttrs = new LinkedHashMap<>();
        public final Map<String, JsonNode> systemAttrs = new LinkedHashMap<>();
        /** The CREATE_TRIAL op itself (for comparing what is written with what would be written). */
        public final ObjectNode createOp;

        JTrial(int trialId, int number, int line, ObjectNode createOp) {
            this.trialId = trialId;
            this.number = number;
            this.line = line;
            this.createOp = createOp;
        }

        public boolean finished() { return state == 1 || state == 2 || state == 3; }
    }

    public static final class JStudy {
        public final int studyId;
        public final String name;
        public final List<Integer> directions;
        public boolean deleted;
        public final Map<String, JsonNode> userAttrs = new LinkedHashMap<>();
        public final Map<String, JsonNode> systemAttrs = new LinkedHashMap<>();
        public final List<JTrial> trials = new ArrayList<>();

        JStudy(int studyId, String name, List<Integer> directions) {
            this.studyId = studyId;
            this.name = name;
            this.directions = directions;
        }
    }

    public final Map<Integer, JStudy> studies = new LinkedHashMap<>();
    private final Map<Integer, JTrial> trials = new LinkedHashMap<>();
    private final Map<Integer, JStudy> trialStudy = new LinkedHashMap<>();
    private int nextStudyId;
    /** Number of ops applied and the worker ids that wrote them. */
    public int ops;
    public final java.util.Set<String> workers = new java.util.LinkedHashSet<>();

    public JStudy live(String name) {
        for (JStudy s : studies.values()) if (!s.deleted && s.name.equals(name)) return s;
        return null;
    }

    public int trialCount() {
        return trials.size();
    }

    public static JournalReplay read(Path file) {
        JournalReplay r = new JournalReplay();
        if (!Files.exists(file)) return r;
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ReportException(file + ": cannot read: " + e.getMessage(), e);
        }
        int end = all.length;
        while (end > 0 && all[end - 1] != '\n') end--; // a half-written last line is not there yet
        String text = new String(all, 0, end, StandardCharsets.UTF_8);
        String[] lines = text.isEmpty() ? new String[0] : text.split("\n", -1);
        int n = text.isEmpty() ? 0 : lines.length - 1; // split leaves "" after the final \n
        for (int i = 0; i < n; i++) {
            JsonNode op;
            try {
                op = JSON.readTree(lines[i]);
                if (op == null || !op.isObject()) throw new IOException("not a JSON object");
            } catch (IOException e) {
                if (i == n - 1) break; // Optuna skips an invalid last line and reads it again later
                throw new ReportException(file + ": line " + (i + 1) + " is not valid JSON and is followed by more lines; "
                        + "Optuna cannot load this journal either: " + e.getMessage().lines().findFirst().orElse(""));
            }
            try {
                r.apply((ObjectNode) op, i + 1);
            } catch (RuntimeException e) {
                if (e instanceof ReportException) throw e;
                throw new ReportException(file + ": line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return r;
    }

    private static JsonNode need(ObjectNode op, String field) {
        JsonNode v = op.get(field);
        if (v == null) throw new IllegalArgumentException("op " + op.path("op_code") + " lacks field '" + field + "'");
        return v;
    }

    private static Map.Entry<String, JsonNode> single(ObjectNode op, String field) {
        JsonNode m = need(op, field);
        if (!m.isObject() || m.size() != 1) throw new IllegalArgumentException("'" + field + "' must hold exactly one key (Optuna asserts this), got " + m);
        return m.fields().next();
    }

    void apply(ObjectNode op, int line) {
        ops++;
        String worker = op.path("worker_id").asText("");
        workers.add(worker);
        int code = need(op, "op_code").asInt(-1);
        switch (code) {
            case 0 -> {
                String name = need(op, "study_name").asText();
                if (live(name) != null) return;
                List<Integer> dirs = new ArrayList<>();
                need(op, "directions").forEach(d -> dirs.add(d.asInt()));
                int id = nextStudyId++;
                studies.put(id, new JStudy(id, name, dirs));
            }
            case 1 -> {
                JStudy s = liveById(need(op, "study_id").asInt());
                if (s != null) s.deleted = true;
            }
            case 2, 3 -> {
                JStudy s = liveById(need(op, "study_id").asInt());
                Map.Entry<String, JsonNode> e = single(op, code == 2 ? "user_attr" : "system_attr");
                if (s != null) (code == 2 ? s.userAttrs : s.systemAttrs).put(e.getKey(), e.getValue());
            }
            case 4 -> {
                JStudy s = liveById(need(op, "study_id").asInt());
                need(op, "datetime_start");
                if (s == null) return;
                JTrial t = new JTrial(trials.size(), s.trials.size(), line, op);
                t.workerId = worker;
                t.state = op.path("state").asInt(0);
                t.datetimeStart = op.path("datetime_start").isNull() ? null : op.get("datetime_start").asText();
                t.datetimeComplete = op.path("datetime_complete").isTextual() ? op.get("datetime_complete").asText() : null;
                t.values = doubles(op.get("values"));
                if (t.values == null && op.path("value").isNumber()) t.values = List.of(op.get("value").asDouble());
                for (Iterator<Map.Entry<String, JsonNode>> it = op.path("distributions").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    t.distributions.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = op.path("params").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!t.distributions.containsKey(e.getKey())) throw new IllegalArgumentException("param '" + e.getKey() + "' has no distribution");
                    t.params.put(e.getKey(), e.getValue().asDouble());
                }
                op.path("user_attrs").fields().forEachRemaining(e -> t.userAttrs.put(e.getKey(), e.getValue()));
                op.path("system_attrs").fields().forEachRemaining(e -> t.systemAttrs.put(e.getKey(), e.getValue()));
                trials.put(t.trialId, t);
                trialStudy.put(t.trialId, s);
                s.trials.add(t);
            }
            case 5, 6, 7, 8, 9 -> {
                JTrial t = trials.get(need(op, "trial_id").asInt());
                if (t == null || t.finished()) return;
                switch (code) {
                    case 5 -> {
                        String p = need(op, "param_name").asText();
                        t.distributions.put(p, need(op, "distribution").asText());
                        t.params.put(p, need(op, "param_value_internal").asDouble());
                    }
                    case 6 -> {
                        int st = need(op, "state").asInt();
                        if (st == 0 && t.state == 0) return;
                        if (st == 0) t.datetimeStart = op.path("datetime_start").asText(null);
                        if (st == 1 || st == 2 || st == 3) t.datetimeComplete = op.path("datetime_complete").asText(null);
                        t.state = st;
                        List<Double> v = doubles(op.get("values"));
                        if (v != null) t.values = v;
                    }
                    case 7 -> { /* intermediate values: not part of our trial format */ }
                    case 8 -> { Map.Entry<String, JsonNode> e = single(op, "user_attr"); t.userAttrs.put(e.getKey(), e.getValue()); }
                    default -> { Map.Entry<String, JsonNode> e = single(op, "system_attr"); t.systemAttrs.put(e.getKey(), e.getValue()); }
                }
            }
            default -> throw new IllegalArgumentException("unknown op_code " + op.path("op_code")
                    + " (Optuna 3.1-5.0 know 0-9 and stop with an assertion on anything else)");
        }
    }

    private JStudy liveById(int id) {
        JStudy s = studies.get(id);
        return s == null || s.deleted ? null : s;
    }

    private static List<Double> doubles(JsonNode n) {
        if (n == null || !n.isArray()) return null;
        List<Double> out = new ArrayList<>();
        n.forEach(x -> out.add(x.isNumber() ? x.asDouble() : Double.NaN));
        return out;
    }
}
