package dev.hass.report;

import dev.hass.study.Trial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A separate JVM for the concurrency test: plays a search named {@code args[1]} that syncs its growing
 * trial log into the shared journal {@code args[0]} {@code args[2]} times, in folder {@code args[3]}.
 */
public final class JournalWriterProcess {
    public static void main(String[] args) throws Exception {
        Path journal = Path.of(args[0]);
        String name = args[1];
        int syncs = Integer.parseInt(args[2]);
        Path folder = Path.of(args[3]);
        List<Trial> trials = ResultsFixture.standardTrials();
        for (int k = 1; k <= syncs; k++) {
            ResultsFixture.write(folder, trials.subList(0, k * 4));
            Files.writeString(folder.resolve("experiment.json"), ResultsFixture.EXPERIMENT.replace("lenet-fmnist-test", name));
            OptunaJournal.sync(journal, ReportInput.load(folder));
        }
        System.out.println("{\"done\":" + syncs + "}");
    }
}
