package dev.coffer.benchmarks;

import dev.coffer.ItemEncryptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
 * What returning SDK v2 values costs by itself, whatever the format: the objects an item encryptor
 * with {@link ItemEncryptor}'s API must build per item, from data already in memory.
 *
 * <ul>
 *   <li>{@link #encryptOutput}: the stored item's map: one {@code B} value per encrypted attribute
 *       (a fresh array of the slice's length each, as a ciphertext is new data), the header and the
 *       tags, the sign-only values passed through;</li>
 *   <li>{@link #decryptOutput}: the plaintext item's map: every encrypted value built again from
 *       plain Java data (strings, number strings, byte arrays, nested lists and maps) through the
 *       SDK's {@code AttributeValue.fromX} factories, which copy every list and map they are given.
 *       Strings are reused as they are (decoding UTF-8 is not counted); binaries are copied, as a
 *       decoder must copy them out of its decryption buffer.</li>
 * </ul>
 *
 * <p>No cryptography, no encoding or decoding: only the SDK model. Beside {@link FormatFloorBenchmark}
 * it bounds what any implementation can reach on this JDK with this API: one item costs at least the
 * format floor's time plus this.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SdkFloorBenchmark -prof gc}
 *
 * <p>Thread-safety: JMH state, one per thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SdkFloorBenchmark {

    @Param
    public Shape shape;

    private String[] names;
    private Object[] plain;
    private int[] sliceLengths;
    private Map<String, AttributeValue> keys;
    private int headerLength;
    private int tagsLength;

    @Setup(Level.Trial)
    public void setUp() {
        Map<String, AttributeValue> item = shape.item();
        Map<String, AttributeValue> stored = Fixtures.coffer(Fixtures.Provider.STATIC).encrypt(item);
        List<String> encrypted = new ArrayList<>();
        keys = new LinkedHashMap<>();
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            if (e.getKey().equals(Shape.PK) || e.getKey().equals(Shape.SK)) {
                keys.put(e.getKey(), e.getValue());
            } else {
                encrypted.add(e.getKey());
            }
        }
        names = encrypted.toArray(new String[0]);
        plain = new Object[names.length];
        sliceLengths = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            plain[i] = unwrap(item.get(names[i]));
            sliceLengths[i] = stored.get(names[i]).b().asByteArrayUnsafe().length;
        }
        headerLength = stored.get(ItemEncryptor.HEADER_ATTRIBUTE).b().asByteArrayUnsafe().length;
        tagsLength = stored.get(ItemEncryptor.SIGNATURE_ATTRIBUTE).b().asByteArrayUnsafe().length;
        Canonical.check("SDK floor", item, decryptOutput());
        if (encryptOutput().size() != stored.size()) {
            throw new IllegalStateException("SDK floor: the stored item has " + stored.size() + " attributes");
        }
    }

    /** The stored item's map, as an encrypt must return it. */
    @Benchmark
    public Map<String, AttributeValue> encryptOutput() {
        Map<String, AttributeValue> out = new HashMap<>((names.length + keys.size() + 2) * 4 / 3 + 1);
        for (int i = 0; i < names.length; i++) {
            out.put(names[i], AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(new byte[sliceLengths[i]])));
        }
        out.putAll(keys);
        out.put(ItemEncryptor.HEADER_ATTRIBUTE, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(new byte[headerLength])));
        out.put(ItemEncryptor.SIGNATURE_ATTRIBUTE, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(new byte[tagsLength])));
        return out;
    }

    /** The plaintext item's map, as a decrypt must return it. */
    @Benchmark
    public Map<String, AttributeValue> decryptOutput() {
        Map<String, AttributeValue> out = new HashMap<>((names.length + keys.size()) * 4 / 3 + 1);
        out.putAll(keys);
        for (int i = 0; i < names.length; i++) {
            out.put(names[i], wrap(plain[i]));
        }
        return out;
    }

    /** Plain Java data for a value: String (S), Number (N, its string in a holder), byte[], Boolean, List, Map. */
    private static Object unwrap(AttributeValue v) {
        switch (v.type()) {
            case S:
                return v.s();
            case N:
                return new NumberText(v.n());
            case B:
                return v.b().asByteArray();
            case BOOL:
                return v.bool();
            case L: {
                List<Object> l = new ArrayList<>();
                v.l().forEach(e -> l.add(unwrap(e)));
                return l;
            }
            case M: {
                Map<String, Object> m = new LinkedHashMap<>();
                v.m().forEach((k, e) -> m.put(k, unwrap(e)));
                return m;
            }
            default:
                throw new IllegalArgumentException("benchmark shapes hold no " + v.type());
        }
    }

    @SuppressWarnings("unchecked")
    private static AttributeValue wrap(Object o) {
        if (o instanceof String) {
            return AttributeValue.fromS((String) o);
        }
        if (o instanceof NumberText) {
            return AttributeValue.fromN(((NumberText) o).text);
        }
        if (o instanceof byte[]) {
            // A decoder copies plaintext out of its buffer, which it wipes.
            return AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(((byte[]) o).clone()));
        }
        if (o instanceof Boolean) {
            return AttributeValue.fromBool((Boolean) o);
        }
        if (o instanceof List) {
            List<Object> in = (List<Object>) o;
            List<AttributeValue> l = new ArrayList<>(in.size());
            for (Object e : in) {
                l.add(wrap(e));
            }
            return AttributeValue.fromL(l);
        }
        Map<String, Object> in = (Map<String, Object>) o;
        Map<String, AttributeValue> m = new LinkedHashMap<>(in.size() * 4 / 3 + 1);
        for (Map.Entry<String, Object> e : in.entrySet()) {
            m.put(e.getKey(), wrap(e.getValue()));
        }
        return AttributeValue.fromM(m);
    }

    private static final class NumberText {
        final String text;

        NumberText(String text) {
            this.text = text;
        }
    }
}
