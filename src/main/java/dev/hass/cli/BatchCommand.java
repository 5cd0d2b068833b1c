package dev.hass.cli;

import dev.hass.cluster.BatchRequest;
import dev.hass.cluster.BatchService;
import dev.hass.cluster.BatchStatus;
import dev.hass.cluster.CollectResult;
import dev.hass.cluster.Slurm;
import dev.hass.cluster.Submission;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hass batch status|collect|retry|cancel DIR}: follow up a batch made by {@code hass submit}. */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = "Follow up a batch written by 'hass submit' (DIR is results/batches/<id>).",
        subcommands = {BatchCommand.Status.class, BatchCommand.Collect.class, BatchCommand.Retry.class, BatchCommand.Cancel.class})
public final class BatchCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: status, collect, retry or cancel; see 'hass batch --help'.");
    }

    static Path hassHome() {
        return Path.of(System.getProperty("hass.home", ""));
    }

    static BatchService service(PrintWriter out) {
        return new BatchService(Slurm.fromEnvironment(), out);
    }

    static int printSubmitted(PrintWriter out, BatchService.Submitted s, boolean dryRun) {
        if (s.submission() == null) {
            out.flush();
            return 0;
        }
        out.println("batch " + s.batch().id() + ": " + s.submission().tasks().size() + " task(s) in " + s.dir());
        Submission sub = s.submission();
        if (dryRun) {
            out.println("dry run: nothing submitted; to submit, run");
            for (String c : s.commands()) out.println("  " + c);
            out.println("or 'hass batch retry " + s.dir() + "'");
        } else if (Submission.SLURM.equals(sub.mode())) {
            if (sub.workersJob() != null) {
                out.println("search job " + sub.arrayJob() + " (task 0, the coordinator), workers job " + sub.workersJob() + " ("
                        + s.batch().workers().count() + " tasks, after the coordinator starts), collector job " + sub.collectorJob() + " (afterok)");
            } else {
                out.println("array job " + sub.arrayJob() + " (tasks " + sub.tasks() + "), collector job " + sub.collectorJob()
                        + " (afterok)");
            }
            out.println("follow with: hass batch status " + s.dir());
        }
        int failed = 0;
        if (s.collected() != null) {
            out.print(s.collected().table());
            out.println("wrote " + s.collected().csv() + " and " + s.collected().markdown());
            failed = s.collected().missing().size();
        }
        out.flush();
        return failed == 0 ? 0 : ErrorHandler.FAILURE;
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Each task's state (PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, MISSING): from the task "
                    + "folders' DONE/FAILED files first, then squeue (sacct when available). For one search on many workers "
                    + "(submit --workers) also each worker: running, idle or gone (from its heartbeat file), candidates scored.")
    static final class Status implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "DIR", description = "The batch folder.") Path dir;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            BatchStatus st = service(out).status(dir);
            out.print(st.render());
            out.flush();
            return 0;
        }
    }

    @Command(name = "collect", mixinStandardHelpOptions = true,
            description = "Merge the finished tasks into DIR/summary.csv, summary.md and tasks.csv (per experiment × "
                    + "board: mean ± std over seeds of hypervolume, best throughput at the accuracy constraint, "
                    + "evaluations, wall time), naming the tasks that are missing.")
    static final class Collect implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "DIR", description = "The batch folder.") Path dir;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            CollectResult c = service(out).collect(dir);
            out.print(c.table());
            out.println("wrote " + c.csv() + " and " + c.markdown());
            out.flush();
            return 0;
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Start again only the FAILED, CANCELLED and MISSING tasks (searches resume from their trial "
                    + "logs), with a new collector job.")
    static final class Retry implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "DIR", description = "The batch folder.") Path dir;

        static final class Where {
            @Option(names = "--slurm", description = "Resubmit to Slurm.") boolean slurm;
            @Option(names = "--local", description = "Rerun on this machine.") boolean local;
        }

        @ArgGroup(exclusive = true) Where where;
        @Option(names = "--max-parallel", paramLabel = "K", description = "Local runs: at most K tasks at once.") Integer maxParallel;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            BatchRequest.Mode mode = where == null ? BatchRequest.Mode.AUTO
                    : where.slurm ? BatchRequest.Mode.SLURM : BatchRequest.Mode.LOCAL;
            return printSubmitted(out, service(out).retry(dir, mode, maxParallel), false);
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "scancel the batch's array and collector jobs (or stop its local tasks on this machine).")
    static final class Cancel implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "DIR", description = "The batch folder.") Path dir;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            BatchService.Cancelled c = service(out).cancel(dir);
            for (String s : c.stopped()) out.println("cancelled " + s);
            for (String n : c.notes()) out.println(n);
            out.flush();
            return 0;
        }
    }
}
