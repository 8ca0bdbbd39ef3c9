package dev.coffer.benchmarks;

import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import dev.coffer.beacon.BeaconConfig;
import dev.coffer.beacon.BeaconKeySource;
import dev.coffer.beacon.BeaconTransform;
import dev.coffer.beacon.StandardBeacon;
import dev.coffer.materials.SecretBytes;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The cost of 1 and 3 beacons per S item as a fraction of an S encrypt, measured so that a busy
 * machine does not decide the answer: the three encryptors (0, 1, 3 beacons; as in
 * {@link BeaconBenchmark}) take turns in short rounds, and each round is timed in the thread's CPU
 * time rather than wall time, so time spent waiting for a core shared with other jobs is not counted
 * and load that comes and goes hits all three alike. Reports the median over rounds.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.coffer.benchmarks.BeaconCost [rounds]}
 * (after {@code ./mvnw -B -q -pl benchmarks -am package -DskipTests}). JMH's {@link BeaconBenchmark}
 * is the reference on a quiet machine.
 *
 * <p>Thread-safety: a command-line tool; single-threaded.
 */
public final class BeaconCost {
    private static final List<String> ATTRIBUTES = List.of("name", "address", "note");
    private static final int PER_ROUND = 2_000;

    private BeaconCost() {
    }

    static ItemEncryptor encryptor(int beacons) {
        TableConfig base = Fixtures.coffer(Fixtures.Provider.STATIC).config();
        if (beacons == 0) {
            return ItemEncryptor.create(base);
        }
        BeaconConfig.Builder b = BeaconConfig.builder().keySource(BeaconKeySource.local(SecretBytes.random(32)));
        for (int i = 0; i < beacons; i++) {
            b.addStandardBeacon(StandardBeacon.builder().attribute(ATTRIBUTES.get(i)).bits(16)
                    .transform(BeaconTransform.LOWER_CASE).build());
        }
        return ItemEncryptor.create(base.toBuilder().beacons(b.build()).build());
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int[] counts = {0, 1, 3};
        ItemEncryptor[] encryptors = new ItemEncryptor[counts.length];
        for (int i = 0; i < counts.length; i++) {
            encryptors[i] = encryptor(counts[i]);
        }
        Map<String, AttributeValue> item = Shape.S.item();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long[][] nanos = new long[counts.length][rounds];
        int sink = 0;
        for (int warm = 0; warm < 50; warm++) {
            for (ItemEncryptor e : encryptors) {
                for (int k = 0; k < PER_ROUND; k++) {
                    sink += e.encrypt(item).size();
                }
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < counts.length; i++) {
                int c = (r + i) % counts.length; // rotate who goes first
                long t0 = cpu.getCurrentThreadCpuTime();
                for (int k = 0; k < PER_ROUND; k++) {
                    sink += encryptors[c].encrypt(item).size();
                }
                nanos[c][r] = (cpu.getCurrentThreadCpuTime() - t0) / PER_ROUND;
            }
        }
        double base = median(nanos[0]);
        System.out.printf(Locale.ROOT, "S encrypt, CPU time per item, median of %d rounds of %d (sink %d)%n", rounds,
                PER_ROUND, sink);
        for (int i = 0; i < counts.length; i++) {
            double m = median(nanos[i]);
            System.out.printf(Locale.ROOT, "  %d beacon(s): %8.0f ns%s%n", counts[i], m, counts[i] == 0 ? ""
                    : String.format(Locale.ROOT, "  (+%.1f %% of an S encrypt in all, %.1f %% per beacon)",
                            100 * (m - base) / base, 100 * (m - base) / base / counts[i]));
        }
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
