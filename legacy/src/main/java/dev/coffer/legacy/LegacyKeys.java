package dev.coffer.legacy;

import dev.coffer.ConfigurationException;
import dev.coffer.legacy.internal.DispatchSource;
import dev.coffer.legacy.internal.KeySource;
import dev.coffer.legacy.internal.KmsSource;
import dev.coffer.legacy.internal.LegacyCrypto;
import dev.coffer.legacy.internal.MetaStoreSource;
import dev.coffer.legacy.internal.StaticSource;
import dev.coffer.legacy.internal.WrappedSource;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Collection;
import java.util.List;
import javax.crypto.SecretKey;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The keys a legacy table was written with, one factory per legacy materials provider, configured
 * with plain JCE keys, a KMS key ARN or a meta-store table name (never SDK v1 objects):
 *
 * <ul>
 *   <li>{@link #symmetricStatic}: the legacy {@code SymmetricStaticProvider} (an AES key, and an
 *       HMAC key or an RSA public key for signatures).</li>
 *   <li>{@link #wrapped}: the legacy {@code WrappedMaterialsProvider} and
 *       {@code AsymmetricStaticProvider} (the per-item content key unwrapped with an AES key
 *       (AESWrap) or an RSA private key (RSA-OAEP)).</li>
 *   <li>{@link #directKms}: the legacy {@code DirectKmsMaterialProvider}, through the SDK v2
 *       {@link KmsClient}, pinned to the given key ARNs.</li>
 *   <li>{@link #mostRecent}: the legacy {@code MostRecentProvider} and
 *       {@code CachingMostRecentProvider}, reading material versions from the meta-store table
 *       through the SDK v2 {@link DynamoDbClient}.</li>
 *   <li>{@link #combine}: a table written with several of these over time.</li>
 * </ul>
 *
 * <p>Only the decryption side of each key is needed: the reader never writes legacy items.
 * Every invalid argument, null included, is a {@link ConfigurationException}.
 *
 * <pre>{@code
 * LegacyKeys keys = LegacyKeys.directKms(KmsClient.create(),
 *         "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
 * LegacyKeys rsa = LegacyKeys.wrapped(keyPair.getPrivate(), keyPair.getPublic());
 * LegacyKeys meta = LegacyKeys.mostRecent(DynamoDbClient.create(), "legacy-meta-store",
 *         LegacyKeys.directKms(KmsClient.create(), metaStoreKeyArn));
 * }</pre>
 *
 * <p>Thread-safety: immutable and thread-safe; the SDK clients given are thread-safe and are not
 * closed by Coffer. The most-recent keys cache material versions (see {@link #mostRecent}).
 */
public final class LegacyKeys {
    private final KeySource source;
    private final DispatchSource.Kind kind;

    private LegacyKeys(KeySource source, DispatchSource.Kind kind) {
        this.source = source;
        this.kind = kind;
    }

    /**
     * The legacy symmetric static provider: every item's values under {@code encryptionKey} (AES,
     * 128, 192 or 256 bits), signatures verified with {@code verificationKey}: an HMAC key whose
     * algorithm names the MAC ({@code HmacSHA256}, {@code HmacSHA384}, ...) or an RSA public key
     * (SHA256withRSA or SHA384withRSA, as the item records).
     */
    public static LegacyKeys symmetricStatic(SecretKey encryptionKey, Key verificationKey) {
        LegacyCrypto.checkAesKey(encryptionKey, "legacy symmetric static keys");
        LegacyCrypto.checkVerificationKey(verificationKey, "legacy symmetric static keys");
        return new LegacyKeys(new StaticSource(encryptionKey, verificationKey), DispatchSource.Kind.STATIC);
    }

    /**
     * The legacy wrapped provider (and the asymmetric static provider, which is a wrapped provider
     * with a key pair): each item's content key is unwrapped with {@code unwrappingKey}, an AES key
     * (AESWrap) or an RSA private key (RSA-OAEP as Java's JCE does it: the item's digest, MGF1 with
     * SHA-1); signatures are verified with {@code verificationKey} (HMAC key or RSA public key).
     */
    public static LegacyKeys wrapped(Key unwrappingKey, Key verificationKey) {
        String what = "legacy wrapped keys";
        if (unwrappingKey instanceof SecretKey s) {
            LegacyCrypto.checkAesKey(s, what + " (AESWrap unwrapping key)");
        } else if (unwrappingKey instanceof PrivateKey p) {
            if (!"RSA".equals(p.getAlgorithm())) {
                throw new ConfigurationException(what + ": the unwrapping private key must be an RSA key, not " + p.getAlgorithm());
            }
        } else {
            throw new ConfigurationException(what + ": the unwrapping key must be an AES SecretKey or an RSA PrivateKey"
                    + (unwrappingKey == null ? ", not null" : (unwrappingKey instanceof PublicKey
                    ? " (a public key wraps; reading needs the private key)" : "")));
        }
        LegacyCrypto.checkVerificationKey(verificationKey, what);
        return new LegacyKeys(new WrappedSource(unwrappingKey, verificationKey), DispatchSource.Kind.WRAPPED);
    }

    /**
     * The legacy direct-KMS provider: each item's secret is decrypted by KMS with one of
     * {@code keyArns} named in the request (key pinning: an item written under another key is
     * refused by KMS and then by Coffer), under the legacy encryption context (docs/legacy.md).
     * Give full key ARNs ({@code arn:aws:kms:region:account:key/id}), as the legacy provider was
     * configured; aliases are refused because KMS answers with the key ARN.
     */
    public static LegacyKeys directKms(KmsClient kmsClient, Collection<String> keyArns) {
        if (kmsClient == null) {
            throw new ConfigurationException("legacy direct-KMS keys: the KmsClient must not be null");
        }
        if (keyArns == null || keyArns.isEmpty()) {
            throw new ConfigurationException("legacy direct-KMS keys: give at least one KMS key ARN the table was written with");
        }
        for (String arn : keyArns) {
            if (arn == null || !arn.matches("arn:[a-z-]+:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+")) {
                throw new ConfigurationException("legacy direct-KMS keys: '" + arn + "' is not a KMS key ARN "
                        + "(arn:aws:kms:<region>:<account>:key/<id>); aliases and bare key ids are not accepted");
            }
        }
        return new LegacyKeys(new KmsSource(kmsClient, List.copyOf(keyArns)), DispatchSource.Kind.DIRECT_KMS);
    }

    /** {@link #directKms(KmsClient, Collection)} with the key ARNs as arguments. */
    public static LegacyKeys directKms(KmsClient kmsClient, String... keyArns) {
        return directKms(kmsClient, keyArns == null ? null : java.util.Arrays.asList(keyArns));
    }

    /**
     * The legacy most-recent provider: each item names a material version; its keys are read (one
     * consistent {@code GetItem}) from meta-store table {@code metaStoreTable} and verified and
     * decrypted with {@code metaStoreKeys}, the keys the meta-store was written with (usually
     * {@link #directKms} or {@link #wrapped}). A version's keys never change, so they are cached
     * after the first read (at most 1,000 versions, single-flight per version; a failed read is not
     * cached).
     */
    public static LegacyKeys mostRecent(DynamoDbClient dynamoDbClient, String metaStoreTable, LegacyKeys metaStoreKeys) {
        if (dynamoDbClient == null) {
            throw new ConfigurationException("legacy most-recent keys: the DynamoDbClient must not be null");
        }
        if (metaStoreTable == null || metaStoreTable.isEmpty()) {
            throw new ConfigurationException("legacy most-recent keys: give the meta-store table name");
        }
        if (metaStoreKeys == null) {
            throw new ConfigurationException("legacy most-recent keys: give the keys the meta-store table '"
                    + metaStoreTable + "' was written with");
        }
        return new LegacyKeys(new MetaStoreSource(dynamoDbClient, metaStoreTable, metaStoreKeys.source,
                LegacyItemReader.DEFAULT_DESCRIPTION_ATTRIBUTE, LegacyItemReader.DEFAULT_SIGNATURE_ATTRIBUTE),
                DispatchSource.Kind.MOST_RECENT);
    }

    /**
     * Keys for a table written with several legacy providers over time (for example static keys
     * first, direct KMS later), at most one of each kind. Each item is read with the keys of the
     * provider kind its material description shows (direct KMS: {@code amzn-ddb-wrap-alg} is
     * {@code kms}; most recent: it has {@code amzn-ddb-meta-id}; wrapped: another
     * {@code amzn-ddb-env-key}; static: none of these), without trial decryption. An item of a kind
     * not given is a {@link dev.coffer.MaterialsException}.
     */
    public static LegacyKeys combine(LegacyKeys... keys) {
        if (keys == null || keys.length == 0) {
            throw new ConfigurationException("legacy keys: combine(...) needs at least one LegacyKeys");
        }
        java.util.Map<DispatchSource.Kind, KeySource> byKind = new java.util.EnumMap<>(DispatchSource.Kind.class);
        for (LegacyKeys k : keys) {
            if (k == null || k.kind == null) {
                throw new ConfigurationException("legacy keys: combine(...) takes the keys of single providers, not null "
                        + "or an already combined LegacyKeys");
            }
            if (byKind.put(k.kind, k.source) != null) {
                throw new ConfigurationException("legacy keys: combine(...) got two " + k.kind.name().toLowerCase(java.util.Locale.ROOT)
                        + " keys; items do not say which of two keys of one kind wrote them (for several KMS keys, "
                        + "give them all to one directKms(...))");
            }
        }
        return new LegacyKeys(new DispatchSource(byKind), null);
    }

    KeySource source() {
        return source;
    }

    /** The provider kind and algorithms, never key material. */
    @Override
    public String toString() {
        return "LegacyKeys{" + source.describe() + "}";
    }
}
