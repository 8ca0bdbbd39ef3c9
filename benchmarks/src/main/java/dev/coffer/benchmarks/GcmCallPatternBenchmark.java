package dev.coffer.benchmarks;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
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
 * How the JDK's AES-GCM costs depend on the calling pattern, for one GCM message as the Coffer 1.0
 * format makes one per item: about {@code aad} bytes of additional data (the header, then every
 * encrypted attribute's name and slice length) and a {@code value}-byte plaintext (the concatenated
 * canonical encodings). The defaults are the S item's sizes. Compares three {@code updateAAD} calls
 * with one over a contiguous buffer, a fresh output array with a reused one, and a cipher
 * initialised with the same key each time with one initialised with a fresh key each time (as the
 * format's per-item key requires: the AES key schedule and the GHASH key are recomputed). Use with
 * {@code -prof gc}: the JDK buffers the additional data (and, when decrypting, the ciphertext)
 * internally, so bytes/op show what a pattern costs beyond the unavoidable.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar GcmCallPatternBenchmark -prof gc}
 *
 * <p>Thread-safety: JMH state, one per thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class GcmCallPatternBenchmark {

    @Param({"250"})
    public int aad;

    @Param({"900"})
    public int value;

    private Cipher gcm;
    private SecretKeySpec key;
    private final byte[] nonce = new byte[12];
    private long counter;
    private byte[] prefix;
    private byte[] name;
    private byte[] header;
    private byte[] contiguous;
    private byte[] plaintext;
    private byte[] out;
    private byte[] ciphertext;
    private byte[] decryptNonce;
    private byte[] staged;
    private static final byte[] TAG = {3};
    private static final byte[] ZERO_NONCE = new byte[12];
    private final byte[] freshKey = Fixtures.bytes(32, 15);

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        gcm = Cipher.getInstance("AES/GCM/NoPadding");
        key = new SecretKeySpec(Fixtures.bytes(32, 11), "AES");
        prefix = new byte[4];
        name = Fixtures.bytes(12, 12);
        header = Fixtures.bytes(aad - 16, 13);
        contiguous = new byte[prefix.length + name.length + header.length];
        System.arraycopy(name, 0, contiguous, 4, name.length);
        System.arraycopy(header, 0, contiguous, 4 + name.length, header.length);
        plaintext = Fixtures.bytes(value, 14);
        out = new byte[value + 16];
        staged = new byte[value + 1];
        ciphertext = threeCallsNewArray().clone();
        decryptNonce = nonce.clone();
        gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, decryptNonce));
        gcm.updateAAD(contiguous);
        if (!java.util.Arrays.equals(plaintext, gcm.doFinal(ciphertext))) {
            throw new IllegalStateException("GCM round trip failed");
        }
    }

    private void nextNonce() throws GeneralSecurityException {
        long c = ++counter;
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (c >>> (56 - 8 * i));
        }
        gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
    }

    /** Three updateAAD calls (header, name, the rest), doFinal into a new array. */
    @Benchmark
    public byte[] threeCallsNewArray() throws GeneralSecurityException {
        nextNonce();
        gcm.updateAAD(prefix);
        gcm.updateAAD(name);
        gcm.updateAAD(header);
        return gcm.doFinal(plaintext);
    }

    /** One updateAAD over a contiguous buffer, doFinal into a new array. */
    @Benchmark
    public byte[] oneCallNewArray() throws GeneralSecurityException {
        nextNonce();
        gcm.updateAAD(contiguous, 0, contiguous.length);
        return gcm.doFinal(plaintext);
    }

    /** One updateAAD, doFinal into a reused array (the ciphertext must then be copied out). */
    @Benchmark
    public byte[] oneCallReusedArray() throws GeneralSecurityException {
        nextNonce();
        gcm.updateAAD(contiguous, 0, contiguous.length);
        gcm.doFinal(plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    /**
     * As {@link #oneCallReusedArray}, but under a fresh key with a constant nonce, as the format's
     * per-item key does: the JDK recomputes the AES key schedule and the GHASH key on every init.
     */
    @Benchmark
    public byte[] freshKeyReusedArray() throws GeneralSecurityException {
        long c = ++counter;
        for (int i = 0; i < 8; i++) {
            freshKey[i] = (byte) (c >>> (56 - 8 * i));
        }
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(freshKey, "AES"), new GCMParameterSpec(128, ZERO_NONCE));
        gcm.updateAAD(contiguous, 0, contiguous.length);
        gcm.doFinal(plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    /** One updateAAD, a one-byte update (a type tag) and doFinal over the value where it lies. */
    @Benchmark
    public byte[] oneCallTwoPartNewArray() throws GeneralSecurityException {
        nextNonce();
        gcm.updateAAD(contiguous, 0, contiguous.length);
        byte[] ct = new byte[1 + plaintext.length + 16];
        int n = gcm.update(TAG, 0, 1, ct, 0);
        gcm.doFinal(plaintext, 0, plaintext.length, ct, n);
        return ct;
    }

    /** One updateAAD, the one-byte tag and the value copied together first (what a value buffer costs). */
    @Benchmark
    public byte[] oneCallCopiedNewArray() throws GeneralSecurityException {
        nextNonce();
        gcm.updateAAD(contiguous, 0, contiguous.length);
        staged[0] = TAG[0];
        System.arraycopy(plaintext, 0, staged, 1, plaintext.length);
        return gcm.doFinal(staged, 0, plaintext.length + 1);
    }

    /** Decryption: one updateAAD, doFinal into a new array. */
    @Benchmark
    public byte[] decryptNewArray() throws GeneralSecurityException {
        gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, decryptNonce));
        gcm.updateAAD(contiguous, 0, contiguous.length);
        return gcm.doFinal(ciphertext);
    }

    /** Decryption: one updateAAD, doFinal into a reused array. */
    @Benchmark
    public byte[] decryptReusedArray() throws GeneralSecurityException {
        gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, decryptNonce));
        gcm.updateAAD(contiguous, 0, contiguous.length);
        gcm.doFinal(ciphertext, 0, ciphertext.length, out, 0);
        return out;
    }

    /** Decryption through ByteBuffers (heap), into a reused buffer. */
    @Benchmark
    public ByteBuffer decryptByteBuffer() throws GeneralSecurityException {
        gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, decryptNonce));
        gcm.updateAAD(contiguous, 0, contiguous.length);
        ByteBuffer dst = ByteBuffer.wrap(out);
        gcm.doFinal(ByteBuffer.wrap(ciphertext), dst);
        return dst;
    }
}
