package dev.coffer.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.ConfigurationException;
import dev.coffer.CryptoAction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class TableSpecTest {
    private static final String ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    @Test
    void spec_serializedAndRead_isEqualToTheOriginal() throws Exception {
        TableSpec spec = TableSpec.builder().tableName("orders").partitionKey("customer_id").sortKey("order_id")
                .action("status", CryptoAction.SIGN_ONLY)
                .keys(KmsKeys.builder().region(Region.US_EAST_1).decryptionKeys(ARN).endpoint(URI.create("https://kms.example"))
                        .maxAge(Duration.ofMinutes(2)).build())
                .build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(spec);
        }

        Object read = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();

        assertThat(read).isEqualTo(spec).hasSameHashCodeAs(spec);
        assertThat(read.toString()).contains("orders", ARN);
    }

    @Test
    void build_sortKeyEncrypted_isAConfigurationErrorAsInTableConfig() {
        assertThatThrownBy(() -> TableSpec.builder().tableName("orders").partitionKey("customer_id").sortKey("order_id")
                .action("order_id", CryptoAction.ENCRYPT_AND_SIGN).keys(KeyringFile.of("k.json")).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("order_id");
    }

    @Test
    void build_withoutKeys_namesTheSetting() {
        assertThatThrownBy(() -> TableSpec.builder().tableName("orders").partitionKey("customer_id").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("set keys(...)");
    }

    @Test
    void kmsKeys_withoutRegionOrKeys_isAConfigurationError() {
        assertThatThrownBy(() -> KmsKeys.builder().decryptionKeys(ARN).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("region");
        assertThatThrownBy(() -> KmsKeys.builder().region(Region.US_EAST_1).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("decryptionKeys");
        assertThatThrownBy(() -> KmsKeys.builder().maxItemsPerKey(0))
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void mostRecentKeys_withoutMaterial_isAConfigurationError() {
        assertThatThrownBy(() -> MostRecentKeys.builder().region(Region.US_EAST_1).metaStoreTable("meta").kmsKey(ARN).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("materialName");
    }

    @Test
    void reencryption_withoutSourceOrPlaintext_isAConfigurationError() {
        TableSpec spec = TableSpec.builder().tableName("orders").partitionKey("customer_id")
                .keys(KeyringFile.of("k.json")).build();

        assertThatThrownBy(() -> Reencryption.builder().target(spec).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("acceptPlaintext(true)");
        assertThat(Reencryption.builder().target(spec).acceptPlaintext(true).build()).isNotNull();
    }
}
