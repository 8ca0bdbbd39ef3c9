package dev.coffer.cli;

import java.io.PrintWriter;

/** A progress bar on standard error, drawn only when a person is watching a terminal. */
final class Progress {
    private static final int MIN_ITEMS = 100;
    private final PrintWriter err;
    private final int total;
    private final boolean enabled;
    private int lastPercent = -1;

    Progress(PrintWriter err, int total, boolean terminal) {
        this.err = err;
        this.total = total;
        this.enabled = terminal && total >= MIN_ITEMS;
    }

    /**
     * Whether standard error is a terminal. {@code System.console()} is null as soon as standard
     * output is redirected ({@code coffer encrypt big.json > out.json}), which is exactly when a
     * progress bar helps, so on Linux the file behind descriptor 2 is checked instead.
     */
    static boolean isTerminal() {
        if (System.console() != null) {
            return true;
        }
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    void step(int done) {
        if (!enabled) {
            return;
        }
        int percent = (int) (100L * done / total);
        if (percent == lastPercent && done != total) {
            return;
        }
        lastPercent = percent;
        int width = 30;
        int filled = width * percent / 100;
        err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total);
        if (done == total) {
            err.println();
        }
        err.flush();
    }
}
