package dev.coffer.spark;

import static org.apache.spark.sql.functions.col;

import dev.coffer.spark.internal.ExportManifest;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/**
 * The result of {@link CofferExports#decrypt}: two lazily computed Datasets over one pass of the
 * export, {@link #items()} (verified, decrypted) and {@link #failures()} (items that did not
 * verify, with table, key, kind and reason; never a value). Every item of the export is in exactly
 * one of them.
 *
 * <p>Like any Dataset, each action recomputes from the export (reading, verifying and decrypting
 * again) unless the data is persisted. {@link #write} persists the pass once, writes both outputs
 * from it, then releases it; persisted blocks hold plaintext in executor memory and, if memory runs
 * short, on executor local disks: set {@code spark.io.encryption.enabled=true} so Spark encrypts
 * what it spills (docs/spark.md).
 *
 * <pre>{@code
 * DecryptedExport export = CofferExports.decrypt(spark, "s3a://bucket/exports/AWSDynamoDB/0170-abc", orders);
 * ExportSummary summary = export.write("parquet", "s3a://bucket/orders-plain", "s3a://bucket/orders-failures");
 * }</pre>
 *
 * <p>Thread-safety: immutable; use it from the driver thread that made it.
 */
public final class DecryptedExport {
    private final Dataset<Row> rows;
    private final ExportManifest manifest;
    private final String table;
    private final boolean json;
    private final LongAccumulator kmsCalls;

    DecryptedExport(Dataset<Row> rows, ExportManifest manifest, String table, boolean json, LongAccumulator kmsCalls) {
        this.rows = rows;
        this.manifest = manifest;
        this.table = table;
        this.json = json;
        this.kmsCalls = kmsCalls;
    }

    /**
     * The verified, decrypted items: one column {@code item} holding the item as DynamoDB JSON
     * (without Coffer's attributes), or, if a schema was given, that schema's columns.
     */
    public Dataset<Row> items() {
        Dataset<Row> ok = rows.filter(col("ok"));
        return json ? ok.select(col("item")) : ok.select(col("item.*"));
    }

    /**
     * The items that failed, one row each: {@code table}, {@code key} (the stored key attributes as
     * DynamoDB JSON, unverified: a pointer for an investigation), {@code kind} ({@code INTEGRITY}: did
     * not verify; {@code MATERIALS}: its keys could not be had; {@code INVALID}: not a valid item;
     * {@code MALFORMED}: the line is not DynamoDB JSON; {@code SCHEMA}: a value does not fit the
     * given schema), {@code reason} (the message; no value), {@code file} and {@code line}.
     */
    public Dataset<Row> failures() {
        return rows.filter(col("ok").equalTo(false))
                .select(col("table"), col("key"), col("kind"), col("reason"), col("file"), col("line"));
    }

    /** Items the export's manifests list. */
    public long exportItems() {
        return manifest.itemCount();
    }

    /**
     * Writes the items in {@code format} (e.g. {@code "parquet"}) to {@code itemsPath} and the
     * failures as JSON lines to {@code failuresPath}, from one pass over the export (persisted at
     * {@code StorageLevel.MEMORY_AND_DISK()} for the two writes), and returns the summary. Neither
     * path may exist yet.
     */
    public ExportSummary write(String format, String itemsPath, String failuresPath) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(itemsPath, "itemsPath");
        Objects.requireNonNull(failuresPath, "failuresPath");
        Dataset<Row> pass = rows.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long before = kmsCalls.value();
            DecryptedExport cached = new DecryptedExport(pass, manifest, table, json, kmsCalls);
            cached.items().write().mode(SaveMode.ErrorIfExists).format(format).save(itemsPath);
            cached.failures().write().mode(SaveMode.ErrorIfExists).json(failuresPath);
            return cached.summarize(itemsPath, before);
        } finally {
            pass.unpersist(false);
        }
    }

    /**
     * Counts verified and failed items (one pass over the export unless it is persisted) and
     * returns the summary; the KMS count is that of every pass so far.
     */
    public ExportSummary summary() {
        return summarize(null, 0);
    }

    private ExportSummary summarize(String output, long kmsBefore) {
        long verified = 0;
        long failed = 0;
        for (Row r : rows.groupBy(col("ok")).count().collectAsList()) {
            if (r.getBoolean(0)) {
                verified = r.getLong(1);
            } else {
                failed = r.getLong(1);
            }
        }
        if (verified + failed != manifest.itemCount()) {
            throw new ExportException("table " + table + ": " + (verified + failed) + " items processed, the manifests"
                    + " list " + manifest.itemCount() + "; the export changed while it was read");
        }
        // Read after the counting job: the accumulator holds what the finished tasks sent.
        return new ExportSummary(table, manifest.itemCount(), manifest.dataFiles().size(), verified, failed,
                kmsCalls.value() - kmsBefore, output);
    }
}
