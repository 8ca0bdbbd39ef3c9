package dev.coffer.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.AlgorithmSuite;
import dev.coffer.ConfigurationException;
import dev.coffer.CryptoAction;
import dev.coffer.MaterialsException;
import dev.coffer.TableConfig;
import dev.coffer.migration.PlaintextPhase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;

class TableSpecTest {
    private static final String ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final KmsKeys KMS = KmsKeys.builder().region(Region.US_EAST_1).decryptionKeys(ARN)
            .endpoint(URI.create("https://kms.example")).maxAge(Duration.ofMinutes(2)).build();

    private static TableSpec ordersEcdsa() {
        return TableSpec.builder().tableName("orders").keys(KMS)
                .config((table, executor) -> table.partitionKey("customer_id").sortKey("order_id")
                        .action("status", CryptoAction.SIGN_ONLY)
                        .algorithmSuite(AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256)
                        .plaintextPhase(PlaintextPhase.WRITE_ENCRYPTED_READ_BOTH))
                .build();
    }

    private static Object roundTrip(Object o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();
    }

    @Test
    void spec_serializedAndRead_isEqualToTheOriginalAndBuildsTheSameConfiguration() throws Exception {
        TableSpec spec = ordersEcdsa();

        TableSpec read = (TableSpec) roundTrip(spec);

        assertThat(read).isEqualTo(spec).hasSameHashCodeAs(spec);
        assertThat(read.toString()).contains("orders", ARN);
        TableConfig config = read.toTableConfig(ExecutorResources.jvm());
        assertThat(config.tableName()).isEqualTo("orders");
        assertThat(config.sortKeyName()).contains("order_id");
        assertThat(config.actionFor("status")).isEqualTo(CryptoAction.SIGN_ONLY);
        assertThat(config.algorithmSuite()).isEqualTo(AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256);
        assertThat(config.plaintextPhase()).isEqualTo(PlaintextPhase.WRITE_ENCRYPTED_READ_BOTH);
        assertThat(config.materialsProvider()).isSameAs(ExecutorResources.jvm().provider(KMS));
    }

    @Test
    void specs_fromTwoBuilds_areDistinctEvenWithTheSameSettings() {
        assertThat(ordersEcdsa()).isNotEqualTo(ordersEcdsa());
    }

    @Test
    void toTableConfig_sortKeyEncrypted_isTheConfigurationErrorOfTableConfig() {
        TableSpec spec = TableSpec.builder().tableName("orders").keys(KMS)
                .config((t, x) -> t.partitionKey("customer_id").sortKey("order_id")
                        .action("order_id", CryptoAction.ENCRYPT_AND_SIGN))
                .build();

        assertThatThrownBy(() -> spec.toTableConfig(ExecutorResources.jvm()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("order_id");
    }

    @Test
    void toTableConfig_recipeRenamesTheTable_isAConfigurationError() {
        TableSpec spec = TableSpec.builder().tableName("orders").keys(KMS)
                .config((t, x) -> t.tableName("orders-v2").partitionKey("customer_id")).build();

        assertThatThrownBy(() -> spec.toTableConfig(ExecutorResources.jvm()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("orders-v2");
    }

    @Test
    void build_recipeCapturingSomethingNotSerializable_namesTheRule() {
        Object notSerializable = new Object();

        assertThatThrownBy(() -> TableSpec.builder().tableName("orders").keys(KMS)
                .config((t, x) -> t.partitionKey(notSerializable.toString())).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("only serializable values");
    }

    @Test
    void build_withoutKeysOrRecipe_namesTheSetting() {
        assertThatThrownBy(() -> TableSpec.builder().tableName("orders").config((t, x) -> t).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("set keys(...)");
        assertThatThrownBy(() -> TableSpec.builder().tableName("orders").keys(KMS).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("set config(");
        assertThatThrownBy(() -> TableSpec.builder().keys(null))
                .isInstanceOf(ConfigurationException.class);
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
    void legacyKeySource_withoutKeys_isAConfigurationError() throws Exception {
        assertThatThrownBy(() -> LegacyKeySource.builder().region(Region.US_EAST_1).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("directKms(...) or metaStore(...)");
        LegacyKeySource keys = LegacyKeySource.builder().region(Region.US_EAST_1).directKms(ARN).build();
        assertThat(roundTrip(keys)).isEqualTo(keys).hasSameHashCodeAs(keys);
    }

    @Test
    void reencryption_withoutSource_isAConfigurationError() {
        TableSpec spec = Items.spec(KeyringFile.of("k.json"));

        assertThatThrownBy(() -> Reencryption.builder().target(spec).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("set source(...)");
        assertThat(Reencryption.builder().source(spec).target(spec).build()).isNotNull();
    }

    @Test
    void beaconKeys_fileWithAShortKey_isAMaterialsErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("beacon.key"), Base64.getEncoder().encodeToString(new byte[16]));

        assertThatThrownBy(() -> BeaconKeys.file(file.toString()).create())
                .isInstanceOf(MaterialsException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("32 bytes");
    }
}
