package dev.hass.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hass.experiment.Algorithm;
import dev.hass.study.AtomicFiles;
import dev.hass.study.Trial;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes a results folder's trials as an Optuna journal ({@code optuna-journal.log}) that
 * {@code optuna.load_study(storage=JournalStorage(...))} and optuna-dashboard open.
 *
 * <p>Layout: CREATE_STUDY (study name = experiment name, directions), SET_STUDY_SYSTEM_ATTR
 * {@code study:metric_names}, study user attrs {@code platform}/{@code max_accuracy_drop}, then one
 * finished CREATE_TRIAL per trial in log order (Optuna's {@code add_trial} form: no trial id needed).
 *
 * <p>Incremental sync: under the file lock the journal is replayed; each of our trials is recognised by its
 * user attr {@code hass_trial} (our trial number) in the study of that name. If every trial already there is
 * byte-for-byte (as JSON, worker id aside) what we would write now, only the missing trials are appended.
 * If one differs or is not in the log any more (the log was replaced), the file is rewritten from scratch,
 * atomically, but only when it holds nothing but this HASS study; otherwise it is an error, because
 * rewriting would drop someone else's data.
 */
public final class OptunaJournal {
    public static final String TRIAL_KEY = "hass_trial";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** What a sync did. */
    public record SyncResult(int appendedTrials, boolean rewritten) {}

    private OptunaJournal() {}

    /** Deterministic per experiment, so that regenerating a journal gives the same bytes. */
    static String workerId(String study) {
        return "hass-" + UUID.nameUUIDFromBytes(("hass:" + study).getBytes(StandardCharsets.UTF_8)) + "-0";
    }

    public static SyncResult sync(Path journal, ReportInput in) throws IOException {
        String worker = workerId(in.name());
        Files.createDirectories(journal.toAbsolutePath().getParent());
        List<Trial> trials = in.trials();
        try (JournalLock ignored = JournalLock.acquire(journal)) {
            cutTornTail(journal);
            JournalReplay r = JournalReplay.read(journal);
            JournalReplay.JStudy s = r.live(in.name());
            if (s == null) {
                int studyId = r.studies.size(); // every successful CREATE_STUDY used one id
                List<ObjectNode> ops = new ArrayList<>(header(in, worker, studyId));
                for (Trial t : trials) ops.add(trialOp(in, t, worker, studyId));
                append(journal, ops);
                return new SyncResult(trials.size(), false);
            }
            boolean conflict = !s.directions.equals(directionCodes(in))
                    || !metricNames(in).equals(s.systemAttrs.get("study:metric_names"));
            Map<Integer, JournalReplay.JTrial> existing = new HashMap<>();
            for (JournalReplay.JTrial jt : s.trials) {
                JsonNode k = jt.userAttrs.get(TRIAL_KEY);
                if (k != null && k.canConvertToInt()) existing.put(k.asInt(), jt);
            }
            Set<Integer> ours = new HashSet<>();
            List<ObjectNode> missing = new ArrayList<>();
            for (Trial t : trials) {
                ours.add(t.number());
                ObjectNode op = trialOp(in, t, worker, s.studyId);
                JournalReplay.JTrial jt = existing.get(t.number());
                if (jt == null) missing.add(op);
                else if (!sameIgnoringWorker(jt.createOp, op)) conflict = true;
            }
            for (Integer n : existing.keySet()) if (!ours.contains(n)) conflict = true;
            if (!conflict) {
                append(journal, missing);
                return new SyncResult(missing.size(), false);
            }
            boolean onlyOurs = r.studies.size() == 1 && r.workers.stream().allMatch(w -> w.startsWith("hass-"))
                    && s.trials.stream().allMatch(jt -> jt.userAttrs.containsKey(TRIAL_KEY));
            if (!onlyOurs) {
                throw new ReportException(journal + ": study '" + in.name() + "' there does not match " + dirOf(journal)
                        + " (different objectives or trials) and the journal also holds other studies or other writers' trials; "
                        + "move it away to regenerate it");
            }
            List<ObjectNode> ops = new ArrayList<>(header(in, worker, 0));
            for (Trial t : trials) ops.add(trialOp(in, t, worker, 0));
            AtomicFiles.write(journal, lines(ops));
            return new SyncResult(trials.size(), true);
        }
    }

    private static String dirOf(Path journal) {
        Path p = journal.toAbsolutePath().getParent();
        return p + "/trials.jsonl";
    }

    static List<Integer> directionCodes(ReportInput in) {
        return in.directions().stream().map(d -> d.optunaCode).toList();
    }

    private static ArrayNode metricNames(ReportInput in) {
        ArrayNode a = F.arrayNode();
        in.objectiveNames().forEach(a::add);
        return a;
    }

    static List<ObjectNode> header(ReportInput in, String worker, int studyId) {
        List<ObjectNode> ops = new ArrayList<>();
        ObjectNode c = op(0, worker);
        c.put("study_name", in.name());
        ArrayNode dirs = c.putArray("directions");
        directionCodes(in).forEach(dirs::add);
        ops.add(c);
        ObjectNode m = op(3, worker);
        m.put("study_id", studyId);
        m.putObject("system_attr").set("study:metric_names", metricNames(in));
        ops.add(m);
        if (in.platform() != null) {
            ObjectNode u = op(2, worker);
            u.put("study_id", studyId);
            u.putObject("user_attr").put("platform", in.platform());
            ops.add(u);
        }
        if (in.maxAccuracyDrop() != null) {
            ObjectNode u = op(2, worker);
            u.put("study_id", studyId);
            u.putObject("user_attr").put("max_accuracy_drop", in.maxAccuracyDrop());
            ops.add(u);
        }
        return ops;
    }

    private static ObjectNode op(int code, String worker) {
        ObjectNode o = F.objectNode();
        o.put("op_code", code);
        o.put("worker_id", worker);
        return o;
    }

    /** One finished trial as a single CREATE_TRIAL op (Optuna's {@code study.add_trial} form). */
    static ObjectNode trialOp(ReportInput in, Trial t, String worker, int studyId) {
        String where = "trials.jsonl: trial " + t.number();
        ObjectNode o = op(4, worker);
        o.put("study_id", studyId);
        String start = timestamp(t.startedAt(), where + " startedAt");
        if (start == null) o.putNull("datetime_start"); else o.put("datetime_start", start);
        String error = t.error();
        boolean complete = t.complete();
        if (complete) {
            for (double v : in.values(t)) {
                if (!Double.isFinite(v)) {
                    complete = false; // Optuna fails such a trial too; the journal must not carry NaN/Infinity
                    error = "non-finite objective values " + t.values();
                }
            }
        }
        // a screen (multi-fidelity) is Optuna's PRUNED: stopped at a low fidelity, never among best_trials; its
        // screen values stay readable in the user attrs
        boolean screen = complete && !t.fullFidelity();
        o.put("state", screen ? 2 : complete ? 1 : 3);
        o.putNull("value");
        if (complete && !screen) {
            ArrayNode vs = o.putArray("values");
            for (double v : in.values(t)) vs.add(v);
        } else {
            o.putNull("values");
        }
        String done = timestamp(t.completedAt(), where + " completedAt");
        if (done != null) o.put("datetime_complete", done); // Optuna cannot parse a null here: leave the key out
        ObjectNode dists = o.putObject("distributions");
        ObjectNode params = o.putObject("params");
        if (t.params() != null) {
            for (Map.Entry<String, Double> p : t.params().entrySet()) {
                JsonNode dj = in.space().get(p.getKey());
                if (dj == null) {
                    throw new ReportException(where + ": param '" + p.getKey() + "' is not in space.json (params there: " + in.space().keySet() + ")");
                }
                OptunaDistribution d = OptunaDistribution.parse(dj, "space.json: '" + p.getKey() + "'");
                dists.put(p.getKey(), d.toJson());
                params.put(p.getKey(), d.toInternal(p.getValue() == null ? Double.NaN : p.getValue(), where + " param '" + p.getKey() + "'"));
            }
        }
        ObjectNode ua = o.putObject("user_attrs");
        ua.put(TRIAL_KEY, t.number());
        ua.put("algorithm", t.algorithm());
        ua.put("seed", t.seed());
        ua.put("generation", t.generation());
        if (error != null) ua.put("error", error);
        if (t.fidelity() != null) {
            ObjectNode f = ua.putObject("fidelity");
            f.put("level", t.fidelity().level());
            f.put("evaluationImages", t.fidelity().evaluationImages());
            f.put("histogramImages", t.fidelity().histogramImages());
            f.put("fineTuneSteps", t.fidelity().fineTuneSteps());
            putFinite(f, "cost", t.fidelity().cost());
        }
        if (screen) {
            ObjectNode sv = ua.putObject("screen_values");
            t.values().forEach((k, v) -> putFinite(sv, k, v));
        }
        // the trial's own constraint names (log order): stable when later trials are appended
        List<String> cnames = t.constraints() == null ? List.of() : List.copyOf(t.constraints().keySet());
        if (!cnames.isEmpty()) {
            ArrayNode cn = ua.putArray("constraint_names");
            cnames.forEach(cn::add);
        }
        if (t.layers() != null) {
            for (Trial.LayerStats l : t.layers()) putFinite(ua, "weight_sparsity." + l.name(), l.weightSparsity());
            for (Trial.LayerStats l : t.layers()) putFinite(ua, "activation_sparsity." + l.name(), l.activationSparsity());
            ArrayNode layers = ua.putArray("layers");
            for (Trial.LayerStats l : t.layers()) {
                ObjectNode x = layers.addObject();
                x.put("name", l.name());
                putFinite(x, "weightSparsity", l.weightSparsity());
                putFinite(x, "activationSparsity", l.activationSparsity());
                putFinite(x, "productSparsity", l.productSparsity());
                x.put("cycles", l.cycles());
                x.put("denseCycles", l.denseCycles());
                x.put("dsp", l.dsp());
                x.put("bottleneck", l.bottleneck());
            }
        }
        if (t.design() != null) ua.set("design", designNode(t.design()));
        putFinite(ua, "oracle_seconds", t.oracleSeconds());
        putFinite(ua, "dse_seconds", t.dseSeconds());
        ObjectNode sa = o.putObject("system_attrs");
        if (t.constraints() != null && !t.constraints().isEmpty()) {
            ArrayNode c = sa.putArray("constraints");
            for (String name : cnames) {
                Double v = t.constraints().get(name);
                if (v == null || !Double.isFinite(v)) {
                    throw new ReportException(where + ": constraint '" + name + "' is " + v
                            + "; every trial with constraints needs a finite value for each of " + cnames);
                }
                c.add(v);
            }
        } else if (complete && !in.constraintNames().isEmpty()) {
            throw new ReportException(where + ": COMPLETE trial without constraints while others have " + in.constraintNames()
                    + "; Optuna needs constraints on every complete trial or on none");
        }
        if (Algorithm.NSGA2.id().equals(t.algorithm())) {
            sa.put("nsga2:generation", t.generation());          // Optuna <= 3.x NSGAIISampler
            sa.put("NSGAIISampler:generation", t.generation());  // Optuna >= 4.x
        }
        o.putObject("intermediate_values");
        return o;
    }

    private static ObjectNode designNode(Trial.DesignSummary d) {
        ObjectNode x = F.objectNode();
        if (d.platform() != null) x.put("platform", d.platform());
        putFinite(x, "throughput", d.throughput());
        putFinite(x, "latencySeconds", d.latencySeconds());
        x.put("intervalCycles", d.intervalCycles());
        x.put("dsp", d.dsp());
        x.put("bram", d.bram());
        x.put("lut", d.lut());
        x.put("ff", d.ff());
        x.put("uram", d.uram());
        putFinite(x, "dspFraction", d.dspFraction());
        putFinite(x, "bramFraction", d.bramFraction());
        putFinite(x, "lutFraction", d.lutFraction());
        putFinite(x, "ffFraction", d.ffFraction());
        if (d.bottleneck() != null) x.put("bottleneck", d.bottleneck());
        putFinite(x, "boundRatio", d.boundRatio());
        x.put("feasible", d.feasible());
        return x;
    }

    /** Non-finite numbers become null: the journal never carries NaN/Infinity. */
    private static void putFinite(ObjectNode o, String k, double v) {
        if (Double.isFinite(v)) o.put(k, v); else o.putNull(k);
    }

    private static String timestamp(String s, String where) {
        if (s == null || s.isBlank()) return null;
        try {
            return Timestamps.format(Timestamps.parse(s));
        } catch (java.time.DateTimeException e) {
            throw new ReportException(where + ": '" + s + "' is not an ISO-8601 timestamp");
        }
    }

    private static boolean sameIgnoringWorker(ObjectNode written, ObjectNode wanted) {
        try {
            ObjectNode a = written.deepCopy(), b = (ObjectNode) JournalReplay.JSON.readTree(wanted.toString());
            a.remove("worker_id");
            b.remove("worker_id");
            return a.equals(b);
        } catch (IOException e) {
            return false;
        }
    }

    static byte[] lines(List<ObjectNode> ops) {
        StringBuilder s = new StringBuilder();
        for (ObjectNode op : ops) s.append(op.toString()).append('\n');
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Appends with one write and an fsync; the caller holds the lock. */
    private static void append(Path journal, List<ObjectNode> ops) throws IOException {
        if (ops.isEmpty()) return;
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(lines(ops));
            while (b.hasRemaining()) ch.write(b);
            ch.force(true);
        }
    }

    /** A torn last line can only come from a writer that died holding the lock; appending after it would corrupt the file. */
    private static void cutTornTail(Path journal) throws IOException {
        if (!Files.exists(journal)) return;
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size == 0) return;
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, size - 1);
            if (one.get(0) == '\n') return;
            byte[] all = Files.readAllBytes(journal);
            int keep = all.length;
            while (keep > 0 && all[keep - 1] != '\n') keep--;
            ch.truncate(keep);
            ch.force(true);
        }
    }
}
