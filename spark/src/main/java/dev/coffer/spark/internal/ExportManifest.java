package dev.coffer.spark.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.spark.ExportException;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A DynamoDB export's manifests, read on the driver: {@code manifest-summary.json} (table ARN, item
 * count, format) and {@code manifest-files.json} (one JSON object per data file: item count, MD5,
 * S3 key). Each manifest's {@code .checksum} file (the MD5 of the manifest, hex), if present, is
 * checked. The export directory is the one holding the manifests ({@code .../AWSDynamoDB/<export id>});
 * data files are looked up in its {@code data/} folder by name, so the export may have been copied
 * anywhere a Hadoop file system reaches.
 *
 * <p>Thread-safety: immutable after {@link #read}.
 */
public final class ExportManifest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String tableArn;
    private final String tableName;
    private final long itemCount;
    private final List<DataFile> dataFiles;

    private ExportManifest(String tableArn, long itemCount, List<DataFile> dataFiles) {
        this.tableArn = tableArn;
        this.tableName = tableArn == null ? null : tableArn.substring(tableArn.lastIndexOf('/') + 1);
        this.itemCount = itemCount;
        this.dataFiles = Collections.unmodifiableList(dataFiles);
    }

    public String tableArn() {
        return tableArn;
    }

    /** The table name from the table ARN, or {@code null} if the summary has none. */
    public String tableName() {
        return tableName;
    }

    public long itemCount() {
        return itemCount;
    }

    public List<DataFile> dataFiles() {
        return dataFiles;
    }

    /** Reads and checks the manifests of the export at {@code exportPath}. */
    public static ExportManifest read(String exportPath, Configuration conf) {
        Path dir = new Path(exportPath);
        try {
            FileSystem fs = dir.getFileSystem(conf);
            byte[] summaryBytes = readAll(fs, new Path(dir, "manifest-summary.json"), exportPath);
            checkChecksum(fs, dir, "manifest-summary", summaryBytes);
            JsonNode summary = JSON.readTree(summaryBytes);
            String format = summary.path("outputFormat").asText("DYNAMODB_JSON");
            if (!"DYNAMODB_JSON".equals(format)) {
                throw new ExportException("export '" + exportPath + "': output format " + format
                        + " is not supported; export the table with --export-format DYNAMODB_JSON");
            }
            String exportType = summary.path("exportType").asText("FULL_EXPORT");
            if (!"FULL_EXPORT".equals(exportType)) {
                throw new ExportException("export '" + exportPath + "': export type " + exportType
                        + " is not supported (incremental exports hold NewImage/OldImage records); use a full export");
            }
            String filesName = "manifest-files.json";
            String filesKey = summary.path("manifestFilesS3Key").asText("");
            if (!filesKey.isEmpty()) {
                filesName = filesKey.substring(filesKey.lastIndexOf('/') + 1);
            }
            byte[] filesBytes = readAll(fs, new Path(dir, filesName), exportPath);
            checkChecksum(fs, dir, filesName.replaceFirst("\\.json$", ""), filesBytes);
            List<DataFile> files = new ArrayList<>();
            long total = 0;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(filesBytes),
                    StandardCharsets.UTF_8))) {
                String line;
                int n = 0;
                while ((line = r.readLine()) != null) {
                    n++;
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode f = JSON.readTree(line);
                    String key = f.path("dataFileS3Key").asText("");
                    if (key.isEmpty() || !f.path("itemCount").canConvertToLong()) {
                        throw new ExportException("export '" + exportPath + "': " + filesName + " line " + n
                                + " lacks dataFileS3Key or itemCount");
                    }
                    int data = key.lastIndexOf("/data/");
                    String rel = data < 0 ? key.substring(key.lastIndexOf('/') + 1) : key.substring(data + 6);
                    long count = f.path("itemCount").asLong();
                    String md5 = f.hasNonNull("md5Checksum") ? f.get("md5Checksum").asText() : null;
                    files.add(new DataFile(new Path(new Path(dir, "data"), rel).toString(), count, md5));
                    total += count;
                }
            }
            long declared = summary.path("itemCount").asLong(total);
            if (declared != total) {
                throw new ExportException("export '" + exportPath + "': manifest-summary.json counts " + declared
                        + " items, " + filesName + " " + total + "; the export is incomplete or its manifests do not match");
            }
            String arn = summary.hasNonNull("tableArn") ? summary.get("tableArn").asText() : null;
            return new ExportManifest(arn, total, files);
        } catch (IOException e) {
            throw new ExportException("export '" + exportPath + "': cannot read its manifests ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    private static byte[] readAll(FileSystem fs, Path p, String exportPath) throws IOException {
        if (!fs.exists(p)) {
            throw new ExportException("export '" + exportPath + "': " + p.getName() + " not found; give the folder"
                    + " that holds the export's manifests (.../AWSDynamoDB/<export id>)");
        }
        try (InputStream in = fs.open(p)) {
            return in.readAllBytes();
        }
    }

    private static void checkChecksum(FileSystem fs, Path dir, String base, byte[] content) throws IOException {
        Path sum = new Path(dir, base + ".checksum");
        if (!fs.exists(sum)) {
            return;
        }
        String expected;
        try (InputStream in = fs.open(sum)) {
            expected = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        }
        String actual = HexFormat.of().formatHex(md5(content));
        if (!actual.equalsIgnoreCase(expected)) {
            throw new ExportException("export '" + dir + "': " + base + ".json does not match " + sum.getName()
                    + " (MD5 " + actual + ", expected " + expected + "); copy the export again");
        }
    }

    static byte[] md5(byte[] content) {
        try {
            return MessageDigest.getInstance("MD5").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }
}
