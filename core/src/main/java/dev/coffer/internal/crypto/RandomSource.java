package dev.coffer.internal.crypto;

import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

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
     * Per-thread DRBG holder. Item ids are drawn {@value #ID_BATCH_BYTES} bytes at a time and handed
     * out 32 bytes per item: one DRBG request per 32 items instead of one per item (each Hash_DRBG
     * request costs two SHA-256 computations and a few big-integer additions on top of one SHA-256
     * per 32 output bytes). The ids are public once written, so holding the next few in memory gives
     * nothing away; each is zeroed in the buffer when handed out. Data keys never come from this
     * buffer: {@link #nextBytes} asks the DRBG directly.
     */
    final class SystemRandom implements RandomSource {
        static final SystemRandom INSTANCE = new SystemRandom();
        static final int ID_BATCH_BYTES = 1024;

        private static final ThreadLocal<SecureRandom> PER_THREAD = ThreadLocal.withInitial(SystemRandom::newDrbg);
        private static final ThreadLocal<IdBatch> IDS = ThreadLocal.withInitial(IdBatch::new);

        /** Unused item-id bytes of this thread: {@code bytes[next, length)}. */
        private static final class IdBatch {
            final byte[] bytes = new byte[ID_BATCH_BYTES];
            int next = ID_BATCH_BYTES;
        }

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
            int n = out.length;
            if (n > ID_BATCH_BYTES) {
                nextBytes(out);
                return;
            }
            IdBatch b = IDS.get();
            if (ID_BATCH_BYTES - b.next < n) {
                PER_THREAD.get().nextBytes(b.bytes);
                b.next = 0;
            }
            System.arraycopy(b.bytes, b.next, out, 0, n);
            Arrays.fill(b.bytes, b.next, b.next + n, (byte) 0);
            b.next += n;
        }
    }
}
