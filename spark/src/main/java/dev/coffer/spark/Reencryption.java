package dev.coffer.spark;

import static org.apache.spark.sql.functions.col;

import dev.coffer.ConfigurationException;
import dev.coffer.spark.internal.ExportManifest;
import dev.coffer.spark.internal.ItemTask;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/**
 * Encrypts or re-encrypts a DynamoDB export into files that DynamoDB's import from S3 reads, so a
 * table of any size is migrated by export, Spark, and import into a new table. Each item is
 * verified and decrypted with the {@linkplain Builder#source source} spec (its current keys and any
 * older keys its provider still holds) and encrypted with the {@linkplain Builder#target target}
 * spec's current keys; nothing is written for an item that does not verify: it goes to the failure
 * output.
 *
 * <p>Output, under the output path:
 * <ul>
 *   <li>{@code data/}: gzip files with one {@code {"Item":{...}}} per line, DynamoDB JSON. Give
 *       this folder as the import's S3 key prefix, input format {@code DYNAMODB_JSON}, compression
 *       {@code GZIP}; it holds nothing else (no {@code _SUCCESS} marker).</li>
 *   <li>{@code failures/}: JSON lines, one per item not written (table, key, kind, reason, file,
 *       line; no value).</li>
 *   <li>{@code coffer-summary.json}: the {@link ExportSummary}.</li>
 * </ul>
 *
 * <p><b>Legacy and plaintext items.</b> The source spec's {@link dev.coffer.TableConfig} decides
 * what is read, exactly as in an application: a legacy reader with
 * {@code LegacyPhase.READ_LEGACY_WRITE_COFFER} reads the legacy client's items; a
 * {@code PlaintextPhase} that reads plaintext ({@code WRITE_ENCRYPTED_READ_BOTH}) takes items
 * without Coffer's attributes as plaintext, <strong>unverified</strong> (use it only for an export
 * of a table being migrated from plaintext); an algorithm suite of
 * {@code AES_GCM_HMAC_SHA256_ECDSA_P256} refuses HMAC-only items unless {@code acceptHmacOnlyItems}.
 * An item the source does not read is a failure row ({@code PHASE}, {@code INTEGRITY}, ...). The
 * target writes Coffer items with its own suite and beacons (a target whose plaintext phase writes
 * plaintext fails the job).
 *
 * <pre>{@code
 * ExportSummary s = Reencryption.builder()
 *         .source(ordersOldKeys)      // TableSpec whose KeySource can decrypt the export
 *         .target(ordersNewKeys)      // TableSpec whose KeySource encrypts with the new key
 *         .build()
 *         .run(spark, "s3a://bucket/exports/AWSDynamoDB/0170-abc", "s3a://bucket/orders-v2");
 * }</pre>
 *
 * <p>Thread-safety: immutable; {@link #run} is called from the driver. The builder is not thread-safe.
 */
public final class Reencryption {
    private final TableSpec source;
    private final TableSpec target;

    private Reencryption(Builder b) {
        this.source = b.source;
        this.target = b.target;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the export at {@code exportPath}, re-encrypts every item, and writes the import layout
     * under {@code outputPath} (which must not exist yet). One pass over the export, persisted (it
     * holds ciphertext only) for the two writes.
     *
     * @throws ExportException if the manifests cannot be read or a data file differs from its manifest entry
     */
    public ExportSummary run(SparkSession spark, String exportPath, String outputPath) {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(exportPath, "exportPath");
        Objects.requireNonNull(outputPath, "outputPath");
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        ExportManifest manifest = ExportManifest.read(exportPath, jsc.hadoopConfiguration());
        CofferExports.checkTable(manifest, source, exportPath);
        Path out = new Path(outputPath);
        try {
            if (out.getFileSystem(jsc.hadoopConfiguration()).exists(out)) {
                throw new ExportException("output '" + outputPath + "' already exists; give a new path");
            }
        } catch (IOException e) {
            throw new ExportException("output '" + outputPath + "': cannot be checked (" + e.getMessage() + ")", e);
        }
        LongAccumulator ok = jsc.sc().longAccumulator(CofferExports.VERIFIED);
        LongAccumulator failed = jsc.sc().longAccumulator(CofferExports.FAILED);
        LongAccumulator kms = jsc.sc().longAccumulator(CofferExports.KMS_CALLS);
        ItemTask task = ItemTask.reencrypt(source, target, CofferExports.hadoopConf(jsc), ok, failed, kms);
        Dataset<Row> rows = spark.createDataFrame(CofferExports.files(jsc, manifest).mapPartitions(task),
                ItemTask.rowSchema(null)).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            rows.filter(col("ok")).select(col("item")).write().mode(SaveMode.ErrorIfExists)
                    .option("compression", "gzip")
                    .option("mapreduce.fileoutputcommitter.marksuccessfuljobs", "false")
                    .text(new Path(out, "data").toString());
            rows.filter(col("ok").equalTo(false))
                    .select(col("table"), col("key"), col("kind"), col("reason"), col("file"), col("line"))
                    .write().mode(SaveMode.ErrorIfExists).json(new Path(out, "failures").toString());
            long verified = 0;
            long failures = 0;
            for (Row r : rows.groupBy(col("ok")).count().collectAsList()) {
                if (r.getBoolean(0)) {
                    verified = r.getLong(1);
                } else {
                    failures = r.getLong(1);
                }
            }
            String table = manifest.tableName() != null ? manifest.tableName() : source.tableName();
            ExportSummary summary = new ExportSummary(table, manifest.itemCount(), manifest.dataFiles().size(),
                    verified, failures, kms.value(), outputPath);
            if (verified + failures != manifest.itemCount()) {
                throw new ExportException("table " + table + ": " + (verified + failures) + " items processed, the"
                        + " manifests list " + manifest.itemCount() + "; the export changed while it was read");
            }
            FileSystem fs = out.getFileSystem(jsc.hadoopConfiguration());
            try (OutputStream o = fs.create(new Path(out, "coffer-summary.json"), false)) {
                o.write(summary.toJson().getBytes(StandardCharsets.UTF_8));
            }
            return summary;
        } catch (IOException e) {
            throw new ExportException("output '" + outputPath + "': cannot write the summary (" + e.getMessage() + ")",
                    e);
        } finally {
            rows.unpersist(false);
        }
    }

    /** Builds a {@link Reencryption}. Not thread-safe. */
    public static final class Builder {
        private TableSpec source;
        private TableSpec target;

        private Builder() {
        }

        /**
         * How the export's items are verified and decrypted (its legacy reader and phases included).
         * Required; it may be the target spec itself when one configuration both reads the old items
         * and writes the new ones.
         */
        public Builder source(TableSpec source) {
            if (source == null) {
                throw new ConfigurationException("Reencryption: source must not be null");
            }
            this.source = source;
            return this;
        }

        /** How the items are encrypted for the new table. Required. */
        public Builder target(TableSpec target) {
            if (target == null) {
                throw new ConfigurationException("Reencryption: target must not be null");
            }
            this.target = target;
            return this;
        }

        /** The job; a {@link ConfigurationException} if the source or the target is missing. */
        public Reencryption build() {
            if (target == null) {
                throw new ConfigurationException("Reencryption: set target(...) to the spec items are encrypted with");
            }
            if (source == null) {
                throw new ConfigurationException("Reencryption: set source(...) to the spec the export's items were"
                        + " written with (for a plaintext table: a spec with plaintextPhase(WRITE_ENCRYPTED_READ_BOTH))");
            }
            return new Reencryption(this);
        }
    }
}
