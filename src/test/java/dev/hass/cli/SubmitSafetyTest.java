package dev.hass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hass.cli.CliHarness.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** submit with hostile input: seed lists, task counts, values that reach a generated script, board paths. */
class SubmitSafetyTest {
    @TempDir Path tmp;

    private Result dryRun(Path experiment, String... more) {
        String[] base = {"submit", "--local", "--dry-run", experiment.toString(), "--batches-dir", tmp.resolve("batches").toString()};
        String[] args = Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new);
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliHarness.run(args));
    }

    @Test
    void seedListsAreBoundedAndTheLargestSeedDoesNotHang() throws Exception {
        Path e = BatchCommandTest.experiment(tmp, "exp", "u250");
        Result max = dryRun(e, "--seeds", "9223372036854775806-9223372036854775807", "--id", "max");
        assertEquals(0, max.code(), max.err());
        JsonNode tasks = BatchCommandTest.JSON.readTree(tmp.resolve("batches/max/tasks.json").toFile()).get("tasks");
        assertEquals(2, tasks.size());
        assertEquals(Long.MAX_VALUE, tasks.get(1).get("seed").asLong());

        Result huge = dryRun(e, "--seeds", "99999999999999999999");
        assertEquals(2, huge.code(), huge.err());
        assertTrue(huge.err().contains("hass: --seeds: '99999999999999999999' has 99999999999999999999; a seed is at most 9223372036854775807"),
                huge.err());
        Result many = dryRun(e, "--seeds", "0-9999,10000-10005");
        assertEquals(2, many.code(), many.err());
        assertTrue(many.err().contains("has more than 10000 seeds"), many.err());
        Result tasksOver = dryRun(e, "--seeds", "0-9999", "--boards", "u250,zcu102");
        assertEquals(2, tasksOver.code(), tasksOver.err());
        assertTrue(tasksOver.err().contains("the batch would have 20000 tasks (experiments × boards × seeds); at most 10000"), tasksOver.err());
        for (Result r : new Result[] {huge, many, tasksOver}) assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void aNewlineInABatchFolderIsRefusedAndAPathWithASpaceIsQuoted() throws Exception {
        Path e = BatchCommandTest.experiment(tmp, "exp", "u250");
        Path evil = tmp.resolve("b\ntouch " + tmp.resolve("pwned") + "\n#");
        Result r = CliHarness.run("submit", "--slurm", "--dry-run", e.toString(), "--batches-dir", evil.toString(), "--id", "x");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--batches-dir: ") && r.err().contains("has a control character"), r.err());
        assertFalse(Files.exists(evil), "nothing written");

        Path spaced = tmp.resolve("my batches");
        Result ok = CliHarness.run("submit", "--slurm", "--dry-run", e.toString(), "--batches-dir", spaced.toString(), "--id", "x");
        assertEquals(0, ok.code(), ok.err());
        String array = Files.readString(spaced.resolve("x/array.sbatch"));
        assertTrue(array.contains("#SBATCH --chdir=\"" + spaced.resolve("x") + "\"\n"), array);
        assertTrue(array.contains("#SBATCH --output=\"" + spaced.resolve("x/logs/task-%a-job-%A.out") + "\"\n"), array);
    }

    @Test
    void aBoardPathNeverNamesAFolderOutsideTheBatch() throws Exception {
        Path boards = Files.createDirectories(tmp.resolve("boards"));
        Path board = boards.resolve("my board.json");
        Files.writeString(board, "{\"name\":\"b\",\"dsp\":100,\"bram18\":100,\"lut\":10000,\"ff\":20000,\"frequencyMhz\":200,\"dramGbps\":10}");
        String climbing = Path.of("").toAbsolutePath().relativize(board).toString();
        assertTrue(climbing.startsWith("../"), climbing);
        Path e = BatchCommandTest.experiment(tmp, "exp", climbing);
        Result r = dryRun(e, "--id", "t");
        assertEquals(0, r.code(), r.err());
        Path tasks = tmp.resolve("batches/t/tasks");
        try (Stream<Path> s = Files.list(tasks)) {
            assertEquals(java.util.List.of(tasks.resolve("000-exp-my_board-s1")), s.toList());
        }
        try (Stream<Path> s = Files.walk(tmp)) {
            // no folder made from the board path anywhere else
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith("-s1") && !p.getParent().equals(tasks)));
        }
    }
}
