package dev.coffer.benchmarks;

import java.security.DrbgParameters;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
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
 *       preallocated buffer, wiped afterwards.</li>
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
    private byte[] storedInfo;
    private byte[] aad;
    private byte[] plaintext;
    private byte[] ciphertext;
    private byte[] storedCiphertext;
    private byte[] signed;
    private byte[] storedCommitment;
    private byte[] storedSignature;
    private byte[] out;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        Map<String, AttributeValue> item = shape.item();
        FormatLayout layout = new FormatLayout(item, Fixtures.coffer(Fixtures.Provider.STATIC).encrypt(item),
                Fixtures.TABLE);
        byte[] dataKey = Fixtures.bytes(32, Fixtures.STATIC_DATA_KEY);
        byte[] signingKey = Fixtures.bytes(32, Fixtures.STATIC_SIGNING_KEY);
        plaintext = layout.verify(dataKey, signingKey);

        drbg = SecureRandom.getInstance("DRBG", DrbgParameters.instantiation(256, DrbgParameters.Capability.NONE, null));
        expander = Mac.getInstance("HmacSHA256");
        expander.init(new SecretKeySpec(dataKey, "HmacSHA256"));
        sign = Mac.getInstance("HmacSHA256");
        sign.init(new SecretKeySpec(signingKey, "HmacSHA256"));
        gcm = Cipher.getInstance("AES/GCM/NoPadding");
        info = FormatLayout.info(itemId);
        storedInfo = FormatLayout.info(layout.itemId);
        aad = layout.additionalData;
        ciphertext = new byte[plaintext.length + FormatLayout.TAG_BYTES];
        storedCiphertext = layout.ciphertextAndTag;
        signed = layout.signatureInput;
        storedCommitment = layout.commitment;
        storedSignature = layout.signature;
        out = new byte[plaintext.length];

        // The timed paths agree with the spec check: decrypt() accepts the real item and yields its
        // plaintext, and encrypt() under the real item's id reproduces its ciphertext and tag.
        decrypt();
        if (!Arrays.equals(Arrays.copyOf(decryptKeep(), plaintext.length), plaintext)) {
            throw new IllegalStateException("format floor: decrypt differs from the spec check");
        }
        deriveKeys(storedInfo);
        gcmEncrypt();
        if (!Arrays.equals(ciphertext, storedCiphertext)) {
            throw new IllegalStateException("format floor: encrypt does not reproduce Coffer's ciphertext and tag");
        }
    }

    private void deriveKeys(byte[] keyInfo) throws GeneralSecurityException {
        expander.update(keyInfo);
        expander.update((byte) 1);
        expander.doFinal(t1, 0);
        expander.update(t1);
        expander.update(keyInfo);
        expander.update((byte) 2);
        expander.doFinal(t2, 0);
    }

    private void gcmEncrypt() throws GeneralSecurityException {
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(t1, "AES"), new GCMParameterSpec(128, ZERO_NONCE));
        gcm.updateAAD(aad, 0, aad.length);
        gcm.doFinal(plaintext, 0, plaintext.length, ciphertext, 0);
    }

    /** One item's worth of format 1.0 encryption work; returns the signature buffer. */
    @Benchmark
    public byte[] encrypt() throws GeneralSecurityException {
        long t = System.nanoTime();
        for (int i = 7; i >= 0; i--) {
            additionalInput[i] = (byte) t;
            t >>>= 8;
        }
        drbg.nextBytes(itemId, DrbgParameters.nextBytes(256, false, additionalInput));
        System.arraycopy(itemId, 0, info, info.length - itemId.length, itemId.length);
        deriveKeys(info);
        gcmEncrypt();
        sign.update(signed, 0, signed.length);
        sign.doFinal(mac, 0);
        return mac;
    }

    /** One item's worth of format 1.0 decryption work: keys, commitment, signature, one GCM message. */
    @Benchmark
    public byte[] decrypt() throws GeneralSecurityException {
        int n = decryptInto();
        Arrays.fill(out, 0, n, (byte) 0);
        return out;
    }

    private byte[] decryptKeep() throws GeneralSecurityException {
        decryptInto();
        return out.clone();
    }

    private int decryptInto() throws GeneralSecurityException {
        deriveKeys(storedInfo);
        if (!MessageDigest.isEqual(t2, storedCommitment)) {
            throw new IllegalStateException("format floor: commitment");
        }
        sign.update(signed, 0, signed.length);
        sign.doFinal(mac, 0);
        if (!MessageDigest.isEqual(mac, storedSignature)) {
            throw new IllegalStateException("format floor: signature");
        }
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(t1, "AES"), new GCMParameterSpec(128, ZERO_NONCE));
        gcm.updateAAD(aad, 0, aad.length);
        try {
            return gcm.doFinal(storedCiphertext, 0, storedCiphertext.length, out, 0);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("format floor: tag", e);
        }
    }
}
