package dev.hass.reproduce;

import dev.hass.app.ExperimentConfigs;
import dev.hass.cluster.BatchRequest;
import dev.hass.cluster.BatchService;
import dev.hass.cluster.BatchStatus;
import dev.hass.cluster.Slurm;
import dev.hass.cluster.SlurmOptions;
import dev.hass.cluster.TaskSpec;
import dev.hass.cluster.TaskState;
import dev.hass.cluster.TaskStatus;
import dev.hass.experiment.Experiment;
import dev.hass.experiment.ExperimentException;
import dev.hass.experiment.Experiments;
import dev.hass.nn.Checkpoints;
import dev.hass.nn.FashionMnist;
import dev.hass.nn.ModelTrainer;
import dev.hass.nn.TrainingConfig;
import dev.hass.nn.TrainingProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code hass reproduce tables}: writes the experiment files of a {@link Plan}, trains missing
 * checkpoints, then builds table 1 (oracle), table 2 (a batch of searches through the cluster package:
 * experiments × boards × seeds) and table 3 (hardware model), each as Markdown and CSV, plus
 * {@code tables.md} with all three and how they were made.
 */
public final class Reproduction {
    private final Slurm slurm;
    private final PrintWriter progress;

    public Reproduction(Slurm slurm, PrintWriter progress) {
        this.slurm = slurm;
        this.progress = progress;
    }

    /**
     * @param experimentsDir where {@code <model>-<board>.json} live (the templates of the derived experiments)
     * @param hassHome       the project folder holding {@code bin/hass} (the batch tasks run it)
     * @param tables         which of 1, 2, 3 to build
     * @param fromBatches    finished batches to build table 2 from instead of running one (e.g. a Slurm batch that
     *                       ran overnight, or one batch per model), or null to run the searches
     */
    public record Request(Plan plan, BatchRequest.Mode mode, Path out, Path experimentsDir, Path hassHome, List<Integer> tables,
                          Integer maxParallel, List<Path> fromBatches) {
        public Request(Plan plan, BatchRequest.Mode mode, Path out, Path experimentsDir, Path hassHome, List<Integer> tables,
                       Integer maxParallel) {
            this(plan, mode, out, experimentsDir, hassHome, tables, maxParallel, null);
        }
    }

    /** What was written. */
    public record Result(Path out, List<Table> tables, Path batchDir, double seconds) {}

    public Result run(Request r) {
        long t0 = System.nanoTime();
        Plan plan = r.plan();
        Path out = r.out().toAbsolutePath().normalize();
        Path expDir = out.resolve("experiments");
        List<Table> tables = new ArrayList<>();
        // one experiment per model × board, from that board's template: each board gets its own slice
        Map<String, Experiment> experiments = new LinkedHashMap<>();   // key: model + "-" + board
        Map<String, Path> files = new LinkedHashMap<>();
        boolean runSearches = r.tables().contains(2) && r.fromBatches() == null;
        if (r.tables().contains(1) || runSearches) {
            for (String m : plan.models()) {
                for (String b : plan.boards()) {
                    String key = m + "-" + b;
                    Path file = expDir.resolve(key + "-" + plan.name() + ".json");
                    Experiment e = derive(r.experimentsDir().resolve(key + ".json"), m, b, plan);
                    write(e, file);
                    experiments.put(key, e);
                    files.put(key, file);
                }
                ensureCheckpoint(experiments.get(m + "-" + plan.boards().get(0)), plan.trainImages());
            }
        }
        if (r.tables().contains(1)) {
            List<AccuracyTable.Model> ms = new ArrayList<>();
            for (String m : plan.models()) {   // accuracy does not depend on the board: its first board's file
                String key = m + "-" + plan.boards().get(0);
                Experiment e = experiments.get(key);
                ms.add(new AccuracyTable.Model(m, ExperimentConfigs.oracle(e), e.oracle().evaluationImages(), e.oracle().histogramImages(),
                        out.relativize(files.get(key)).toString()));
            }
            tables.add(write(AccuracyTable.build(ms, plan.weightThresholds(), plan.activationThresholds(), this::say), out));
        }
        Path batchDir = null;
        if (r.tables().contains(2) && !runSearches) {
            tables.add(write(fromBatches(r.fromBatches(), out), out));
        }
        if (runSearches) {
            long b0 = System.nanoTime();
            List<Path> exps = List.copyOf(files.values());
            BatchRequest br = new BatchRequest(exps, plan.seeds(), null, null,
                    new SlurmOptions(null, null, 1, null, r.maxParallel()), r.mode(), false, out.resolve("batches"),
                    plan.name() + "-" + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", ""), r.hassHome(), null);
            BatchService service = new BatchService(slurm, progress);
            BatchService.Submitted s = service.submit(br);
            batchDir = s.dir();
            BatchStatus st = awaitBatch(service, s.dir());
            List<SearchTable.Run> runs = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            for (TaskStatus ts : st.tasks()) {
                TaskSpec t = ts.task();
                if (ts.state() != TaskState.COMPLETED) {
                    failed.add(t.label() + ": " + ts.state() + (ts.detail() == null ? "" : " (" + ts.detail() + ")")
                            + "; see " + s.dir().resolve(t.dir()).resolve("stderr.log"));
                    continue;
                }
                String model = experimentOf(t.experiment(), files, experiments).model().architecture();
                runs.add(new SearchTable.Run(model, t.board(), t.seed(), s.dir().resolve(t.dir())));
            }
            if (!failed.isEmpty()) throw new ReproduceException("table 2: " + failed.size() + " search task(s) did not finish:\n  "
                    + String.join("\n  ", failed) + "\n(rerun them with: bin/hass batch retry " + s.dir() + ")");
            List<String> notes = List.of(
                    "Experiment files: " + files.values().stream().map(f -> out.relativize(f).toString()).collect(Collectors.joining(", "))
                            + " (board slices: " + files.keySet().stream().map(k -> k + " " + experiments.get(k).hardware().resourceFraction())
                            .collect(Collectors.joining(", ")) + "); seeds " + plan.seeds() + "; budget "
                            + plan.evaluations() + " evaluations per algorithm (NSGA-II population " + plan.populationSize() + ").",
                    String.format(java.util.Locale.ROOT, "Batch %s: %d task(s), %s, %.0f s wall.", out.relativize(s.dir()), runs.size(),
                            s.submission().mode(), (System.nanoTime() - b0) / 1e9));
            tables.add(write(SearchTable.build(runs, notes), out));
        }
        if (r.tables().contains(3)) {
            tables.add(write(HardwareTable.build(plan.imagenet(), plan.sparsities(), "u250", this::say), out));
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        writeIndex(out, plan, tables, secs);
        return new Result(out, tables, batchDir, secs);
    }

    /**
     * The experiment of one model on one board in this plan: the file {@code <model>-<board>.json} (which
     * holds the board's slice and the threshold ranges) with the plan's sizes, every algorithm.
     */
    static Experiment derive(Path template, String model, String board, Plan plan) {
        if (!Files.isRegularFile(template)) {
            throw new ReproduceException(template + ": no experiment file for model '" + model + "' on board '" + board
                    + "'; the tables need <model>-<board>.json for each of " + plan.models() + " × " + plan.boards());
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", model + "-" + board + "-" + plan.name());
        o.put("hardware.platform", board);
        o.put("oracle.finalistFineTuneSteps", plan.finalistFineTuneSteps());
        o.put("oracle.finalists", "best");   // table 2 reads the best designs only
        o.put("search.algorithm", "all");
        o.put("search.evaluations", plan.evaluations());
        o.put("search.populationSize", plan.populationSize());
        // the two-objective front (the paper's formulation) keeps the hypervolume; `fastest` finds designs ~1 % faster
        // on the median case and gives hypervolume up (docs/search.md, "Which goal the tables use")
        o.put("search.goal", "front");
        o.put("dataset.calibrationImages", plan.calibrationImages());
        o.put("dataset.validationImages", plan.validationImages());
        o.put("oracle.evaluationImages", plan.evaluationImages());
        o.put("oracle.histogramImages", plan.histogramImages());
        if (plan.epochs() > 0) o.put("training.epochs", plan.epochs());
        // absolute, because the batch tasks run from wherever; the quick plan trains its own small checkpoint
        o.put("model.checkpoint", Path.of("results", "models", plan.name().equals("quick") ? model + "-quick" : model)
                .toAbsolutePath().normalize().toString());
        try {
            return Experiments.load(template, o);
        } catch (ExperimentException e) {
            throw new ReproduceException(String.join("\n", e.problems()));
        }
    }

    private void ensureCheckpoint(Experiment e, int trainImages) {
        Path cp = ExperimentConfigs.checkpoint(e);
        if (Checkpoints.exists(cp)) return;
        say("no checkpoint at " + cp + ": training " + e.model().architecture() + " (" + e.training().epochs() + " epoch(s))");
        TrainingConfig cfg = ExperimentConfigs.training(e, null, false);
        // one line per epoch in the run's log: training a checkpoint takes minutes, and a bar's \r does not suit a log file
        TrainingProgress epochs = new TrainingProgress() {
            @Override
            public void update(int epoch, int n, long step, long steps, double loss, double accuracy, double eta) {}

            @Override
            public void epochDone(String summary) {
                say("  " + e.model().architecture() + " " + summary);
            }

            @Override
            public void done(String summary) {
                say("  " + summary);
            }
        };
        if (trainImages <= 0) {
            ModelTrainer.train(cfg, epochs);
        } else {   // the quick plan: a head of the training split, seconds instead of minutes
            FashionMnist full = FashionMnist.load(cfg.datasetDir());
            ModelTrainer.train(cfg, new FashionMnist(full.train().head(trainImages), full.test(), full.fingerprint(), full.dir()),
                    epochs);
        }
    }

    /**
     * Table 2 from batches that already ran: every task must have completed (a partial table would compare methods on
     * different seeds); the model of each task is read from the experiment its search wrote into its folder.
     */
    private Table fromBatches(List<Path> dirs, Path out) {
        BatchService service = new BatchService(slurm, progress);
        List<SearchTable.Run> runs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        double taskSeconds = 0;
        for (Path d : dirs) {
            Path dir = d.toAbsolutePath().normalize();
            BatchStatus st = service.status(dir);
            for (TaskStatus ts : st.tasks()) {
                TaskSpec t = ts.task();
                Path taskDir = dir.resolve(t.dir());
                if (ts.state() != TaskState.COMPLETED) {
                    problems.add(t.label() + " of " + dir + ": " + ts.state() + (ts.detail() == null ? "" : " (" + ts.detail() + ")"));
                    continue;
                }
                runs.add(new SearchTable.Run(architecture(taskDir), t.board(), t.seed(), taskDir));
                taskSeconds += SearchTable.searchSeconds(taskDir);
            }
        }
        if (!problems.isEmpty()) throw new ReproduceException("--from-batches: " + problems.size() + " task(s) did not complete:\n  "
                + String.join("\n  ", problems) + "\n(finish them with: bin/hass batch retry DIR, or wait for them)");
        if (runs.isEmpty()) throw new ReproduceException("--from-batches: no tasks in " + dirs);
        List<String> notes = List.of(String.format(java.util.Locale.ROOT,
                "From %d finished batch(es): %s; %d search task(s), %.0f s of search wall time in all (tasks run side by side take less).",
                dirs.size(), dirs.stream().map(d -> d.toAbsolutePath().normalize().getFileName().toString()).collect(Collectors.joining(", ")),
                runs.size(), taskSeconds));
        return SearchTable.build(runs, notes);
    }

    /** The zoo architecture of the search in {@code taskDir} (its experiment.json). */
    private static String architecture(Path taskDir) {
        Path f = taskDir.resolve("experiment.json");
        try {
            String a = new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.toFile()).path("model").path("architecture").asText("");
            if (a.isEmpty()) throw new ReproduceException(f + ": no model.architecture (table 2 compares the zoo models)");
            return a;
        } catch (IOException x) {
            throw new ReproduceException("cannot read " + f + ": " + x.getMessage());
        }
    }

    /** Local runs are finished when submit returns; Slurm ones are polled until no task is queued or running. */
    private BatchStatus awaitBatch(BatchService service, Path dir) {
        long lastSay = 0;
        while (true) {
            BatchStatus st = service.status(dir);
            boolean busy = st.tasks().stream().anyMatch(t -> t.state() == TaskState.PENDING || t.state() == TaskState.RUNNING);
            if (!busy) return st;
            if (System.nanoTime() - lastSay > 60e9) {
                say("table 2: waiting for the batch " + dir + ": " + st.counts());
                lastSay = System.nanoTime();
            }
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ReproduceException("interrupted while waiting for " + dir + "; the batch goes on: bin/hass batch status " + dir);
            }
        }
    }

    /** The derived experiment a batch task ran (files and experiments share their keys). */
    private static Experiment experimentOf(String experiment, Map<String, Path> files, Map<String, Experiment> experiments) {
        Path p = Path.of(experiment).toAbsolutePath().normalize();
        return files.entrySet().stream().filter(e -> e.getValue().toAbsolutePath().normalize().equals(p))
                .map(e -> experiments.get(e.getKey())).findFirst()
                .orElseThrow(() -> new IllegalStateException("batch task of unknown experiment " + experiment));
    }

    private Table write(Table t, Path out) {
        t.write(out);
        say("wrote " + out.resolve(t.id() + ".md") + " and .csv");
        return t;
    }

    private static void write(Experiment e, Path file) {
        try {
            Files.createDirectories(file.getParent());
            Experiments.write(e, file);
        } catch (IOException x) {
            throw new UncheckedIOException("cannot write " + file + ": " + x.getMessage(), x);
        }
    }

    private static void writeIndex(Path out, Plan plan, List<Table> tables, double secs) {
        StringBuilder b = new StringBuilder("# Reproduced tables (" + plan.name() + " run)\n\n");
        b.append(String.format(java.util.Locale.ROOT, "Made by `bin/hass reproduce tables%s` in %.0f s on %d core(s), %s.%n%n",
                plan.name().equals("quick") ? " --quick" : "", secs, Runtime.getRuntime().availableProcessors(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        b.append(String.format(java.util.Locale.ROOT, "Plan: models %s, boards %s, seeds %s, %d evaluations per algorithm, ImageNet networks %s, "
                        + "sparsities %s; tables %s.%n%n", plan.models(), plan.boards(), plan.seeds(), plan.evaluations(), plan.imagenet(),
                plan.sparsities(), tables.stream().map(Table::id).toList()));
        for (Table t : tables) b.append(t.markdown()).append('\n');
        try {
            // tables of earlier runs into the same folder (e.g. --tables 1 first, then --tables 2,3) stay listed
            List<String> made = tables.stream().map(Table::id).toList();
            try (var s = Files.list(out)) {
                for (Path f : s.filter(f -> f.getFileName().toString().matches("table\\d.*\\.md")).sorted().toList()) {
                    String id = f.getFileName().toString().replaceFirst("\\.md$", "");
                    if (!made.contains(id) && Files.isDirectory(out)) b.append("(from an earlier run)\n\n").append(Files.readString(f)).append('\n');
                }
            }
            Files.createDirectories(out);
            Files.writeString(out.resolve("tables.md"), b.toString());
        } catch (IOException x) {
            throw new UncheckedIOException("cannot write " + out.resolve("tables.md") + ": " + x.getMessage(), x);
        }
    }

    private void say(String line) {
        synchronized (progress) {
            progress.println(line);
            progress.flush();
        }
    }

    /** A problem the user can fix (missing experiment file, failed tasks). */
    public static final class ReproduceException extends RuntimeException {
        public ReproduceException(String m) { super(m); }
    }
}
