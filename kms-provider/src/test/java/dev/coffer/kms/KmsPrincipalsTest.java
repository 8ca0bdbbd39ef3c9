package dev.coffer.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.ItemEncryptor;
import dev.coffer.kms.internal.KmsContext;
import dev.coffer.kms.testkit.LocalKms;
import dev.coffer.kms.testkit.Operation;
import dev.coffer.materials.CachingProvider;
import dev.coffer.materials.spi.DecryptionMaterials;
import dev.coffer.materials.spi.EncryptionContext;
import dev.coffer.materials.spi.EncryptionMaterials;
import dev.coffer.materials.spi.MaterialsDescription;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.SecretBytes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * What a KMS principal that may only decrypt, or only encrypt, can do to a table, as SECURITY.md and
 * docs/kms.md ("What a decrypt-only or encrypt-only principal can do") state it. Coffer's item
 * signature is an HMAC whose key is derived from the data key, so whoever learns a data key can sign
 * with it; these tests pin down exactly where that reaches, through the loopback KMS and the real
 * KMS client. When asymmetric signatures (issue 16) separate signing from decrypting, the
 * "accepted" cases here must turn into refusals.
 */
class KmsPrincipalsTest {
    private static LocalKms kms;
    private static KmsClient client;
    private static String key;

    @BeforeAll
    static void start() {
        kms = LocalKms.create().start();
        client = TestClients.kms(kms.endpoint(), kms.region(), "test", "test", 1, null);
        key = kms.createKey().arn();
    }

    @AfterAll
    static void stop() {
        client.close();
        kms.close();
    }

    private KmsProvider direct;

    @BeforeEach
    void provider() {
        direct = KmsProvider.builder().kmsClient(client).encryptionKey(key).build();
    }

    private static ItemEncryptor orders(MaterialsProvider p) {
        return ItemEncryptor.create(KmsProviderSuite.orders(p));
    }

    /** An item under a primary key of the forger's choice, with values of the forger's choice. */
    private static Map<String, AttributeValue> mallory() {
        Map<String, AttributeValue> m = KmsProviderSuite.order("mallory", 1);
        m.put("status", AttributeValue.fromS("REFUNDED"));
        m.put("total", AttributeValue.fromN("1000000"));
        return m;
    }

    /** The description and KMS context a reader sees for {@code stored}, captured while a real reader decrypts it. */
    private record Seen(MaterialsDescription description, EncryptionContext context) {
    }

    private Seen read(Map<String, AttributeValue> stored) {
        AtomicReference<Seen> seen = new AtomicReference<>();
        MaterialsProvider spy = new MaterialsProvider() {
            @Override
            public EncryptionMaterials encryptionMaterials(EncryptionContext context) {
                throw new UnsupportedOperationException("this spy only watches reads");
            }

            @Override
            public DecryptionMaterials decryptionMaterials(EncryptionContext context, MaterialsDescription description) {
                seen.set(new Seen(description, context));
                return direct.decryptionMaterials(context, description);
            }
        };
        orders(spy).decrypt(stored);
        return seen.get();
    }

    /** kms:Decrypt, the one permission the principal has: the data key behind a header it has read. */
    private static byte[] decryptDataKey(Seen seen) {
        EncryptionContext bound = KmsProvider.CONTEXT_TABLE.equals(seen.description.parameter(KmsProvider.PARAM_CONTEXT).orElse(null))
                ? seen.context.tableScope() : seen.context;
        return client.decrypt(r -> r.keyId(key).ciphertextBlob(SdkBytes.fromByteArray(seen.description.wrappedKey()))
                .encryptionContext(KmsContext.of(bound))).plaintext().asByteArray();
    }

    /** Signs and encrypts {@code item} with a data key and header description the forger holds. */
    private static Map<String, AttributeValue> forge(Map<String, AttributeValue> item, MaterialsDescription description,
            byte[] dataKey) {
        MaterialsProvider forger = new MaterialsProvider() {
            @Override
            public EncryptionMaterials encryptionMaterials(EncryptionContext context) {
                return EncryptionMaterials.builder().description(description).dataKey(SecretBytes.copyOf(dataKey)).build();
            }

            @Override
            public DecryptionMaterials decryptionMaterials(EncryptionContext context, MaterialsDescription d) {
                throw new UnsupportedOperationException("the forger only writes");
            }
        };
        return orders(forger).encrypt(item);
    }

    @Test
    void decryptOnly_withATableScopedHeader_mintsItemsUnderAnyKey_acceptedByDirectAndCachingReaders() {
        Map<String, AttributeValue> written = orders(CachingProvider.builder().provider(direct).build())
                .encrypt(KmsProviderSuite.order("alice", 1));
        Seen seen = read(written);

        Map<String, AttributeValue> forged = forge(mallory(), seen.description, decryptDataKey(seen));

        assertThat(seen.description.parameter(KmsProvider.PARAM_CONTEXT)).contains(KmsProvider.CONTEXT_TABLE);
        assertThat(orders(direct).decrypt(forged)).containsEntry("total", AttributeValue.fromN("1000000"));
        assertThat(orders(CachingProvider.builder().provider(direct).build()).decrypt(forged))
                .containsEntry("customer_id", AttributeValue.fromS("mallory"));
    }

    @Test
    void decryptOnly_withAnItemScopedHeader_rewritesThatItem_butCannotMintUnderAnotherKey_forADirectReader() {
        Map<String, AttributeValue> written = orders(direct).encrypt(KmsProviderSuite.order("alice", 1));
        Seen seen = read(written);
        byte[] dataKey = decryptDataKey(seen);

        Map<String, AttributeValue> sameKey = new HashMap<>(KmsProviderSuite.order("alice", 1));
        sameKey.put("total", AttributeValue.fromN("0.01"));
        Map<String, AttributeValue> rewritten = forge(sameKey, seen.description, dataKey);
        Map<String, AttributeValue> moved = forge(mallory(), seen.description, dataKey);

        assertThat(orders(direct).decrypt(rewritten)).containsEntry("total", AttributeValue.fromN("0.01"));
        assertThatThrownBy(() -> orders(direct).decrypt(moved))
                .isInstanceOf(KmsMaterialsException.class)
                .extracting(e -> ((KmsMaterialsException) e).reason())
                .isEqualTo(KmsMaterialsException.Reason.INVALID_CIPHERTEXT);
    }

    @Test
    void decryptOnly_withAnItemScopedHeader_mintsUnderAnotherKey_forACachingReaderThatHoldsItsDataKey() {
        Map<String, AttributeValue> written = orders(direct).encrypt(KmsProviderSuite.order("alice", 1));
        Seen seen = read(written);
        Map<String, AttributeValue> moved = forge(mallory(), seen.description, decryptDataKey(seen));
        ItemEncryptor warm = orders(CachingProvider.builder().provider(direct).build());
        warm.decrypt(written); // the reader has read the original within maxAge: its data key is cached
        long decrypts = kms.calls(Operation.DECRYPT);

        assertThat(warm.decrypt(moved)).containsEntry("customer_id", AttributeValue.fromS("mallory"));
        assertThat(kms.calls(Operation.DECRYPT)).as("a cache hit: KMS never sees mallory's context").isEqualTo(decrypts);
        assertThatThrownBy(() -> orders(CachingProvider.builder().provider(direct).build()).decrypt(moved))
                .isInstanceOf(KmsMaterialsException.class);
    }

    @Test
    void encryptOnly_mintsItemsUnderAnyKey_evenForDirectReaders() {
        byte[] dataKey = SecretBytes.random(32).toByteArray();
        EncryptionContext context = EncryptionContext.builder().tableName("orders")
                .partitionKey("customer_id", AttributeValue.fromS("mallory"))
                .sortKey("order_id", AttributeValue.fromN("1")).build();
        // kms:Encrypt (or kms:GenerateDataKey) with the context of a key of the forger's choice.
        byte[] wrapped = client.encrypt(r -> r.keyId(key).plaintext(SdkBytes.fromByteArray(dataKey))
                .encryptionContext(KmsContext.of(context))).ciphertextBlob().asByteArray();
        MaterialsDescription description = MaterialsDescription.builder().providerId(KmsProvider.PROVIDER_ID).keyId(key)
                .wrappedKey(wrapped).parameter(KmsProvider.PARAM_CONTEXT, KmsProvider.CONTEXT_ITEM).build();

        Map<String, AttributeValue> minted = forge(mallory(), description, dataKey);

        assertThat(orders(direct).decrypt(minted)).containsEntry("status", AttributeValue.fromS("REFUNDED"));
    }
}
