package dev.coffer.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.ItemEncryptor;
import dev.coffer.json.DynamoDbJson;
import dev.coffer.json.DynamoDbJsonException;
import dev.coffer.spark.internal.ExecutorEncryptors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The measured run (not part of the normal build): decrypt throughput of a Spark job per executor
 * core against the single-machine {@link ItemEncryptor#decryptAll} on the same items, side by side
 * in one JVM. Correctness is asserted (every item verified); the times are printed, never asserted.
 *
 * <pre>
 * ./mvnw -B verify -pl spark -am -Dtest=ThroughputRun -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dcoffer.spark.throughput=100000 -Dcoffer.spark.master=local[1]
 * </pre>
 * The numbers are in spark/target/surefire-reports/dev.coffer.spark.ThroughputRun-output.txt.
 */
@EnabledIfSystemProperty(named = "coffer.spark.throughput", matches = "\\d+")
class ThroughputRun {
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @Test
    void decrypt_sparkPerCore_againstDecryptAll() throws IOException {
        int n = Integer.parseInt(System.getProperty("coffer.spark.throughput"));
        int cores = Spark.session().sparkContext().defaultParallelism();
        List<Keyrings.Generation> keys = List.of(new Keyrings.Generation("bench"));
        Path keyring = Keyrings.write(dir.resolve("keyring.json"), keys);
        ItemEncryptor encryptor = ItemEncryptor.create(CofferExportsTest.config(Keyrings.provider(keys)));
        List<Map<String, AttributeValue>> stored = encryptor.encryptAll(Items.mixed(n, 1));
        Path export = ExportFixture.write(dir.resolve("export"), Items.TABLE, stored, 16);
        long bytes;
        try (Stream<Path> s = Files.list(export.resolve("data"))) {
            bytes = s.mapToLong(p -> p.toFile().length()).sum();
        }
        TableSpec spec = Items.spec(KeyringFile.of(keyring.toString()));
        ExecutorEncryptors.clear();

        double bestDecryptAll = 0;
        double bestFiles = 0;
        double bestSpark = 0;
        double bestParse = 0;
        for (int round = 0; round <= ROUNDS; round++) {  // round 0 warms up, and is not counted
            long t0 = System.nanoTime();
            assertThat(encryptor.decryptAll(stored)).hasSize(n);
            double decryptAll = n / ((System.nanoTime() - t0) / 1e9);

            t0 = System.nanoTime();
            assertThat(readAndDecrypt(export.resolve("data"), null)).isEqualTo(n);
            double parse = n / ((System.nanoTime() - t0) / 1e9);

            t0 = System.nanoTime();
            assertThat(readAndDecrypt(export.resolve("data"), encryptor)).isEqualTo(n);
            double files = n / ((System.nanoTime() - t0) / 1e9);

            t0 = System.nanoTime();
            // The whole job but the write: read, check, parse, verify, decrypt, serialize, count.
            ExportSummary summary = CofferExports.decrypt(Spark.session(), export.toString(), spec).summary();
            double spark = n / ((System.nanoTime() - t0) / 1e9) / cores;
            assertThat(summary.verified()).isEqualTo(n);
            assertThat(summary.failed()).isZero();

            System.out.printf("round %d: decryptAll %,.0f items/s (1 thread); files+parse only %,.0f items/s;"
                    + " files+parse+decrypt %,.0f items/s (1 thread); Spark %,.0f items/s per core (%d cores); load %s%n",
                    round, decryptAll, parse, files, spark, cores, Files.readString(Path.of("/proc/loadavg")).trim());
            if (round > 0) {
                bestDecryptAll = Math.max(bestDecryptAll, decryptAll);
                bestFiles = Math.max(bestFiles, files);
                bestSpark = Math.max(bestSpark, spark);
                bestParse = Math.max(bestParse, parse);
            }
        }
        System.out.printf("%,d items (%,d gzip bytes in 16 files), best of %d rounds: decryptAll %,.0f/s,"
                + " files+parse only %,.0f/s, files+parse+decrypt %,.0f/s, Spark %,.0f/s per core;"
                + " Spark per core / decryptAll = %.0f %%, Spark per core / files+parse+decrypt = %.0f %%%n", n, bytes,
                ROUNDS, bestDecryptAll, bestParse, bestFiles, bestSpark, 100 * bestSpark / bestDecryptAll,
                100 * bestSpark / bestFiles);
    }

    /** What one machine does with the same export: read each gzip file, parse each line, decrypt (unless {@code encryptor} is null). */
    private static long readAndDecrypt(Path data, ItemEncryptor encryptor) throws IOException {
        long count = 0;
        List<Path> files;
        try (Stream<Path> s = Files.list(data)) {
            files = s.sorted().collect(Collectors.toList());
        }
        for (Path f : files) {
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(f),
                    64 * 1024), StandardCharsets.UTF_8), 64 * 1024)) {
                String line;
                while ((line = r.readLine()) != null) {
                    try {
                        items.add(DynamoDbJson.readExportLine(line));
                    } catch (DynamoDbJsonException e) {
                        throw new AssertionError(e.getMessage(), e);
                    }
                }
            }
            if (encryptor == null) {
                count += items.size();
                continue;
            }
            for (Map<String, AttributeValue> plain : encryptor.decryptAll(items)) {
                count += DynamoDbJson.writeItem(plain).isEmpty() ? 0 : 1;
            }
        }
        return count;
    }
}
