package dev.coffer.materials.spi;

import dev.coffer.ConfigurationException;

import static dev.coffer.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EncryptionContextTest {
    private final EncryptionContext item = EncryptionContext.builder().tableName("orders")
            .partitionKey("pk", s("secret-customer")).sortKey("sk", s("secret-order")).build();

    @Test
    void tableScope_dropsKeyValuesOnly() {
        EncryptionContext table = item.tableScope();

        assertThat(item.isItemScoped()).isTrue();
        assertThat(table.isItemScoped()).isFalse();
        assertThat(table.tableName()).isEqualTo("orders");
        assertThat(table.partitionKeyName()).isEqualTo("pk");
        assertThat(table.sortKeyName()).contains("sk");
        assertThat(table.partitionKeyValue()).isEmpty();
        assertThat(table.sortKeyValue()).isEmpty();
        assertThat(table.tableScope()).isSameAs(table);
        assertThat(table).isEqualTo(item.toBuilder().partitionKey("pk", null).sortKey("sk", null).build());
    }

    @Test
    void equals_includesKeyValues() {
        assertThat(item).isEqualTo(item.toBuilder().build()).hasSameHashCodeAs(item.toBuilder().build());
        assertThat(item).isNotEqualTo(item.toBuilder().partitionKey("pk", s("other")).build());
        assertThat(item).isNotEqualTo(item.tableScope());
    }

    @Test
    void toString_namesButNeverKeyValues() {
        assertThat(item.toString()).contains("orders", "pk", "sk").doesNotContain("secret");
        assertThat(item.tableScope().toString()).contains("table-scoped");
    }

    @Test
    void build_inconsistentKeyValues_throwsConfigurationException() {
        assertThatThrownBy(() -> EncryptionContext.builder().tableName("t").partitionKey("pk", s("a"))
                .sortKey("sk", null).build()).isInstanceOf(ConfigurationException.class).hasMessageContaining("both");
        assertThatThrownBy(() -> EncryptionContext.builder().tableName("t").partitionKey("pk", null)
                .sortKey(null, s("b")).build()).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> EncryptionContext.builder().partitionKey("pk", s("a")).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("tableName");
    }
}
