package dev.coffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.migration.LegacyPhase;
import dev.coffer.migration.PlaintextPhase;
import dev.coffer.testing.TestKeys;
import dev.coffer.testing.TestLegacyFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The settings shared by TableConfig and the extension's TableOptions: declared, defaulted and checked once. */
class TableSettingsTest {
    private static TableConfig.Builder table() {
        return TableConfig.builder().tableName("orders").partitionKey("pk").materialsProvider(TestKeys.staticProvider());
    }

    @Test
    void defaults_areHmacSuiteEncryptedOnlyAndNoLegacyReader() {
        TableSettings d = TableSettings.defaults();

        assertThat(d.algorithmSuite()).isEqualTo(AlgorithmSuite.AES_GCM_HMAC_SHA256);
        assertThat(d.acceptsHmacOnlyItems()).isFalse();
        assertThat(d.plaintextPhase()).isEqualTo(PlaintextPhase.ENCRYPTED_ONLY);
        assertThat(d.legacyPhase()).isEqualTo(LegacyPhase.COFFER_ONLY);
        assertThat(d.legacyReader()).isEmpty();
        assertThat(d.materialsProvider()).isEmpty();
        assertThat(d.logicalTableName()).isEmpty();
        assertThat(d.allowedUnsignedAttributes()).isEmpty();
        assertThat(d.allowedUnsignedPrefix()).isEmpty();
    }

    @Test
    void legacyPhase_unset_followsTheReader_evenAfterTheReaderChanges() {
        TableConfig withReader = table().legacyReader(TestLegacyFormat.withTestKey()).build();

        assertThat(withReader.legacyPhase()).isEqualTo(LegacyPhase.READ_LEGACY_WRITE_COFFER);
        assertThat(withReader.toBuilder().legacyReader(null).build().legacyPhase()).isEqualTo(LegacyPhase.COFFER_ONLY);
    }

    @Test
    void settings_replacesEverySetting_andToBuilderKeepsThem() {
        TableConfig source = table().algorithmSuite(AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256).acceptHmacOnlyItems(true)
                .allowedUnsignedAttributes(List.of("a", "b")).allowedUnsignedPrefix("x_").logicalTableName("logical")
                .plaintextPhase(PlaintextPhase.WRITE_ENCRYPTED_READ_BOTH).legacyReader(TestLegacyFormat.withTestKey())
                .legacyPhase(LegacyPhase.COFFER_ONLY).build();

        TableConfig copied = TableConfig.builder().tableName("other").partitionKey("id").addAllowedUnsignedAttribute("dropped")
                .settings(source.settings()).build();

        assertThat(copied.settings()).usingRecursiveComparison().isEqualTo(source.settings());
        assertThat(copied.allowedUnsignedAttributes()).containsExactly("a", "b");
        assertThat(copied.logicalTableName()).isEqualTo("logical");
        assertThat(source.toBuilder().build().settings()).usingRecursiveComparison().isEqualTo(source.settings());
        assertThat(table().settings(TableSettings.defaults()).materialsProvider(TestKeys.staticProvider()).build().settings())
                .usingRecursiveComparison().ignoringFields("materialsProvider").isEqualTo(TableSettings.defaults());
    }

    @Test
    void settingsCheckedWithoutTheSchema_nameTheTable() {
        assertThatThrownBy(() -> table().allowedUnsignedPrefix("").build())
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("table 'orders': an empty allowedUnsignedPrefix");
        assertThatThrownBy(() -> table().addAllowedUnsignedAttribute("coffer_b_x").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("reserved for beacons");
        assertThatThrownBy(() -> table().addAllowedUnsignedAttribute(TestLegacyFormat.SIGNATURE)
                .legacyReader(TestLegacyFormat.withTestKey()).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("is reserved by the");
        assertThatThrownBy(() -> table().action(TestLegacyFormat.SIGNATURE, CryptoAction.SIGN_ONLY)
                .legacyReader(TestLegacyFormat.withTestKey()).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("remove its action");
        assertThatThrownBy(() -> table().settings(null)).isInstanceOf(ConfigurationException.class);
    }
}
