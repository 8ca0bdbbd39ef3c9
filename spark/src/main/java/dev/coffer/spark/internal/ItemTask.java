package dev.coffer.spark.internal;

import dev.coffer.CofferException;
import dev.coffer.ConfigurationException;
import dev.coffer.IntegrityException;
import dev.coffer.InvalidItemException;
import dev.coffer.ItemEncryptor;
import dev.coffer.MaterialsException;
import dev.coffer.TableConfig;
import dev.coffer.json.DynamoDbJson;
import dev.coffer.json.DynamoDbJsonException;
import dev.coffer.migration.MigrationPhaseException;
import dev.coffer.spark.ExportException;
import dev.coffer.spark.TableSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The work of one Spark task: read the export data files of its partition (gzip, one
 * {@code {"Item":...}} per line), verify each file's item count and MD5 against the manifest, and
 * turn every line into exactly one row: a result (decrypted item, or re-encrypted import line) or a
 * failure (table, key, kind, reason, file, line; never a value). Counts go to the job's
 * accumulators; KMS requests made while an item is processed go to the KMS accumulator.
 *
 * <p>Thread-safety: a task function: serializable and used by one task thread at a time.
 */
public final class ItemTask implements FlatMapFunction<Iterator<DataFile>, Row> {
    private static final long serialVersionUID = 1L;

    /** Kinds of failure in the failure output. */
    public static final String INTEGRITY = "INTEGRITY", MATERIALS = "MATERIALS", INVALID = "INVALID",
            MALFORMED = "MALFORMED", SCHEMA = "SCHEMA", PHASE = "PHASE", ERROR = "ERROR";

    private final TableSpec source;
    private final TableSpec target;
    private final StructType schema;
    private final Broadcast<SerializableConfiguration> conf;
    private final LongAccumulator ok;
    private final LongAccumulator failed;
    private final LongAccumulator kmsCalls;

    private ItemTask(TableSpec source, TableSpec target, StructType schema,
            Broadcast<SerializableConfiguration> conf, LongAccumulator ok, LongAccumulator failed,
            LongAccumulator kmsCalls) {
        this.source = source;
        this.target = target;
        this.schema = schema;
        this.conf = conf;
        this.ok = ok;
        this.failed = failed;
        this.kmsCalls = kmsCalls;
    }

    /** Decrypts into DynamoDB JSON ({@code schema == null}) or into rows of {@code schema}. */
    public static ItemTask decrypt(TableSpec source, StructType schema, Broadcast<SerializableConfiguration> conf,
            LongAccumulator ok, LongAccumulator failed, LongAccumulator kmsCalls) {
        return new ItemTask(source, null, schema, conf, ok, failed, kmsCalls);
    }

    /** Decrypts with {@code source} and encrypts with {@code target} into import lines. */
    public static ItemTask reencrypt(TableSpec source, TableSpec target,
            Broadcast<SerializableConfiguration> conf, LongAccumulator ok, LongAccumulator failed,
            LongAccumulator kmsCalls) {
        return new ItemTask(source, target, null, conf, ok, failed, kmsCalls);
    }

    /** The schema of the rows this task yields: {@code ok}, {@code item}, then the failure columns. */
    public static StructType rowSchema(StructType itemSchema) {
        return new StructType(new StructField[] {
            DataTypes.createStructField("ok", DataTypes.BooleanType, false),
            DataTypes.createStructField("item", itemSchema == null ? DataTypes.StringType : itemSchema, true),
            DataTypes.createStructField("table", DataTypes.StringType, true),
            DataTypes.createStructField("key", DataTypes.StringType, true),
            DataTypes.createStructField("kind", DataTypes.StringType, true),
            DataTypes.createStructField("reason", DataTypes.StringType, true),
            DataTypes.createStructField("file", DataTypes.StringType, true),
            DataTypes.createStructField("line", DataTypes.LongType, true),
        });
    }

    @Override
    public Iterator<Row> call(Iterator<DataFile> files) {
        ArrayList<DataFile> list = new ArrayList<>();
        files.forEachRemaining(list::add);
        return new Rows(list.iterator());
    }

    /** Lazily reads the partition's files, one line per row. */
    private final class Rows implements Iterator<Row> {
        private final Iterator<DataFile> files;
        private DataFile file;
        private MessageDigest md5;
        private InputStream raw;
        private BufferedReader reader;
        private long lineNo;
        private long items;
        private String next;
        /** The source's and the target's encryptors, resolved at the partition's first row. */
        private ItemEncryptor readerOf;
        private ItemEncryptor writerOf;

        Rows(Iterator<DataFile> files) {
            this.files = files;
        }

        @Override
        public boolean hasNext() {
            try {
                while (next == null) {
                    if (reader == null) {
                        if (!files.hasNext()) {
                            return false;
                        }
                        open(files.next());
                    }
                    String line = reader.readLine();
                    if (line == null) {
                        finish();
                    } else {
                        lineNo++;
                        if (!line.isEmpty()) {
                            next = line;
                        }
                    }
                }
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException("export data file '" + file.path() + "': read failed", e);
            }
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            String line = next;
            next = null;
            items++;
            if (readerOf == null) {
                resolveEncryptors();
            }
            KmsCallCounter.set(kmsCalls);
            try {
                return process(readerOf, writerOf, line, file.path(), lineNo);
            } finally {
                KmsCallCounter.clear();
            }
        }

        private void open(DataFile f) throws IOException {
            file = f;
            lineNo = 0;
            items = 0;
            try {
                md5 = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no MD5", e);
            }
            Path p = new Path(f.path());
            FileSystem fs = p.getFileSystem(conf.value().value());
            raw = new DigestInputStream(fs.open(p), md5);
            InputStream body = f.path().endsWith(".gz") ? new GZIPInputStream(raw, 64 * 1024) : raw;
            reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 64 * 1024);
        }

        private void finish() throws IOException {
            byte[] rest = new byte[8192];
            while (raw.read(rest) >= 0) {
                // Bytes after the last gzip member still count in the file's MD5.
            }
            reader.close();
            reader = null;
            if (items != file.itemCount()) {
                throw new ExportException("export data file '" + file.path() + "': " + items
                        + " items, the manifest says " + file.itemCount()
                        + "; the file is truncated or does not belong to this export; copy the export again");
            }
            if (file.md5Base64() != null) {
                String actual = Base64.getEncoder().encodeToString(md5.digest());
                if (!actual.equals(file.md5Base64())) {
                    throw new ExportException("export data file '" + file.path() + "': MD5 " + actual
                            + ", the manifest says " + file.md5Base64() + "; copy the export again");
                }
            }
        }

        /**
         * Once per partition, outside the per-item try: an invalid configuration fails the task (and
         * the job) with its own message instead of turning every item into a failure row.
         */
        private void resolveEncryptors() {
            ItemEncryptor writer = target == null ? null : ExecutorEncryptors.of(target);
            if (writer != null && writer.config().plaintextPhase().writesPlaintext()) {
                throw new ConfigurationException("table '" + target.tableName() + "': the target spec's plaintext phase is"
                        + " WRITE_PLAINTEXT_READ_BOTH, so nothing would be encrypted; give the target"
                        + " WRITE_ENCRYPTED_READ_BOTH or ENCRYPTED_ONLY (docs/migration.md)");
            }
            writerOf = writer;
            readerOf = ExecutorEncryptors.of(source);
        }
    }

    private Row process(ItemEncryptor reader, ItemEncryptor writer, String line, String path, long lineNo) {
        TableConfig named = reader.config();
        Map<String, AttributeValue> stored;
        try {
            stored = DynamoDbJson.readExportLine(line);
        } catch (DynamoDbJsonException e) {
            // The row's file and line columns say where; the message says what (and where in the line).
            return failure(named, null, MALFORMED, e.getMessage(), path, lineNo);
        }
        try {
            // Coffer, legacy and plaintext items alike: the source's TableConfig (its legacy reader and
            // phases, its algorithm suite) decides what is read and how it is verified.
            Map<String, AttributeValue> plain = reader.decrypt(stored);
            Object out;
            if (writer != null) {
                out = DynamoDbJson.writeExportLine(writer.encrypt(plain));
            } else if (schema != null) {
                try {
                    out = RowFlattener.toRow(plain, schema);
                } catch (RowFlattener.Mismatch e) {
                    return failure(named, stored, SCHEMA, e.getMessage(), path, lineNo);
                }
            } else {
                out = DynamoDbJson.writeItem(plain);
            }
            ok.add(1);
            return RowFactory.create(true, out, null, null, null, null, null, null);
        } catch (MigrationPhaseException e) {
            return failure(named, stored, PHASE, e.getMessage(), path, lineNo);
        } catch (IntegrityException e) {
            return failure(named, stored, INTEGRITY, e.getMessage(), path, lineNo);
        } catch (MaterialsException e) {
            return failure(named, stored, MATERIALS, e.getMessage(), path, lineNo);
        } catch (InvalidItemException e) {
            return failure(named, stored, INVALID, e.getMessage(), path, lineNo);
        } catch (CofferException e) {
            return failure(named, stored, ERROR, e.getMessage(), path, lineNo);
        }
    }

    private Row failure(TableConfig spec, Map<String, AttributeValue> stored, String kind, String reason,
            String path, long lineNo) {
        failed.add(1);
        String key = null;
        if (stored != null) {
            Map<String, AttributeValue> k = new LinkedHashMap<>(4);
            AttributeValue pk = stored.get(spec.partitionKeyName());
            if (pk != null) {
                k.put(spec.partitionKeyName(), pk);
            }
            spec.sortKeyName().map(sk -> k.put(sk, stored.get(sk)));
            k.values().removeIf(java.util.Objects::isNull);
            key = DynamoDbJson.writeItem(k);
        }
        return RowFactory.create(false, null, spec.tableName(), key, kind, reason, path, lineNo);
    }
}
