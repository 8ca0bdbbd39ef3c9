package dev.coffer.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.AlgorithmSuite;
import dev.coffer.IntegrityException;
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
import dev.coffer.materials.SignatureKeyPair;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Issue 16: a principal allowed only {@code kms:Decrypt} reads an item written through the caching
 * provider and mints an item under a new primary key. Under the HMAC suite every reader accepts it
 * (the same forgery as {@link KmsPrincipalsTest}); under the ECDSA suite every reader refuses it,
 * and so every way around: another public key in the header or the KMS context, a downgrade to the
 * HMAC suite, a reader whose cache already holds the data key. The loopback KMS enforces the
 * principals' permissions: the reader's access key may call {@code Decrypt} only.
 */
class KmsAsymmetricSuiteTest {
    private static final AlgorithmSuite ECDSA = AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256;
    private static LocalKms kms;
    private static KmsClient writerClient;
    private static KmsClient readerClient;
    private static String key;

    @BeforeAll
    static void start() {
        kms = LocalKms.create().start();
        kms.restrictPrincipal("reader", Operation.DECRYPT);
        writerClient = TestClients.kms(kms.endpoint(), kms.region(), "writer", "secret", 1, null);
        readerClient = TestClients.kms(kms.endpoint(), kms.region(), "reader", "secret", 1, null);
        key = kms.createKey().arn();
    }

    @AfterAll
    static void stop() {
        writerClient.close();
        readerClient.close();
        kms.close();
    }

    private static KmsProvider writerKms() {
        return KmsProvider.builder().kmsClient(writerClient).encryptionKey(key).build();
    }

    /** What the decrypt-only principal's application reads with. */
    private static KmsProvider readerKms() {
        return KmsProvider.builder().kmsClient(readerClient).decryptionKeys(key).build();
    }

    private static ItemEncryptor orders(MaterialsProvider p, AlgorithmSuite suite) {
        return ItemEncryptor.create(KmsProviderSuite.orders(p).toBuilder().algorithmSuite(suite).build());
    }

    private static Map<String, AttributeValue> mallory() {
        Map<String, AttributeValue> m = KmsProviderSuite.order("mallory", 1);
        m.put("status", AttributeValue.fromS("REFUNDED"));
        m.put("total", AttributeValue.fromN("1000000"));
        return m;
    }

    private record Seen(MaterialsDescription description, EncryptionContext context) {
    }

    /** The description and context a reader sees for {@code stored}, captured while the reader decrypts it. */
    private static Seen read(Map<String, AttributeValue> stored, AlgorithmSuite suite) {
        AtomicReference<Seen> seen = new AtomicReference<>();
        KmsProvider reader = readerKms();
        MaterialsProvider spy = new MaterialsProvider() {
            @Override
            public EncryptionMaterials encryptionMaterials(EncryptionContext context) {
                throw new UnsupportedOperationException("this spy only watches reads");
            }

            @Override
            public DecryptionMaterials decryptionMaterials(EncryptionContext context, MaterialsDescription description) {
                seen.set(new Seen(description, context));
                return reader.decryptionMaterials(context, description);
            }
        };
        orders(spy, suite).decrypt(stored);
        return seen.get();
    }

    /** kms:Decrypt with the reader's own credentials: the data key behind a header it has read. */
    private static byte[] decryptDataKey(Seen seen, String publicKeyInContext) {
        EncryptionContext bound = KmsProvider.CONTEXT_TABLE.equals(seen.description.parameter(KmsProvider.PARAM_CONTEXT).orElse(null))
                ? seen.context.tableScope() : seen.context;
        return readerClient.decrypt(r -> r.keyId(key).ciphertextBlob(SdkBytes.fromByteArray(seen.description.wrappedKey()))
                .encryptionContext(KmsContext.of(bound, publicKeyInContext))).plaintext().asByteArray();
    }

    /** Signs {@code item} with what the forger holds: a data key, a description, a key pair of its own. */
    private static Map<String, AttributeValue> forge(Map<String, AttributeValue> item, MaterialsDescription description,
            byte[] dataKey, AlgorithmSuite suite, SignatureKeyPair forgersKeys) {
        MaterialsProvider forger = new MaterialsProvider() {
            @Override
            public EncryptionMaterials encryptionMaterials(EncryptionContext context) {
                return EncryptionMaterials.builder().description(description).dataKey(SecretBytes.copyOf(dataKey))
                        .signatureKeyPair(forgersKeys).build();
            }

            @Override
            public DecryptionMaterials decryptionMaterials(EncryptionContext context, MaterialsDescription d) {
                throw new UnsupportedOperationException("the forger only writes");
            }
        };
        return orders(forger, suite).encrypt(item);
    }

    private static MaterialsDescription withPublicKey(MaterialsDescription d, String publicKey) {
        return d.toBuilder().parameter(KmsProvider.PARAM_PUBLIC_KEY, publicKey).build();
    }

    @Test
    void readerPrincipal_isDecryptOnly() {
        assertThatThrownBy(() -> readerClient.generateDataKey(r -> r.keyId(key).numberOfBytes(32)))
                .isInstanceOf(KmsException.class).hasMessageContaining("kms:GenerateDataKey");
        assertThatThrownBy(() -> readerClient.encrypt(r -> r.keyId(key).plaintext(SdkBytes.fromByteArray(new byte[32]))))
                .isInstanceOf(KmsException.class).hasMessageContaining("kms:Encrypt");
    }

    /** The forgery of the issue, for each suite: accepted under 0x01, refused under 0x02. */
    @ParameterizedTest
    @EnumSource(AlgorithmSuite.class)
    void decryptOnlyPrincipal_cachingWriter_mintsItemUnderNewPrimaryKey(AlgorithmSuite suite) {
        Map<String, AttributeValue> written = orders(CachingProvider.builder().provider(writerKms()).build(), suite)
                .encrypt(KmsProviderSuite.order("alice", 1));
        Seen seen = read(written, suite);
        String publicKey = seen.description.parameter(KmsProvider.PARAM_PUBLIC_KEY).orElse(null);
        byte[] dataKey = decryptDataKey(seen, publicKey);

        Map<String, AttributeValue> forged = forge(mallory(), seen.description, dataKey, suite,
                SignatureKeyPair.generate());
        ItemEncryptor directReader = orders(readerKms(), suite);
        ItemEncryptor cachingReader = orders(CachingProvider.builder().provider(readerKms()).build(), suite);

        assertThat(seen.description.parameter(KmsProvider.PARAM_CONTEXT).orElse(null)).isEqualTo(KmsProvider.CONTEXT_TABLE);
        if (suite == AlgorithmSuite.AES_GCM_HMAC_SHA256) {
            assertThat(publicKey).isNull();
            assertThat(directReader.decrypt(forged)).containsEntry("total", AttributeValue.fromN("1000000"));
            assertThat(cachingReader.decrypt(forged)).containsEntry("customer_id", AttributeValue.fromS("mallory"));
        } else {
            assertThat(publicKey).isNotNull();
            assertThatThrownBy(() -> directReader.decrypt(forged)).isInstanceOf(IntegrityException.class)
                    .hasMessageContaining("ECDSA signature does not verify");
            assertThatThrownBy(() -> cachingReader.decrypt(forged)).isInstanceOf(IntegrityException.class)
                    .hasMessageContaining("ECDSA signature does not verify");
        }
    }

    @Test
    void ecdsa_forgeryAgainstAWarmCache_isRefusedWithoutAskingKms() {
        Map<String, AttributeValue> written = orders(CachingProvider.builder().provider(writerKms()).build(), ECDSA)
                .encrypt(KmsProviderSuite.order("alice", 1));
        Seen seen = read(written, ECDSA);
        byte[] dataKey = decryptDataKey(seen, seen.description.parameter(KmsProvider.PARAM_PUBLIC_KEY).orElse(null));
        Map<String, AttributeValue> forged = forge(mallory(), seen.description, dataKey, ECDSA, SignatureKeyPair.generate());
        ItemEncryptor warm = orders(CachingProvider.builder().provider(readerKms()).build(), ECDSA);
        warm.decrypt(written);
        long decrypts = kms.calls(Operation.DECRYPT);

        assertThatThrownBy(() -> warm.decrypt(forged)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("ECDSA signature does not verify");
        assertThat(kms.calls(Operation.DECRYPT)).as("a cache hit: the cached public key refuses it").isEqualTo(decrypts);
    }

    @Test
    void ecdsa_forgersPublicKeyInTheHeader_isRefusedByKms() {
        Map<String, AttributeValue> written = orders(CachingProvider.builder().provider(writerKms()).build(), ECDSA)
                .encrypt(KmsProviderSuite.order("alice", 1));
        Seen seen = read(written, ECDSA);
        byte[] dataKey = decryptDataKey(seen, seen.description.parameter(KmsProvider.PARAM_PUBLIC_KEY).orElse(null));
        SignatureKeyPair mine = SignatureKeyPair.generate();

        Map<String, AttributeValue> forged = forge(mallory(), withPublicKey(seen.description, mine.publicKeyText()),
                dataKey, ECDSA, mine);

        for (ItemEncryptor reader : new ItemEncryptor[] {orders(readerKms(), ECDSA),
                orders(CachingProvider.builder().provider(readerKms()).build(), ECDSA)}) {
            assertThatThrownBy(() -> reader.decrypt(forged)).isInstanceOf(KmsMaterialsException.class)
                    .extracting(e -> ((KmsMaterialsException) e).reason())
                    .isEqualTo(KmsMaterialsException.Reason.INVALID_CIPHERTEXT);
        }
    }

    @Test
    void ecdsa_anotherPublicKeyInTheKmsContext_doesNotDecrypt() {
        Map<String, AttributeValue> written = orders(writerKms(), ECDSA).encrypt(KmsProviderSuite.order("alice", 1));
        Seen seen = read(written, ECDSA);

        assertThatThrownBy(() -> decryptDataKey(seen, SignatureKeyPair.generate().publicKeyText()))
                .isInstanceOf(KmsException.class).hasMessageContaining("InvalidCiphertext");
        assertThatThrownBy(() -> decryptDataKey(seen, null)).isInstanceOf(KmsException.class);
    }

    @Test
    void ecdsa_headerWithoutPublicKey_orWithAMalformedOne_isRefusedBeforeKms() {
        Map<String, AttributeValue> written = orders(writerKms(), ECDSA).encrypt(KmsProviderSuite.order("alice", 1));
        Seen seen = read(written, ECDSA);
        KmsProvider reader = readerKms();
        long decrypts = kms.calls(Operation.DECRYPT);
        MaterialsDescription stripped = MaterialsDescription.builder().providerId(KmsProvider.PROVIDER_ID)
                .keyId(seen.description.keyId()).wrappedKey(seen.description.wrappedKey())
                .parameter(KmsProvider.PARAM_CONTEXT, seen.description.parameter(KmsProvider.PARAM_CONTEXT).orElse(null)).build();
        EncryptionContext ecdsaContext = seen.context;

        assertThatThrownBy(() -> reader.decryptionMaterials(ecdsaContext, stripped))
                .hasMessageContaining("names no public key");
        assertThatThrownBy(() -> reader.decryptionMaterials(ecdsaContext, withPublicKey(seen.description,
                "A".repeat(44)))).hasMessageContaining("malformed");
        assertThat(kms.calls(Operation.DECRYPT)).isEqualTo(decrypts);
    }

    @Test
    void downgrade_toTheHmacSuiteWithALeakedDataKey_isRefusedBeforeKms() {
        Map<String, AttributeValue> written = orders(CachingProvider.builder().provider(writerKms()).build(), ECDSA)
                .encrypt(KmsProviderSuite.order("alice", 1));
        Seen seen = read(written, ECDSA);
        byte[] dataKey = decryptDataKey(seen, seen.description.parameter(KmsProvider.PARAM_PUBLIC_KEY).orElse(null));
        Map<String, AttributeValue> downgraded = forge(mallory(), seen.description, dataKey,
                AlgorithmSuite.AES_GCM_HMAC_SHA256, null);
        long decrypts = kms.calls(Operation.DECRYPT);

        assertThatThrownBy(() -> orders(readerKms(), ECDSA).decrypt(downgraded)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("HMAC only");
        assertThat(kms.calls(Operation.DECRYPT)).isEqualTo(decrypts);
    }

    @Test
    void cachingWriter_signingKeyPairLivesExactlyAsLongAsTheCachedDataKey() {
        CachingProvider cache = CachingProvider.builder().provider(writerKms()).maxItemsPerKey(2).build();
        ItemEncryptor writer = orders(cache, ECDSA);

        String first = publicKeyOf(writer.encrypt(KmsProviderSuite.order("a", 1)));
        String second = publicKeyOf(writer.encrypt(KmsProviderSuite.order("b", 1)));
        String third = publicKeyOf(writer.encrypt(KmsProviderSuite.order("c", 1)));

        assertThat(second).isEqualTo(first);
        assertThat(third).as("a new data key, a new key pair").isNotEqualTo(first);
        assertThat(cache.stats().loads()).isEqualTo(2);
    }

    @Test
    void directWriter_ecdsaRoundTrip_throughDecryptOnlyReader() {
        Map<String, AttributeValue> written = orders(writerKms(), ECDSA).encrypt(KmsProviderSuite.order("alice", 1));

        assertThat(orders(readerKms(), ECDSA).decrypt(written)).isEqualTo(KmsProviderSuite.order("alice", 1));
        assertThat(kms.requests().get(kms.requests().size() - 1).encryptionContext())
                .containsKey(KmsContext.PUBLIC_KEY);
    }

    private static String publicKeyOf(Map<String, AttributeValue> stored) {
        return dev.coffer.ItemDescription.of(stored).materials().parameter(KmsProvider.PARAM_PUBLIC_KEY).orElse(null);
    }
}
