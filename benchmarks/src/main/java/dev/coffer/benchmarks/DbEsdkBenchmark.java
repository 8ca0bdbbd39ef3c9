package dev.coffer.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * The AWS Database Encryption SDK for DynamoDB ({@code DynamoDbItemEncryptor}) with a raw AES
 * keyring, in its HMAC-only suite and its default ECDSA P-384 suite. Its numbers settle only after
 * about 15 s of warm-up, hence the longer warm-up here.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar DbEsdkBenchmark -prof gc}
 *
 * <p>Thread-safety: JMH state.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DbEsdkBenchmark {

    @Param
    public Shape shape;

    @Param({"HMAC", "ECDSA"})
    public Fixtures.EsdkSuite suite;

    private DynamoDbItemEncryptor encryptor;
    private EncryptItemInput encryptInput;
    /** {@link Fixtures#DECRYPT_ITEMS} stored items (keys differ), decrypted in turn. */
    private final List<DecryptItemInput> decryptInputs = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Map<String, AttributeValue> item = shape.item();
        encryptor = Fixtures.esdk(suite, item.keySet());
        encryptInput = EncryptItemInput.builder().plaintextItem(item).build();
        for (Map<String, AttributeValue> i : shape.items(Fixtures.DECRYPT_ITEMS)) {
            DecryptItemInput in = DecryptItemInput.builder().encryptedItem(encryptor.EncryptItem(
                    EncryptItemInput.builder().plaintextItem(i).build()).encryptedItem()).build();
            Canonical.check("Database Encryption SDK " + suite, i, encryptor.DecryptItem(in).plaintextItem());
            decryptInputs.add(in);
        }
        Canonical.check("Database Encryption SDK " + suite, item, encryptor.DecryptItem(DecryptItemInput.builder()
                .encryptedItem(encryptor.EncryptItem(encryptInput).encryptedItem()).build()).plaintextItem());
    }

    @Benchmark
    public Map<String, AttributeValue> encrypt() {
        return encryptor.EncryptItem(encryptInput).encryptedItem();
    }

    /** Decrypts the next of {@link Fixtures#DECRYPT_ITEMS} stored items. */
    @Benchmark
    public Map<String, AttributeValue> decrypt() {
        next = (next + 1) % Fixtures.DECRYPT_ITEMS;
        return encryptor.DecryptItem(decryptInputs.get(next)).plaintextItem();
    }
}
