package dev.hass.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an experiment file may make hass write. Experiment files are shared artifacts (copied from colleagues,
 * checked into repositories), so a path written in one stays inside the working directory: {@code output}
 * always (search writes its results there), {@code model.checkpoint} when hass would write it (train, or a search
 * that trains a missing model first). Reading an existing checkpoint from elsewhere is fine. The user widens this
 * on the command line only: {@code --out DIR} replaces the file's output, {@code --allow-outside} accepts the
 * file's paths as they are.
 */
public final class WritePaths {
    private WritePaths() {}

    /** What the command line said about paths. */
    public record Grant(boolean outputGiven, boolean allowOutside) {
        public static final Grant NONE = new Grant(false, false);
    }

    /**
     * One line per path of the file that would be written outside the working directory (none when allowed).
     *
     * @param checkpointWritten the command writes the checkpoint even when it exists ({@code train})
     */
    public static List<String> problems(Experiment e, String file, Grant grant, boolean checkpointWritten) {
        List<String> out = new ArrayList<>();
        if (grant.allowOutside()) return out;
        Path cwd = Path.of("").toAbsolutePath().normalize();
        String hint = "; a path in an experiment file must stay inside the working directory (" + cwd + "): pass --out DIR, "
                + "or --allow-outside to accept the file's paths";
        if (!grant.outputGiven() && outside(e.output(), cwd)) {
            out.add(file + ": $.output: got \"" + e.output() + "\"" + hint);
        }
        String ckpt = e.model().checkpoint();
        if (ckpt != null && outside(ckpt, cwd) && (checkpointWritten || !Files.isRegularFile(Path.of(ckpt).resolve("metadata.json")))) {
            out.add(file + ": $.model.checkpoint: got \"" + ckpt + "\" (" + (checkpointWritten ? "train writes it" : "missing, so it would be trained there")
                    + ")" + hint.replace("pass --out DIR, or ", "pass "));
        }
        return out;
    }

    /** Throws the problems as an {@link ExperimentException} (exit 2). */
    public static void check(Experiment e, String file, Grant grant, boolean checkpointWritten) {
        List<String> p = problems(e, file, grant, checkpointWritten);
        if (!p.isEmpty()) throw new ExperimentException(p);
    }

    /** Lexically, after {@code ..} is resolved; a symlink inside the working directory is the user's own choice. */
    static boolean outside(String path, Path cwd) {
        return !cwd.resolve(path).normalize().startsWith(cwd);
    }
}
