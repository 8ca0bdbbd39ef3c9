package dev.coffer.benchmarks;

import dev.coffer.ItemEncryptor;
import java.nio.charset.StandardCharsets;
import java.security.DrbgParameters;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.AEADBadTagException;
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
 * The cryptographic work format v1 itself requires per item, done with the JCE as cheaply as it
 * allows, and nothing else: a 32-byte item id from a DRBG, HKDF-SHA-256 (extract, then two expands
 * under one key), then for every encrypted attribute one AES-256-GCM encryption with its own nonce
 * and the additional data {@code u32(len(name)) || name || header}, and one HMAC-SHA-256 over the
 * signed bytes. Attribute names, plaintext lengths and the header are taken from a real
 * Coffer-encrypted item of the same shape. No value encoding, no maps, no header building.
 *
 * <p>This is the floor for any implementation of format v1 on this JDK: the distance between it and
 * {@link CeilingBenchmark} is what the format costs (one GCM initialisation and one pass over the
 * header per encrypted attribute), the distance between Coffer and it is what Coffer's own code
 * costs.
 *
 * <p>{@link #variant} prices two hypothetical alternatives to format v1 on the same items (not
 * implemented by Coffer, for design discussion only): {@code HEADER_DIGEST_AAD} binds a SHA-256 of
 * the header (computed once per item) into each attribute's additional data instead of the whole
 * header; {@code ONE_MESSAGE} encrypts all encrypted attributes as one AES-GCM message with the
 * header as additional data. Decryption always prices {@code V1}. The comparison runs {@code V1}
 * only.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar FormatFloorBenchmark -prof gc}
 * (alternatives: add {@code -p variant=V1,HEADER_DIGEST_AAD,ONE_MESSAGE}).
 *
 * <p>Thread-safety: JMH state, one per thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class FormatFloorBenchmark {
    private static final byte[] LABEL_ENC = "coffer/v1/enc".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LABEL_COMMIT = "coffer/v1/commit".getBytes(StandardCharsets.US_ASCII);

    @Param
    public Shape shape;

    /** Which per-item encryption layout to price; see the class comment. */
    public enum Variant { V1, HEADER_DIGEST_AAD, ONE_MESSAGE }

    @Param({"V1"})
    public Variant variant;

    private SecureRandom drbg;
    private Mac hkdf;
    private Mac sign;
    private Cipher gcm;
    private byte[] dataKey;
    private final byte[] itemId = new byte[32];
    private final byte[] prk = new byte[32];
    private final byte[] enc = new byte[32];
    private final byte[] commit = new byte[32];
    private final byte[] mac = new byte[32];
    private final byte[] nonce = new byte[12];
    private byte[][] names;
    private byte[][] plaintexts;
    private byte[][] ciphertexts;
    private byte[] aad;
    private byte[] digestAad;
    private byte[] joined;
    private MessageDigest sha256;
    private int headerAt;
    private byte[] signed;
    private byte[] out;
    private byte[] fixedItemId;
    private byte[] expectedCommit;
    private byte[] expectedMac;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        drbg = SecureRandom.getInstance("DRBG", DrbgParameters.instantiation(256, DrbgParameters.Capability.NONE, null));
        hkdf = Mac.getInstance("HmacSHA256");
        sign = Mac.getInstance("HmacSHA256");
        sign.init(new SecretKeySpec(Fixtures.bytes(32, 21), "HmacSHA256"));
        gcm = Cipher.getInstance("AES/GCM/NoPadding");
        dataKey = Fixtures.bytes(32, 22);

        Map<String, AttributeValue> item = shape.item();
        Map<String, AttributeValue> stored = Fixtures.coffer(Fixtures.Provider.STATIC).encrypt(item);
        byte[] header = stored.get(ItemEncryptor.HEADER_ATTRIBUTE).b().asByteArrayUnsafe();
        List<byte[]> encrypted = new ArrayList<>();
        for (String n : item.keySet()) {
            if (!n.equals(Shape.PK) && !n.equals(Shape.SK)) {
                encrypted.add(n.getBytes(StandardCharsets.UTF_8));
            }
        }
        encrypted.sort(Arrays::compareUnsigned);
        names = encrypted.toArray(new byte[0][]);
        plaintexts = new byte[names.length][];
        int maxName = 0;
        int maxValue = 0;
        for (int i = 0; i < names.length; i++) {
            int ct = stored.get(new String(names[i], StandardCharsets.UTF_8)).b().asByteArrayUnsafe().length;
            plaintexts[i] = Fixtures.bytes(ct - 16, i);
            maxName = Math.max(maxName, names[i].length);
            maxValue = Math.max(maxValue, ct);
        }
        headerAt = 4 + maxName;
        aad = new byte[headerAt + header.length];
        System.arraycopy(header, 0, aad, headerAt, header.length);
        digestAad = new byte[headerAt + 32];
        sha256 = MessageDigest.getInstance("SHA-256");
        int total = 0;
        for (byte[] pt : plaintexts) {
            total += pt.length;
        }
        joined = Fixtures.bytes(total, 24);
        signed = Fixtures.bytes(CeilingBenchmark.lengths(shape)[1], 23);
        out = new byte[maxValue];

        // Fixed id and ciphertexts for the decryption side; encrypt() must agree with decrypt().
        drbg = new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] b) {
                Arrays.fill(b, (byte) 7);
            }
        };
        Variant chosen = variant;
        variant = Variant.V1;
        ciphertexts = encrypt();
        variant = chosen;
        fixedItemId = itemId.clone();
        expectedCommit = commit.clone();
        expectedMac = mac.clone();
        drbg = SecureRandom.getInstance("DRBG", DrbgParameters.instantiation(256, DrbgParameters.Capability.NONE, null));
        byte[][] back = decryptAll();
        for (int i = 0; i < names.length; i++) {
            if (!Arrays.equals(back[i], plaintexts[i])) {
                throw new IllegalStateException("format floor: decrypt(encrypt(x)) differs from x");
            }
        }
    }

    private void deriveKeys(byte[] id) throws GeneralSecurityException {
        hkdf.init(new SecretKeySpec(id, "HmacSHA256"));
        hkdf.update(dataKey);
        hkdf.doFinal(prk, 0);
        hkdf.init(new SecretKeySpec(prk, "HmacSHA256"));
        hkdf.update(LABEL_ENC);
        hkdf.update(new byte[] {0, 1, 1});
        hkdf.doFinal(enc, 0);
        hkdf.update(LABEL_COMMIT);
        hkdf.update(new byte[] {0, 1, 1});
        hkdf.doFinal(commit, 0);
    }

    private int aadFor(int i) {
        return aadFor(aad, i);
    }

    private int aadFor(byte[] buffer, int i) {
        int at = headerAt - 4 - names[i].length;
        int n = names[i].length;
        buffer[at] = (byte) (n >>> 24);
        buffer[at + 1] = (byte) (n >>> 16);
        buffer[at + 2] = (byte) (n >>> 8);
        buffer[at + 3] = (byte) n;
        System.arraycopy(names[i], 0, buffer, at + 4, n);
        nonce[8] = (byte) (i >>> 24);
        nonce[9] = (byte) (i >>> 16);
        nonce[10] = (byte) (i >>> 8);
        nonce[11] = (byte) i;
        return at;
    }

    /** One item's worth of format v1 encryption work; returns the ciphertexts. */
    @Benchmark
    public byte[][] encrypt() throws GeneralSecurityException {
        drbg.nextBytes(itemId);
        deriveKeys(itemId);
        SecretKeySpec key = new SecretKeySpec(enc, "AES");
        byte[][] cts;
        if (variant == Variant.ONE_MESSAGE) {
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            gcm.updateAAD(aad, headerAt, aad.length - headerAt);
            cts = new byte[][] {gcm.doFinal(joined)};
        } else {
            byte[] bound = aad;
            int end = aad.length;
            if (variant == Variant.HEADER_DIGEST_AAD) {
                sha256.update(aad, headerAt, aad.length - headerAt);
                sha256.digest(digestAad, headerAt, 32);
                bound = digestAad;
                end = headerAt + 32;
            }
            cts = new byte[names.length][];
            for (int i = 0; i < names.length; i++) {
                int at = aadFor(bound, i);
                gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                gcm.updateAAD(bound, at, end - at);
                cts[i] = gcm.doFinal(plaintexts[i]);
            }
        }
        sign.update(signed, 0, signed.length);
        sign.doFinal(mac, 0);
        return cts;
    }

    /** One item's worth of format v1 decryption work: commitment, signature, every attribute. */
    @Benchmark
    public byte[] decrypt() throws GeneralSecurityException {
        decryptInto(null);
        return out;
    }

    private byte[][] decryptAll() throws GeneralSecurityException {
        byte[][] back = new byte[names.length][];
        decryptInto(back);
        return back;
    }

    private void decryptInto(byte[][] keep) throws GeneralSecurityException {
        deriveKeys(fixedItemId);
        if (!MessageDigest.isEqual(commit, expectedCommit)) {
            throw new IllegalStateException("format floor: commitment");
        }
        sign.update(signed, 0, signed.length);
        sign.doFinal(mac, 0);
        if (!MessageDigest.isEqual(mac, expectedMac)) {
            throw new IllegalStateException("format floor: signature");
        }
        SecretKeySpec key = new SecretKeySpec(enc, "AES");
        for (int i = 0; i < names.length; i++) {
            int at = aadFor(i);
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            gcm.updateAAD(aad, at, aad.length - at);
            int n;
            try {
                n = gcm.doFinal(ciphertexts[i], 0, ciphertexts[i].length, out, 0);
            } catch (AEADBadTagException e) {
                throw new IllegalStateException("format floor: tag", e);
            }
            if (keep != null) {
                keep[i] = Arrays.copyOf(out, n);
            }
            Arrays.fill(out, 0, n, (byte) 0);
        }
    }
}
