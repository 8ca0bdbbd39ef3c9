package dev.coffer.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.coffer.ConfigurationException;
import dev.coffer.MaterialsException;
import dev.coffer.materials.spi.EncryptionContext;
import dev.coffer.materials.spi.MaterialsDescription;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;

/** Configuration checks and refusals that happen before any KMS call (the client points nowhere). */
class KmsProviderUnitTest {
    static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    static final String OTHER_KEY = "arn:aws:kms:us-east-1:111122223333:key/0987dcba-09fe-87dc-65ba-ab0987654321";
    static final String WEST_KEY = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    static final String ALIAS_ARN = "arn:aws:kms:us-east-1:111122223333:alias/orders";

    /** Nothing listens on the discard port: any KMS call would fail, and none must be made. */
    private static final KmsClient NOWHERE = TestClients.kms(URI.create("http://127.0.0.1:9"), "us-east-1", "test",
            "test", 1, null);

    @AfterAll
    static void close() {
        NOWHERE.close();
    }

    static EncryptionContext context(String pk, String sk) {
        return EncryptionContext.builder().tableName("orders")
                .partitionKey("customer_id", AttributeValue.fromS(pk))
                .sortKey("order_id", AttributeValue.fromN(sk))
                .build();
    }

    private static KmsProvider.Builder builder() {
        return KmsProvider.builder().kmsClient(NOWHERE);
    }

    private static MaterialsDescription kmsDescription(String keyId, String scope) {
        return MaterialsDescription.builder().providerId("kms").keyId(keyId).wrappedKey(new byte[] {1, 2, 3})
                .parameter("ec", scope).build();
    }

    @Test
    void build_keyArn_isTrustedForDecrypt() {
        KmsProvider p = builder().encryptionKey(KEY).decryptionKeys(OTHER_KEY).build();

        assertThat(p.decryptionKeys()).containsExactly(KEY, OTHER_KEY);
        assertThat(p.encryptionKey()).contains(KEY);
        assertThat(p.isDiscovery()).isFalse();
        assertThat(p.toBuilder().build().toString()).isEqualTo(p.toString());
    }

    @Test
    void build_noClientOrBothClients_throws() {
        assertThatThrownBy(() -> KmsProvider.builder().encryptionKey(KEY).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("exactly one of kmsClient");
        assertThatThrownBy(() -> builder().kmsClientSupplier(r -> NOWHERE).encryptionKey(KEY).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("exactly one of kmsClient");
    }

    @Test
    void build_nothingToDecryptWith_throws() {
        assertThatThrownBy(() -> builder().build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("nothing to decrypt with");
    }

    @Test
    void build_aliasAsDecryptionKey_throwsPointingToDescribeKey() {
        assertThatThrownBy(() -> builder().decryptionKeys(ALIAS_ARN).build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Aliases are not accepted").hasMessageContaining("aws kms describe-key");
        assertThatThrownBy(() -> builder().decryptionKeys("alias/orders").build()).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void build_keyInAnotherRegionThanTheClient_throws() {
        assertThatThrownBy(() -> builder().encryptionKey(WEST_KEY).build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("is in region us-west-2 but the KmsClient is for us-east-1");
        assertThatThrownBy(() -> builder().decryptionKeys(WEST_KEY).build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("kmsClientSupplier");
        assertThatThrownBy(() -> builder().decryptionKeys("arn:aws:kms:us-west-2:111122223333:key/mrk-0123456789abcdef0123456789abcdef")
                .build()).isInstanceOf(ConfigurationException.class).hasMessageContaining("list its replica in us-east-1");
    }

    @Test
    void build_malformedArn_throws() {
        assertThatThrownBy(() -> builder().encryptionKey("arn:aws:kms:us-east-1:1111:key/x").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("is not a KMS key or alias ARN");
    }

    @Test
    void build_supplierWithAliasName_throwsBecauseTheRegionIsUnknown() {
        assertThatThrownBy(() -> KmsProvider.builder().kmsClientSupplier(r -> NOWHERE).encryptionKey("alias/orders")
                .decryptionKeys(KEY).build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("must be an ARN");
    }

    @Test
    void build_discoveryMisconfigured_throws() {
        assertThatThrownBy(() -> builder().discovery(PartitionMetadata.of("aws")).build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("at least one AWS account");
        assertThatThrownBy(() -> builder().discovery(PartitionMetadata.of("aws"), "1234").build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("12 digits");
        assertThatThrownBy(() -> builder().discovery(PartitionMetadata.of(""), "111122223333").build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("partition");
        assertThatThrownBy(() -> builder().decryptionKeys(KEY).discovery(PartitionMetadata.of("aws"), "111122223333").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("not both");
    }

    @Test
    void build_emptyGrantToken_throws() {
        assertThatThrownBy(() -> builder().encryptionKey(KEY).grantTokens("").build())
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void encrypt_decryptOnlyProvider_throwsMaterialsException() {
        KmsProvider readOnly = builder().decryptionKeys(KEY).build();

        assertThatThrownBy(() -> readOnly.encryptionMaterials(context("c", "1"))).isInstanceOf(MaterialsException.class)
                .hasMessageContaining("table 'orders'").hasMessageContaining("set encryptionKey");
    }

    @Test
    void decrypt_otherProvidersItem_throwsNamingThatProvider() {
        MaterialsDescription d = MaterialsDescription.builder().providerId("static").keyId("app-key").build();

        assertThatThrownBy(() -> builder().encryptionKey(KEY).build().decryptionMaterials(context("c", "1"), d))
                .isInstanceOf(MaterialsException.class).hasMessageContaining("provider 'static'");
    }

    @Test
    void decrypt_descriptionWithoutKeyArn_throwsCorrupt() {
        assertThatThrownBy(() -> builder().encryptionKey(KEY).build()
                .decryptionMaterials(context("c", "1"), kmsDescription("alias/orders", "item")))
                .isInstanceOf(MaterialsException.class).hasMessageContaining("header is corrupt");
    }

    @Test
    void decrypt_unknownContextScope_throws() {
        assertThatThrownBy(() -> builder().encryptionKey(KEY).build()
                .decryptionMaterials(context("c", "1"), kmsDescription(KEY, "row")))
                .isInstanceOf(MaterialsException.class).hasMessageContaining("scope 'row'");
    }

    @Test
    void decrypt_itemScopedDescriptionWithTableScopedContext_throws() {
        assertThatThrownBy(() -> builder().encryptionKey(KEY).build()
                .decryptionMaterials(context("c", "1").tableScope(), kmsDescription(KEY, "item")))
                .isInstanceOf(MaterialsException.class).hasMessageContaining("given no key values");
    }

    @Test
    void decrypt_untrustedKey_isRefusedBeforeAnyCall() {
        KmsMaterialsException e = (KmsMaterialsException) catchThrowable(() ->
                builder().encryptionKey(KEY).build().decryptionMaterials(context("c", "1"), kmsDescription(OTHER_KEY, "item")));

        assertThat(e.reason()).isEqualTo(KmsMaterialsException.Reason.KEY_NOT_ALLOWED);
        assertThat(e.operation()).isEmpty();
    }

    @Test
    void decrypt_discoveryRefusesOtherPartitionBeforeAnyCall() {
        String cn = "arn:aws-cn:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        KmsProvider p = builder().discovery(PartitionMetadata.of("aws"), "111122223333").build();

        assertThatThrownBy(() -> p.decryptionMaterials(context("c", "1"), kmsDescription(cn, "item")))
                .isInstanceOfSatisfying(KmsMaterialsException.class,
                        e -> assertThat(e.reason()).isEqualTo(KmsMaterialsException.Reason.KEY_NOT_ALLOWED))
                .hasMessageContaining("partition aws");
    }

    @Test
    void encrypt_supplierWithoutClientForTheRegion_throwsMaterialsException() {
        KmsProvider p = KmsProvider.builder().kmsClientSupplier(region -> null).encryptionKey(KEY).build();

        assertThatThrownBy(() -> p.encryptionMaterials(context("c", "1"))).isInstanceOf(MaterialsException.class)
                .hasMessageContaining("returned no KmsClient for region us-east-1");
    }

    @Test
    void decrypt_discoveryWithSupplier_itemNamingAnUnknownRegion_isRefusedWithoutAskingForAClient() {
        java.util.List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        KmsProvider p = KmsProvider.builder().kmsClientSupplier(r -> {
            asked.add(r.id());
            return NOWHERE;
        }).discovery(PartitionMetadata.of("aws"), "111122223333").build();
        String forged = "arn:aws:kms:zz-forged-9:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

        assertThatThrownBy(() -> p.decryptionMaterials(context("c", "1"), kmsDescription(forged, "item")))
                .isInstanceOfSatisfying(KmsMaterialsException.class,
                        e -> assertThat(e.reason()).isEqualTo(KmsMaterialsException.Reason.KEY_NOT_ALLOWED));
        assertThat(asked).isEmpty();
    }

    @Test
    void build_discoveryWithEncryptionKeyOutsideTheAllowList_throws() {
        assertThatThrownBy(() -> builder().discovery(PartitionMetadata.of("aws"), "444455556666").encryptionKey(KEY).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("outside the discovery allow-list").hasMessageContaining("444455556666");
    }
}
