package dev.coffer.benchmarks;

import java.security.DrbgParameters;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
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
 * The cryptographic work the Coffer 1.0 format (docs/FORMAT.md, wire version 2) itself requires per
 * item, done with the JCE as cheaply as it allows, and nothing else. With the static provider (one
 * data key, one signing key):
 *
 * <ul>
 *   <li>encrypt: one DRBG request for the 32-byte item id with 8 bytes of additional input (a
 *       {@code nanoTime} reading); HKDF-Expand under an HMAC keyed once with the data key and reused
 *       across items (two HMACs per item: the encryption key and the key commitment); one
 *       AES-256-GCM initialisation under the fresh item key and one pass over the concatenated
 *       canonical encodings, with the header and every slice's name and length as additional data;
 *       one HMAC-SHA-256 under the signing key over the signature input;</li>
 *   <li>decrypt: the same two HKDF HMACs, the commitment and signature compared in constant time,
 *       one AES-256-GCM initialisation and one {@code doFinal} over the ciphertext and tag into a
 *       preallocated buffer, wiped afterwards; {@link Fixtures#DECRYPT_ITEMS} stored items in turn, so
 *       every decryption schedules its own AES key as a stream of items does.</li>
 * </ul>
 *
 * <p>The bytes are those of a real Coffer-encrypted item of the same shape ({@link FormatLayout}):
 * {@code @Setup} checks that item against the spec with plain JCE calls (commitment, signature,
 * GCM tag) and encrypts its decrypted plaintext, so the floor processes exactly the bytes the
 * format makes Coffer process. Not priced: building the header, the legend fingerprints (one
 * multiplication per attribute once a name's hash is cached), the canonical encoding and the SDK's
 * maps and values; that is the code's share.
 *
 * <p>The distance between this floor and {@link CeilingBenchmark} is what the format costs beyond
 * one GCM pass and one HMAC (randomness, key derivation, a GCM key schedule per item); the distance
 * between Coffer's static provider and this floor is what Coffer's own code costs.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar FormatFloorBenchmark -prof gc}
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
    private static final byte[] ZERO_NONCE = new byte[12];

    @Param
    public Shape shape;

    private SecureRandom drbg;
    private Mac expander;
    private Mac sign;
    private Cipher gcm;
    private final byte[] itemId = new byte[FormatLayout.ID_BYTES];
    private final byte[] additionalInput = new byte[8];
    private final byte[] t1 = new byte[32];
    private final byte[] t2 = new byte[32];
    private final byte[] mac = new byte[32];
    /** {@code "coffer/2/keys" || suite || item id}, the id rewritten per item. */
    private byte[] info;
    private byte[] plaintext;
    private byte[] ciphertext;
    private byte[] out;
    /** The stored items decrypted in turn ({@link Fixtures#DECRYPT_ITEMS}); encryption uses the first's sizes. */
    private FormatLayout[] stored;
    private byte[][] storedInfo;
    /** Each stored item's encryption key, for {@link FloorPartsBenchmark}. */
    private byte[][] storedKey;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        byte[] dataKey = Fixtures.bytes(32, Fixtures.STATIC_DATA_KEY);
        byte[] signingKey = Fixtures.bytes(32, Fixtures.STATIC_SIGNING_KEY);
        List<Map<String, AttributeValue>> items = shape.items(Fixtures.DECRYPT_ITEMS);
        stored = new FormatLayout[items.size()];
        storedInfo = new byte[items.size()][];
        storedKey = new byte[items.size()][];
        byte[][] plaintexts = new byte[items.size()][];
        for (int i = 0; i < items.size(); i++) {
            stored[i] = new FormatLayout(items.get(i), Fixtures.coffer(Fixtures.Provider.STATIC).encrypt(items.get(i)),
                    Fixtures.TABLE);
            plaintexts[i] = stored[i].verify(dataKey, signingKey);
            storedInfo[i] = FormatLayout.info(stored[i].itemId);
        }
        plaintext = plaintexts[0];

        drbg = SecureRandom.getInstance("DRBG", DrbgParameters.instantiation(256, DrbgParameters.Capability.NONE, null));
        expander = Mac.getInstance("HmacSHA256");
        expander.init(new SecretKeySpec(dataKey, "HmacSHA256"));
        sign = Mac.getInstance("HmacSHA256");
        sign.init(new SecretKeySpec(signingKey, "HmacSHA256"));
        gcm = Cipher.getInstance("AES/GCM/NoPadding");
        info = FormatLayout.info(itemId);
        ciphertext = new byte[plaintext.length + FormatLayout.TAG_BYTES];
        int longest = 0;
        for (byte[] p : plaintexts) {
            longest = Math.max(longest, p.length);
        }
        out = new byte[longest];

        // The timed paths agree with the spec check: decrypt() accepts every stored item and yields
        // its plaintext, and encrypt() under the first item's id reproduces its ciphertext and tag.
        for (int i = 0; i < stored.length; i++) {
            int n = decryptInto(i);
            if (!Arrays.equals(Arrays.copyOf(out, n), plaintexts[i])) {
                throw new IllegalStateException("format floor: decrypt differs from the spec check");
            }
            storedKey[i] = t1.clone();
        }
        deriveKeys(storedInfo[0]);
        gcmEncrypt();
        if (!Arrays.equals(ciphertext, stored[0].ciphertextAndTag)) {
            throw new IllegalStateException("format floor: encrypt does not reproduce Coffer's ciphertext and tag");
        }
    }

    void deriveKeys(byte[] keyInfo) throws GeneralSecurityException {
        expander.update(keyInfo);
        expander.update((byte) 1);
        expander.doFinal(t1, 0);
        expander.update(t1);
        expander.update(keyInfo);
        expander.update((byte) 2);
        expander.doFinal(t2, 0);
    }

    void gcmEncrypt() throws GeneralSecurityException {
        gcmEncrypt(t1);
    }

    /** The item's GCM encryption under {@code key} (which must differ from the last one used). */
    byte[] gcmEncrypt(byte[] key) throws GeneralSecurityException {
        byte[] aad = stored[0].additionalData;
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, ZERO_NONCE));
        gcm.updateAAD(aad, 0, aad.length);
        gcm.doFinal(plaintext, 0, plaintext.length, ciphertext, 0);
        return ciphertext;
    }

    /** One item's worth of format 1.0 encryption work; returns the signature buffer. */
    @Benchmark
    public byte[] encrypt() throws GeneralSecurityException {
        drawItemId();
        deriveKeys(info);
        gcmEncrypt();
        return sign();
    }

    /** The item id: one DRBG request with a {@code nanoTime} reading as additional input. */
    byte[] drawItemId() {
        long t = System.nanoTime();
        for (int i = 7; i >= 0; i--) {
            additionalInput[i] = (byte) t;
            t >>>= 8;
        }
        drbg.nextBytes(itemId, DrbgParameters.nextBytes(256, false, additionalInput));
        System.arraycopy(itemId, 0, info, info.length - itemId.length, itemId.length);
        return itemId;
    }

    /** The item id as one DRBG request without additional input, for comparison. */
    byte[] drawItemIdWithoutInput() {
        drbg.nextBytes(itemId);
        System.arraycopy(itemId, 0, info, info.length - itemId.length, itemId.length);
        return itemId;
    }

    /** The key info of the current item id. */
    byte[] info() {
        return info;
    }

    /** The HMAC signature over the (first stored item's) signature input. */
    byte[] sign() throws GeneralSecurityException {
        byte[] signed = stored[0].signatureInput;
        sign.update(signed, 0, signed.length);
        sign.doFinal(mac, 0);
        return mac;
    }

    /** The next stored item's GCM message decrypted under its key (derived in setup), then wiped. */
    byte[] gcmDecryptNext() throws GeneralSecurityException {
        next = (next + 1) % stored.length;
        FormatLayout item = stored[next];
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(storedKey[next], "AES"), new GCMParameterSpec(128, ZERO_NONCE));
        gcm.updateAAD(item.additionalData, 0, item.additionalData.length);
        int n;
        try {
            n = gcm.doFinal(item.ciphertextAndTag, 0, item.ciphertextAndTag.length, out, 0);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("format floor: tag", e);
        }
        Arrays.fill(out, 0, n, (byte) 0);
        return out;
    }

    /**
     * One item's worth of format 1.0 decryption work on the next of {@link Fixtures#DECRYPT_ITEMS}
     * stored items: keys, commitment, signature, one GCM message.
     */
    @Benchmark
    public byte[] decrypt() throws GeneralSecurityException {
        next = (next + 1) % stored.length;
        int n = decryptInto(next);
        Arrays.fill(out, 0, n, (byte) 0);
        return out;
    }

    private int decryptInto(int i) throws GeneralSecurityException {
        FormatLayout item = stored[i];
        deriveKeys(storedInfo[i]);
        if (!MessageDigest.isEqual(t2, item.commitment)) {
            throw new IllegalStateException("format floor: commitment");
        }
        sign.update(item.signatureInput, 0, item.signatureInput.length);
        sign.doFinal(mac, 0);
        if (!MessageDigest.isEqual(mac, item.signature)) {
            throw new IllegalStateException("format floor: signature");
        }
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(t1, "AES"), new GCMParameterSpec(128, ZERO_NONCE));
        gcm.updateAAD(item.additionalData, 0, item.additionalData.length);
        try {
            return gcm.doFinal(item.ciphertextAndTag, 0, item.ciphertextAndTag.length, out, 0);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("format floor: tag", e);
        }
    }
}
