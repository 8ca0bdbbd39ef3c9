package dev.coffer.benchmarks;

import java.security.GeneralSecurityException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
 * Which HMAC should the item format use? HMAC-SHA-256 against HMAC-SHA-384 over a typical item (~1 KB)
 * and a large one (~64 KB), on the JDK's own provider, one thread.
 *
 * <p>{@code rekey=false} keeps one key (the item signature under a static signing key);
 * {@code rekey=true} calls {@code Mac.init} with a fresh key spec before every MAC (what a per-item
 * derived key costs: HKDF and the per-item signing key).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar HmacChoiceBenchmark -rf json -rff hmac.json}
 *
 * <p>Thread-safety: JMH state, one instance per thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HmacChoiceBenchmark {

    @Param({"HmacSHA256", "HmacSHA384"})
    public String algorithm;

    @Param({"1024", "65536"})
    public int bytes;

    @Param({"false", "true"})
    public boolean rekey;

    private Mac mac;
    private byte[] key;
    private byte[] data;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        SplittableRandom r = new SplittableRandom(42);
        key = new byte[32];
        data = new byte[bytes];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) r.nextInt();
        }
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) r.nextInt();
        }
        mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(key, algorithm));
        // Known-answer check: the reused instance gives what a fresh one gives.
        Mac fresh = Mac.getInstance(algorithm);
        fresh.init(new SecretKeySpec(key, algorithm));
        if (!java.util.Arrays.equals(mac.doFinal(data), fresh.doFinal(data))) {
            throw new IllegalStateException(algorithm + " is not deterministic");
        }
    }

    @Benchmark
    public byte[] mac() throws GeneralSecurityException {
        if (rekey) {
            mac.init(new SecretKeySpec(key, algorithm));
        }
        mac.update(data, 0, data.length);
        return mac.doFinal();
    }
}
