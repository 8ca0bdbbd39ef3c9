package dev.coffer.mostrecent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.ConfigurationException;
import dev.coffer.ItemEncryptor;
import dev.coffer.MaterialsException;
import dev.coffer.TableConfig;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.WrappedProvider;
import dev.coffer.materials.WrappingKey;
import dev.coffer.testfixtures.FakeTicker;
import dev.coffer.testfixtures.TestDynamo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class MostRecentProviderTest {
    private static final DynamoDbClient ddb = TestDynamo.client();

    private final WrappedProvider keys = WrappedProvider.builder()
            .addWrappingKey(WrappingKey.aes("meta-wk", SecretBytes.random(32)))
            .addSigningKey("meta-sk", SecretBytes.random(32))
            .build();
    private FlakyProvider inner;
    private FakeTicker clock;
    private String table;

    @BeforeEach
    void freshMetaStore() {
        table = TestDynamo.uniqueName("coffer-meta");
        MetaStore.createTable(ddb, table);
        inner = new FlakyProvider(keys);
        clock = new FakeTicker();
    }

    private MetaStore store() {
        return MetaStore.builder().dynamoDb(ddb).tableName(table).materialsProvider(inner).clock(clock.clock()).build();
    }

    private MostRecentProvider provider(MetaStore store) {
        return MostRecentProvider.builder().metaStore(store).materialName("sessions").ttl(Duration.ofMinutes(5))
                .gracePeriod(Duration.ofMinutes(10)).retryInterval(Duration.ofSeconds(5)).ticker(clock::read).build();
    }

    private static ItemEncryptor encryptor(MostRecentProvider p) {
        return ItemEncryptor.create(TableConfig.builder().tableName("sessions").partitionKey("user_id")
                .sortKey("session_id").materialsProvider(p).build());
    }

    private static Map<String, AttributeValue> session(int i) {
        return Map.of("user_id", AttributeValue.fromS("user-" + i), "session_id", AttributeValue.fromN(Integer.toString(i)),
                "token", AttributeValue.fromS("secret-token-" + i));
    }

    private static String versionOf(Map<String, AttributeValue> stored) {
        // The header is parsed the supported way: by decrypting with a provider that reports the version.
        return new String(stored.get(ItemEncryptor.HEADER_ATTRIBUTE).b().asByteArray(),
                java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void createTable_existingMetaStore_isAccepted_otherSchema_isRejected() {
        MetaStore.createTable(ddb, table);
        ddb.createTable(r -> r.tableName(table + "-other")
                .keySchema(k -> k.attributeName("id").keyType("HASH"))
                .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                .billingMode("PAY_PER_REQUEST"));

        assertThatThrownBy(() -> MetaStore.createTable(ddb, table + "-other"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("material_name").hasMessageContaining("Choose another table name");
    }

    @Test
    void rotation_itemsUnderVersions1To3_allDecrypt_andNewWritesUseNewest() {
        MostRecentProvider p = provider(store());
        ItemEncryptor enc = encryptor(p);
        List<Map<String, AttributeValue>> stored = new ArrayList<>();

        stored.add(enc.encrypt(session(1)));
        assertThat(p.currentVersion()).isEqualTo(1);
        assertThat(p.rotate()).isEqualTo(2);
        stored.add(enc.encrypt(session(2)));
        assertThat(p.rotate()).isEqualTo(3);
        stored.add(enc.encrypt(session(3)));

        for (int i = 0; i < 3; i++) {
            assertThat(versionOf(stored.get(i))).contains("\u0001v\u0001" + (i + 1));
            assertThat(enc.decrypt(stored.get(i)).get("token").s()).isEqualTo("secret-token-" + (i + 1));
        }
        // A fresh instance (another process) decrypts all of them too, and encrypts with version 3.
        MostRecentProvider other = provider(store());
        for (int i = 0; i < 3; i++) {
            assertThat(encryptor(other).decrypt(stored.get(i)).get("token").s()).isEqualTo("secret-token-" + (i + 1));
        }
        assertThat(other.currentVersion()).isEqualTo(3);
    }

    @Test
    void rotation_seenByOtherHost_afterItsTtl() {
        MostRecentProvider a = provider(store());
        MostRecentProvider b = provider(store());
        assertThat(b.currentVersion()).isEqualTo(1);

        assertThat(a.rotate()).isEqualTo(2);
        assertThat(b.currentVersion()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(5));
        assertThat(b.currentVersion()).isEqualTo(2);

        Map<String, AttributeValue> fromA = encryptor(a).encrypt(session(7));
        Map<String, AttributeValue> fromB = encryptor(b).encrypt(session(8));
        assertThat(encryptor(b).decrypt(fromA).get("token").s()).isEqualTo("secret-token-7");
        assertThat(encryptor(a).decrypt(fromB).get("token").s()).isEqualTo("secret-token-8");
    }

    @Test
    void race_manyThreadsAndTwoInstancesCreatingFirstVersion_endWithOneVersion() throws Exception {
        MostRecentProvider a = provider(store());
        MostRecentProvider b = provider(store());
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Map<String, AttributeValue>>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                MostRecentProvider p = i % 2 == 0 ? a : b;
                int n = i;
                results.add(pool.submit(() -> {
                    start.await();
                    return encryptor(p).encrypt(session(n));
                }));
            }
            start.countDown();
            for (Future<Map<String, AttributeValue>> f : results) {
                Map<String, AttributeValue> stored = f.get(60, TimeUnit.SECONDS);
                assertThat(encryptor(a).decrypt(stored)).containsKey("token");
                assertThat(encryptor(b).decrypt(stored)).containsKey("token");
            }
        } finally {
            pool.shutdownNow();
        }
        int versions = ddb.query(q -> q.tableName(table).keyConditionExpression("material_name = :n")
                .expressionAttributeValues(Map.of(":n", AttributeValue.fromS("sessions"))).consistentRead(true)).count();
        assertThat(versions).isEqualTo(1);
        assertThat(a.currentVersion()).isEqualTo(1);
        assertThat(b.currentVersion()).isEqualTo(1);
    }

    @Test
    void threadStorm_64ThreadsWhileTtlExpiresRepeatedly_zeroFailures_oneRefreshPerExpiry() throws Exception {
        MetaStore store = store();
        MostRecentProvider p = provider(store);
        ItemEncryptor enc = encryptor(p);
        enc.encrypt(session(0));
        long readsBefore = store.reads();
        long decryptsBefore = store.versionDecrypts();
        int threads = 64;
        int expiries = 20;
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < expiries; round++) {
                clock.advance(Duration.ofMinutes(5));
                CountDownLatch start = new CountDownLatch(1);
                CountDownLatch done = new CountDownLatch(threads);
                for (int t = 0; t < threads; t++) {
                    int n = t;
                    pool.execute(() -> {
                        try {
                            start.await();
                            for (int i = 0; i < 20; i++) {
                                Map<String, AttributeValue> s = enc.encrypt(session(n * 100 + i));
                                if (!enc.decrypt(s).get("token").s().equals("secret-token-" + (n * 100 + i))) {
                                    failures.incrementAndGet();
                                }
                            }
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        } finally {
                            done.countDown();
                        }
                    });
                }
                start.countDown();
                assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).hasValue(0);
        assertThat(store.reads() - readsBefore).isEqualTo(expiries);
        assertThat(store.versionDecrypts() - decryptsBefore).isEqualTo(expiries);
    }

    /** Starts {@code n} threads that each run {@code task}; the futures complete with their results. */
    private static List<Thread> start(int n, java.util.function.IntFunction<Object> task,
            List<java.util.concurrent.CompletableFuture<Object>> results) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            java.util.concurrent.CompletableFuture<Object> f = new java.util.concurrent.CompletableFuture<>();
            results.add(f);
            Thread t = new Thread(() -> {
                try {
                    f.complete(task.apply(k));
                } catch (Throwable e) {
                    f.completeExceptionally(e);
                }
            }, "caller-" + i);
            threads.add(t);
            t.start();
        }
        return threads;
    }

    /** Waits until every thread but {@code except} has finished or is parked (waiting for something). */
    private static void awaitParkedOrDone(List<Thread> threads, Thread except) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (Thread t : threads) {
            while (t != except && t.getState() != Thread.State.TERMINATED && t.getState() != Thread.State.WAITING
                    && t.getState() != Thread.State.TIMED_WAITING) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(t.getName() + " neither finished nor parked within 60 s: " + t.getState());
                }
                Thread.sleep(1);
            }
        }
    }

    @Test
    void idleLongerThanTtlPlusGrace_burstOf8Encrypts_waitForTheOneRefresh_noneFails() throws Exception {
        MetaStore store = store();
        MostRecentProvider p = provider(store);
        ItemEncryptor enc = encryptor(p);
        enc.encrypt(session(0));
        long readsBefore = store.reads();
        long unwrapsBefore = inner.decryptCalls.get();
        clock.advance(Duration.ofMinutes(16)); // past ttl (5) + grace (10): the cached version is unusable

        CountDownLatch release = inner.holdNextUnwrap();
        List<java.util.concurrent.CompletableFuture<Object>> results = new ArrayList<>();
        List<Thread> callers = start(8, i -> enc.encrypt(session(i)), results);
        Thread refresher = inner.awaitHeldUnwrap();
        // The refresh is in flight and held; the other seven must be waiting for it, not failing.
        awaitParkedOrDone(callers, refresher);
        release.countDown();

        for (int i = 0; i < 8; i++) {
            @SuppressWarnings("unchecked")
            Map<String, AttributeValue> stored = (Map<String, AttributeValue>) results.get(i).get(60, TimeUnit.SECONDS);
            assertThat(enc.decrypt(stored).get("token").s()).isEqualTo("secret-token-" + i);
        }
        assertThat(store.reads() - readsBefore).as("one refresh for the whole burst").isEqualTo(1);
        assertThat(inner.decryptCalls.get() - unwrapsBefore).isEqualTo(1);
    }

    @Test
    void idleLongerThanTtlPlusGrace_waiterGivesUpAfterRefreshWait_withAClearError_thenUsesTheLoad() throws Exception {
        MetaStore store = store();
        MostRecentProvider p = MostRecentProvider.builder().metaStore(store).materialName("sessions")
                .ttl(Duration.ofMinutes(5)).gracePeriod(Duration.ofMinutes(10)).refreshWait(Duration.ofMillis(1))
                .ticker(clock::read).build();
        ItemEncryptor enc = encryptor(p);
        enc.encrypt(session(0));
        clock.advance(Duration.ofMinutes(16));
        CountDownLatch release = inner.holdNextUnwrap();
        List<java.util.concurrent.CompletableFuture<Object>> refresh = new ArrayList<>();
        start(1, i -> enc.encrypt(session(1)), refresh);
        inner.awaitHeldUnwrap();

        // The load is held until released, so a 1 ms wait always runs out.
        assertThatThrownBy(() -> enc.encrypt(session(2)))
                .isInstanceOf(MaterialsException.class)
                .hasMessageContaining("material 'sessions'")
                .hasMessageContaining("did not finish within PT0.001S (refreshWait)");
        release.countDown();
        refresh.get(0).get(60, TimeUnit.SECONDS);
        long reads = store.reads();
        assertThat(enc.decrypt(enc.encrypt(session(3))).get("token").s()).isEqualTo("secret-token-3");
        assertThat(store.reads()).isEqualTo(reads);
    }

    @Test
    void idleLongerThanTtlPlusGrace_refreshFails_everyWaiterGetsItsError() throws Exception {
        MostRecentProvider p = provider(store());
        ItemEncryptor enc = encryptor(p);
        enc.encrypt(session(0));
        clock.advance(Duration.ofMinutes(16));
        CountDownLatch release = inner.holdNextUnwrap();
        List<java.util.concurrent.CompletableFuture<Object>> results = new ArrayList<>();
        List<Thread> callers = start(4, i -> enc.encrypt(session(i)), results);
        Thread refresher = inner.awaitHeldUnwrap();
        awaitParkedOrDone(callers, refresher);
        inner.down.set(true);
        release.countDown();

        for (java.util.concurrent.CompletableFuture<Object> r : results) {
            assertThatThrownBy(() -> r.get(60, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(MaterialsException.class)
                    .hasMessageContaining("grace period")
                    .hasMessageContaining("key service unavailable");
        }
    }

    private Map<String, AttributeValue> planted(long version) {
        return PlantedVersions.item("sessions", "sessions", version, (int) version);
    }

    /** An encryptor of the planted items' table (partition key only). */
    private static ItemEncryptor plantedTable(MostRecentProvider p) {
        return ItemEncryptor.create(TableConfig.builder().tableName("sessions").partitionKey("user_id")
                .materialsProvider(p).build());
    }

    @Test
    void decrypt_versionAboveTheNewest_refused_withOneVersionQueryPerRetryInterval_andNoUnwrap() {
        MetaStore store = store();
        MostRecentProvider p = provider(store);
        encryptor(p).encrypt(session(0)); // version 1
        long reads = store.reads();
        long unwraps = inner.decryptCalls.get();

        for (long v = 2; v < 100; v++) {
            long version = v;
            assertThatThrownBy(() -> plantedTable(p).decrypt(planted(version)))
                    .isInstanceOf(MaterialsException.class)
                    .hasMessageContaining("item names version " + v + " of material 'sessions'")
                    .hasMessageContaining("the newest version in meta-store '" + table + "' is 1");
        }
        assertThat(store.reads() - reads).isEqualTo(1);
        clock.advance(Duration.ofSeconds(5));
        assertThatThrownBy(() -> plantedTable(p).decrypt(planted(100))).isInstanceOf(MaterialsException.class);
        assertThat(store.reads() - reads).isEqualTo(2);
        assertThat(inner.decryptCalls.get()).isEqualTo(unwraps);
    }

    @Test
    void decrypt_versionJustCreatedByAnotherProcess_isAccepted_exceptWithinARetryIntervalOfACheckThatMissedIt() {
        MostRecentProvider a = provider(store());
        MostRecentProvider b = provider(store());
        encryptor(b).encrypt(session(0)); // b knows version 1
        a.rotate();
        Map<String, AttributeValue> v2 = encryptor(a).encrypt(session(2));

        assertThat(encryptor(b).decrypt(v2).get("token").s()).isEqualTo("secret-token-2");

        // A check that finds version 2 the newest holds for one retry interval: version 3, created
        // meanwhile, is refused until the interval has passed.
        assertThatThrownBy(() -> plantedTable(b).decrypt(planted(3))).isInstanceOf(MaterialsException.class);
        a.rotate();
        Map<String, AttributeValue> v3 = encryptor(a).encrypt(session(3));
        assertThatThrownBy(() -> encryptor(b).decrypt(v3)).isInstanceOf(MaterialsException.class)
                .hasMessageContaining("retry after the retry interval");
        clock.advance(Duration.ofSeconds(5));
        assertThat(encryptor(b).decrypt(v3).get("token").s()).isEqualTo("secret-token-3");
    }

    @Test
    void decrypt_deletedVersion_isRememberedMissingForOneTtl() {
        MetaStore store = store();
        MostRecentProvider writer = provider(store);
        Map<String, AttributeValue> v1 = encryptor(writer).encrypt(session(1));
        writer.rotate();
        ddb.deleteItem(r -> r.tableName(table).key(Map.of(MetaStore.NAME, AttributeValue.fromS("sessions"),
                MetaStore.VERSION, AttributeValue.fromN("1"))));
        MetaStore readerStore = store();
        MostRecentProvider reader = provider(readerStore);
        encryptor(reader).encrypt(session(9)); // knows version 2

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> encryptor(reader).decrypt(v1)).isInstanceOf(MaterialsException.class)
                    .hasMessageContaining("has no version 1");
        }
        long reads = readerStore.reads();
        clock.advance(Duration.ofMinutes(5));
        assertThatThrownBy(() -> encryptor(reader).decrypt(v1)).isInstanceOf(MaterialsException.class);
        // The newest version's query, then one read for the first lookup and none for the repeats; one
        // more read once the time to live has passed.
        assertThat(reads).isEqualTo(1 + 1);
        assertThat(readerStore.reads() - reads).isEqualTo(1);
    }

    @Test
    void counting_100kEncryptsOverASimulatedHour_5MinuteTtl_about12ReadsAnd12KeyServiceCalls() {
        MetaStore store = store();
        MostRecentProvider p = provider(store);
        ItemEncryptor enc = encryptor(p);
        int items = 100_000;
        Duration step = Duration.ofHours(1).dividedBy(items);
        for (int i = 0; i < items; i++) {
            enc.encrypt(session(i));
            clock.advance(step);
        }
        long reads = store.reads();
        long unwraps = inner.decryptCalls.get();
        System.out.printf("most-recent provider, %d encrypts over 1 simulated hour, TTL 5 min: meta-store reads=%d, "
                + "meta-store writes=%d, key-service decrypts=%d, key-service encrypts=%d, cache hits=%d%n",
                items, reads, store.writes(), unwraps, inner.encryptCalls.get(), p.stats().hits());
        // 12 expiries in an hour, plus the first load (which finds no version and creates it).
        assertThat(reads).isBetween(12L, 13L);
        assertThat(unwraps).isBetween(11L, 13L);
        assertThat(inner.encryptCalls.get()).isEqualTo(1);
        assertThat(p.stats().hits()).isGreaterThan(items - 20);
    }

    @Test
    void failure_keyServiceDownDuringRefresh_graceThenClearFailure_nothingWrittenUnencrypted() {
        MostRecentProvider p = provider(store());
        ItemEncryptor enc = encryptor(p);
        Map<String, AttributeValue> before = enc.encrypt(session(1));

        inner.down.set(true);
        clock.advance(Duration.ofMinutes(5));
        // Within grace: the last good version keeps working, for both directions.
        Map<String, AttributeValue> during = enc.encrypt(session(2));
        assertThat(enc.decrypt(during).get("token").s()).isEqualTo("secret-token-2");
        clock.advance(Duration.ofMinutes(9));
        assertThat(enc.decrypt(enc.encrypt(session(3))).get("token").s()).isEqualTo("secret-token-3");

        clock.advance(Duration.ofMinutes(1));
        assertThatThrownBy(() -> enc.encrypt(session(4)))
                .isInstanceOf(MaterialsException.class)
                .hasMessageContaining("material 'sessions'")
                .hasMessageContaining("grace period")
                .hasMessageContaining("key service unavailable")
                .hasMessageNotContaining("secret-token");

        // Recovery: the next attempt after the retry interval succeeds.
        inner.down.set(false);
        clock.advance(Duration.ofSeconds(5));
        assertThat(enc.decrypt(enc.encrypt(session(5))).get("token").s()).isEqualTo("secret-token-5");
        assertThat(enc.decrypt(before).get("token").s()).isEqualTo("secret-token-1");
    }

    @Test
    void failure_retriesAtMostOncePerRetryInterval() {
        MostRecentProvider p = provider(store());
        ItemEncryptor enc = encryptor(p);
        enc.encrypt(session(1));
        long callsBefore = inner.decryptCalls.get();
        inner.down.set(true);
        clock.advance(Duration.ofMinutes(5));
        for (int i = 0; i < 1000; i++) {
            enc.encrypt(session(i));
        }
        assertThat(inner.decryptCalls.get() - callsBefore).isEqualTo(1);
        clock.advance(Duration.ofSeconds(5));
        enc.encrypt(session(2));
        assertThat(inner.decryptCalls.get() - callsBefore).isEqualTo(2);
    }

    @Test
    void decrypt_itemOfAnotherMaterial_failsNamingBoth() {
        MostRecentProvider sessions = provider(store());
        MostRecentProvider orders = MostRecentProvider.builder().metaStore(store()).materialName("orders")
                .ticker(clock::read).build();
        Map<String, AttributeValue> stored = encryptor(orders).encrypt(session(1));

        assertThatThrownBy(() -> encryptor(sessions).decrypt(stored))
                .isInstanceOf(MaterialsException.class)
                .hasMessageContaining("'orders'").hasMessageContaining("'sessions'");
    }

    @Test
    void tamperedVersionInMetaStore_failsToLoad() {
        MostRecentProvider p = provider(store());
        encryptor(p).encrypt(session(1));
        Map<String, AttributeValue> key = Map.of("material_name", AttributeValue.fromS("sessions"),
                "version", AttributeValue.fromN("1"));
        Map<String, AttributeValue> v1 = new java.util.HashMap<>(ddb.getItem(g -> g.tableName(table).key(key)).item());
        v1.put("created_at", AttributeValue.fromN("1"));
        ddb.putItem(r -> r.tableName(table).item(v1));

        MostRecentProvider fresh = provider(store());
        assertThatThrownBy(() -> encryptor(fresh).encrypt(session(2)))
                .isInstanceOf(MaterialsException.class)
                .hasMessageContaining("could not be verified");
    }

    @Test
    void builder_rejectsBadSettings() {
        MetaStore store = store();
        assertThatThrownBy(() -> MostRecentProvider.builder().materialName("x").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("metaStore");
        assertThatThrownBy(() -> MostRecentProvider.builder().metaStore(store).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("materialName");
        assertThatThrownBy(() -> MostRecentProvider.builder().metaStore(store).materialName("x").ttl(Duration.ZERO).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("ttl");
        assertThatThrownBy(() -> MetaStore.builder().dynamoDb(ddb).tableName(table).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("materialsProvider");
    }
}
