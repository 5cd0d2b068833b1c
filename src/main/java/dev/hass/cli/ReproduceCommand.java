package dev.hass.cli;

import dev.hass.cluster.BatchRequest;
import dev.hass.cluster.Seeds;
import dev.hass.cluster.Slurm;
import dev.hass.reproduce.Plan;
import dev.hass.reproduce.Reproduction;
import dev.hass.reproduce.Table;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hass reproduce tables}: the paper-style tables from the experiment files. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Reproduce the paper's tables (see 'hass reproduce tables --help').",
        subcommands = {ReproduceCommand.Tables.class})
public final class ReproduceCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: tables; see 'hass reproduce --help'.");
    }

    @Command(name = "tables", mixinStandardHelpOptions = true,
            description = {"Table 1: accuracy vs one global weight/activation threshold per zoo model (oracle).",
                    "Table 2: dense, uniform, greedy, random and HASS NSGA-II per zoo model × board at ≤ 2-point accuracy drop, "
                            + "mean ± std over seeds (a batch of searches: experiments × boards × seeds).",
                    "Table 3: hardware only, ImageNet shapes on u250, dense vs sparse engines at uniform product sparsity 0–0.7.",
                    "Writes <id>.md and <id>.csv per table, tables.md, the experiment files used (experiments/) and the batch (batches/)."})
    public static final class Tables implements Callable<Integer> {
        @Spec CommandSpec spec;

        static final class Where {
            @Option(names = "--local", description = "Run the search batch on this machine (default).") boolean local;
            @Option(names = "--slurm", description = "Submit the search batch to Slurm and wait for it.") boolean slurm;
        }

        @ArgGroup(exclusive = true) Where where;

        @Option(names = "--quick", description = "Small versions fast enough for CI (one model, one seed, tiny budgets, small subsets).")
        boolean quick;

        @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: results/tables, with --quick results/tables-quick).")
        Path out;

        @Option(names = "--models", split = ",", paramLabel = "M", description = "Zoo models (default: all five; with --quick lenet5).")
        List<String> models;

        @Option(names = "--seeds", paramLabel = "LIST", description = "Search seeds, e.g. 1-3 (default: 1-3; with --quick 1).")
        String seeds;

        @Option(names = "--evaluations", paramLabel = "N", description = "Search budget per algorithm (default: 96; with --quick 8).")
        Integer evaluations;

        @Option(names = "--tables", split = ",", paramLabel = "N", description = "Which tables, e.g. 1,3 (default: 1,2,3).")
        List<Integer> tables = List.of(1, 2, 3);

        @Option(names = "--max-parallel", paramLabel = "K", description = "Search tasks at a time (default: one per core).")
        Integer maxParallel;

        @Option(names = "--from-batches", split = ",", paramLabel = "DIR",
                description = "Build table 2 from finished batches (e.g. one per model, or a Slurm batch) instead of running the searches; "
                        + "every task must have completed.")
        List<Path> fromBatches;

        @Option(names = "--experiments", paramLabel = "DIR", description = "Where the templates <model>-<board>.json are (default: experiments).")
        Path experiments = Path.of("experiments");

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Plan plan = quick ? Plan.quick() : Plan.full();
            if (models != null) {
                for (String m : models) {
                    if (!Plan.ZOO.contains(m)) throw new UsageException("--models: '" + m + "'; allowed: " + String.join(", ", Plan.ZOO));
                }
                plan = plan.withModels(models);
            }
            if (seeds != null) {
                plan = plan.withSeeds(Seeds.parse(seeds));
            }
            if (evaluations != null) {
                if (evaluations < 1) throw new UsageException("--evaluations: " + evaluations + "; allowed: ≥ 1");
                plan = plan.withEvaluations(evaluations);
            }
            for (int t : tables) if (t < 1 || t > 3) throw new UsageException("--tables: " + t + "; allowed: 1, 2, 3");
            if (fromBatches != null) {
                if (!tables.contains(2)) throw new UsageException("--from-batches builds table 2; add 2 to --tables");
                for (Path b : fromBatches) {
                    if (!java.nio.file.Files.isRegularFile(b.resolve("tasks.json"))) {
                        throw new UsageException("--from-batches: " + b + " is not a batch folder (no tasks.json)");
                    }
                }
            }
            BatchRequest.Mode mode = where != null && where.slurm ? BatchRequest.Mode.SLURM : BatchRequest.Mode.LOCAL;
            Path dir = this.out != null ? this.out : Path.of(quick ? "results/tables-quick" : "results/tables");
            Reproduction.Result r;
            r = new Reproduction(Slurm.fromEnvironment(), out).run(new Reproduction.Request(plan, mode, dir, experiments,
                    BatchCommand.hassHome(), tables, maxParallel, fromBatches));
            for (Table t : r.tables()) out.println(t.markdown());
            out.printf(Locale.ROOT, "reproduce: %d table(s) in %s (%.0f s)%n", r.tables().size(), r.out(), r.seconds());
            out.flush();
            return 0;
        }
    }
}
