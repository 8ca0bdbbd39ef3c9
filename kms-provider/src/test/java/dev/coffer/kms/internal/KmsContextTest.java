package dev.coffer.kms.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.materials.spi.EncryptionContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class KmsContextTest {

    @Test
    void of_itemScoped_namesTableKeysValuesAndVersion() {
        EncryptionContext ctx = EncryptionContext.builder().tableName("orders")
                .partitionKey("customer_id", AttributeValue.fromS("customer#42"))
                .sortKey("order_id", AttributeValue.fromN("7"))
                .build();

        assertThat(KmsContext.of(ctx)).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "coffer:version", "2",
                "coffer:table", "orders",
                "coffer:pk", "customer_id",
                "coffer:pk-value", "customer#42",
                "coffer:sk", "order_id",
                "coffer:sk-value", "7")));
    }

    @Test
    void of_tableScoped_hasNoValues() {
        EncryptionContext ctx = EncryptionContext.builder().tableName("orders")
                .partitionKey("customer_id", AttributeValue.fromS("customer#42"))
                .sortKey("order_id", AttributeValue.fromN("7"))
                .build().tableScope();

        assertThat(KmsContext.of(ctx)).containsOnlyKeys("coffer:version", "coffer:table", "coffer:pk", "coffer:sk");
    }

    @ParameterizedTest
    @CsvSource({"1.50E3, 1500", "-0.0, 0", "007, 7", "1E-3, 0.001", "12345678901234567890, 12345678901234567890"})
    void of_numberKey_isInDynamoDbCanonicalForm(String written, String canonical) {
        EncryptionContext ctx = EncryptionContext.builder().tableName("t")
                .partitionKey("n", AttributeValue.fromN(written)).build();

        assertThat(KmsContext.of(ctx)).containsEntry("coffer:pk-value", canonical);
    }

    @Test
    void of_binaryKey_isStandardBase64WithPadding() {
        EncryptionContext ctx = EncryptionContext.builder().tableName("t")
                .partitionKey("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {(byte) 0xFB, (byte) 0xFF, 0x01, 0x02})))
                .build();

        assertThat(KmsContext.of(ctx)).containsEntry("coffer:pk-value", "+/8BAg==");
    }

    @Test
    void of_nonKeyType_throws() {
        EncryptionContext ctx = EncryptionContext.builder().tableName("t")
                .partitionKey("l", AttributeValue.fromL(List.of())).build();

        assertThatThrownBy(() -> KmsContext.of(ctx)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keys are S, N or B");
    }
}
