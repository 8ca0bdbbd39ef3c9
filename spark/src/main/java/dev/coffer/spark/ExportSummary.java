package dev.coffer.spark;

import java.util.Optional;

/**
 * What a job did with an export: the table, how many items the export's manifests list, how many
 * were verified (and written), how many failed (each one is in the failure output), and how many KMS
 * requests the executors sent. {@code verified + failed} always equals the manifests' item count: a
 * data file with fewer or more items than its manifest entry fails the job instead.
 *
 * <p>The item counts are exact: they are counted from the job's output, not from accumulators
 * (Spark may re-run a task, and an accumulator updated in a transformation then counts its items
 * twice). The KMS count comes from an accumulator and so counts every request actually sent,
 * re-runs included. The live counters of the same names are visible in the Spark UI while the job
 * runs ({@code coffer.verified}, {@code coffer.failed}, {@code coffer.kmsCalls}).
 *
 * <p>Thread-safety: immutable.
 */
public final class ExportSummary {
    private final String table;
    private final long exportItems;
    private final int dataFiles;
    private final long verified;
    private final long failed;
    private final long kmsCalls;
    private final String output;

    ExportSummary(String table, long exportItems, int dataFiles, long verified, long failed, long kmsCalls,
            String output) {
        this.table = table;
        this.exportItems = exportItems;
        this.dataFiles = dataFiles;
        this.verified = verified;
        this.failed = failed;
        this.kmsCalls = kmsCalls;
        this.output = output;
    }

    /** The table the export came from (from its manifest, else the table spec). */
    public String table() {
        return table;
    }

    /** Items the export's manifests list. */
    public long exportItems() {
        return exportItems;
    }

    /** Data files read. */
    public int dataFiles() {
        return dataFiles;
    }

    /** Items verified (and decrypted or re-encrypted). */
    public long verified() {
        return verified;
    }

    /** Items in the failure output. */
    public long failed() {
        return failed;
    }

    /** KMS requests sent by the executors while processing items (retries included). */
    public long kmsCalls() {
        return kmsCalls;
    }

    /** Where the result was written, if it was. */
    public Optional<String> output() {
        return Optional.ofNullable(output);
    }

    /** The summary as one JSON object (what {@link Reencryption} writes beside its output). */
    public String toJson() {
        return "{\"table\":\"" + table.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"exportItems\":" + exportItems
                + ",\"dataFiles\":" + dataFiles + ",\"verified\":" + verified + ",\"failed\":" + failed
                + ",\"kmsCalls\":" + kmsCalls + "}";
    }

    @Override
    public String toString() {
        return "table " + table + ": " + exportItems + " items in " + dataFiles + " data files, " + verified
                + " verified, " + failed + " failed" + (failed > 0 ? " (see the failure output)" : "") + ", "
                + kmsCalls + " KMS requests" + (output == null ? "" : ", written to " + output);
    }
}
