package dev.coffer.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the side-by-side comparison (Coffer, the JCE ceiling, the format floor, the legacy client,
 * the Database Encryption SDK, Coffer bulk) with JMH's GC profiler, keeps the numbers in a TSV file and
 * writes docs/PERFORMANCE.md from them, with the stored sizes ({@link StoredSize}) and the cold start
 * ({@link ColdStart}) read from their own result files.
 *
 * <pre>
 * benchmarks/run.sh                           # everything, about 14 minutes, rewrites docs/PERFORMANCE.md
 * benchmarks/run.sh --rerun 'CofferBenchmark' # re-measure matching rows, keep the others, rewrite the doc
 * benchmarks/run.sh --report-only             # rewrite the doc from the kept numbers
 * </pre>
 *
 * <p>Options: {@code --doc PATH} (default docs/PERFORMANCE.md), {@code --results PATH} (default
 * benchmarks/results/comparison.tsv), {@code --sizes PATH} (default benchmarks/results/stored-size.tsv),
 * {@code --cold-start PATH} (default benchmarks/results/cold-start.tsv), {@code --rerun REGEX},
 * {@code --report-only}, {@code --quick}
 * (one short iteration each: checks the plumbing, the numbers mean nothing), {@code --command TEXT}
 * (how the run was started, for the doc).
 *
 * <p>Thread-safety: a command-line program; not for concurrent use.
 */
public final class Comparison {
    /** The benchmarks of the comparison (the HMAC choice and GCM call pattern benchmarks are separate). */
    static final String ALL = "dev\\.coffer\\.benchmarks\\.(Ceiling|FormatFloor|SdkFloor|Coffer|LegacyClient|DbEsdk|Bulk)Benchmark\\.";

    private Comparison() {
    }

    public static void main(String[] args) throws IOException, RunnerException {
        Path doc = Paths.get("docs/PERFORMANCE.md");
        Path results = Paths.get("benchmarks/results/comparison.tsv");
        Path sizes = StoredSize.RESULTS;
        Path coldStart = ColdStart.RESULTS;
        String rerun = null;
        boolean reportOnly = false;
        boolean quick = false;
        String command = "java -cp benchmarks/target/benchmarks.jar " + Comparison.class.getName() + " " + String.join(" ", args);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--doc":
                    doc = Paths.get(args[++i]);
                    break;
                case "--results":
                    results = Paths.get(args[++i]);
                    break;
                case "--sizes":
                    sizes = Paths.get(args[++i]);
                    break;
                case "--cold-start":
                    coldStart = Paths.get(args[++i]);
                    break;
                case "--rerun":
                    rerun = args[++i];
                    break;
                case "--report-only":
                    reportOnly = true;
                    break;
                case "--quick":
                    quick = true;
                    break;
                case "--command":
                    command = args[++i];
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + args[i]
                            + "; see the Javadoc of " + Comparison.class.getName());
            }
        }

        Results kept = Files.exists(results) ? Results.read(results) : new Results();
        if (!reportOnly) {
            String include = rerun == null ? ALL : rerun;
            if (rerun == null) {
                kept = new Results();
            }
            Instant start = Instant.now();
            String loadBefore = Machine.loadAverage();
            Collection<RunResult> runs = run(include, quick, results.resolveSibling("jmh-last-run.json"));
            Results fresh = new Results();
            for (RunResult r : runs) {
                fresh.rows.add(row(r));
            }
            kept.merge(fresh);
            kept.runs.add(new Results.Run(DateTimeFormatter.ISO_INSTANT.format(start.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),
                    include, command, loadBefore, Machine.loadAverage(),
                    Duration.between(start, Instant.now()).toSeconds(), quick));
            Files.createDirectories(results.toAbsolutePath().getParent());
            kept.write(results);
        }
        Files.createDirectories(doc.toAbsolutePath().getParent());
        Files.writeString(doc, new PerformanceReport(kept, Files.exists(sizes) ? StoredSize.Results.read(sizes) : null,
                Files.exists(coldStart) ? ColdStart.Results.read(coldStart) : null, Machine.describe()).render(),
                StandardCharsets.UTF_8);
        System.out.println("wrote " + doc + " from " + kept.rows.size() + " results in " + results);
    }

    private static Collection<RunResult> run(String include, boolean quick, Path json) throws RunnerException {
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(include)
                .exclude("HmacChoiceBenchmark|GcmCallPatternBenchmark")
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString());
        if (quick) {
            o.warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(200));
        }
        return new Runner(o.build()).run();
    }

    static Results.Row row(RunResult r) {
        BenchmarkParams p = r.getParams();
        String name = p.getBenchmark();
        int dot = name.lastIndexOf('.');
        String method = name.substring(dot + 1);
        String cls = name.substring(name.lastIndexOf('.', dot - 1) + 1, dot);
        Map<String, String> params = new TreeMap<>();
        for (String k : p.getParamsKeys()) {
            params.put(k, p.getParam(k));
        }
        Result<?> primary = r.getPrimaryResult();
        double alloc = Double.NaN;
        // JMH declares the secondary results as a map of raw Result; read them by key, naming no raw type.
        for (String key : r.getSecondaryResults().keySet()) {
            if (key.endsWith("gc.alloc.rate.norm")) {
                alloc = r.getSecondaryResults().get(key).getScore();
            }
        }
        return new Results.Row(cls, method, params, p.getThreads(), primary.getScore(), primary.getScoreError(), alloc,
                DateTimeFormatter.ISO_INSTANT.format(Instant.now().atOffset(ZoneOffset.UTC).toInstant()
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
    }

    /** The kept numbers: one row per benchmark and parameter set, and the runs that produced them. */
    static final class Results {
        final List<Row> rows = new ArrayList<>();
        final List<Run> runs = new ArrayList<>();

        /** One measured benchmark. */
        static final class Row {
            final String benchmark;
            final String method;
            final Map<String, String> params;
            final int threads;
            final double score;
            final double error;
            final double allocPerOp;
            final String measuredAt;

            Row(String benchmark, String method, Map<String, String> params, int threads, double score, double error,
                    double allocPerOp, String measuredAt) {
                this.benchmark = benchmark;
                this.method = method;
                this.params = params;
                this.threads = threads;
                this.score = score;
                this.error = error;
                this.allocPerOp = allocPerOp;
                this.measuredAt = measuredAt;
            }

            String key() {
                return benchmark + "." + method + params;
            }

            String param(String name) {
                return params.get(name);
            }
        }

        /** One invocation of the comparison. */
        static final class Run {
            final String startedAt;
            final String include;
            final String command;
            final String loadBefore;
            final String loadAfter;
            final long seconds;
            final boolean quick;

            Run(String startedAt, String include, String command, String loadBefore, String loadAfter, long seconds,
                    boolean quick) {
                this.startedAt = startedAt;
                this.include = include;
                this.command = command;
                this.loadBefore = loadBefore;
                this.loadAfter = loadAfter;
                this.seconds = seconds;
                this.quick = quick;
            }
        }

        void merge(Results fresh) {
            Map<String, Row> byKey = new LinkedHashMap<>();
            for (Row r : rows) {
                byKey.put(r.key(), r);
            }
            for (Row r : fresh.rows) {
                byKey.put(r.key(), r);
            }
            rows.clear();
            rows.addAll(byKey.values());
        }

        Row find(String benchmark, String method, String... params) {
            for (Row r : rows) {
                if (!r.benchmark.equals(benchmark) || !r.method.equals(method)) {
                    continue;
                }
                boolean all = true;
                for (int i = 0; i < params.length; i += 2) {
                    all &= params[i + 1].equals(r.params.get(params[i]));
                }
                if (all) {
                    return r;
                }
            }
            return null;
        }

        void write(Path file) throws IOException {
            StringBuilder b = new StringBuilder();
            b.append("# Coffer comparison results, written by ").append(Comparison.class.getName())
                    .append("; docs/PERFORMANCE.md is generated from this file.\n");
            for (Run r : runs) {
                b.append("#run\t").append(r.startedAt).append('\t').append(r.include).append('\t').append(r.command)
                        .append('\t').append(r.loadBefore).append('\t').append(r.loadAfter).append('\t').append(r.seconds)
                        .append('\t').append(r.quick).append('\n');
            }
            b.append("#benchmark\tmethod\tparams\tthreads\tops_per_s\terror\talloc_bytes_per_op\tmeasured_at\n");
            for (Row r : rows) {
                StringBuilder p = new StringBuilder();
                r.params.forEach((k, v) -> p.append(p.length() == 0 ? "" : ",").append(k).append('=').append(v));
                b.append(r.benchmark).append('\t').append(r.method).append('\t').append(p).append('\t').append(r.threads)
                        .append('\t').append(r.score).append('\t').append(r.error).append('\t').append(r.allocPerOp)
                        .append('\t').append(r.measuredAt).append('\n');
            }
            Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
        }

        static Results read(Path file) throws IOException {
            Results out = new Results();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", -1);
                if (line.startsWith("#run\t")) {
                    out.runs.add(new Run(f[1], f[2], f[3], f[4], f[5], Long.parseLong(f[6]), Boolean.parseBoolean(f[7])));
                } else if (!line.startsWith("#") && !line.isBlank()) {
                    Map<String, String> params = new TreeMap<>();
                    if (!f[2].isEmpty()) {
                        for (String kv : f[2].split(",")) {
                            int eq = kv.indexOf('=');
                            params.put(kv.substring(0, eq), kv.substring(eq + 1));
                        }
                    }
                    out.rows.add(new Row(f[0], f[1], params, Integer.parseInt(f[3]), Double.parseDouble(f[4]),
                            Double.parseDouble(f[5]), Double.parseDouble(f[6]), f[7]));
                }
            }
            return out;
        }
    }
}
