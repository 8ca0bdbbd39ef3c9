package dev.coffer.benchmarks;

import java.security.GeneralSecurityException;
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

/**
 * The parts of {@link FormatFloorBenchmark}, each timed alone on the same bytes, so the floor's time
 * and allocation can be split: the item id (DRBG request with and without additional input), the
 * two HKDF-Expand HMACs, the GCM encryption (a fresh key each time, additional data, one pass), the GCM
 * decryption, and the signature HMAC. Not part of the comparison run.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar FloorPartsBenchmark -prof gc}
 *
 * <p>Thread-safety: JMH state, one per thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class FloorPartsBenchmark {

    @Param({"S", "MANY"})
    public Shape shape;

    private FormatFloorBenchmark floor;
    private final byte[] keyA = Fixtures.bytes(32, 31);
    private final byte[] keyB = Fixtures.bytes(32, 32);
    private boolean turn;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        floor = new FormatFloorBenchmark();
        floor.shape = shape;
        floor.setUp();
    }

    @Benchmark
    public byte[] itemIdWithInput() {
        return floor.drawItemId();
    }

    @Benchmark
    public byte[] itemIdWithoutInput() {
        return floor.drawItemIdWithoutInput();
    }

    @Benchmark
    public byte[] keys() throws GeneralSecurityException {
        floor.deriveKeys(floor.info());
        return floor.info();
    }

    /**
     * GCM under a fresh key each time, as per-item keys make it: two item keys in turn (the JDK only
     * refuses the same key and nonce twice in a row, and keeps only the last key's schedule).
     */
    @Benchmark
    public byte[] gcmEncrypt() throws GeneralSecurityException {
        turn = !turn;
        return floor.gcmEncrypt(turn ? keyA : keyB);
    }

    /** GCM decryption of the stored items in turn (each under its own key, derived in setup). */
    @Benchmark
    public byte[] gcmDecrypt() throws GeneralSecurityException {
        return floor.gcmDecryptNext();
    }

    @Benchmark
    public byte[] signature() throws GeneralSecurityException {
        return floor.sign();
    }
}
