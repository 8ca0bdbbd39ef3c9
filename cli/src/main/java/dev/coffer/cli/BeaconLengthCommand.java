package dev.coffer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Recommends a beacon length from the number of distinct values (and optionally a sample of the
 * values, for their distribution), and says what each end of the range gives away. The rule is
 * documented in docs/searchable-encryption.md, "Choosing a length".
 */
@Command(name = "beacon-length", mixinStandardHelpOptions = true,
        description = "Recommend a beacon length (bits) for a searchable attribute, and explain what each end reveals.",
        footer = {"", "Examples:",
            "  coffer beacon-length --distinct 100000       # about 100,000 different e-mail addresses",
            "  coffer beacon-length --sample values.txt     # one value per line, as often as it occurs",
            "",
            "The rule and what beacons reveal: docs/searchable-encryption.md."})
final class BeaconLengthCommand implements Callable<Integer> {
    /** A search may read up to this many distinct values' items per value searched for, at the short end. */
    static final int MAX_SHARING = 64;

    @ParentCommand
    CofferCli parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--distinct", paramLabel = "N",
            description = "How many different values the attribute will hold (an estimate is fine).")
    Long distinct;

    @Option(names = "--sample", paramLabel = "FILE",
            description = "A sample of the values, one per line, each as often as it occurs; gives the distribution.")
    Path sample;

    @Override
    public Integer call() {
        if (distinct == null && sample == null) {
            throw new UsageError("give --distinct N (how many different values the attribute holds), --sample FILE, or both");
        }
        if (distinct != null && distinct < 1) {
            throw new UsageError("--distinct must be 1 or more, was " + distinct);
        }
        PrintWriter out = spec.commandLine().getOut();
        double effective;
        long n;
        double top = 0;
        if (sample != null) {
            Map<String, Long> counts = read(parent.resolve(sample));
            long total = counts.values().stream().mapToLong(Long::longValue).sum();
            double sumSquares = 0;
            for (long c : counts.values()) {
                double p = (double) c / total;
                sumSquares += p * p;
                top = Math.max(top, p);
            }
            n = distinct != null ? distinct : counts.size();
            effective = Math.min(n, 1 / sumSquares);
            out.println("sample: " + total + " values, " + counts.size() + " distinct; the most frequent is "
                    + percent(top) + " of them; effective distinct values (1 / sum of squared shares): "
                    + number(effective));
        } else {
            n = distinct;
            effective = n;
        }
        out.println("distinct values: " + n);
        int hi = (int) Math.floor(log2(effective / 2));
        if (hi < 1) {
            out.println("recommended: no beacon. With so few distinct values, any beacon shows which items share a "
                    + "value and how often each occurs, nearly as the plaintext would; and a 1-bit beacon still splits "
                    + "the values in two. Keep the attribute encrypted and unsearchable, or, if it is not secret, "
                    + "SIGN_ONLY (plaintext) and index it directly.");
            out.flush();
            return CofferCli.OK;
        }
        int lo = Math.max(1, (int) Math.ceil(log2((double) n / MAX_SHARING)));
        lo = Math.min(lo, hi);
        out.println("recommended length: " + (lo == hi ? bits(hi) : lo + " to " + hi + " bits"));
        out.println("  at " + bits(hi) + ": " + (1L << hi) + " beacon values, about " + number(effective / (1L << hi))
                + " distinct values share each. Longer beacons approach one beacon per value: whoever reads the table "
                + "sees which items hold the same value and how often each value occurs, as with deterministic "
                + "encryption.");
        if (lo < hi) {
            out.println("  at " + bits(lo) + ": " + (1L << lo) + " beacon values, about " + number((double) n / (1L << lo))
                    + " distinct values share each. Shorter beacons reveal less, but each search also reads the items "
                    + "of the values sharing its beacon (about 1/" + (1L << lo) + " of the table), which Coffer "
                    + "decrypts and drops.");
        }
        if (top > 1.0 / (1L << lo)) {
            out.println("  warning: the most frequent value alone is " + percent(top) + " of the items; its beacon "
                    + "stands out by its count at any length (a frequency leak). Consider whether this attribute "
                    + "should be searchable.");
        }
        out.flush();
        return CofferCli.OK;
    }

    private static Map<String, Long> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageError("--sample: cannot read '" + file + "': " + e.getMessage(), e);
        }
        Map<String, Long> counts = new HashMap<>();
        for (String line : lines) {
            if (!line.isEmpty()) {
                counts.merge(line, 1L, Long::sum);
            }
        }
        if (counts.isEmpty()) {
            throw new UsageError("--sample: '" + file + "' holds no values (one value per line)");
        }
        return counts;
    }

    private static String bits(int n) {
        return n + (n == 1 ? " bit" : " bits");
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static String number(double x) {
        return String.format(Locale.ROOT, x >= 100 ? "%.0f" : "%.1f", x);
    }

    private static String percent(double p) {
        return String.format(Locale.ROOT, "%.1f%%", p * 100);
    }
}
