package dev.coffer.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * What the cold-start mains ({@link ColdStartCoffer}, {@link ColdStartLegacy}) share: benchmark key
 * bytes and the line they print. It depends on neither library nor on any other class of this
 * module, so a main loads nothing but its own library.
 *
 * <p>Thread-safety: stateless.
 */
final class ColdStartProbe {
    private ColdStartProbe() {
    }

    /** The benchmark key bytes of {@link Fixtures#bytes}{@code (32, start)}. */
    static byte[] key(int start) {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (start * 31 + i);
        }
        return b;
    }

    /**
     * The line a cold-start main prints: library, then in milliseconds JVM start to main, building
     * the item, building the encryptor, the first encrypt, the first decrypt, JVM start to decrypted,
     * and whether the round trip held. Reads the JVM's start time only now, after the clock stopped,
     * so loading the management classes is not counted.
     */
    static String line(String library, long mainWall, long endWall, long main, long built, long ready,
            long encrypted, long decrypted, boolean ok) {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        return String.join("\t", library, Long.toString(mainWall - jvmStart), ms(built - main), ms(ready - built),
                ms(encrypted - ready), ms(decrypted - encrypted), Long.toString(endWall - jvmStart),
                Boolean.toString(ok));
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
