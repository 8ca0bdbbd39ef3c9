package dev.coffer.benchmarks;

import dev.coffer.IntegrityException;
import dev.coffer.ItemEncryptor;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The cost of refusing a planted item (security review, finding 4): a header whose legend lists
 * {@code n} signed attributes, in an item with {@code n} attributes none of which match. Everything
 * Coffer does before the signature must grow as O(n log n); compare the scores for n = 4,000 and
 * n = 40,000 (a quadratic check would be 100 times slower at the larger size, O(n log n) about 13).
 * The header is rebuilt from docs/FORMAT.md, section 3, without Coffer's internals.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PlantedItemBenchmark}
 *
 * <p>Thread-safety: JMH state.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PlantedItemBenchmark {

    @Param({"4000", "40000"})
    public int n;

    private ItemEncryptor encryptor;
    private Map<String, AttributeValue> planted;

    @Setup(Level.Trial)
    public void setUp() {
        encryptor = Fixtures.coffer(Fixtures.Provider.STATIC);
        Map<String, AttributeValue> stored = new HashMap<>(encryptor.encrypt(Shape.S.item()));
        planted = plant(stored, n);
        try {
            encryptor.decrypt(planted);
            throw new IllegalStateException("the planted item was accepted");
        } catch (IntegrityException expected) {
            // the point
        }
    }

    /** {@code stored} with a legend of {@code n} sign-only fingerprints and {@code n} unmatched attributes. */
    static Map<String, AttributeValue> plant(Map<String, AttributeValue> stored, int n) {
        byte[] h = stored.get(ItemEncryptor.HEADER_ATTRIBUTE).b().asByteArray();
        int at = 2 + 32;
        at += 1 + (h[at] & 0xFF);
        int keys = h[at++] & 0xFF;
        for (int i = 0; i < keys * 2; i++) {
            at = skipVarintPrefixed(h, at);
        }
        int params = h[at++] & 0xFF;
        for (int i = 0; i < params; i++) {
            at += 1 + (h[at] & 0xFF);
            at = skipVarintPrefixed(h, at);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(h, 0, at);
        out.write(0);
        varint(out, n);
        for (int i = 0; i < n; i++) {
            int fp = i * 3 + 1;
            out.write(fp >>> 24);
            out.write(fp >>> 16);
            out.write(fp >>> 8);
            out.write(fp);
        }
        out.write(h, h.length - 32, 32);
        Map<String, AttributeValue> item = new HashMap<>(stored);
        item.put(ItemEncryptor.HEADER_ATTRIBUTE, AttributeValue.fromB(SdkBytes.fromByteArray(out.toByteArray())));
        item.put(ItemEncryptor.SIGNATURE_ATTRIBUTE, AttributeValue.fromB(SdkBytes.fromByteArray(new byte[32])));
        for (int i = 0; i < n; i++) {
            item.put("planted_" + i, AttributeValue.fromS("v"));
        }
        return item;
    }

    private static int skipVarintPrefixed(byte[] b, int at) {
        int len = 0;
        int shift = 0;
        while ((b[at] & 0x80) != 0) {
            len |= (b[at++] & 0x7F) << shift;
            shift += 7;
        }
        len |= b[at++] << shift;
        return at + len;
    }

    private static void varint(ByteArrayOutputStream out, int v) {
        while ((v & ~0x7F) != 0) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    @Benchmark
    public String decryptPlanted() {
        try {
            encryptor.decrypt(planted);
            throw new IllegalStateException("accepted");
        } catch (IntegrityException e) {
            return e.getMessage();
        }
    }
}
