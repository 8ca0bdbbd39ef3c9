package dev.coffer.cli;

import java.io.PrintWriter;

/**
 * A progress bar on standard error: by default drawn only when a person is watching a terminal and
 * the input is long enough to need one; {@code --progress} forces it, {@code --no-progress} turns it
 * off. The bar redraws one line with carriage returns, so {@link #endLine()} must run before anything
 * else is printed to standard error.
 */
final class Progress {
    static final int MIN_ITEMS = 100;
    private final PrintWriter err;
    private final int total;
    private final boolean enabled;
    private int lastPercent = -1;
    private boolean midLine;

    private Progress(PrintWriter err, int total, boolean enabled) {
        this.err = err;
        this.total = total;
        this.enabled = enabled;
    }

    /** The default: drawn if standard error is a {@code terminal} and there are at least {@value #MIN_ITEMS} items. */
    static Progress auto(PrintWriter err, int total, boolean terminal) {
        return new Progress(err, total, terminal && total >= MIN_ITEMS);
    }

    /**
     * The bar for {@code --progress} ({@code TRUE}: always), {@code --no-progress} ({@code FALSE}:
     * never), or neither ({@code null}: {@link #auto}).
     */
    static Progress forOption(PrintWriter err, int total, Boolean option) {
        if (option == null) {
            return auto(err, total, isTerminal());
        }
        return new Progress(err, total, option && total > 0);
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
        midLine = true;
        if (done == total) {
            endLine();
        }
        err.flush();
    }

    /** Ends the bar's line if it is drawn part way (an error is coming), so what follows starts on a new line. */
    void endLine() {
        if (midLine) {
            err.println();
            err.flush();
            midLine = false;
        }
    }
}
