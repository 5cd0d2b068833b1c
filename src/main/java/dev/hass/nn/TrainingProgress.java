package dev.hass.nn;

/** Receives training progress; see {@link #stderrBar()} for the CLI's one-line bar. */
public interface TrainingProgress {
    void update(int epoch, int epochs, long step, long steps, double loss, double accuracy, double etaSeconds);

    default void done(String summary) {}

    /** An intermediate epoch finished (and its checkpoint was written). */
    default void epochDone(String summary) {}

    TrainingProgress NONE = (e, es, s, ss, l, a, eta) -> {};

    /** One updating line on stderr, redrawn at most 4 times a second. */
    static TrainingProgress stderrBar() {
        return bar(new java.io.PrintWriter(System.err, true));
    }

    /** One updating line ({@code \r}) on {@code err}, redrawn at most 4 times a second. */
    static TrainingProgress bar(java.io.PrintWriter err) {
        return new TrainingProgress() {
            long last;

            @Override
            public void update(int epoch, int epochs, long step, long steps, double loss, double accuracy, double eta) {
                long now = System.nanoTime();
                if (step != steps && now - last < 250_000_000L) return;
                last = now;
                int width = 24, filled = (int) (width * step / Math.max(1, steps));
                String bar = "=".repeat(filled) + (filled < width ? ">" + " ".repeat(width - filled - 1) : "");
                long s = Math.round(eta);
                err.printf("\repoch %d/%d [%s] %3d%% loss %.4f acc %.4f ETA %d:%02d ",
                        epoch, epochs, bar, 100 * step / Math.max(1, steps), loss, accuracy, s / 60, s % 60);
                err.flush();
            }

            @Override
            public void epochDone(String summary) {
                err.println();
                err.println(summary);
                err.flush();
            }

            @Override
            public void done(String summary) {
                err.println();
                err.flush();
            }
        };
    }
}
