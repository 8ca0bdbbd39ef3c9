package dev.coffer.migration;

import static dev.coffer.testing.Items.n;
import static dev.coffer.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.ConfigurationException;
import dev.coffer.IntegrityException;
import dev.coffer.ItemEncryptor;
import dev.coffer.SkippedItem;
import dev.coffer.TableConfig;
import dev.coffer.testing.TestKeys;
import dev.coffer.testing.TestLegacyFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The migration phases of TableConfig as ItemEncryptor applies them (docs/migration.md). */
class MigrationPhasesTest {
    private static final TestLegacyFormat LEGACY = TestLegacyFormat.withTestKey();
    private static final Map<String, AttributeValue> PLAIN = Map.of("pk", s("customer#1"), "sk", n("7"),
            "card", s("4111-secret"), "status", s("ACTIVE"));

    private static TableConfig.Builder config() {
        return TestKeys.config(TestKeys.staticProvider()).toBuilder();
    }

    private static ItemEncryptor encryptor(TableConfig.Builder b) {
        return ItemEncryptor.create(b.build());
    }

    private static Map<String, AttributeValue> coffer() {
        return encryptor(config()).encrypt(PLAIN);
    }

    @Test
    void plaintextItem_byDefault_throwsMigrationPhaseExceptionNamingTablePhaseAndWhatToDo() {
        assertThatThrownBy(() -> encryptor(config()).decrypt(PLAIN))
                .isInstanceOfSatisfying(MigrationPhaseException.class, e -> {
                    assertThat(e.tableName()).isEqualTo("orders");
                    assertThat(e.itemKind()).isEqualTo(ItemKind.PLAINTEXT);
                    assertThat(e.phase()).isEqualTo(PlaintextPhase.ENCRYPTED_ONLY);
                })
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("table 'orders'")
                .hasMessageContaining("no Coffer header")
                .hasMessageContaining("ENCRYPTED_ONLY")
                .hasMessageContaining("plaintextPhase(WRITE_ENCRYPTED_READ_BOTH)")
                .hasMessageContaining("docs/migration.md")
                .hasMessageNotContaining("4111-secret");
    }

    @Test
    void writePlaintextReadBoth_writesTheItemAsGiven_readsPlaintextAndCofferItems() {
        ItemEncryptor phase1 = encryptor(config().plaintextPhase(PlaintextPhase.WRITE_PLAINTEXT_READ_BOTH));

        Map<String, AttributeValue> written = phase1.encrypt(PLAIN);

        assertThat(written).isEqualTo(PLAIN).doesNotContainKey(ItemEncryptor.HEADER_ATTRIBUTE);
        assertThat(phase1.decrypt(written)).isEqualTo(PLAIN);
        assertThat(phase1.decrypt(coffer())).isEqualTo(PLAIN);
    }

    @Test
    void writePlaintext_stillRefusesItemsWithoutKeysOrWithReservedAttributes() {
        ItemEncryptor phase1 = encryptor(config().plaintextPhase(PlaintextPhase.WRITE_PLAINTEXT_READ_BOTH));
        Map<String, AttributeValue> noKey = new HashMap<>(PLAIN);
        noKey.remove("sk");

        assertThatThrownBy(() -> phase1.encrypt(noKey)).hasMessageContaining("sort key is missing");
        assertThatThrownBy(() -> phase1.encrypt(coffer())).hasMessageContaining("reserved");
    }

    @Test
    void writeEncryptedReadBoth_writesCofferItems_readsBoth() {
        ItemEncryptor phase2 = encryptor(config().plaintextPhase(PlaintextPhase.WRITE_ENCRYPTED_READ_BOTH));

        Map<String, AttributeValue> written = phase2.encrypt(PLAIN);

        assertThat(written).containsKey(ItemEncryptor.HEADER_ATTRIBUTE);
        assertThat(written.get("card").b()).isNotNull();
        assertThat(phase2.decrypt(written)).isEqualTo(PLAIN);
        assertThat(phase2.decrypt(PLAIN)).isEqualTo(PLAIN);
        assertThat(encryptor(config()).decrypt(written)).as("strict readers read what phase 2 writes").isEqualTo(PLAIN);
    }

    @Test
    void readBoth_itemWithSignatureButNoHeader_stillFails() {
        ItemEncryptor phase2 = encryptor(config().plaintextPhase(PlaintextPhase.WRITE_ENCRYPTED_READ_BOTH));
        Map<String, AttributeValue> stripped = new HashMap<>(coffer());
        stripped.remove(ItemEncryptor.HEADER_ATTRIBUTE);

        assertThatThrownBy(() -> phase2.decrypt(stripped)).isInstanceOf(IntegrityException.class)
                .isNotInstanceOf(MigrationPhaseException.class).hasMessageContaining("no Coffer header");
    }

    @Test
    void legacyReader_defaultsToReadLegacyWriteCoffer_readsLegacyAndCofferItems_writesCoffer() {
        TableConfig c = config().legacyReader(LEGACY).build();
        ItemEncryptor e = ItemEncryptor.create(c);

        assertThat(c.legacyPhase()).isEqualTo(LegacyPhase.READ_LEGACY_WRITE_COFFER);
        assertThat(e.decrypt(LEGACY.write(PLAIN, "orders"))).isEqualTo(PLAIN);
        assertThat(e.decrypt(coffer())).isEqualTo(PLAIN);
        assertThat(e.encrypt(PLAIN)).containsKey(ItemEncryptor.HEADER_ATTRIBUTE)
                .doesNotContainKey(TestLegacyFormat.SIGNATURE);
    }

    @Test
    void readLegacy_tamperedLegacyItem_throwsIntegrityException_andNeverPassesAsPlaintext() {
        ItemEncryptor e = encryptor(config().legacyReader(LEGACY).plaintextPhase(PlaintextPhase.WRITE_ENCRYPTED_READ_BOTH));
        Map<String, AttributeValue> tampered = new HashMap<>(LEGACY.write(PLAIN, "orders"));
        tampered.put("status", s("REVOKED"));
        Map<String, AttributeValue> otherTable = LEGACY.write(PLAIN, "invoices");
        Map<String, AttributeValue> signatureOnly = new HashMap<>(LEGACY.write(PLAIN, "orders"));
        signatureOnly.remove(TestLegacyFormat.DESCRIPTION);

        for (Map<String, AttributeValue> bad : List.of(tampered, otherTable, signatureOnly)) {
            assertThatThrownBy(() -> e.decrypt(bad)).isInstanceOf(IntegrityException.class)
                    .isNotInstanceOf(MigrationPhaseException.class);
        }
    }

    /** A reader that verifies like the real one but then returns {@code change} applied to the plaintext. */
    private static LegacyReader misbehaving(java.util.function.UnaryOperator<Map<String, AttributeValue>> change) {
        return new LegacyReader() {
            @Override
            public boolean recognizes(Map<String, AttributeValue> item) {
                return LEGACY.recognizes(item);
            }

            @Override
            public Map<String, AttributeValue> decrypt(Map<String, AttributeValue> item, TableConfig table) {
                return change.apply(new HashMap<>(LEGACY.decrypt(item, table)));
            }

            @Override
            public java.util.Set<String> reservedAttributes() {
                return LEGACY.reservedAttributes();
            }

            @Override
            public String formatName() {
                return LEGACY.formatName();
            }
        };
    }

    @Test
    void readLegacy_readerResultIsChecked_otherKey_reservedAttribute_nothing_orACrash_areRefused() {
        Map<String, AttributeValue> stored = LEGACY.write(PLAIN, "orders");
        List<java.util.function.UnaryOperator<Map<String, AttributeValue>>> bad = List.of(
                m -> { m.put("pk", s("customer#2")); return m; },
                m -> { m.remove("sk"); return m; },
                m -> { m.put(TestLegacyFormat.SIGNATURE, s("x")); return m; },
                m -> { m.put(ItemEncryptor.HEADER_ATTRIBUTE, s("x")); return m; },
                m -> null);

        for (java.util.function.UnaryOperator<Map<String, AttributeValue>> change : bad) {
            ItemEncryptor e = encryptor(config().legacyReader(misbehaving(change)));
            assertThatThrownBy(() -> e.decrypt(stored)).isInstanceOf(IntegrityException.class)
                    .hasMessageContaining("refusing");
        }
        ItemEncryptor crashing = encryptor(config().legacyReader(misbehaving(m -> {
            throw new IllegalStateException("reader bug");
        })));
        assertThatThrownBy(() -> crashing.decrypt(stored)).isInstanceOf(dev.coffer.MaterialsException.class)
                .hasMessageContaining("reader failed: IllegalStateException");
    }

    @Test
    void cofferOnly_withReader_refusesLegacyItems_withTheirKindAndPhase() {
        ItemEncryptor done = encryptor(config().legacyReader(LEGACY).legacyPhase(LegacyPhase.COFFER_ONLY));

        assertThatThrownBy(() -> done.decrypt(LEGACY.write(PLAIN, "orders")))
                .isInstanceOfSatisfying(MigrationPhaseException.class, x -> {
                    assertThat(x.itemKind()).isEqualTo(ItemKind.LEGACY);
                    assertThat(x.phase()).isEqualTo(LegacyPhase.COFFER_ONLY);
                })
                .hasMessageContaining("table 'orders'")
                .hasMessageContaining("test legacy format")
                .hasMessageContaining("COFFER_ONLY")
                .hasMessageContaining("docs/migration.md");
        assertThat(done.decrypt(coffer())).isEqualTo(PLAIN);
    }

    @Test
    void readLegacyWithoutReader_isAConfigurationError() {
        assertThatThrownBy(() -> config().legacyPhase(LegacyPhase.READ_LEGACY_WRITE_COFFER).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("legacyReader");
        assertThatThrownBy(() -> config().plaintextPhase(null)).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void legacyReservedAttribute_asAction_isAConfigurationError() {
        assertThatThrownBy(() -> config().legacyReader(LEGACY).action(TestLegacyFormat.SIGNATURE,
                dev.coffer.CryptoAction.SIGN_ONLY).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("reserved by the test legacy format");
    }

    @ParameterizedTest
    @EnumSource(PlaintextPhase.class)
    void toBuilder_keepsThePhasesAndTheReader(PlaintextPhase phase) {
        TableConfig c = config().legacyReader(LEGACY).legacyPhase(LegacyPhase.COFFER_ONLY).plaintextPhase(phase).build();

        TableConfig copy = c.toBuilder().build();

        assertThat(copy.plaintextPhase()).isEqualTo(phase);
        assertThat(copy.legacyPhase()).isEqualTo(LegacyPhase.COFFER_ONLY);
        assertThat(copy.legacyReader()).contains(LEGACY);
        assertThat(config().legacyReader(LEGACY).build().toBuilder().legacyReader(null).build().legacyPhase())
                .as("removing the reader later falls back to the default").isEqualTo(LegacyPhase.COFFER_ONLY);
    }

    @Test
    void decryptAllWithListener_skipsItemsThePhaseRefuses_andReportsThem() {
        ItemEncryptor strict = encryptor(config().legacyReader(LEGACY).legacyPhase(LegacyPhase.COFFER_ONLY));
        List<SkippedItem> skipped = new ArrayList<>();

        List<Map<String, AttributeValue>> read = strict.decryptAll(List.of(coffer(), PLAIN, LEGACY.write(PLAIN, "orders")),
                skipped::add);

        assertThat(read).containsExactly(PLAIN);
        assertThat(skipped).extracting(x -> ((MigrationPhaseException) x.reason()).itemKind())
                .containsExactly(ItemKind.PLAINTEXT, ItemKind.LEGACY);
    }
}
