package dev.coffer.benchmarks;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The ceiling no item encryptor can beat with the same primitives: one JCE AES-256-GCM pass over as
 * many plaintext bytes as Coffer encrypts for the item (the canonical encodings of its encrypted
 * attributes) plus one HMAC-SHA-256 (Coffer's suite hash) over as many bytes as Coffer signs for it
 * (label, table, header, every signed name and stored value, the GCM tag). The lengths are read
 * off a real Coffer-encrypted item of the same shape ({@link FormatLayout}), so the ceiling and
 * Coffer process the same number of bytes. No serialization, no key derivation, no map building: the cipher is initialized
 * once per operation (a fresh nonce, as encryption needs) and writes into preallocated buffers; the
 * MAC key is fixed.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar CeilingBenchmark -prof gc}
 *
 * <p>Thread-safety: JMH state, one per thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CeilingBenchmark {
    private static final int TAG_BYTES = 16;

    @Param
    public Shape shape;

    private Cipher gcm;
    private Mac mac;
    private SecretKeySpec key;
    private final byte[] nonce = new byte[12];
    private long counter;
    private byte[] plaintext;
    private byte[] signed;
    private byte[] ciphertext;
    private byte[] decrypted;
    private byte[] tag = new byte[32];
    private byte[] storedCiphertext;
    private byte[] storedNonce;
    private byte[] storedTag;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        int[] lengths = lengths(shape);
        SplittableRandom r = new SplittableRandom(7);
        plaintext = new byte[lengths[0]];
        signed = new byte[lengths[1]];
        fill(r, plaintext);
        fill(r, signed);
        ciphertext = new byte[plaintext.length + TAG_BYTES];
        decrypted = new byte[plaintext.length];
        key = new SecretKeySpec(Fixtures.bytes(32, 8), "AES");
        gcm = Cipher.getInstance("AES/GCM/NoPadding");
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Fixtures.bytes(32, 9), "HmacSHA256"));

        encrypt();
        storedNonce = nonce.clone();
        storedCiphertext = ciphertext.clone();
        storedTag = tag.clone();
        decrypt();
        if (!Arrays.equals(plaintext, decrypted)) {
            throw new IllegalStateException("ceiling: AES-GCM decrypt(encrypt(x)) differs from x");
        }
    }

    /** One AES-256-GCM encryption and one HMAC-SHA-256; returns the MAC buffer. */
    @Benchmark
    public byte[] encrypt() throws GeneralSecurityException {
        long c = ++counter;
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (c >>> (56 - 8 * i));
        }
        gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        gcm.doFinal(plaintext, 0, plaintext.length, ciphertext, 0);
        mac.update(signed, 0, signed.length);
        mac.doFinal(tag, 0);
        return tag;
    }

    /** One HMAC-SHA-256 check and one AES-256-GCM decryption; returns the plaintext buffer. */
    @Benchmark
    public byte[] decrypt() throws GeneralSecurityException {
        mac.update(signed, 0, signed.length);
        mac.doFinal(tag, 0);
        if (!MessageDigest.isEqual(tag, storedTag)) {
            throw new IllegalStateException("ceiling: HMAC does not verify");
        }
        gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, storedNonce));
        gcm.doFinal(storedCiphertext, 0, storedCiphertext.length, decrypted, 0);
        return decrypted;
    }

    /**
     * {plaintext bytes Coffer encrypts, bytes Coffer signs} for an item of {@code shape}, read off a
     * Coffer-encrypted item as docs/FORMAT.md lays it out ({@link FormatLayout}): the canonical
     * encodings of the encrypted values, and the signature input (label, table, header, every signed
     * name and stored value, the GCM tag).
     */
    static int[] lengths(Shape shape) {
        Map<String, AttributeValue> item = shape.item();
        FormatLayout layout = new FormatLayout(item, Fixtures.coffer(Fixtures.Provider.STATIC).encrypt(item),
                Fixtures.TABLE);
        return new int[] {layout.plaintextBytes(), layout.signatureInput.length};
    }

    private static void fill(SplittableRandom r, byte[] b) {
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) r.nextInt();
        }
    }
}
