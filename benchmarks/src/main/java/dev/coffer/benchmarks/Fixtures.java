package dev.coffer.benchmarks;

import com.amazonaws.services.dynamodbv2.datamodeling.encryption.DynamoDBEncryptor;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.EncryptionContext;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.EncryptionFlags;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.providers.SymmetricStaticProvider;
import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.StaticProvider;
import dev.coffer.materials.WrappedProvider;
import dev.coffer.materials.WrappingKey;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.itemencryptor.DynamoDbItemEncryptor;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.itemencryptor.model.DynamoDbItemEncryptorConfig;
import software.amazon.cryptography.dbencryptionsdk.structuredencryption.model.CryptoAction;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.AesWrappingAlg;
import software.amazon.cryptography.materialproviders.model.CreateRawAesKeyringInput;
import software.amazon.cryptography.materialproviders.model.DBEAlgorithmSuiteId;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * The encryptors under test, configured alike: table {@value #TABLE}, keys {@link Shape#PK} and
 * {@link Shape#SK} signed only, every other attribute encrypted and signed, local keys (no KMS), so
 * the numbers measure the item path and not a network call. Keys are fixed bytes: this is a
 * benchmark, never a place for real keys.
 *
 * <p>Thread-safety: stateless; the returned encryptors are as thread-safe as their libraries say.
 */
public final class Fixtures {
    /** The table every library binds items to. */
    public static final String TABLE = "bench_orders";
    /**
     * How many distinct stored items a decrypt benchmark goes through in turn. Decrypting one stored
     * item over and over would let the JDK reuse the AES key schedule of its per-item key (the
     * cipher keeps the last key's schedule), which a stream of different items never does.
     */
    public static final int DECRYPT_ITEMS = 16;
    /** {@link #bytes} seeds of the static provider's data key and signing key. */
    static final int STATIC_DATA_KEY = 1;
    static final int STATIC_SIGNING_KEY = 2;

    private Fixtures() {
    }

    /** Which Coffer materials provider a benchmark uses. */
    public enum Provider {
        /** {@link StaticProvider}: one data key and one signing key for every item. */
        STATIC,
        /** {@link WrappedProvider} with an AES-KWP wrapping key: a fresh data key per item. */
        WRAPPED;

        MaterialsProvider create() {
            switch (this) {
                case STATIC:
                    return StaticProvider.builder().keyId("bench-static").dataKey(secret(32, STATIC_DATA_KEY))
                            .signingKey(secret(32, STATIC_SIGNING_KEY)).build();
                case WRAPPED:
                    return WrappedProvider.builder()
                            .addWrappingKey(WrappingKey.aes("bench-wrap", secret(32, 3)))
                            .addSigningKey("bench-sign", secret(32, 4))
                            .build();
                default:
                    throw new AssertionError(this);
            }
        }
    }

    /** The Database Encryption SDK's two algorithm suites. */
    public enum EsdkSuite {
        /**
         * {@code ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY_SYMSIG_HMAC_SHA384}, suite id 0x6700:
         * AES-256-GCM, HKDF-SHA-512, key commitment, HMAC-SHA-384, no asymmetric signature.
         */
        HMAC(DBEAlgorithmSuiteId.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY_SYMSIG_HMAC_SHA384),
        /**
         * {@code ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384_SYMSIG_HMAC_SHA384}, suite id
         * 0x6701, the library's default: as {@link #HMAC} plus an ECDSA P-384 signature per item.
         */
        ECDSA(DBEAlgorithmSuiteId.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384_SYMSIG_HMAC_SHA384);

        final DBEAlgorithmSuiteId id;

        EsdkSuite(DBEAlgorithmSuiteId id) {
            this.id = id;
        }
    }

    /** A Coffer encryptor for {@link #TABLE}. */
    public static ItemEncryptor coffer(Provider provider) {
        return ItemEncryptor.create(TableConfig.builder()
                .tableName(TABLE)
                .partitionKey(Shape.PK)
                .sortKey(Shape.SK)
                .materialsProvider(provider.create())
                .build());
    }

    /** The legacy DynamoDB Encryption Client with a {@link SymmetricStaticProvider} (AES + HMAC-SHA-256). */
    public static DynamoDBEncryptor legacy() {
        return DynamoDBEncryptor.getInstance(new SymmetricStaticProvider(
                new SecretKeySpec(bytes(32, 5), "AES"), new SecretKeySpec(bytes(32, 6), "HmacSHA256")));
    }

    /** The legacy client's context for {@link #TABLE}. */
    public static EncryptionContext legacyContext() {
        return new EncryptionContext.Builder().withTableName(TABLE).withHashKeyName(Shape.PK)
                .withRangeKeyName(Shape.SK).build();
    }

    /** The legacy client's flags for an item: keys sign-only, everything else encrypted and signed. */
    public static Map<String, Set<EncryptionFlags>> legacyFlags(Set<String> attributes) {
        Map<String, Set<EncryptionFlags>> flags = new LinkedHashMap<>();
        for (String name : attributes) {
            flags.put(name, isKey(name) ? EnumSet.of(EncryptionFlags.SIGN)
                    : EnumSet.of(EncryptionFlags.ENCRYPT, EncryptionFlags.SIGN));
        }
        return Collections.unmodifiableMap(flags);
    }

    /** A Database Encryption SDK item encryptor with a raw AES keyring (AES-256-GCM wrapping). */
    public static DynamoDbItemEncryptor esdk(EsdkSuite suite, Set<String> attributes) {
        MaterialProviders mpl = MaterialProviders.builder()
                .MaterialProvidersConfig(MaterialProvidersConfig.builder().build())
                .build();
        IKeyring keyring = mpl.CreateRawAesKeyring(CreateRawAesKeyringInput.builder()
                .keyNamespace("bench")
                .keyName("bench-aes")
                .wrappingKey(ByteBuffer.wrap(bytes(32, 7)))
                .wrappingAlg(AesWrappingAlg.ALG_AES256_GCM_IV12_TAG16)
                .build());
        Map<String, CryptoAction> actions = new LinkedHashMap<>();
        for (String name : attributes) {
            actions.put(name, isKey(name) ? CryptoAction.SIGN_ONLY : CryptoAction.ENCRYPT_AND_SIGN);
        }
        return DynamoDbItemEncryptor.builder()
                .DynamoDbItemEncryptorConfig(DynamoDbItemEncryptorConfig.builder()
                        .logicalTableName(TABLE)
                        .partitionKeyName(Shape.PK)
                        .sortKeyName(Shape.SK)
                        .attributeActionsOnEncrypt(actions)
                        .keyring(keyring)
                        .algorithmSuiteId(suite.id)
                        .build())
                .build();
    }

    private static boolean isKey(String name) {
        return Shape.PK.equals(name) || Shape.SK.equals(name);
    }

    /** {@code n} bytes counting up from {@code start}: fixed, obviously non-secret benchmark keys. */
    static byte[] bytes(int n, int start) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (start * 31 + i);
        }
        return b;
    }

    private static SecretBytes secret(int n, int start) {
        return SecretBytes.copyOf(bytes(n, start));
    }
}
