package dev.coffer.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cold start, side by side: what {@code benchmarks/cold-start.sh} measures and how it is summed up.
 * The script runs {@link ColdStartCoffer} and {@link ColdStartLegacy} alternately, each in a fresh
 * {@code java -cp benchmarks.jar} process; each prints one line ({@link ColdStartProbe#line}) with the time from
 * JVM start to the first item encrypted and decrypted and its phases ({@link ColdStartProbe}), and
 * the script adds the whole process's wall time (launch to exit).
 *
 * <pre>
 * benchmarks/cold-start.sh                  # 10 runs each, writes benchmarks/results/cold-start.tsv and
 *                                           # regenerates docs/PERFORMANCE.md
 * java -cp benchmarks/target/benchmarks.jar dev.coffer.benchmarks.ColdStart   # prints the summary
 * </pre>
 *
 * <p>Thread-safety: stateless helpers and a command-line program.
 */
public final class ColdStart {
    static final Path RESULTS = Paths.get("benchmarks/results/cold-start.tsv");
    /** The libraries in table order, as the mains name themselves. */
    static final List<String> LIBRARIES = List.of("coffer", "legacy");

    private ColdStart() {
    }

    /** One process. */
    static final class Run {
        final int index;
        final String library;
        final double jvmToMain;
        final double item;
        final double build;
        final double encrypt;
        final double decrypt;
        final double total;
        final double wall;

        Run(String[] f) {
            index = Integer.parseInt(f[0]);
            library = f[1];
            jvmToMain = Double.parseDouble(f[2]);
            item = Double.parseDouble(f[3]);
            build = Double.parseDouble(f[4]);
            encrypt = Double.parseDouble(f[5]);
            decrypt = Double.parseDouble(f[6]);
            total = Double.parseDouble(f[7]);
            wall = Double.parseDouble(f[9]);
        }
    }

    /** A cold-start results file: metadata lines ({@code #key\tvalue}) and one row per process. */
    static final class Results {
        final Map<String, String> meta = new LinkedHashMap<>();
        final List<Run> runs = new ArrayList<>();

        static Results read(Path file) throws IOException {
            Results r = new Results();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", -1);
                if (line.startsWith("#") && f.length == 2) {
                    r.meta.put(f[0].substring(1), f[1]);
                } else if (!line.startsWith("#") && !line.isBlank()) {
                    r.runs.add(new Run(f));
                }
            }
            return r;
        }

        double[] values(String library, java.util.function.ToDoubleFunction<Run> field) {
            return runs.stream().filter(r -> r.library.equals(library)).mapToDouble(field).sorted().toArray();
        }
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The value at quantile {@code q} of sorted values (linear interpolation). */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    public static void main(String[] args) throws IOException {
        Path file = args.length > 0 ? Paths.get(args[0]) : RESULTS;
        StringBuilder out = new StringBuilder();
        PerformanceReport.coldStartTables(Results.read(file), out);
        System.out.print(out);
    }

    static String summary(double[] sorted) {
        return String.format(Locale.ROOT, "%,.0f (%,.0f-%,.0f)", median(sorted), sorted[0], sorted[sorted.length - 1]);
    }

    static double[] sorted(double... v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c;
    }
}
