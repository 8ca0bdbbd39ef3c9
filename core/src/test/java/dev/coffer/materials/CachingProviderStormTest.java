package dev.coffer.materials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.materials.spi.DecryptionMaterials;
import dev.coffer.materials.spi.EncryptionContext;
import dev.coffer.materials.spi.EncryptionMaterials;
import dev.coffer.materials.spi.MaterialsDescription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many threads missing together: one load per cache key at a time, every caller served by it,
 * and the per-key item limit honoured exactly under contention.
 */
class CachingProviderStormTest {
    private static final int THREADS = 32;

    private final RecordingProvider inner = new RecordingProvider();
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Runs {@code task} on every thread at once and returns what each returned. */
    private <T> List<Future<T>> storm(Callable<T> task) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> results = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            results.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return task.call();
            }));
        }
        ready.await();
        go.countDown();
        return results;
    }

    /**
     * Holds the first load until every other caller is blocked waiting for it, then lets it
     * complete: the test decides when the load finishes, so the pile-up it checks always happens.
     */
    private void releaseLoadWhenAllWait(CachingProvider c) throws InterruptedException {
        assertThat(inner.entered.await(10, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (c.waitingCallers() < THREADS - 1) {
            assertThat(System.nanoTime() - deadline).as("callers waiting for the load").isNegative();
            Thread.sleep(1); // polling for a state, not waiting for time to pass
        }
        inner.gate.countDown();
    }

    @Test
    void encrypt_threadsMissTogether_oneProviderCallServesAll() throws Exception {
        CachingProvider c = CachingProvider.builder().provider(inner).build();
        inner.gate = new CountDownLatch(1);
        AtomicInteger n = new AtomicInteger();

        List<Future<EncryptionMaterials>> results = storm(
                () -> c.encryptionMaterials(CachingProviderTest.item("orders", "i" + n.incrementAndGet())));
        releaseLoadWhenAllWait(c);

        EncryptionMaterials first = results.get(0).get(10, TimeUnit.SECONDS);
        for (Future<EncryptionMaterials> f : results) {
            assertThat(f.get(10, TimeUnit.SECONDS).dataKey().equalsSecret(first.dataKey())).isTrue();
        }
        assertThat(inner.encryptCalls).hasValue(1);
        assertThat(c.stats().loads()).isEqualTo(1);
        // Every caller waited for the one load: the loader and the THREADS - 1 callers released with it.
        assertThat(c.stats().misses()).isEqualTo(THREADS);
        assertThat(c.stats().hits()).isZero();
    }

    @Test
    void decrypt_threadsMissTogether_oneProviderCall() throws Exception {
        CachingProvider c = CachingProvider.builder().provider(inner).build();
        MaterialsDescription d = c.encryptionMaterials(CachingProviderTest.item("orders", "a")).description();
        inner.gate = new CountDownLatch(1);

        List<Future<DecryptionMaterials>> results = storm(
                () -> c.decryptionMaterials(CachingProviderTest.item("orders", "a"), d));
        releaseLoadWhenAllWait(c);

        for (Future<DecryptionMaterials> f : results) {
            assertThat(f.get(10, TimeUnit.SECONDS).dataKey().length()).isEqualTo(32);
        }
        assertThat(inner.decryptCalls).hasValue(1);
    }

    @Test
    void encrypt_threadsAcrossTables_oneProviderCallPerTable() throws Exception {
        CachingProvider c = CachingProvider.builder().provider(inner).build();
        AtomicInteger n = new AtomicInteger();

        List<Future<EncryptionMaterials>> results = storm(() -> {
            int i = n.incrementAndGet();
            return c.encryptionMaterials(CachingProviderTest.item("table-" + (i % 4), "i" + i));
        });

        for (Future<EncryptionMaterials> f : results) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertThat(inner.encryptCalls).hasValue(4);
        assertThat(inner.contexts).extracting(EncryptionContext::tableName)
                .containsExactlyInAnyOrder("table-0", "table-1", "table-2", "table-3");
    }

    @Test
    void encrypt_threadsHammerALimitedKey_eachKeyServesExactlyMaxItems() throws Exception {
        int maxItems = 7;
        int perThread = 50;
        CachingProvider c = CachingProvider.builder().provider(inner).maxItemsPerKey(maxItems)
                .maxAge(Duration.ofHours(1)).build();
        Map<String, AtomicInteger> usesPerKey = new ConcurrentHashMap<>();

        List<Future<Object>> results = storm(() -> {
            for (int i = 0; i < perThread; i++) {
                String keyId = c.encryptionMaterials(CachingProviderTest.item("orders", "x")).description().keyId();
                usesPerKey.computeIfAbsent(keyId, k -> new AtomicInteger()).incrementAndGet();
            }
            return null;
        });
        for (Future<Object> f : results) {
            f.get(30, TimeUnit.SECONDS);
        }

        int total = THREADS * perThread;
        int expectedLoads = (total + maxItems - 1) / maxItems;
        assertThat(inner.encryptCalls).hasValue(expectedLoads);
        assertThat(usesPerKey).hasSize(expectedLoads);
        assertThat(usesPerKey.values()).allSatisfy(u -> assertThat(u.get()).isBetween(1, maxItems));
        assertThat(usesPerKey.values().stream().filter(u -> u.get() < maxItems).count()).isLessThanOrEqualTo(1);
    }

    @Test
    void encrypt_loadFailsWhileThreadsWait_allGetTheFailureAndNothingIsCached() throws Exception {
        CachingProvider c = CachingProvider.builder().provider(inner).build();
        inner.gate = new CountDownLatch(1);
        inner.failure = RecordingProvider.kmsDown();

        List<Future<EncryptionMaterials>> results = storm(
                () -> c.encryptionMaterials(CachingProviderTest.item("orders", "a")));
        releaseLoadWhenAllWait(c);

        int failed = 0;
        for (Future<EncryptionMaterials> f : results) {
            try {
                f.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isSameAs(inner.failure);
                failed++;
            }
        }
        // Callers that arrived after the failed load was removed start a load of their own, which
        // fails the same way; none is ever served a cached failure or a key.
        assertThat(failed).isEqualTo(THREADS);
        assertThat(c.cachedEntries()).isZero();
        assertThat(inner.encryptCalls.get()).isBetween(1, THREADS);
    }
}
