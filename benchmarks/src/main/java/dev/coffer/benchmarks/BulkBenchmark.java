package dev.coffer.benchmarks;

import dev.coffer.ItemEncryptor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Bulk jobs: {@link ItemEncryptor#encryptAll} and {@link ItemEncryptor#decryptAll} of
 * {@value #ITEMS} distinct items (keys differ) per call, on one thread and on two threads sharing one
 * encryptor. Scores are items per second (all threads together), so the two-thread score divided by
 * the one-thread score is the scaling factor.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar BulkBenchmark -prof gc}
 *
 * <p>Thread-safety: JMH state shared by the benchmark threads; the items and the encryptor are only
 * read.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 4, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class BulkBenchmark {
    /** Items per encryptAll/decryptAll call. */
    public static final int ITEMS = 1000;

    @Param({"S"})
    public Shape shape;

    @Param({"STATIC"})
    public Fixtures.Provider provider;

    private ItemEncryptor encryptor;
    private List<Map<String, AttributeValue>> items;
    private List<Map<String, AttributeValue>> encrypted;

    @Setup(Level.Trial)
    public void setUp() {
        encryptor = Fixtures.coffer(provider);
        items = shape.items(ITEMS);
        encrypted = encryptor.encryptAll(items);
        List<Map<String, AttributeValue>> decrypted = encryptor.decryptAll(encrypted);
        for (int i = 0; i < ITEMS; i++) {
            Canonical.check("Coffer bulk item " + i, items.get(i), decrypted.get(i));
        }
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(ITEMS)
    public List<Map<String, AttributeValue>> encryptAll1() {
        return encryptor.encryptAll(items);
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(ITEMS)
    public List<Map<String, AttributeValue>> encryptAll2() {
        return encryptor.encryptAll(items);
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(ITEMS)
    public List<Map<String, AttributeValue>> decryptAll1() {
        return encryptor.decryptAll(encrypted);
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(ITEMS)
    public List<Map<String, AttributeValue>> decryptAll2() {
        return encryptor.decryptAll(encrypted);
    }
}
