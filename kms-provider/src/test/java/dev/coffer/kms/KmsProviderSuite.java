package dev.coffer.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.coffer.ConfigurationException;
import dev.coffer.CryptoAction;
import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import dev.coffer.kms.KmsMaterialsException.Reason;
import dev.coffer.materials.CachingProvider;
import dev.coffer.materials.MaterialsProvider;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The KMS provider's behaviour against a real KMS protocol peer. Runs against the loopback testkit
 * ({@link LoopbackKmsProviderTest}) and, where Docker exists, LocalStack
 * ({@link LocalStackKmsProviderTest}).
 */
abstract class KmsProviderSuite {

    protected abstract KmsBackend backend();

    /** A client with the SDK's retries made fast. */
    protected abstract KmsClient client();

    static TableConfig orders(MaterialsProvider provider) {
        return TableConfig.builder()
                .tableName("orders")
                .partitionKey("customer_id")
                .sortKey("order_id")
                .action("status", CryptoAction.SIGN_ONLY)
                .materialsProvider(provider)
                .build();
    }

    static Map<String, AttributeValue> order(String customer, int orderNo) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("customer_id", AttributeValue.fromS(customer));
        m.put("order_id", AttributeValue.fromN(Integer.toString(orderNo)));
        m.put("status", AttributeValue.fromS("SHIPPED"));
        m.put("card", AttributeValue.fromS("4111 1111 1111 1111"));
        m.put("total", AttributeValue.fromN("129.95"));
        m.put("blob", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2, 3})));
        m.put("tags", AttributeValue.fromSs(List.of("blue", "red")));
        m.put("address", AttributeValue.fromM(Map.of("zip", AttributeValue.fromN("12345"))));
        m.put("lines", AttributeValue.fromL(List.of(AttributeValue.fromBool(true), AttributeValue.fromNul(true))));
        return m;
    }

    KmsProvider provider(String encryptionKey, String... decryptionKeys) {
        return KmsProvider.builder().kmsClient(client()).encryptionKey(encryptionKey).decryptionKeys(decryptionKeys)
                .build();
    }

    /** Item ("c", 1) encrypted by a provider whose only key is {@code keyArn}. */
    Map<String, AttributeValue> writtenUnder(String keyArn) {
        return ItemEncryptor.create(orders(provider(keyArn))).encrypt(order("c", 1));
    }

    static KmsMaterialsException kmsFailure(ThrowingCallable call, Reason reason) {
        Throwable t = catchThrowable(call);
        assertThat(t).isInstanceOf(KmsMaterialsException.class);
        KmsMaterialsException e = (KmsMaterialsException) t;
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
        return e;
    }

    @Test
    void roundTrip_itemEncryptor_returnsTheItemWithSecretsEncrypted() {
        ItemEncryptor enc = ItemEncryptor.create(orders(provider(backend().createKey())));
        Map<String, AttributeValue> item = order("customer#42", 7);

        Map<String, AttributeValue> stored = enc.encrypt(item);

        assertThat(stored.get("card").b()).isNotNull();
        assertThat(stored.get("status")).isEqualTo(item.get("status"));
        assertThat(enc.decrypt(stored)).isEqualTo(item);
    }

    @Test
    void roundTrip_binaryPartitionKeyAndNumberSortKey() {
        ItemEncryptor enc = ItemEncryptor.create(TableConfig.builder().tableName("blobs").partitionKey("id")
                .sortKey("version").materialsProvider(provider(backend().createKey())).build());
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {(byte) 0xFF, 0, 7})));
        item.put("version", AttributeValue.fromN("1.50E3"));
        item.put("payload", AttributeValue.fromS("secret"));

        Map<String, AttributeValue> back = enc.decrypt(enc.encrypt(item));

        assertThat(back.get("payload").s()).isEqualTo("secret");
        assertThat(back.get("id")).isEqualTo(item.get("id"));
    }

    @Test
    void encrypt_aliasAsEncryptionKey_recordsTheResolvedKeyArn() {
        String key = backend().createKey();
        String alias = "alias/orders-" + System.nanoTime();
        String aliasArn = backend().createAlias(alias, key);
        KmsProvider byArn = provider(aliasArn, key);
        KmsProvider byName = provider(alias, key);

        assertThat(byArn.encryptionMaterials(KmsProviderUnitTest.context("c-1", "1")).description().keyId()).isEqualTo(key);
        assertThat(byName.encryptionMaterials(KmsProviderUnitTest.context("c-1", "1")).description().keyId()).isEqualTo(key);
    }

    @Test
    void build_aliasEncryptionKeyWithoutDecryptionKeys_throwsConfigurationException() {
        String alias = "alias/unpinned-" + System.nanoTime();
        backend().createAlias(alias, backend().createKey());

        assertThatThrownBy(() -> KmsProvider.builder().kmsClient(client()).encryptionKey(alias).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("not a key ARN, so reads cannot be pinned");
    }

    @Test
    void encrypt_aliasRepointedToUnlistedKey_throwsKeyNotAllowedAndReturnsNoItem() {
        String listed = backend().createKey();
        String other = backend().createKey();
        String alias = "alias/moving-" + System.nanoTime();
        backend().createAlias(alias, listed);
        ItemEncryptor enc = ItemEncryptor.create(orders(provider(alias, listed)));
        enc.encrypt(order("c", 1));

        backend().updateAlias(alias, other);

        KmsMaterialsException e = kmsFailure(() -> enc.encrypt(order("c", 2)), Reason.KEY_NOT_ALLOWED);
        assertThat(e).hasMessageContaining("table 'orders'").hasMessageContaining(other)
                .hasMessageContaining("nothing was written").hasMessageContaining("decryptionKeys(");
    }

    @Test
    void encrypt_discoveryNotTrustingTheEncryptionKeysAccount_throwsKeyNotAllowedNamingDiscovery() {
        // An alias: build() cannot tell which account's key it names; the first GenerateDataKey does.
        String alias = "alias/discovered-" + System.nanoTime();
        backend().createAlias(alias, backend().createKey());
        String otherAccount = "999988887777".equals(backend().accountId()) ? "999988887776" : "999988887777";
        KmsProvider p = KmsProvider.builder().kmsClient(client()).encryptionKey(alias)
                .discovery(software.amazon.awssdk.regions.PartitionMetadata.of("aws"), otherAccount).build();

        KmsMaterialsException e = kmsFailure(() -> ItemEncryptor.create(orders(p)).encrypt(order("c", 1)), Reason.KEY_NOT_ALLOWED);

        assertThat(e).hasMessageContaining("nothing was written").hasMessageContaining("discovery(...)")
                .hasMessageNotContaining("decryptionKeys(");
    }

    @Test
    void decrypt_itemMovedToAnotherPrimaryKey_throwsInvalidCiphertext() {
        ItemEncryptor enc = ItemEncryptor.create(orders(provider(backend().createKey())));
        Map<String, AttributeValue> stored = new HashMap<>(enc.encrypt(order("customer#42", 7)));

        stored.put("customer_id", AttributeValue.fromS("customer#43"));

        KmsMaterialsException e = kmsFailure(() -> enc.decrypt(stored), Reason.INVALID_CIPHERTEXT);
        assertThat(e).hasMessageContaining("table 'orders'").hasMessageContaining("kms:Decrypt")
                .hasMessageContaining("encryption context");
        assertThat(e.operation()).contains("Decrypt");
    }

    @Test
    void decrypt_itemReadUnderAnotherLogicalTableName_throwsInvalidCiphertext() {
        KmsProvider p = provider(backend().createKey());
        Map<String, AttributeValue> stored = ItemEncryptor.create(orders(p)).encrypt(order("c", 1));
        ItemEncryptor renamed = ItemEncryptor.create(orders(p).toBuilder().logicalTableName("orders-v2").build());

        kmsFailure(() -> renamed.decrypt(stored), Reason.INVALID_CIPHERTEXT);
    }

    @Test
    void decrypt_itemUnderKeyOutsideTheConfiguredSet_isRefused() {
        String writerKey = backend().createKey();
        String readerKey = backend().createKey();
        Map<String, AttributeValue> stored = writtenUnder(writerKey);
        ItemEncryptor reader = ItemEncryptor.create(orders(provider(readerKey)));

        KmsMaterialsException e = kmsFailure(() -> reader.decrypt(stored), Reason.KEY_NOT_ALLOWED);

        assertThat(e).hasMessageContaining(writerKey).hasMessageContaining("does not trust")
                .hasMessageContaining(readerKey).hasMessageContaining("KMS was not called");
        assertThat(e.keyId()).isEqualTo(writerKey);
        assertThat(e.operation()).isEmpty();
    }

    @Test
    void decrypt_previousKeyListedInDecryptionKeys_readsItemsWrittenBeforeRotation() {
        String oldKey = backend().createKey();
        String newKey = backend().createKey();
        Map<String, AttributeValue> old = writtenUnder(oldKey);
        ItemEncryptor rotated = ItemEncryptor.create(orders(provider(newKey, oldKey)));

        Map<String, AttributeValue> fresh = rotated.encrypt(order("c", 2));

        assertThat(rotated.decrypt(old)).isEqualTo(order("c", 1));
        assertThat(rotated.decrypt(fresh)).isEqualTo(order("c", 2));
    }

    @Test
    void encryptAndDecrypt_disabledKey_throwKeyDisabledNamingTheKey() {
        String key = backend().createKey();
        ItemEncryptor enc = ItemEncryptor.create(orders(provider(key)));
        Map<String, AttributeValue> stored = enc.encrypt(order("c", 1));
        backend().disableKey(key);
        try {
            KmsMaterialsException w = kmsFailure(() -> enc.encrypt(order("c", 2)), Reason.KEY_DISABLED);
            KmsMaterialsException r = kmsFailure(() -> enc.decrypt(stored), Reason.KEY_DISABLED);

            assertThat(w).hasMessageContaining("kms:GenerateDataKey on key " + key).hasMessageContaining("is disabled")
                    .hasMessageContaining("EnableKey");
            assertThat(r).hasMessageContaining("kms:Decrypt on key " + key);
            assertThat(w.isRetryable()).isFalse();
        } finally {
            backend().enableKey(key);
        }
        assertThat(enc.decrypt(stored)).isEqualTo(order("c", 1));
    }

    @Test
    void decrypt_keyPendingDeletion_throwsKeyInvalidState() {
        String key = backend().createKey();
        ItemEncryptor enc = ItemEncryptor.create(orders(provider(key)));
        Map<String, AttributeValue> stored = enc.encrypt(order("c", 1));
        backend().scheduleKeyDeletion(key);

        KmsMaterialsException e = kmsFailure(() -> enc.decrypt(stored), Reason.KEY_INVALID_STATE);

        assertThat(e).hasMessageContaining(key).hasMessageContaining("CancelKeyDeletion");
    }

    @Test
    void encrypt_keyThatDoesNotExist_throwsKeyNotFound() {
        String missing = "arn:aws:kms:" + backend().region() + ":" + backend().accountId()
                + ":key/00000000-0000-4000-8000-000000000000";
        ItemEncryptor enc = ItemEncryptor.create(orders(provider(missing)));

        KmsMaterialsException e = kmsFailure(() -> enc.encrypt(order("c", 1)), Reason.KEY_NOT_FOUND);

        assertThat(e).hasMessageContaining(missing).hasMessageContaining("region");
    }

    @Test
    void cachingProvider_overKms_writesAndReadsManyItemsWithOneKmsCallEachWay() {
        String key = backend().createKey();
        CachingProvider cached = CachingProvider.builder().provider(provider(key)).build();
        ItemEncryptor enc = ItemEncryptor.create(orders(cached));

        for (int i = 0; i < 25; i++) {
            assertThat(enc.decrypt(enc.encrypt(order("c-" + i, i)))).isEqualTo(order("c-" + i, i));
        }

        assertThat(cached.stats().loads()).isEqualTo(2);
        assertThat(cached.stats().hits()).isEqualTo(48);
    }

    @Test
    void itemsWrittenWithAndWithoutCache_areReadableEitherWay() {
        KmsProvider direct = provider(backend().createKey());
        ItemEncryptor plain = ItemEncryptor.create(orders(direct));
        ItemEncryptor cached = ItemEncryptor.create(orders(CachingProvider.builder().provider(direct).build()));

        Map<String, AttributeValue> byCache = cached.encrypt(order("c", 1));
        Map<String, AttributeValue> byPlain = plain.encrypt(order("c", 2));

        assertThat(plain.decrypt(byCache)).isEqualTo(order("c", 1));
        assertThat(cached.decrypt(byPlain)).isEqualTo(order("c", 2));
    }
}
