package dev.coffer.benchmarks;

import dev.coffer.ItemEncryptor;
import java.util.ArrayList;
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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Coffer's {@link ItemEncryptor#encrypt} and {@link ItemEncryptor#decrypt}, one item per operation,
 * with the static and the wrapped (AES-KWP, fresh data key per item) providers. Decrypt goes through
 * {@link Fixtures#DECRYPT_ITEMS} different stored items in turn, as a read of many items would.
 *
 * <p>Warm-up is 5 x 2 s: on MANY the JIT recompiles {@code ItemCodec.encrypt} several times and
 * throughput settles only after about 4 s on a quiet machine (later when other jobs hold the cores
 * the compiler threads need); 3 x 1 s measured the compiler, not Coffer.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar CofferBenchmark -prof gc}
 * (the full comparison: {@code benchmarks/run.sh}).
 *
 * <p>Thread-safety: JMH state; the encryptor is shared as an application would share it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 4, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CofferBenchmark {

    @Param
    public Shape shape;

    @Param({"STATIC", "WRAPPED"})
    public Fixtures.Provider provider;

    private ItemEncryptor encryptor;
    private Map<String, AttributeValue> item;
    /** {@link Fixtures#DECRYPT_ITEMS} stored items (keys differ), decrypted in turn. */
    private List<Map<String, AttributeValue>> encrypted;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        encryptor = Fixtures.coffer(provider);
        item = shape.item();
        List<Map<String, AttributeValue>> items = shape.items(Fixtures.DECRYPT_ITEMS);
        encrypted = new ArrayList<>();
        for (Map<String, AttributeValue> i : items) {
            Map<String, AttributeValue> e = encryptor.encrypt(i);
            Canonical.check("Coffer " + provider, i, encryptor.decrypt(e));
            encrypted.add(e);
        }
        Canonical.check("Coffer " + provider, item, encryptor.decrypt(encryptor.encrypt(item)));
    }

    @Benchmark
    public Map<String, AttributeValue> encrypt() {
        return encryptor.encrypt(item);
    }

    /** Decrypts the next of {@link Fixtures#DECRYPT_ITEMS} stored items. */
    @Benchmark
    public Map<String, AttributeValue> decrypt() {
        next = (next + 1) % Fixtures.DECRYPT_ITEMS;
        return encryptor.decrypt(encrypted.get(next));
    }
}
