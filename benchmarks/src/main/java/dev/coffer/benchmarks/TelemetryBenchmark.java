package dev.coffer.benchmarks;

import dev.coffer.ItemEncryptor;
import dev.coffer.telemetry.CofferTelemetry;
import dev.coffer.telemetry.TelemetryEvent;
import dev.coffer.telemetry.TelemetryListener;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What Coffer's telemetry hooks cost: {@code ItemEncryptor.encrypt} and {@code decrypt} (static
 * provider) with nothing recording ({@code OFF}: no JFR recording, no listener; every application
 * that does not ask for telemetry), with one listener that does almost nothing ({@code LISTENER}:
 * the Spring starter's Micrometer binding costs this plus its meters), and with a JFR recording that
 * enables Coffer's events ({@code JFR}).
 *
 * <p>{@code OFF} is the number to compare with {@link CofferBenchmark} on the commit before the
 * hooks (same shape, STATIC provider): the target is a difference within the benchmark's noise.
 * docs/spring-boot.md, "Observability", has the measured numbers.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar TelemetryBenchmark -p shape=S}
 *
 * <p>Thread-safety: JMH state.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 4, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TelemetryBenchmark {
    /** What records. */
    public enum Recording {
        OFF,
        LISTENER,
        JFR
    }

    @Param({"S"})
    public Shape shape;

    @Param
    public Recording recording;

    private ItemEncryptor encryptor;
    private Map<String, AttributeValue> item;
    private List<Map<String, AttributeValue>> encrypted;
    private int next;
    private CofferTelemetry.Registration registration;
    private jdk.jfr.Recording jfr;

    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) {
        encryptor = Fixtures.coffer(Fixtures.Provider.STATIC);
        item = shape.item();
        encrypted = new ArrayList<>();
        for (Map<String, AttributeValue> i : shape.items(Fixtures.DECRYPT_ITEMS)) {
            encrypted.add(encryptor.encrypt(i));
        }
        if (recording == Recording.LISTENER) {
            registration = CofferTelemetry.register(new TelemetryListener() {
                @Override
                public void recorded(TelemetryEvent event) {
                    blackhole.consume(event);
                }
            });
        } else if (recording == Recording.JFR) {
            jfr = new jdk.jfr.Recording();
            for (String name : List.of("Encrypt", "Decrypt", "Materials", "KmsCall", "CacheRefresh", "IntegrityFailure")) {
                jfr.enable("dev.coffer." + name);
            }
            jfr.setToDisk(false);
            jfr.start();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (registration != null) {
            registration.close();
        }
        if (jfr != null) {
            jfr.close();
        }
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
