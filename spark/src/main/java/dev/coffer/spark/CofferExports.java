package dev.coffer.spark;

import dev.coffer.spark.internal.DataFile;
import dev.coffer.spark.internal.ExportManifest;
import dev.coffer.spark.internal.ItemTask;
import dev.coffer.spark.internal.RowFlattener;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Reads DynamoDB exports (the S3 export layout: {@code manifest-summary.json},
 * {@code manifest-files.json}, {@code data/*.json.gz} with one {@code {"Item":{...}}} per line, in
 * DynamoDB JSON) from any Hadoop file system path ({@code s3a://...} on EMR, {@code s3://...} on
 * Glue, local paths in tests), and verifies and decrypts every item on the executors.
 *
 * <p>Each data file is one Spark task. The task checks the file's item count and MD5 against the
 * manifest (a mismatch fails the job: nothing is dropped silently), and turns every line into either
 * a decrypted item or a row of the failure output. Keys never travel with the job: each executor
 * builds its provider from the table spec's {@link KeySource} once and shares it across its tasks.
 * {@link Reencryption} writes a re-encrypted copy in the layout DynamoDB's import from S3 reads.
 *
 * <pre>{@code
 * TableSpec orders = TableSpec.builder().tableName("orders").partitionKey("customer_id").sortKey("order_id")
 *         .keys(KmsKeys.builder().region(Region.US_EAST_1).decryptionKeys(keyArn).build())
 *         .build();
 * DecryptedExport export = CofferExports.decrypt(spark, "s3a://bucket/exports/AWSDynamoDB/01700000000000-abcd1234", orders);
 * ExportSummary summary = export.write("parquet", "s3a://bucket/orders-plain/", "s3a://bucket/orders-failures/");
 * }</pre>
 *
 * <p>Thread-safety: stateless; call it from the driver.
 */
public final class CofferExports {
    /** Accumulator names, as the Spark UI shows them. */
    public static final String VERIFIED = "coffer.verified", FAILED = "coffer.failed", KMS_CALLS = "coffer.kmsCalls";

    private CofferExports() {
    }

    /**
     * The export at {@code exportPath} (the folder holding its manifests), verified and decrypted
     * with {@code table}, each item as one DynamoDB JSON string (column {@code item}). Lazy: the
     * manifests are read now, the items when an action runs.
     *
     * @throws ExportException if the manifests cannot be read, do not agree, or name another table
     */
    public static DecryptedExport decrypt(SparkSession spark, String exportPath, TableSpec table) {
        return decrypt(spark, exportPath, table, null);
    }

    /**
     * As {@link #decrypt(SparkSession, String, TableSpec)}, each item flattened into the columns of
     * {@code schema}: a column takes the attribute of its name (missing or {@code NULL}: null;
     * attributes the schema does not name are left out). String columns take {@code S} and
     * {@code N}; number and decimal columns {@code N}; boolean {@code BOOL}; binary {@code B}; arrays
     * take sets and lists; maps and structs take {@code M}. A value that does not fit its column is a
     * {@code SCHEMA} failure, not a silent null.
     */
    public static DecryptedExport decrypt(SparkSession spark, String exportPath, TableSpec table, StructType schema) {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(exportPath, "exportPath");
        Objects.requireNonNull(table, "table");
        if (schema != null) {
            RowFlattener.validate(schema);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        ExportManifest manifest = ExportManifest.read(exportPath, jsc.hadoopConfiguration());
        checkTable(manifest, table, exportPath);
        LongAccumulator ok = jsc.sc().longAccumulator(VERIFIED);
        LongAccumulator failed = jsc.sc().longAccumulator(FAILED);
        LongAccumulator kms = jsc.sc().longAccumulator(KMS_CALLS);
        ItemTask task = ItemTask.decrypt(table, schema, hadoopConf(jsc), ok, failed, kms);
        Dataset<Row> rows = spark.createDataFrame(files(jsc, manifest).mapPartitions(task), ItemTask.rowSchema(schema));
        return new DecryptedExport(rows, manifest, table.tableName(), schema == null, kms);
    }

    static JavaRDD<DataFile> files(JavaSparkContext jsc, ExportManifest manifest) {
        return jsc.parallelize(manifest.dataFiles(), Math.max(1, manifest.dataFiles().size()));
    }

    static Broadcast<SerializableConfiguration> hadoopConf(JavaSparkContext jsc) {
        return jsc.broadcast(new SerializableConfiguration(jsc.hadoopConfiguration()));
    }

    static void checkTable(ExportManifest manifest, TableSpec table, String exportPath) {
        if (manifest.tableName() != null && !manifest.tableName().equals(table.tableName())) {
            throw new ExportException("export '" + exportPath + "' is of table '" + manifest.tableName()
                    + "' but the table spec names '" + table.tableName() + "'; give the spec of the exported table"
                    + " (its items are bound to that table's name, or to the spec's logicalTableName)");
        }
    }
}
