package dev.coffer.spark;

import dev.coffer.json.DynamoDbJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes an export in the layout DynamoDB's export to S3 documents: {@code manifest-summary.json}
 * and {@code manifest-files.json} (with their {@code .checksum} files, MD5 in hex),
 * {@code data/<name>.json.gz} (gzip, one {@code {"Item":{...}}} per line, DynamoDB JSON), each data
 * file listed with its item count, base64 MD5, ETag and S3 key, and the empty {@code _started} file.
 */
final class ExportFixture {
    static final String EXPORT_ID = "01764500000000-1a2b3c4d";

    private ExportFixture() {
    }

    /** An export of {@code table} under {@code root}; returns the export folder (AWSDynamoDB/&lt;id&gt;). */
    static Path write(Path root, String table, List<Map<String, AttributeValue>> items, int files) {
        List<String> lines = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> item : items) {
            lines.add(DynamoDbJson.writeExportLine(item));
        }
        return writeLines(root, table, lines, files);
    }

    /** As {@link #write}, from export lines as they are (so a test can put a malformed line in). */
    static Path writeLines(Path root, String table, List<String> lines, int files) {
        try {
            String prefix = "exports/AWSDynamoDB/" + EXPORT_ID;
            Path dir = root.resolve(prefix);
            Files.createDirectories(dir.resolve("data"));
            Files.write(dir.resolve("_started"), new byte[0]);
            StringBuilder manifestFiles = new StringBuilder();
            for (int f = 0; f < files; f++) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                long count = 0;
                try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
                    for (int i = f; i < lines.size(); i += files) {
                        gz.write((lines.get(i) + "\n").getBytes(StandardCharsets.UTF_8));
                        count++;
                    }
                }
                byte[] bytes = buf.toByteArray();
                String name = "file" + f + "abcdefghijklmnopqrs.json.gz";
                Files.write(dir.resolve("data").resolve(name), bytes);
                manifestFiles.append("{\"itemCount\":").append(count)
                        .append(",\"md5Checksum\":\"").append(Base64.getEncoder().encodeToString(md5(bytes)))
                        .append("\",\"etag\":\"").append(HexFormat.of().formatHex(md5(bytes))).append("-1\"")
                        .append(",\"dataFileS3Key\":\"").append(prefix).append("/data/").append(name).append("\"}\n");
            }
            byte[] filesJson = manifestFiles.toString().getBytes(StandardCharsets.UTF_8);
            Files.write(dir.resolve("manifest-files.json"), filesJson);
            Files.writeString(dir.resolve("manifest-files.checksum"), HexFormat.of().formatHex(md5(filesJson)));
            String summary = "{\"version\":\"2020-06-30\",\"exportArn\":\"arn:aws:dynamodb:us-east-1:111122223333:table/"
                    + table + "/export/" + EXPORT_ID + "\",\"startTime\":\"2026-11-30T10:00:00.000Z\","
                    + "\"endTime\":\"2026-11-30T10:05:00.000Z\",\"tableArn\":\"arn:aws:dynamodb:us-east-1:111122223333:table/"
                    + table + "\",\"tableId\":\"0f1e2d3c-aaaa-bbbb-cccc-123456789abc\","
                    + "\"exportTime\":\"2026-11-30T10:00:00.000Z\",\"s3Bucket\":\"bucket\",\"s3Prefix\":\"exports\","
                    + "\"s3SseAlgorithm\":\"AES256\",\"s3SseKmsKeyId\":null,\"manifestFilesS3Key\":\"" + prefix
                    + "/manifest-files.json\",\"billedSizeBytes\":0,\"itemCount\":" + lines.size()
                    + ",\"outputFormat\":\"DYNAMODB_JSON\",\"exportType\":\"FULL_EXPORT\"}";
            byte[] summaryJson = summary.getBytes(StandardCharsets.UTF_8);
            Files.write(dir.resolve("manifest-summary.json"), summaryJson);
            Files.writeString(dir.resolve("manifest-summary.checksum"), HexFormat.of().formatHex(md5(summaryJson)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] md5(byte[] b) {
        try {
            return MessageDigest.getInstance("MD5").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
