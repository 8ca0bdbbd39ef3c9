package dev.coffer.kms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.ItemEncryptor;
import dev.coffer.kms.testkit.LocalKms;
import dev.coffer.kms.testkit.Operation;
import dev.coffer.materials.CachingProvider;
import dev.coffer.materials.MaterialsProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Measures KMS calls per 10,000 items written and read back, direct and through the cache, by the
 * loopback server's counters, and prints them (target/surefire-reports/dev.coffer.kms.KmsCallCountTest-output.txt).
 * The numbers go into docs/kms.md.
 */
class KmsCallCountTest {
    private static final int ITEMS = 10_000;
    private static final int THREADS = 4;

    private static LocalKms kms;
    private static KmsClient client;
    private static String key;

    @BeforeAll
    static void start() {
        kms = LocalKms.create().start();
        client = TestClients.kms(kms.endpoint(), kms.region(), "test", "test", 3, null);
        key = kms.createKey().arn();
    }

    @AfterAll
    static void stop() {
        client.close();
        kms.close();
    }

    /**
     * Writes and reads back {@value #ITEMS} items on {@value #THREADS} threads; returns the
     * {GenerateDataKey, Decrypt} call counts.
     */
    private static long[] writeAndRead(MaterialsProvider provider) throws Exception {
        kms.resetCounters();
        ItemEncryptor enc = ItemEncryptor.create(KmsProviderSuite.orders(provider));
        List<Map<String, AttributeValue>> stored = new ArrayList<>(Collections.nCopies(ITEMS, null));
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            inParallel(pool, i -> stored.set(i, enc.encrypt(KmsProviderSuite.order("customer#" + (i % 100), i))));
            inParallel(pool, i -> assertThat(enc.decrypt(stored.get(i)).get("order_id").n())
                    .isEqualTo(Integer.toString(i)));
        } finally {
            pool.shutdownNow();
        }
        return new long[] {kms.calls(Operation.GENERATE_DATA_KEY), kms.calls(Operation.DECRYPT)};
    }

    private static void inParallel(ExecutorService pool, IntConsumer work) throws Exception {
        List<Future<?>> parts = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int first = t;
            parts.add(pool.submit(() -> {
                for (int i = first; i < ITEMS; i += THREADS) {
                    work.accept(i);
                }
            }));
        }
        for (Future<?> f : parts) {
            f.get(5, TimeUnit.MINUTES);
        }
    }

    private static void report(String setup, long[] calls) {
        System.out.printf("KMS calls per %,d items written and read back, %-45s GenerateDataKey=%,d Decrypt=%,d%n",
                ITEMS, setup + ":", calls[0], calls[1]);
    }

    @Test
    void direct_oneGenerateDataKeyAndOneDecryptPerItem() throws Exception {
        long[] calls = writeAndRead(KmsProvider.builder().kmsClient(client).encryptionKey(key).build());
        report("direct KmsProvider", calls);

        assertThat(calls).containsExactly(ITEMS, ITEMS);
    }

    @Test
    void cachedWithDefaults_oneCallPerDataKeyEachWay() throws Exception {
        CachingProvider cached = CachingProvider.builder()
                .provider(KmsProvider.builder().kmsClient(client).encryptionKey(key).build()).build();

        long[] calls = writeAndRead(cached);
        report("CachingProvider defaults (10,000 items/key)", calls);

        long keys = (ITEMS + CachingProvider.DEFAULT_MAX_ITEMS_PER_KEY - 1) / CachingProvider.DEFAULT_MAX_ITEMS_PER_KEY;
        assertThat(calls).containsExactly(keys, keys);
        assertThat(cached.stats().loads()).isEqualTo(2 * keys);
    }

    @Test
    void cachedWithSmallerItemLimit_oneCallPerDataKeyEachWay() throws Exception {
        int perKey = 1_000;
        CachingProvider cached = CachingProvider.builder()
                .provider(KmsProvider.builder().kmsClient(client).encryptionKey(key).build())
                .maxItemsPerKey(perKey).build();

        long[] calls = writeAndRead(cached);
        report("CachingProvider maxItemsPerKey(1,000)", calls);

        assertThat(calls).containsExactly(ITEMS / perKey, ITEMS / perKey);
    }
}
