package dev.coffer.internal.crypto;

import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Where item ids and data keys come from. Not API.
 *
 * <p>{@link #system()} gives each thread its own NIST SP 800-90A DRBG instance (the JDK's
 * {@code DRBG}, Hash_DRBG with SHA-256 at 256-bit strength, seeded from the operating system), so
 * threads never contend on one generator's lock. Tests substitute a fixed source to reproduce the
 * frozen vectors.
 */
@FunctionalInterface
public interface RandomSource {

    /** Fills {@code out} with random bytes. */
    void nextBytes(byte[] out);

    /**
     * Fills {@code out} with a random item id. Item ids are public (they are stored in the header)
     * and must only be unique and unpredictable before use; by default they come from
     * {@link #nextBytes}.
     */
    default void nextItemId(byte[] out) {
        nextBytes(out);
    }

    /** The production source: one DRBG per thread. */
    static RandomSource system() {
        return SystemRandom.INSTANCE;
    }

    /**
     * Per-thread DRBG holder. Every item id is its own DRBG request, made when the item is
     * encrypted: nothing is drawn ahead, so no id sits in memory before use. Each request also
     * passes the current {@link System#nanoTime()} as NIST SP 800-90A additional input, so two
     * copies of one process restored from the same VM or JVM snapshot (which share the DRBG's
     * state) still draw different ids unless they ask at the same nanosecond reading; the
     * snapshot consideration is documented in docs/SECURITY.md.
     */
    final class SystemRandom implements RandomSource {
        static final SystemRandom INSTANCE = new SystemRandom();

        private static final ThreadLocal<SecureRandom> PER_THREAD = ThreadLocal.withInitial(SystemRandom::newDrbg);

        private SystemRandom() {
        }

        private static SecureRandom newDrbg() {
            try {
                return SecureRandom.getInstance("DRBG",
                        DrbgParameters.instantiation(256, DrbgParameters.Capability.NONE, null));
            } catch (NoSuchAlgorithmException e) {
                // Every JDK since 9 has DRBG; fall back to the platform default rather than fail.
                return new SecureRandom();
            }
        }

        @Override
        public void nextBytes(byte[] out) {
            PER_THREAD.get().nextBytes(out);
        }

        @Override
        public void nextItemId(byte[] out) {
            SecureRandom r = PER_THREAD.get();
            long t = System.nanoTime();
            byte[] input = new byte[8];
            for (int i = 7; i >= 0; i--) {
                input[i] = (byte) t;
                t >>>= 8;
            }
            if ("DRBG".equals(r.getAlgorithm())) {
                r.nextBytes(out, DrbgParameters.nextBytes(256, false, input));
            } else {
                r.nextBytes(out);
            }
        }
    }
}
