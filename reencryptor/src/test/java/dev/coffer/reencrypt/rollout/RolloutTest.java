package dev.coffer.reencrypt.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import dev.coffer.enhanced.CofferExtension;
import dev.coffer.enhanced.TableOptions;
import dev.coffer.materials.WrappedProvider;
import dev.coffer.materials.WrappingKey;
import dev.coffer.migration.ItemKind;
import dev.coffer.migration.LegacyPhase;
import dev.coffer.migration.MigrationPhaseException;
import dev.coffer.migration.PlaintextPhase;
import dev.coffer.reencrypt.ReEncryptionListener;
import dev.coffer.reencrypt.ReEncryptionSummary;
import dev.coffer.reencrypt.ReEncryptor;
import dev.coffer.testfixtures.TestDynamo;
import dev.coffer.testing.TestKeys;
import dev.coffer.testing.TestLegacyFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.IgnoreNullsMode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * docs/migration.md, step by step: a fleet of application instances (each an enhanced client with
 * the table option of its version) moves a plaintext table, and a legacy table, to Coffer only,
 * with the re-encryptor in the middle. Each step checks what the instances running side by side at
 * that moment do to each other's items.
 */
class RolloutTest {
    private static final TableSchema<Account> SCHEMA = TableSchema.fromBean(Account.class);
    private static final WrappedProvider KEYS = WrappedProvider.builder()
            .addWrappingKey(WrappingKey.aes("wk-1", TestKeys.secret(32, 1))).addSigningKey("sk-1", TestKeys.secret(32, 2))
            .build();
    private static final TestLegacyFormat LEGACY = TestLegacyFormat.withTestKey();

    private final DynamoDbClient ddb = TestDynamo.client();

    /** One application instance: the enhanced client with (or, for null options, without) Coffer. */
    private record Instance(CofferExtension coffer, DynamoDbTable<Account> table) {
        Account get(String id) {
            return table.getItem(Key.builder().partitionValue(id).build());
        }
    }

    private Instance instance(String tableName, Consumer<TableOptions.Builder> options) {
        if (options == null) {
            return new Instance(null, DynamoDbEnhancedClient.builder().dynamoDbClient(ddb).build().table(tableName, SCHEMA));
        }
        CofferExtension coffer = CofferExtension.builder().materialsProvider(KEYS).table(tableName, options).build();
        return new Instance(coffer, DynamoDbEnhancedClient.builder().dynamoDbClient(ddb).extensions(coffer).build()
                .table(tableName, SCHEMA));
    }

    private Map<String, AttributeValue> raw(String tableName, String id) {
        return ddb.getItem(r -> r.tableName(tableName).consistentRead(true).key(Map.of("id", AttributeValue.fromS(id))))
                .item();
    }

    private static Account account(int i) {
        return new Account("acct-" + i, "owner " + i, 100L * i, "OPEN", 1_700_000_000L + i);
    }

    @Test
    void plaintextTable_phaseByPhase_toEncryptedOnly() {
        String t = TestDynamo.uniqueName("rollout-plain");
        Instance before = instance(t, null);
        before.table().createTable();
        for (int i = 0; i < 30; i++) {
            before.table().putItem(account(i));
        }

        // Step 1: WRITE_PLAINTEXT_READ_BOTH, rolled out while instances of the old version still run.
        Instance phase1 = instance(t, o -> o.plaintextPhase(PlaintextPhase.WRITE_PLAINTEXT_READ_BOTH));
        phase1.table().putItem(account(100));
        before.table().putItem(account(101));
        assertThat(raw(t, "acct-100")).doesNotContainKey(ItemEncryptor.HEADER_ATTRIBUTE);
        assertThat(before.get("acct-100")).isEqualTo(account(100));
        assertThat(phase1.get("acct-101")).isEqualTo(account(101));

        // Step 2: WRITE_ENCRYPTED_READ_BOTH, rolled out once no instance of the old version is left.
        Instance phase2 = instance(t, o -> o.plaintextPhase(PlaintextPhase.WRITE_ENCRYPTED_READ_BOTH));
        phase2.table().putItem(account(102));
        phase1.table().putItem(account(103));
        assertThat(raw(t, "acct-102")).containsKey(ItemEncryptor.HEADER_ATTRIBUTE);
        assertThat(phase1.get("acct-102")).as("phase 1 reads what phase 2 writes").isEqualTo(account(102));
        assertThat(phase2.get("acct-103")).isEqualTo(account(103));
        Account login = new Account();
        login.setId("acct-1");
        login.setLastLogin(5L);
        phase2.table().updateItem(r -> r.item(login).ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY));

        // Step 3: the re-encryptor, with the configuration phase 2 applies, while phase 2 keeps writing.
        TableConfig current = phase2.coffer().tableConfig(t, SCHEMA);
        AtomicBoolean wrote = new AtomicBoolean();
        ReEncryptionSummary summary = ReEncryptor.builder().dynamoDbClient(ddb).tableConfig(current).segments(2)
                .listener(new ReEncryptionListener() {
                    @Override
                    public void rewritten(Map<String, AttributeValue> key) {
                        if (wrote.compareAndSet(false, true)) {
                            phase2.table().putItem(account(104)); // a live write during the run
                        }
                    }
                }).build().run();
        assertThat(summary.complete()).isTrue();
        assertThat(summary.failed()).isZero();
        assertThat(summary.rewritten()).isGreaterThanOrEqualTo(32);
        for (Map<String, AttributeValue> item : ddb.scan(r -> r.tableName(t)).items()) {
            assertThat(item).containsKey(ItemEncryptor.HEADER_ATTRIBUTE);
        }

        // Step 4: ENCRYPTED_ONLY (the default), rolled out over phase 2.
        Instance done = instance(t, o -> { });
        assertThat(done.get("acct-1").getLastLogin()).isEqualTo(5L);
        assertThat(done.get("acct-2")).isEqualTo(account(2));
        assertThat(done.table().scan().items().stream().toList()).hasSize(35);
        login.setLastLogin(6L);
        done.table().updateItem(r -> r.item(login).ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY));
        assertThat(phase2.get("acct-1").getLastLogin()).as("partial updates work on re-encrypted items").isEqualTo(6L);

        // From now on a plaintext item (planted, or restored from an old backup) is refused.
        before.table().putItem(account(200));
        assertThatThrownBy(() -> done.get("acct-200")).isInstanceOfSatisfying(MigrationPhaseException.class,
                e -> assertThat(e.itemKind()).isEqualTo(ItemKind.PLAINTEXT));
    }

    @Test
    void legacyTable_readersThenWriters_reencrypt_toCofferOnly() {
        String t = TestDynamo.uniqueName("rollout-legacy");
        instance(t, null).table().createTable();
        for (int i = 0; i < 20; i++) {
            Map<String, AttributeValue> plain = SCHEMA.itemToMap(account(i), true);
            ddb.putItem(r -> r.tableName(t).item(LEGACY.write(plain, t)));
        }

        // Step 1: every instance that reads gets the legacy reader (READ_LEGACY_WRITE_COFFER is the default).
        Instance reader = instance(t, o -> o.legacyReader(LEGACY));
        assertThat(reader.get("acct-3")).isEqualTo(account(3));

        // Step 2: the writers switch; readers of step 1 read both kinds.
        Instance writer = instance(t, o -> o.legacyReader(LEGACY));
        writer.table().putItem(account(100));
        Account changed = account(4);
        changed.setStatus("FROZEN");
        writer.table().updateItem(changed);
        assertThat(reader.get("acct-100")).isEqualTo(account(100));
        assertThat(reader.get("acct-4")).isEqualTo(changed);
        assertThat(raw(t, "acct-4")).doesNotContainKeys(TestLegacyFormat.SIGNATURE, TestLegacyFormat.DESCRIPTION);

        // Step 3: the re-encryptor rewrites the remaining legacy items.
        ReEncryptionSummary summary = ReEncryptor.builder().dynamoDbClient(ddb)
                .tableConfig(writer.coffer().tableConfig(t, SCHEMA)).build().run();
        assertThat(summary.rewritten()).isEqualTo(19);
        assertThat(summary.alreadyCurrent()).isEqualTo(2);

        // Step 4: COFFER_ONLY; a legacy item restored from an old backup is refused.
        Instance done = instance(t, o -> o.legacyReader(LEGACY).legacyPhase(LegacyPhase.COFFER_ONLY));
        assertThat(done.table().scan().items().stream().toList()).hasSize(21).contains(account(7), changed);
        ddb.putItem(r -> r.tableName(t).item(LEGACY.write(SCHEMA.itemToMap(account(7), true), t)));
        assertThatThrownBy(() -> done.get("acct-7")).isInstanceOfSatisfying(MigrationPhaseException.class,
                e -> assertThat(e.phase()).isEqualTo(LegacyPhase.COFFER_ONLY));
    }
}
