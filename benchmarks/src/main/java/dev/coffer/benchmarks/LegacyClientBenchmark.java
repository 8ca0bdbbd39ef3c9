package dev.coffer.benchmarks;

import com.amazonaws.services.dynamodbv2.datamodeling.encryption.DynamoDBEncryptor;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.EncryptionContext;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.EncryptionFlags;
import java.security.GeneralSecurityException;
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
    private Map<String, com.amazonaws.services.dynamodbv2.model.AttributeValue> encrypted;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        encryptor = Fixtures.legacy();
        context = Fixtures.legacyContext();
        item = SdkV1Items.toV1(shape.item());
        flags = Fixtures.legacyFlags(item.keySet());
        encrypted = encryptor.encryptRecord(item, flags, context);
        Canonical.check("legacy client", shape.item(), SdkV1Items.toV2(encryptor.decryptRecord(encrypted, flags, context)));
        // Twice: the timed loop reuses the same input item, so encrypting must leave it intact.
        Canonical.check("legacy client", shape.item(),
                SdkV1Items.toV2(encryptor.decryptRecord(encryptor.encryptRecord(item, flags, context), flags, context)));
        Canonical.check("legacy client (input untouched)", shape.item(), SdkV1Items.toV2(item));
    }

    @Benchmark
    public Map<String, com.amazonaws.services.dynamodbv2.model.AttributeValue> encrypt() throws GeneralSecurityException {
        return encryptor.encryptRecord(item, flags, context);
    }

    @Benchmark
    public Map<String, com.amazonaws.services.dynamodbv2.model.AttributeValue> decrypt() throws GeneralSecurityException {
        return encryptor.decryptRecord(encrypted, flags, context);
    }
}
