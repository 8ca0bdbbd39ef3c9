package dev.coffer.benchmarks;

import com.amazonaws.services.dynamodbv2.datamodeling.encryption.DynamoDBEncryptor;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.EncryptionContext;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.EncryptionFlags;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

/**
 * The legacy DynamoDB Encryption Client ({@code com.amazonaws:aws-dynamodb-encryption-java}) with a
 * {@code SymmetricStaticProvider}: keys signed only, every other attribute encrypted and signed. It
 * works on SDK v1 items; the same items are converted once, in {@code @Setup}.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar LegacyClientBenchmark -prof gc}
 *
 * <p>Thread-safety: JMH state.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 4, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class LegacyClientBenchmark {

    @Param
    public Shape shape;

    private DynamoDBEncryptor encryptor;
    private EncryptionContext context;
    private Map<String, Set<EncryptionFlags>> flags;
    private Map<String, com.amazonaws.services.dynamodbv2.model.AttributeValue> item;
    /** {@link Fixtures#DECRYPT_ITEMS} stored items (keys differ), decrypted in turn. */
    private List<Map<String, com.amazonaws.services.dynamodbv2.model.AttributeValue>> encrypted;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        encryptor = Fixtures.legacy();
        context = Fixtures.legacyContext();
        item = SdkV1Items.toV1(shape.item());
        flags = Fixtures.legacyFlags(item.keySet());
        encrypted = new ArrayList<>();
        for (Map<String, AttributeValue> i : shape.items(Fixtures.DECRYPT_ITEMS)) {
            Map<String, com.amazonaws.services.dynamodbv2.model.AttributeValue> e =
                    encryptor.encryptRecord(SdkV1Items.toV1(i), flags, context);
            Canonical.check("legacy client", i, SdkV1Items.toV2(encryptor.decryptRecord(e, flags, context)));
            encrypted.add(e);
        }
        // Twice: the timed loop reuses the same input item, so encrypting must leave it intact.
        Canonical.check("legacy client", shape.item(),
                SdkV1Items.toV2(encryptor.decryptRecord(encryptor.encryptRecord(item, flags, context), flags, context)));
        Canonical.check("legacy client (input untouched)", shape.item(), SdkV1Items.toV2(item));
    }

    @Benchmark
    public Map<String, com.amazonaws.services.dynamodbv2.model.AttributeValue> encrypt() throws GeneralSecurityException {
        return encryptor.encryptRecord(item, flags, context);
    }

    /** Decrypts the next of {@link Fixtures#DECRYPT_ITEMS} stored items. */
    @Benchmark
    public Map<String, com.amazonaws.services.dynamodbv2.model.AttributeValue> decrypt() throws GeneralSecurityException {
        next = (next + 1) % Fixtures.DECRYPT_ITEMS;
        return encryptor.decryptRecord(encrypted.get(next), flags, context);
    }
}
