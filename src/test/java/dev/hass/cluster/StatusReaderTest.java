package dev.hass.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task's state from its marker files, for a local batch (no scheduler asked). */
class StatusReaderTest {
    @Test
    void aCancelledTaskStaysCancelledWhenItsWrapperAlsoWroteFailed(@TempDir Path dir) throws IOException {
        List<TaskSpec> tasks = List.of(new TaskSpec(0, "/x/e.json", "e", "u250", 1, "tasks/000"),
                new TaskSpec(1, "/x/e.json", "e", "u250", 2, "tasks/001"), new TaskSpec(2, "/x/e.json", "e", "u250", 3, "tasks/002"));
        for (TaskSpec t : tasks) Files.createDirectories(dir.resolve(t.dir()));
        // task 0: cancelled, and its wrapper saw the killed child exit non-zero first
        Files.writeString(dir.resolve("tasks/000/CANCELLED"), "cancelled=2026-12-06T22:00:00\n");
        Files.writeString(dir.resolve("tasks/000/FAILED"), "exit=143\n");
        Files.writeString(dir.resolve("tasks/001/FAILED"), "exit=1\n");
        Files.writeString(dir.resolve("tasks/002/DONE"), "exit=0\nseconds=3.0\n");
        Batch batch = new Batch(Batch.FORMAT, "b", "now", "test", "/x/bin/hass", "/x", null, null,
                new SlurmOptions(null, null, 1, null, null), tasks, List.of());
        BatchStatus st = new StatusReader(null).read(dir, batch);   // a local batch: no scheduler to ask
        assertEquals(List.of(TaskState.CANCELLED, TaskState.FAILED, TaskState.COMPLETED),
                st.tasks().stream().map(TaskStatus::state).toList());
    }
}
