package dev.coffer.reencrypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.ConfigurationException;
import dev.coffer.CryptoAction;
import dev.coffer.IntegrityException;
import dev.coffer.ItemDescription;
import dev.coffer.ItemEncryptor;
import dev.coffer.SkippedItem;
import dev.coffer.TableConfig;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.WrappedProvider;
import dev.coffer.materials.WrappingKey;
import dev.coffer.migration.LegacyPhase;
import dev.coffer.migration.MigrationPhaseException;
import dev.coffer.migration.PlaintextPhase;
import dev.coffer.testfixtures.TestDynamo;
import dev.coffer.testing.TestKeys;
import dev.coffer.testing.TestLegacyFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The re-encryptor against the test engine (dynalite): mixed tables of plaintext, legacy, retired-key,
 * old-action, current and tampered items, with a live writer changing items while it runs, a stop
 * part way and a resume from the checkpoint.
 */
class ReEncryptorTest {
    private static final TestLegacyFormat LEGACY = TestLegacyFormat.withTestKey();
    private static final SecretBytes WK1 = TestKeys.secret(32, 10);
    private static final SecretBytes WK2 = TestKeys.secret(32, 20);
    private static final SecretBytes SK = TestKeys.secret(32, 30);
    private static final WrappedProvider OLD_KEY = WrappedProvider.builder().addWrappingKey(WrappingKey.aes("wk-1", WK1))
            .addSigningKey("sk-1", SK).build();
    private static final WrappedProvider CURRENT_KEY = WrappedProvider.builder()
            .addWrappingKey(WrappingKey.aes("wk-1", WK1)).addWrappingKey(WrappingKey.aes("wk-2", WK2))
            .currentWrappingKey("wk-2").addSigningKey("sk-1", SK).build();

    @TempDir
    Path dir;

    private final DynamoDbClient ddb = TestDynamo.client();

    private static TableConfig.Builder config(String table) {
        return TableConfig.builder().tableName(table).partitionKey("pk").action("status", CryptoAction.SIGN_ONLY)
                .action("note", CryptoAction.DO_NOTHING).materialsProvider(CURRENT_KEY);
    }

    /** The table's current configuration while it is migrated: reads everything, writes Coffer under wk-2. */
    private static TableConfig migrating(String table) {
        return config(table).legacyReader(LEGACY).plaintextPhase(PlaintextPhase.WRITE_ENCRYPTED_READ_BOTH).build();
    }

    /** The end state: Coffer items only. */
    private static TableConfig strict(String table) {
        return config(table).legacyReader(LEGACY).legacyPhase(LegacyPhase.COFFER_ONLY).build();
    }

    private static String key(int i) {
        return String.format("item-%05d", i);
    }

    private static Map<String, AttributeValue> plain(int i) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("pk", AttributeValue.fromS(key(i)));
        m.put("secret", AttributeValue.fromS("secret-" + i));
        m.put("status", AttributeValue.fromS(i % 3 == 0 ? "ACTIVE" : "CLOSED"));
        m.put("count", AttributeValue.fromN(Integer.toString(i * 7)));
        if (i % 4 != 0) {
            m.put("note", AttributeValue.fromS("note-" + i)); // some items lack the do-nothing attribute
        }
        if (i % 5 == 0) {
            m.put("tags", AttributeValue.fromSs(List.of("a" + i, "b")));
            m.put("doc", AttributeValue.fromM(Map.of("list", AttributeValue.fromL(List.of(AttributeValue.fromN("1"),
                    AttributeValue.fromBool(true), AttributeValue.fromNul(true))), "bin",
                    AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2, (byte) i})))));
        }
        return m;
    }

    private enum Kind { PLAINTEXT, LEGACY, OLD_KEY, OLD_ACTIONS, CURRENT }

    private static Kind kind(int i) {
        return switch (i % 10) {
            case 0, 1, 2 -> Kind.PLAINTEXT;
            case 3, 4 -> Kind.LEGACY;
            case 5, 6 -> Kind.OLD_KEY;
            case 7 -> Kind.OLD_ACTIONS;
            default -> Kind.CURRENT;
        };
    }

    /** Writes {@code n} items of mixed kinds; returns the tampered ones as stored. */
    private Map<String, Map<String, AttributeValue>> writeTable(String table, int n, int tamperEvery) {
        ItemEncryptor current = ItemEncryptor.create(config(table).build());
        ItemEncryptor oldKey = ItemEncryptor.create(config(table).materialsProvider(OLD_KEY).build());
        ItemEncryptor oldActions = ItemEncryptor.create(config(table).action("status", CryptoAction.ENCRYPT_AND_SIGN).build());
        Map<String, Map<String, AttributeValue>> tampered = new TreeMap<>();
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, AttributeValue> stored = switch (kind(i)) {
                case PLAINTEXT -> plain(i);
                case LEGACY -> LEGACY.write(plain(i), table);
                case OLD_KEY -> oldKey.encrypt(plain(i));
                case OLD_ACTIONS -> oldActions.encrypt(plain(i));
                case CURRENT -> current.encrypt(plain(i));
            };
            if (i % tamperEvery == tamperEvery - 1 && kind(i) != Kind.PLAINTEXT) {
                Map<String, AttributeValue> t = new HashMap<>(stored);
                t.put("count", AttributeValue.fromN("999999")); // signed in every format: refused by all
                stored = t;
                tampered.put(key(i), t);
            }
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(stored).build()).build());
            if (batch.size() == 25 || i == n - 1) {
                List<WriteRequest> b = List.copyOf(batch);
                Map<String, List<WriteRequest>> left = Map.of(table, b);
                while (!left.isEmpty()) {
                    Map<String, List<WriteRequest>> request = left;
                    left = ddb.batchWriteItem(r -> r.requestItems(request)).unprocessedItems();
                }
                batch.clear();
            }
        }
        return tampered;
    }

    private Map<String, AttributeValue> raw(String table, String key) {
        return ddb.getItem(r -> r.tableName(table).consistentRead(true).key(Map.of("pk", AttributeValue.fromS(key))))
                .item();
    }

    private List<Map<String, AttributeValue>> scanAll(String table) {
        List<Map<String, AttributeValue>> all = new ArrayList<>();
        ddb.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().forEach(all::add);
        return all;
    }

    /** A live application: one thread reading and writing random items, recording its last write per item. */
    private static final class LiveWriter implements AutoCloseable {
        final Map<String, String> secrets = new ConcurrentHashMap<>();
        final Map<String, String> notes = new ConcurrentHashMap<>();
        final AtomicLong writes = new AtomicLong();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread;

        LiveWriter(DynamoDbClient ddb, String table, int n, Set<String> avoid, long seed) {
            ItemEncryptor app = ItemEncryptor.create(migrating(table));
            Random random = new Random(seed);
            thread = new Thread(() -> {
                try {
                    for (long seq = 0; !stop.get(); seq++) {
                        String key = key(random.nextInt(n));
                        if (avoid.contains(key)) {
                            continue;
                        }
                        Map<String, AttributeValue> stored = ddb.getItem(r -> r.tableName(table).consistentRead(true)
                                .key(Map.of("pk", AttributeValue.fromS(key)))).item();
                        String marker = "live-" + seq;
                        boolean legacy = LEGACY.recognizes(stored);
                        if (legacy || random.nextBoolean()) {
                            // A whole write: read (any kind the phase reads), change, write a current Coffer item.
                            Map<String, AttributeValue> plain = new HashMap<>(app.decrypt(stored));
                            plain.put("secret", AttributeValue.fromS(marker));
                            ddb.putItem(r -> r.tableName(table).item(app.encrypt(plain)));
                            secrets.put(key, marker);
                        } else {
                            // An in-place update of the do-nothing attribute, as a plaintext-phase writer or a
                            // partial updateItem does; the signature stays as it was.
                            ddb.updateItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS(key)))
                                    .updateExpression("SET note = :m").expressionAttributeValues(
                                            Map.of(":m", AttributeValue.fromS(marker))));
                            notes.put(key, marker);
                        }
                        writes.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "live-writer");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join();
            assertThat(failure.get()).as("the live writer's own operations").isNull();
        }
    }

    @Test
    void mixedTableOf10000_withALiveWriter_stoppedAndResumed_endsAllCurrent_noWriteLost_tamperedReportedUntouched()
            throws Exception {
        int n = 10_000;
        String table = TestDynamo.createTable("reencrypt", "pk", ScalarAttributeType.S);
        Map<String, Map<String, AttributeValue>> tampered = writeTable(table, n, 331);
        Path checkpoint = dir.resolve("reencrypt.checkpoint");
        Set<String> reported = ConcurrentHashMap.newKeySet();
        List<SkippedItem> failures = new CopyOnWriteArrayList<>();
        AtomicInteger rewrites = new AtomicInteger();
        AtomicReference<ReEncryptor> first = new AtomicReference<>();
        ReEncryptionListener listener = new ReEncryptionListener() {
            @Override
            public void failed(SkippedItem item) {
                failures.add(item);
                reported.add(item.primaryKey().get("pk").s());
            }

            @Override
            public void rewritten(Map<String, AttributeValue> primaryKey) {
                if (rewrites.incrementAndGet() == 3_000 && first.get() != null) {
                    first.get().stop(); // the injected crash: stop after 3,000 rewrites
                }
            }
        };
        ReEncryptor.Builder builder = ReEncryptor.builder().dynamoDbClient(ddb).tableConfig(migrating(table)).segments(4)
                .pageSize(100).checkpointFile(checkpoint).listener(listener);

        ReEncryptionSummary stopped;
        ReEncryptionSummary resumed;
        long started = System.nanoTime();
        try (LiveWriter writer = new LiveWriter(ddb, table, n, tampered.keySet(), 42)) {
            first.set(builder.build());
            stopped = first.get().run();
            assertThat(stopped.complete()).isFalse();
            assertThat(checkpoint).exists();
            first.set(null);
            resumed = builder.build().run();
            long elapsed = System.nanoTime() - started;
            System.out.printf("[re-encryption throughput] %d items scanned, %d rewritten in %.1f s: %.0f items/s "
                    + "(dynalite, 4 segments, live writer %d writes)%n", resumed.scanned(), resumed.rewritten(),
                    elapsed / 1e9, resumed.scanned() * 1e9 / elapsed, writer.writes.get());
            // Let the writer keep going a little after the end, as an application does.
            long after = writer.writes.get();
            while (writer.writes.get() < after + 20) {
                Thread.onSpinWait();
            }
            writer.close();

            assertThat(resumed.complete()).isTrue();
            assertThat(checkpoint).as("deleted once the table is done").doesNotExist();
            assertThat(resumed.scanned()).isGreaterThanOrEqualTo(n);
            assertThat(resumed.rewritten()).isGreaterThan(n * 7 / 10 - tampered.size() - 400);
            assertThat(resumed.failed()).isEqualTo(tampered.size());
            assertThat(reported).isEqualTo(tampered.keySet());
            assertThat(failures).allSatisfy(f -> {
                assertThat(f.tableName()).isEqualTo(table);
                assertThat(f.primaryKey()).containsOnlyKeys("pk");
                assertThat(f.reason()).isInstanceOf(IntegrityException.class);
                assertThat(f.toString()).doesNotContain("secret-");
            });

            ItemEncryptor end = ItemEncryptor.create(strict(table));
            List<Map<String, AttributeValue>> all = scanAll(table);
            assertThat(all).hasSize(n);
            int checked = 0;
            for (Map<String, AttributeValue> stored : all) {
                String key = stored.get("pk").s();
                if (tampered.containsKey(key)) {
                    assertThat(stored).as("tampered item left as it was").isEqualTo(tampered.get(key));
                    continue;
                }
                assertThat(ItemDescription.of(stored).materials().keyId()).isEqualTo("wk-2");
                Map<String, AttributeValue> p = end.decrypt(stored);
                assertThat(stored.get("status").s()).as("status is sign-only now").isNotNull();
                int i = Integer.parseInt(key.substring(5));
                assertThat(p.get("secret").s()).isEqualTo(writer.secrets.getOrDefault(key, "secret-" + i));
                String note = writer.notes.getOrDefault(key, i % 4 != 0 ? "note-" + i : null);
                if (note == null) {
                    assertThat(p).doesNotContainKey("note");
                } else {
                    assertThat(p.get("note").s()).as("note of " + key).isEqualTo(note);
                }
                assertThat(p.get("count").n()).isEqualTo(Integer.toString(i * 7));
                checked++;
            }
            assertThat(checked).isEqualTo(n - tampered.size());
            assertThat(writer.writes.get()).as("the live writer really ran alongside").isGreaterThan(20);
        }

        ReEncryptionSummary again = ReEncryptor.builder().dynamoDbClient(ddb).tableConfig(migrating(table)).dryRun(true)
                .build().run();
        assertThat(again.rewritten()).as("a second (dry) run finds nothing left to rewrite").isZero();
        assertThat(again.failed()).isEqualTo(tampered.size());
        assertThat(again.alreadyCurrent()).isEqualTo(n - tampered.size());
    }

    @Test
    void itemChangedBetweenReadAndRewrite_isReReadAndRetried_andTheChangeSurvives() {
        int n = 60;
        String table = TestDynamo.createTable("reencrypt", "pk", ScalarAttributeType.S);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, AttributeValue> p = plain(i * 10); // plaintext items, half of them without a note
            items.add(p);
            ddb.putItem(r -> r.tableName(table).item(p));
        }
        AtomicBoolean changed = new AtomicBoolean();
        ReEncryptionListener changeEveryOtherItem = new ReEncryptionListener() {
            @Override
            public void rewritten(Map<String, AttributeValue> primaryKey) {
                // After the first rewrite, while the rest of the page (read before) waits: change every other item.
                if (changed.compareAndSet(false, true)) {
                    for (Map<String, AttributeValue> item : items) {
                        if (!item.get("pk").equals(primaryKey.get("pk"))) {
                            ddb.updateItem(r -> r.tableName(table).key(Map.of("pk", item.get("pk")))
                                    .updateExpression("SET note = :m")
                                    .expressionAttributeValues(Map.of(":m", AttributeValue.fromS("changed"))));
                        }
                    }
                }
            }
        };

        ReEncryptionSummary s = ReEncryptor.builder().dynamoDbClient(ddb).tableConfig(migrating(table)).segments(1)
                .pageSize(1000).listener(changeEveryOtherItem).build().run();

        assertThat(s.retried()).isEqualTo(n - 1);
        assertThat(s.rewritten()).isEqualTo(n);
        ItemEncryptor end = ItemEncryptor.create(strict(table));
        List<String> notes = scanAll(table).stream().map(end::decrypt).map(p -> p.containsKey("note") ? p.get("note").s() : "(none)").collect(Collectors.toList());
        assertThat(notes).hasSize(n).filteredOn("changed"::equals).hasSize(n - 1);
    }

    @Test
    void itemThatKeepsChanging_pastTheAttemptLimit_isReportedAndLeftWithTheLiveChange() {
        String table = TestDynamo.createTable("reencrypt", "pk", ScalarAttributeType.S);
        for (int i = 0; i < 5; i++) {
            Map<String, AttributeValue> p = plain(i * 10 + 1);
            ddb.putItem(r -> r.tableName(table).item(p));
        }
        AtomicInteger version = new AtomicInteger();
        List<SkippedItem> failures = new CopyOnWriteArrayList<>();
        ReEncryptionListener racer = new ReEncryptionListener() {
            @Override
            public void rewritten(Map<String, AttributeValue> primaryKey) {
                if (version.get() == 0) {
                    // Every other item changes once after the page was read: one attempt is all they get.
                    for (int i = 0; i < 5; i++) {
                        String k = key(i * 10 + 1);
                        if (!k.equals(primaryKey.get("pk").s())) {
                            ddb.updateItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS(k)))
                                    .updateExpression("SET note = :m").expressionAttributeValues(
                                            Map.of(":m", AttributeValue.fromS("live-" + version.incrementAndGet()))));
                        }
                    }
                }
            }

            @Override
            public void failed(SkippedItem item) {
                failures.add(item);
            }
        };

        ReEncryptionSummary s = ReEncryptor.builder().dynamoDbClient(ddb).tableConfig(migrating(table)).segments(1)
                .pageSize(100).maxAttempts(1).listener(racer).build().run();

        assertThat(s.rewritten()).isEqualTo(1);
        assertThat(s.failed()).isEqualTo(4);
        assertThat(s.retried()).isEqualTo(4);
        assertThat(failures).allSatisfy(f -> assertThat(f.reason()).isInstanceOf(ReEncryptionException.class)
                .hasMessageContaining("before each of 1 rewrite attempt(s)").hasMessageContaining("Run the re-encryptor again"));
        for (SkippedItem f : failures) {
            Map<String, AttributeValue> stored = raw(table, f.primaryKey().get("pk").s());
            assertThat(stored).doesNotContainKey(ItemEncryptor.HEADER_ATTRIBUTE);
            assertThat(stored.get("note").s()).startsWith("live-");
        }
    }

    @Test
    void itemTooWideForOneWriteCondition_isReportedAndLeft() {
        String table = TestDynamo.createTable("reencrypt", "pk", ScalarAttributeType.S);
        Map<String, AttributeValue> wide = new HashMap<>();
        wide.put("pk", AttributeValue.fromS("wide"));
        for (int i = 0; i < 400; i++) {
            wide.put("attribute_" + i, AttributeValue.fromN(Integer.toString(i)));
        }
        ddb.putItem(r -> r.tableName(table).item(wide));
        List<SkippedItem> failures = new CopyOnWriteArrayList<>();

        ReEncryptionSummary s = ReEncryptor.builder().dynamoDbClient(ddb).tableConfig(migrating(table))
                .listener(new ReEncryptionListener() {
                    @Override
                    public void failed(SkippedItem item) {
                        failures.add(item);
                    }
                }).build().run();

        assertThat(s.failed()).isEqualTo(1);
        assertThat(failures).singleElement().satisfies(f -> assertThat(f.reason())
                .isInstanceOf(ReEncryptionException.class).hasMessageContaining("4096-character limit"));
        assertThat(raw(table, "wide")).isEqualTo(wide);
    }

    @Test
    void dryRun_countsAndVerifies_writesNothing() {
        String table = TestDynamo.createTable("reencrypt", "pk", ScalarAttributeType.S);
        Map<String, Map<String, AttributeValue>> tampered = writeTable(table, 100, 20);
        List<Map<String, AttributeValue>> before = scanAll(table);
        Path checkpoint = dir.resolve("dry.checkpoint");

        ReEncryptionSummary s = ReEncryptor.builder().dynamoDbClient(ddb).tableConfig(migrating(table)).dryRun(true)
                .checkpointFile(checkpoint).build().run();

        assertThat(s.dryRun()).isTrue();
        assertThat(s.scanned()).isEqualTo(100);
        assertThat(s.failed()).isEqualTo(tampered.size());
        assertThat(s.alreadyCurrent()).isEqualTo(20 - tampered.keySet().stream().filter(k -> kind(Integer.parseInt(
                k.substring(5))) == Kind.CURRENT).count());
        assertThat(s.rewritten()).isEqualTo(100 - s.failed() - s.alreadyCurrent());
        assertThat(scanAll(table)).containsExactlyInAnyOrderElementsOf(before);
        assertThat(checkpoint).doesNotExist();
        assertThat(s.toString()).contains("dry run");
    }

    @Test
    void encryptedOnlyConfiguration_doesNotTurnPlaintextOrLegacyItemsIntoSignedOnes_reportsThem() {
        String table = TestDynamo.createTable("reencrypt", "pk", ScalarAttributeType.S);
        writeTable(table, 10, 1000);
        List<SkippedItem> failures = new CopyOnWriteArrayList<>();

        ReEncryptionSummary s = ReEncryptor.builder().dynamoDbClient(ddb).tableConfig(strict(table))
                .listener(new ReEncryptionListener() {
                    @Override
                    public void failed(SkippedItem item) {
                        failures.add(item);
                    }
                }).build().run();

        assertThat(s.failed()).isEqualTo(5); // 3 plaintext, 2 legacy
        assertThat(failures).extracting(SkippedItem::reason).allSatisfy(r -> assertThat(r)
                .isInstanceOf(MigrationPhaseException.class));
        assertThat(raw(table, key(0))).doesNotContainKey(ItemEncryptor.HEADER_ATTRIBUTE);
    }

    @Test
    void writePlaintextPhase_isRefused_asSomeReadersCannotReadCofferItemsYet() {
        assertThatThrownBy(() -> ReEncryptor.builder().dynamoDbClient(ddb)
                .tableConfig(config("t1").plaintextPhase(PlaintextPhase.WRITE_PLAINTEXT_READ_BOTH).build()).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("WRITE_ENCRYPTED_READ_BOTH");
        assertThatThrownBy(() -> ReEncryptor.builder().segments(0)).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> ReEncryptor.builder().maxItemsPerSecond(0)).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void rateLimit_spreadsTheItemsOverTime_onTheInjectedClock() {
        String table = TestDynamo.createTable("reencrypt", "pk", ScalarAttributeType.S);
        writeTable(table, 120, 1000);
        AtomicLong now = new AtomicLong();
        AtomicLong slept = new AtomicLong();

        ReEncryptionSummary s = ReEncryptor.builder().dynamoDbClient(ddb).tableConfig(migrating(table)).segments(2)
                .maxItemsPerSecond(20).clock(now::get, nanos -> {
                    slept.addAndGet(nanos);
                    now.addAndGet(nanos);
                }).build().run();

        assertThat(s.scanned()).isEqualTo(120);
        // 20 in the first second's burst, then 20 per second: at least 5 s of waiting for the other 100.
        assertThat(slept.get()).isGreaterThanOrEqualTo(4_900_000_000L);
        assertThat(s.elapsed().toSeconds()).isGreaterThanOrEqualTo(4);
    }
}
