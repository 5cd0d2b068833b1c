package dev.hass.workers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One worker as its heartbeat file ({@code work/workers/NAME.json}) shows it, for {@code hass batch status}.
 *
 * @param name      the worker's name ({@code local-0}, a Slurm array task {@code 123_4}, or {@code pid@host})
 * @param state     {@code running} (scoring a candidate), {@code idle} (alive: waiting for a candidate or for the
 *                  coordinator's queue) or {@code gone} (exited, or its heartbeat stopped)
 * @param detail    the candidate it scores, what it waits for, or how it went
 * @param scored    candidates it scored
 * @param ageSeconds seconds since its heartbeat file was last written
 */
public record WorkerStatus(String name, String state, String detail, int scored, double ageSeconds) {
    public static final String RUNNING = "running", IDLE = "idle", GONE = "gone";

    /** The workers of a results folder, by name; empty when it has no work queue. */
    public static List<WorkerStatus> read(Path results) {
        Path dir = WorkFiles.work(results).resolve(WorkFiles.WORKERS);
        List<WorkerStatus> out = new ArrayList<>();
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
        } catch (IOException e) {
            return out;
        }
        for (Path f : files) {
            try {
                WorkFiles.Heartbeat h = WorkFiles.read(f, WorkFiles.Heartbeat.class);
                double age = (System.currentTimeMillis() - Files.getLastModifiedTime(f).toMillis()) / 1000.0;
                out.add(of(h, age));
            } catch (IOException e) {
                // being replaced or removed right now: the next status has it
            }
        }
        out.sort(Comparator.comparing(WorkerStatus::name));
        return out;
    }

    /** Silent for three beats (plus slack for a busy file system): taken for gone, as {@code kill -9} leaves it. */
    static WorkerStatus of(WorkFiles.Heartbeat h, double age) {
        boolean silent = age > 3.0 * Math.max(1, h.beatSeconds()) + 5;
        String host = h.holder() == null ? "" : " (" + h.holder() + ")";
        if ("exited".equals(h.state())) {
            String what = h.candidate() == null ? "exited" : "exited while scoring " + h.candidate() + " (issued again after the lease)";
            return new WorkerStatus(h.name(), GONE, what + host, h.scored(), age);
        }
        if (silent) {
            return new WorkerStatus(h.name(), GONE, String.format("no heartbeat for %.0f s (killed?)", age) + host, h.scored(), age);
        }
        return switch (h.state()) {
            case "scoring" -> new WorkerStatus(h.name(), RUNNING, "scoring " + h.candidate() + host, h.scored(), age);
            case "waiting" -> new WorkerStatus(h.name(), IDLE, "waiting for the coordinator's queue" + host, h.scored(), age);
            default -> new WorkerStatus(h.name(), IDLE, "waiting for a candidate" + host, h.scored(), age);
        };
    }
}
