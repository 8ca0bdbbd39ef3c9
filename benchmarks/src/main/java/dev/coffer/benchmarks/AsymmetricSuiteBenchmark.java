package dev.coffer.benchmarks;

import dev.coffer.AlgorithmSuite;
import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.SignatureKeyPair;
import dev.coffer.materials.StaticProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
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
import software.amazon.cryptography.dbencryptionsdk.dynamodb.itemencryptor.DynamoDbItemEncryptor;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.itemencryptor.model.DecryptItemInput;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.itemencryptor.model.EncryptItemInput;

/**
 * The price of signatures that readers cannot forge, in one run: Coffer's suite 0x02 (HMAC plus
 * ECDSA P-256; writer with the key pair, reader with the public key only) beside the Database
 * Encryption SDK's default ECDSA P-384 suite, with Coffer's HMAC-only suite as the baseline. Local
 * keys for both libraries (Coffer: static provider; DB-ESDK: raw AES keyring), so the numbers are
 * the cryptography and the item handling, not a key service. Decrypt goes through
 * {@link Fixtures#DECRYPT_ITEMS} different stored items in turn.
 *
 * <p>Run (brief, on a shared machine; check {@code uptime} first):
 * {@code java -jar benchmarks/target/benchmarks.jar AsymmetricSuiteBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s}
 *
 * <p>Thread-safety: JMH state; the encryptors are shared as an application would share them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AsymmetricSuiteBenchmark {

    /** What is measured. */
    public enum Variant {
        /** Coffer suite 0x02: AES-256-GCM, HMAC-SHA-256 and ECDSA P-256 (static provider). */
        COFFER_ECDSA_P256,
        /** Coffer suite 0x01, the baseline: AES-256-GCM and HMAC-SHA-256 (static provider). */
        COFFER_HMAC,
        /** DB-ESDK 3.9.0 default suite 0x6701: AES-256-GCM, HMAC-SHA-384 and ECDSA P-384 (raw AES keyring). */
        DBESDK_ECDSA_P384
    }

    @Param
    public Variant variant;

    @Param({"S"})
    public Shape shape;

    private UnaryOperator<Map<String, AttributeValue>> encrypt;
    private UnaryOperator<Map<String, AttributeValue>> decrypt;
    private Map<String, AttributeValue> item;
    private final List<Map<String, AttributeValue>> stored = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        item = shape.item();
        switch (variant) {
            case COFFER_ECDSA_P256: {
                SignatureKeyPair keys = SignatureKeyPair.generate();
                ItemEncryptor writer = coffer(AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256,
                        staticKeys().signatureKeyPair(keys).build());
                ItemEncryptor reader = coffer(AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256,
                        staticKeys().verificationKey(keys.publicKey()).build());
                encrypt = writer::encrypt;
                decrypt = reader::decrypt;
                break;
            }
            case COFFER_HMAC: {
                ItemEncryptor both = coffer(AlgorithmSuite.AES_GCM_HMAC_SHA256, staticKeys().build());
                encrypt = both::encrypt;
                decrypt = both::decrypt;
                break;
            }
            case DBESDK_ECDSA_P384: {
                DynamoDbItemEncryptor esdk = Fixtures.esdk(Fixtures.EsdkSuite.ECDSA, item.keySet());
                encrypt = i -> esdk.EncryptItem(EncryptItemInput.builder().plaintextItem(i).build()).encryptedItem();
                decrypt = e -> esdk.DecryptItem(DecryptItemInput.builder().encryptedItem(e).build()).plaintextItem();
                break;
            }
            default:
                throw new AssertionError(variant);
        }
        for (Map<String, AttributeValue> i : shape.items(Fixtures.DECRYPT_ITEMS)) {
            Map<String, AttributeValue> e = encrypt.apply(i);
            Canonical.check(variant.toString(), i, decrypt.apply(e));
            stored.add(e);
        }
    }

    private static StaticProvider.Builder staticKeys() {
        return StaticProvider.builder().keyId("bench-static")
                .dataKey(SecretBytes.copyOf(Fixtures.bytes(32, Fixtures.STATIC_DATA_KEY)))
                .signingKey(SecretBytes.copyOf(Fixtures.bytes(32, Fixtures.STATIC_SIGNING_KEY)));
    }

    private static ItemEncryptor coffer(AlgorithmSuite suite, StaticProvider provider) {
        return ItemEncryptor.create(TableConfig.builder().tableName(Fixtures.TABLE).partitionKey(Shape.PK)
                .sortKey(Shape.SK).algorithmSuite(suite).materialsProvider(provider).build());
    }

    @Benchmark
    public Map<String, AttributeValue> encrypt() {
        return encrypt.apply(item);
    }

    /** Decrypts the next of {@link Fixtures#DECRYPT_ITEMS} stored items. */
    @Benchmark
    public Map<String, AttributeValue> decrypt() {
        next = (next + 1) % Fixtures.DECRYPT_ITEMS;
        return decrypt.apply(stored.get(next));
    }
}
