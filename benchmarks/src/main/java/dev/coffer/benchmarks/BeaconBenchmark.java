package dev.coffer.benchmarks;

import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import dev.coffer.beacon.BeaconConfig;
import dev.coffer.beacon.BeaconKeySource;
import dev.coffer.beacon.BeaconTransform;
import dev.coffer.beacon.StandardBeacon;
import dev.coffer.materials.SecretBytes;
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
 * The cost of beacons (searchable encryption) on the S item: {@link ItemEncryptor#encrypt} with 0
 * (the baseline), 1 and 3 standard beacons of 16 bits, static provider. Each beacon costs one
 * canonical encoding and one HMAC-SHA-256 of the attribute's value (docs/FORMAT.md, section 12), one
 * more signed attribute in the item signature, and a copy of the item map; the target is under 10 %
 * of an S encrypt per beacon.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar BeaconBenchmark -f1 -wi 3 -i 5 -w 1s -r 1s}
 * (after {@code ./mvnw -B -q -pl benchmarks -am package -DskipTests}); compare the 1 and 3 rows with
 * the 0 row.
 *
 * <p>Thread-safety: JMH state; the encryptor is shared as an application would share it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 4, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class BeaconBenchmark {
    /** The S item's string attributes that get beacons, in this order. */
    private static final List<String> ATTRIBUTES = List.of("name", "address", "note");

    @Param({"0", "1", "3"})
    public int beacons;

    private ItemEncryptor encryptor;
    private Map<String, AttributeValue> item;

    @Setup(Level.Trial)
    public void setUp() {
        BeaconConfig.Builder b = BeaconConfig.builder().keySource(BeaconKeySource.local(SecretBytes.random(32)));
        for (int i = 0; i < beacons; i++) {
            b.addStandardBeacon(StandardBeacon.builder().attribute(ATTRIBUTES.get(i)).bits(16)
                    .transform(BeaconTransform.LOWER_CASE).build());
        }
        TableConfig base = Fixtures.coffer(Fixtures.Provider.STATIC).config();
        encryptor = ItemEncryptor.create(base.toBuilder().beacons(beacons == 0 ? null : b.build()).build());
        item = Shape.S.item();
        Map<String, AttributeValue> stored = encryptor.encrypt(item);
        long stand = stored.keySet().stream().filter(n -> n.startsWith(StandardBeacon.ATTRIBUTE_PREFIX)).count();
        if (stand != beacons) {
            throw new IllegalStateException("expected " + beacons + " beacons, the item has " + stand);
        }
        Canonical.check("Coffer with " + beacons + " beacons", item, encryptor.decrypt(stored));
    }

    @Benchmark
    public Map<String, AttributeValue> encrypt() {
        return encryptor.encrypt(item);
    }
}
