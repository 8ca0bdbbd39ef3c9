package dev.coffer.kms;

import dev.coffer.ItemEncryptor;
import dev.coffer.kms.testkit.LocalKms;
import dev.coffer.materials.CachingProvider;
import dev.coffer.materials.spi.DecryptionMaterials;
import dev.coffer.materials.spi.EncryptionContext;
import dev.coffer.materials.spi.EncryptionMaterials;
import dev.coffer.materials.spi.MaterialsDescription;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.StaticProvider;
import java.util.Arrays;
import java.util.Map;
import java.util.function.IntConsumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The cost of a data-key cache hit on the encrypt path, run by hand (not a test, not JMH: a
 * benchmarks module exists for that). Prints the median of several timed rounds after a warm-up:
 *
 * <ol>
 *   <li>{@code CachingProvider.encryptionMaterials} on a hit (cache over the KMS provider);</li>
 *   <li>{@code ItemEncryptor.encrypt} of a small item through that cache, beside the same encrypt
 *       with a provider that returns those very materials without any cache logic, so the
 *       difference is the hit; and with a {@code StaticProvider} (its own signing key and a header
 *       without a wrapped key) for reference;</li>
 *   <li>{@code ItemEncryptor.encrypt} through the direct KMS provider against the loopback KMS, for
 *       scale (one {@code GenerateDataKey} round trip per item).</li>
 * </ol>
 *
 * <p>Run from the repository root:
 * <pre>
 * ./mvnw -B -q -pl kms-provider -am test-compile \
 *     org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath -Dmdep.outputFile=/tmp/kms-cp.txt
 * java -cp kms-provider/target/test-classes:kms-provider/target/classes:$(cat /tmp/kms-cp.txt) dev.coffer.kms.CacheHitHarness
 * </pre>
 */
public final class CacheHitHarness {
    private static final int ROUNDS = 7;
    private static volatile int sink;

    private CacheHitHarness() {
    }

    public static void main(String[] args) {
        try (LocalKms kms = LocalKms.create().start();
                KmsClient client = TestClients.kms(kms.endpoint(), kms.region(), "test", "test", 3, null)) {
            KmsProvider direct = KmsProvider.builder().kmsClient(client).encryptionKey(kms.createKey().arn()).build();
            CachingProvider cached = CachingProvider.builder().provider(direct).maxItemsPerKey(Long.MAX_VALUE).build();
            MaterialsProvider fixed = StaticProvider.builder().keyId("bench").dataKey(SecretBytes.random(32))
                    .signingKey(SecretBytes.random(32)).build();
            Map<String, AttributeValue> item = KmsProviderSuite.order("customer#42", 7);
            EncryptionContext context = EncryptionContext.builder().tableName("orders")
                    .partitionKey("customer_id", item.get("customer_id")).sortKey("order_id", item.get("order_id")).build();
            ItemEncryptor viaCache = ItemEncryptor.create(KmsProviderSuite.orders(cached));
            ItemEncryptor viaStatic = ItemEncryptor.create(KmsProviderSuite.orders(fixed));
            ItemEncryptor viaSameMaterials = ItemEncryptor.create(KmsProviderSuite.orders(
                    new SameMaterials(cached.encryptionMaterials(context))));
            ItemEncryptor viaKms = ItemEncryptor.create(KmsProviderSuite.orders(direct));

            System.out.printf("JDK %s, %d processors%n", Runtime.version(), Runtime.getRuntime().availableProcessors());
            report("CachingProvider.encryptionMaterials, hit", 1_000_000,
                    i -> sink += cached.encryptionMaterials(context).description().wrappedKeyLength());
            report("ItemEncryptor.encrypt, StaticProvider (reference)", 100_000, i -> sink += viaStatic.encrypt(item).size());
            report("ItemEncryptor.encrypt, KMS materials, no cache logic", 100_000,
                    i -> sink += viaSameMaterials.encrypt(item).size());
            report("ItemEncryptor.encrypt, CachingProvider over KMS, hit", 100_000, i -> sink += viaCache.encrypt(item).size());
            report("ItemEncryptor.encrypt, direct KMS (loopback round trip)", 2_000, i -> sink += viaKms.encrypt(item).size());
            System.out.println(cached.stats());
        }
    }

    /** Hands out one set of materials: the encrypt path minus any cache. */
    private static final class SameMaterials implements MaterialsProvider {
        private final EncryptionMaterials materials;

        SameMaterials(EncryptionMaterials materials) {
            this.materials = materials;
        }

        @Override
        public EncryptionMaterials encryptionMaterials(EncryptionContext context) {
            return materials;
        }

        @Override
        public DecryptionMaterials decryptionMaterials(EncryptionContext context, MaterialsDescription description) {
            throw new UnsupportedOperationException("encrypt only");
        }
    }

    /** Warms up, then times {@link #ROUNDS} rounds of {@code ops} calls; prints the median ns per call. */
    private static void report(String what, int ops, IntConsumer op) {
        for (int i = 0; i < ops; i++) {
            op.accept(i);
        }
        double[] nsPerOp = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < ops; i++) {
                op.accept(i);
            }
            nsPerOp[r] = (System.nanoTime() - t0) / (double) ops;
        }
        Arrays.sort(nsPerOp);
        System.out.printf("%-58s median %,10.0f ns/op  (min %,.0f, max %,.0f; %d rounds of %,d)%n", what,
                nsPerOp[ROUNDS / 2], nsPerOp[0], nsPerOp[ROUNDS - 1], ROUNDS, ops);
    }
}
