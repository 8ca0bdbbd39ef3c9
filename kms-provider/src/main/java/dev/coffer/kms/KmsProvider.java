package dev.coffer.kms;

import dev.coffer.ConfigurationException;
import dev.coffer.MaterialsException;
import dev.coffer.kms.KmsMaterialsException.Reason;
import dev.coffer.kms.internal.DiscoveryKeyTrust;
import dev.coffer.kms.internal.KeyArn;
import dev.coffer.kms.internal.KeyTrust;
import dev.coffer.kms.internal.KmsContext;
import dev.coffer.kms.internal.KmsErrors;
import dev.coffer.kms.internal.PinnedKeyTrust;
import dev.coffer.materials.spi.DecryptionMaterials;
import dev.coffer.materials.spi.EncryptionContext;
import dev.coffer.materials.spi.EncryptionMaterials;
import dev.coffer.materials.spi.MaterialsDescription;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.SignatureKeyPair;
import dev.coffer.telemetry.CofferTelemetry;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

/**
 * Direct AWS KMS materials: a fresh AES-256 data key from KMS {@code GenerateDataKey} for every item
 * written, and one KMS {@code Decrypt} for every item read. Coffer derives each item's encryption
 * and signing keys from that data key, so KMS alone decides who can read an item, every use of the
 * key is a CloudTrail event, and disabling or revoking the key stops reads and writes.
 *
 * <p><b>Encryption context.</b> Every KMS call carries an encryption context naming the table
 * (logical name), the partition and sort key names, the key values ({@code S} as is, {@code N} in
 * DynamoDB's canonical form, {@code B} in base64), and the Coffer format version. KMS refuses to
 * decrypt a data key under any other context, and each CloudTrail {@code Decrypt} event shows which
 * table and item it served. The exact keys are listed in docs/kms.md. Wrapped in a
 * {@link dev.coffer.materials.CachingProvider}, the provider receives table-scoped contexts and
 * sends the table and key names only (one data key serves many items of a table).
 *
 * <p><b>Asymmetric suite.</b> For a table on
 * {@link dev.coffer.AlgorithmSuite#AES_GCM_HMAC_SHA256_ECDSA_P256}, each {@code GenerateDataKey}
 * comes with a fresh ECDSA P-256 key pair: its public key goes into the KMS encryption context
 * ({@code coffer:public-key}) and the header (parameter {@code pk}), its private key into the
 * encryption materials only, so it lives as long as the data key (per item, or per cache entry
 * under a {@link dev.coffer.materials.CachingProvider}) and is never stored. Readers verify with
 * the public key KMS authenticated while decrypting the data key, so only a principal allowed
 * {@code kms:GenerateDataKey} or {@code kms:Encrypt} can choose it; a principal allowed only
 * {@code kms:Decrypt} can read items but not forge them (docs/kms.md).
 *
 * <p><b>Which keys are trusted.</b> Items record the key ARN KMS returned when they were written
 * (aliases resolved). Reading is pinned by default: the provider decrypts only items whose key is
 * among {@link Builder#decryptionKeys} (plus the encryption key, if given as a key ARN), always
 * passes that key id to KMS, and refuses any other item without calling KMS. A multi-Region key
 * matches its replicas: an item written under {@code mrk-...} in one region is decrypted by the
 * configured replica of the same key in this provider's region. Discovery mode
 * ({@link Builder#discovery}) instead trusts any key of the listed AWS accounts; it is opt-in.
 * Writing checks the same rule: an item is not written under a key this provider would refuse to
 * read.
 *
 * <p><b>Failures</b> are {@link KmsMaterialsException}s with a {@link KmsMaterialsException.Reason}
 * and a message naming the table, the operation, the key and what to do. There is no fallback: a
 * failed {@code GenerateDataKey} means no item, a failed {@code Decrypt} means no plaintext. Retries
 * are the SDK's (configure them on the {@code KmsClient}).
 *
 * <pre>{@code
 * KmsProvider provider = KmsProvider.builder()
 *         .kmsClient(KmsClient.create())
 *         .encryptionKey("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
 *         .build();
 * ItemEncryptor encryptor = ItemEncryptor.create(TableConfig.builder()
 *         .tableName("orders").partitionKey("customer_id").sortKey("order_id")
 *         .materialsProvider(provider)
 *         .build());
 * }</pre>
 *
 * <p>Thread-safety: safe to share after {@code build()}: its configuration is immutable, the SDK
 * clients are thread-safe, and the per-region clients of a supplier are kept in a concurrent map
 * (asked for once per region); the builder is not. The provider does not close the clients it is given.
 */
public final class KmsProvider implements MaterialsProvider {
    /** The provider id written into item headers. */
    public static final String PROVIDER_ID = "kms";
    /** Description parameter: which KMS encryption context the data key was bound to. */
    static final String PARAM_CONTEXT = "ec";
    static final String CONTEXT_ITEM = "item";
    static final String CONTEXT_TABLE = "table";
    /** Description parameter: the ECDSA public key (asymmetric suite), also in the KMS encryption context. */
    static final String PARAM_PUBLIC_KEY = "pk";

    private static final int DATA_KEY_BYTES = 32;
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

    private final KmsClient kmsClient;
    private final Function<Region, KmsClient> clientSupplier;
    private final String homeRegion;
    private final Map<String, KmsClient> clientsByRegion = new ConcurrentHashMap<>();
    private final String encryptionKey;
    private final KeyArn encryptionKeyArn;
    private final List<String> configuredDecryptionKeys;
    /** Pinned or discovery, chosen in {@link Builder#build()}; the one place the two modes differ. */
    private final KeyTrust keyTrust;
    private final List<String> grantTokens;

    private KmsProvider(Builder b, KeyTrust keyTrust, String homeRegion) {
        this.kmsClient = b.kmsClient;
        this.clientSupplier = b.clientSupplier;
        this.homeRegion = homeRegion;
        this.encryptionKey = b.encryptionKey;
        this.encryptionKeyArn = b.encryptionKey == null ? null : KeyArn.parse(b.encryptionKey).orElse(null);
        this.configuredDecryptionKeys = List.copyOf(b.decryptionKeys);
        this.keyTrust = keyTrust;
        this.grantTokens = List.copyOf(b.grantTokens);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().encryptionKey(encryptionKey).decryptionKeys(configuredDecryptionKeys)
                .grantTokens(grantTokens);
        if (kmsClient != null) {
            b.kmsClient(kmsClient);
        } else {
            b.kmsClientSupplier(clientSupplier);
        }
        if (keyTrust instanceof DiscoveryKeyTrust discovery) {
            b.discovery(PartitionMetadata.of(discovery.partition()), discovery.accounts());
        }
        return b;
    }

    /** The key new items are encrypted under, as configured; empty for a decrypt-only provider. */
    public Optional<String> encryptionKey() {
        return Optional.ofNullable(encryptionKey);
    }

    /** The key ARNs items may name when read (strict mode), the encryption key ARN included. */
    public List<String> decryptionKeys() {
        List<KeyArn> keys = keyTrust.keys();
        List<String> out = new ArrayList<>(keys.size());
        keys.forEach(k -> out.add(k.toString()));
        return Collections.unmodifiableList(out);
    }

    /** Whether reads trust any key of the allowed accounts instead of a fixed set of keys. */
    public boolean isDiscovery() {
        return keyTrust instanceof DiscoveryKeyTrust;
    }

    @Override
    public EncryptionMaterials encryptionMaterials(EncryptionContext context) {
        String table = context.tableName();
        if (encryptionKey == null) {
            throw new MaterialsException("kms provider: table '" + table + "': this provider has no encryption key, "
                    + "so it can only read; set encryptionKey(...) to write items");
        }
        SignatureKeyPair signatureKeys = context.algorithmSuite().isAsymmetric() ? SignatureKeyPair.generate() : null;
        String publicKey = signatureKeys == null ? null : signatureKeys.publicKeyText();
        Map<String, String> kmsContext = kmsContext(context, publicKey);
        KmsClient client = client(encryptionKeyArn == null ? homeRegion : encryptionKeyArn.region());
        GenerateDataKeyResponse r;
        try {
            r = CofferTelemetry.kmsCall("GenerateDataKey", table, "KmsProvider", () -> client.generateDataKey(b -> b
                    .keyId(encryptionKey).keySpec(DataKeySpec.AES_256).encryptionContext(kmsContext).grantTokens(grantTokens)));
        } catch (SdkException e) {
            throw KmsErrors.map(e, table, "GenerateDataKey", encryptionKey);
        }
        byte[] plaintext = r.plaintext() == null ? new byte[0] : r.plaintext().asByteArrayUnsafe();
        try {
            KeyArn used = KeyArn.parse(r.keyId()).filter(KeyArn::isKey).orElseThrow(() -> new KmsMaterialsException(
                    "kms provider: table '" + table + "': GenerateDataKey on " + encryptionKey + " returned key id '"
                            + r.keyId() + "', which is not a key ARN; nothing was written", Reason.OTHER, encryptionKey,
                    "GenerateDataKey", null));
            if (encryptionKeyArn != null && encryptionKeyArn.isKey() && !encryptionKeyArn.equals(used)) {
                throw new KmsMaterialsException("kms provider: table '" + table + "': KMS used key " + used
                        + " for GenerateDataKey on " + encryptionKey + "; nothing was written",
                        Reason.KEY_NOT_ALLOWED, used.toString(), "GenerateDataKey", null);
            }
            if (keyTrust.decryptionKey(used).isEmpty()) {
                throw new KmsMaterialsException("kms provider: table '" + table + "': encryption key " + encryptionKey
                        + " resolves to " + used + ", which this provider would refuse to decrypt ("
                        + keyTrust.describe() + "); nothing was written. " + keyTrust.remedy(),
                        Reason.KEY_NOT_ALLOWED, used.toString(), "GenerateDataKey", null);
            }
            if (plaintext.length != DATA_KEY_BYTES || r.ciphertextBlob() == null
                    || r.ciphertextBlob().asByteArrayUnsafe().length == 0) {
                throw new KmsMaterialsException("kms provider: table '" + table + "': GenerateDataKey on " + used
                        + " returned a " + plaintext.length + "-byte data key (expected " + DATA_KEY_BYTES
                        + ") or no ciphertext; nothing was written", Reason.OTHER, used.toString(), "GenerateDataKey", null);
            }
            MaterialsDescription.Builder description = MaterialsDescription.builder()
                    .providerId(PROVIDER_ID)
                    .keyId(used.toString())
                    .wrappedKey(r.ciphertextBlob().asByteArrayUnsafe())
                    .parameter(PARAM_CONTEXT, context.isItemScoped() ? CONTEXT_ITEM : CONTEXT_TABLE);
            if (publicKey != null) {
                description.parameter(PARAM_PUBLIC_KEY, publicKey);
            }
            return EncryptionMaterials.builder().description(description.build()).dataKey(SecretBytes.copyOf(plaintext))
                    .signatureKeyPair(signatureKeys).build();
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    @Override
    public DecryptionMaterials decryptionMaterials(EncryptionContext context, MaterialsDescription description) {
        String table = context.tableName();
        if (!PROVIDER_ID.equals(description.providerId())) {
            throw new MaterialsException("kms provider: table '" + table + "': item was protected by provider '"
                    + description.providerId() + "' (key '" + description.keyId() + "'), not by KMS; configure that "
                    + "provider for this table");
        }
        KeyArn itemKey = KeyArn.parse(description.keyId()).filter(KeyArn::isKey).orElseThrow(() -> new MaterialsException(
                "kms provider: table '" + table + "': item names KMS key '" + description.keyId()
                        + "', which is not a key ARN; the item header is corrupt"));
        EncryptionContext bound = boundContext(context, description.parameter(PARAM_CONTEXT).orElse(null), itemKey);
        KeyArn key = keyTrust.decryptionKey(itemKey).orElseThrow(() -> new KmsMaterialsException("kms provider: "
                + "table '" + table + "': item was encrypted under KMS key " + itemKey + ", which this provider does "
                + "not trust (" + keyTrust.describe() + "); KMS was not called. " + keyTrust.remedy(),
                Reason.KEY_NOT_ALLOWED, itemKey.toString(), null, null));
        String publicKey = description.parameter(PARAM_PUBLIC_KEY).orElse(null);
        ECPublicKey verificationKey = null;
        if (publicKey != null) {
            try {
                verificationKey = SignatureKeyPair.decodePublicKey(publicKey);
            } catch (IllegalArgumentException e) {
                throw new MaterialsException("kms provider: table '" + table + "': item header's ECDSA public key "
                        + "(parameter " + PARAM_PUBLIC_KEY + ") is malformed: " + e.getMessage() + "; the item was "
                        + "modified. KMS was not called");
            }
        } else if (context.algorithmSuite().isAsymmetric()) {
            throw new MaterialsException("kms provider: table '" + table + "': item is signed with ECDSA ("
                    + context.algorithmSuite() + ") but its header names no public key (parameter " + PARAM_PUBLIC_KEY
                    + "); the item was modified. KMS was not called");
        }
        Map<String, String> kmsContext = kmsContext(bound, publicKey);
        KmsClient client = client(key.region());
        DecryptResponse r;
        try {
            r = CofferTelemetry.kmsCall("Decrypt", table, "KmsProvider", () -> client.decrypt(b -> b.keyId(key.toString())
                    .ciphertextBlob(SdkBytes.fromByteArrayUnsafe(description.wrappedKey()))
                    .encryptionContext(kmsContext)
                    .encryptionAlgorithm(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT)
                    .grantTokens(grantTokens)));
        } catch (SdkException e) {
            throw KmsErrors.map(e, table, "Decrypt", key.toString());
        }
        byte[] plaintext = r.plaintext() == null ? new byte[0] : r.plaintext().asByteArrayUnsafe();
        try {
            if (!key.toString().equals(r.keyId())) {
                throw new KmsMaterialsException("kms provider: table '" + table + "': Decrypt with key " + key
                        + " was answered by key '" + r.keyId() + "'; the data key is not used", Reason.KEY_NOT_ALLOWED,
                        key.toString(), "Decrypt", null);
            }
            if (plaintext.length != DATA_KEY_BYTES) {
                throw new KmsMaterialsException("kms provider: table '" + table + "': Decrypt with key " + key
                        + " returned a " + plaintext.length + "-byte data key, expected " + DATA_KEY_BYTES
                        + "; the item header is corrupt", Reason.OTHER, key.toString(), "Decrypt", null);
            }
            // KMS decrypted under a context holding publicKey: only a principal allowed to generate or
            // encrypt data keys under this context can have chosen it.
            return DecryptionMaterials.builder().dataKey(SecretBytes.copyOf(plaintext)).verificationKey(verificationKey)
                    .build();
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** The context the item's data key was bound to, from the {@code ec} parameter. */
    private static EncryptionContext boundContext(EncryptionContext context, String scope, KeyArn itemKey) {
        if (CONTEXT_TABLE.equals(scope)) {
            return context.tableScope();
        }
        if (CONTEXT_ITEM.equals(scope)) {
            if (!context.isItemScoped()) {
                throw new MaterialsException("kms provider: table '" + context.tableName() + "': item's data key (key "
                        + itemKey + ") is bound to the item's primary key, but the provider was given no key values");
            }
            return context;
        }
        throw new MaterialsException("kms provider: table '" + context.tableName() + "': item header has KMS context "
                + "scope '" + scope + "' (expected 'item' or 'table'); it was written by a newer Coffer or is corrupt");
    }

    private static Map<String, String> kmsContext(EncryptionContext context, String publicKey) {
        try {
            return KmsContext.of(context, publicKey);
        } catch (RuntimeException e) {
            throw new MaterialsException("kms provider: table '" + context.tableName() + "': cannot build the KMS "
                    + "encryption context: the primary key is not a valid DynamoDB key value", e);
        }
    }

    private KmsClient client(String region) {
        if (kmsClient != null) {
            return kmsClient;
        }
        return clientsByRegion.computeIfAbsent(region, r -> {
            KmsClient c = clientSupplier.apply(Region.of(r));
            if (c == null) {
                throw new MaterialsException("kms provider: kmsClientSupplier returned no KmsClient for region " + r
                        + "; it must supply a client for every region a configured or discovered key lives in");
            }
            return c;
        });
    }

    /**
     * Same KMS key and settings: the public key of suite 0x02 ({@value #PARAM_PUBLIC_KEY}) is fresh
     * with every data key, so it is not compared.
     */
    @Override
    public boolean sameKeys(MaterialsDescription stored, MaterialsDescription current) {
        return stored.sameKeysAs(current, PARAM_PUBLIC_KEY::equals);
    }

    @Override
    public String toString() {
        return "KmsProvider{encryptionKey=" + encryptionKey + ", " + keyTrust.summary()
                + (homeRegion == null ? ", per-region clients" : ", region=" + homeRegion) + "}";
    }

    /** Builds a {@link KmsProvider}. Not thread-safe. */
    public static final class Builder {
        private KmsClient kmsClient;
        private Function<Region, KmsClient> clientSupplier;
        private String encryptionKey;
        private final List<String> decryptionKeys = new ArrayList<>();
        private String discoveryPartition;
        private List<String> discoveryAccounts;
        private final List<String> grantTokens = new ArrayList<>();

        private Builder() {
        }

        /** The KMS client for every call; its region is the provider's region. */
        public Builder kmsClient(KmsClient kmsClient) {
            this.kmsClient = kmsClient;
            return this;
        }

        /**
         * Instead of one client: a client per region (the region of the key ARN in use), asked once
         * per region and kept. The provider does not close them.
         */
        public Builder kmsClientSupplier(Function<Region, KmsClient> clientSupplier) {
            this.clientSupplier = clientSupplier;
            return this;
        }

        /**
         * The KMS key new items are encrypted under: a key ARN (recommended), an alias ARN, or with
         * a single client also an alias name ({@code alias/orders}) or key id. Items record the key
         * ARN KMS resolved it to. Not needed for a provider that only reads.
         */
        public Builder encryptionKey(String keyId) {
            this.encryptionKey = keyId;
            return this;
        }

        /**
         * Key ARNs (not aliases) whose items this provider decrypts, besides the encryption key if
         * that is a key ARN. Needed when the encryption key is an alias, and to keep reading items
         * written under a previous key.
         */
        public Builder decryptionKeys(Collection<String> keyArns) {
            if (keyArns == null || keyArns.stream().anyMatch(k -> k == null)) {
                throw new ConfigurationException("kms provider: decryptionKeys(...) must not be null or hold null; pass "
                        + "an empty list for none");
            }
            decryptionKeys.clear();
            decryptionKeys.addAll(keyArns);
            return this;
        }

        /** See {@link #decryptionKeys(Collection)}. */
        public Builder decryptionKeys(String... keyArns) {
            return decryptionKeys(keyArns == null ? null : Arrays.asList(keyArns));
        }

        /**
         * Discovery mode: decrypt items under any key of these AWS accounts in this partition
         * ({@code PartitionMetadata.of("aws")}, or {@code PartitionMetadata.of(region)} for the
         * partition of a region), instead of a fixed key set. Opt-in and weaker than pinning: anyone
         * who can write to the table and owns a key in those accounts can get items accepted.
         */
        public Builder discovery(PartitionMetadata partition, Collection<String> accountIds) {
            this.discoveryPartition = partition == null ? "" : partition.id();
            this.discoveryAccounts = accountIds == null ? null : new ArrayList<>(accountIds);
            return this;
        }

        /** See {@link #discovery(PartitionMetadata, Collection)}. */
        public Builder discovery(PartitionMetadata partition, String... accountIds) {
            return discovery(partition, accountIds == null ? null : Arrays.asList(accountIds));
        }

        /** Grant tokens sent with every KMS call (for grants not yet eventually consistent). */
        public Builder grantTokens(Collection<String> tokens) {
            if (tokens == null || tokens.stream().anyMatch(t -> t == null)) {
                throw new ConfigurationException("kms provider: grantTokens(...) must not be null or hold null; pass an "
                        + "empty list for none");
            }
            grantTokens.clear();
            grantTokens.addAll(tokens);
            return this;
        }

        /** See {@link #grantTokens(Collection)}. */
        public Builder grantTokens(String... tokens) {
            return grantTokens(tokens == null ? null : Arrays.asList(tokens));
        }

        public KmsProvider build() {
            if ((kmsClient == null) == (clientSupplier == null)) {
                throw new ConfigurationException("kms provider: set exactly one of kmsClient(...) and kmsClientSupplier(...)");
            }
            String home = null;
            if (kmsClient != null) {
                Region r = kmsClient.serviceClientConfiguration().region();
                if (r == null) {
                    throw new ConfigurationException("kms provider: the KmsClient has no region; build it with .region(...)");
                }
                home = r.id();
            }
            for (String t : grantTokens) {
                if (t == null || t.isEmpty()) {
                    throw new ConfigurationException("kms provider: grant tokens must not be null or empty");
                }
            }
            KeyArn encArn = checkEncryptionKey(home);
            List<KeyArn> keys = checkDecryptionKeys(home);
            KeyTrust trust;
            if (discoveryPartition != null || discoveryAccounts != null) {
                checkDiscovery();
                if (encArn != null && (!discoveryPartition.equals(encArn.partition())
                        || !discoveryAccounts.contains(encArn.account()))) {
                    throw new ConfigurationException("kms provider: encryption key " + encryptionKey + " is outside the "
                            + "discovery allow-list (partition " + discoveryPartition + ", accounts " + discoveryAccounts
                            + "), so items it writes could not be read back; add its account to discovery(...)");
                }
                trust = new DiscoveryKeyTrust(discoveryPartition, discoveryAccounts, home);
            } else {
                if (encArn != null && encArn.isKey() && !keys.contains(encArn)) {
                    keys.add(0, encArn);
                }
                if (keys.isEmpty()) {
                    throw new ConfigurationException(encryptionKey == null
                            ? "kms provider: nothing to decrypt with: set encryptionKey(...) to a key ARN, "
                                    + "decryptionKeys(...) to the key ARNs to trust, or discovery(...)"
                            : "kms provider: encryption key '" + encryptionKey + "' is not a key ARN, so reads cannot be "
                                    + "pinned to it: list the key ARN(s) it resolves to with decryptionKeys(...), or use "
                                    + "the key ARN as encryptionKey");
                }
                trust = new PinnedKeyTrust(keys);
            }
            return new KmsProvider(this, trust, home);
        }

        private KeyArn checkEncryptionKey(String home) {
            if (encryptionKey == null) {
                return null;
            }
            if (encryptionKey.isEmpty()) {
                throw new ConfigurationException("kms provider: encryptionKey must not be empty");
            }
            Optional<KeyArn> arn = KeyArn.parse(encryptionKey);
            if (encryptionKey.startsWith("arn:") && arn.isEmpty()) {
                throw new ConfigurationException("kms provider: encryptionKey '" + encryptionKey + "' is not a KMS key or "
                        + "alias ARN (arn:aws:kms:<region>:<account>:key/<id> or .../alias/<name>)");
            }
            if (arn.isEmpty() && home == null) {
                throw new ConfigurationException("kms provider: with kmsClientSupplier the encryption key must be an ARN "
                        + "(the region comes from it), was '" + encryptionKey + "'");
            }
            if (arn.isPresent() && home != null && !home.equals(arn.get().region())) {
                throw new ConfigurationException("kms provider: encryption key " + encryptionKey + " is in region "
                        + arn.get().region() + " but the KmsClient is for " + home + "; use a key (or multi-Region "
                        + "replica) in " + home + ", or kmsClientSupplier(...)");
            }
            return arn.orElse(null);
        }

        private List<KeyArn> checkDecryptionKeys(String home) {
            List<KeyArn> keys = new ArrayList<>();
            if (!decryptionKeys.isEmpty() && (discoveryPartition != null || discoveryAccounts != null)) {
                throw new ConfigurationException("kms provider: set either decryptionKeys(...) (strict) or "
                        + "discovery(...), not both");
            }
            for (String k : decryptionKeys) {
                KeyArn arn = KeyArn.parse(k).orElse(null);
                if (arn == null || !arn.isKey()) {
                    throw new ConfigurationException("kms provider: decryption key '" + k + "' is not a key ARN "
                            + "(arn:aws:kms:<region>:<account>:key/<id>). Aliases are not accepted here: they can be "
                            + "repointed, and reads are pinned to keys. Find the ARN with "
                            + "'aws kms describe-key --key-id " + k + "'");
                }
                if (home != null && !home.equals(arn.region())) {
                    throw new ConfigurationException("kms provider: decryption key " + k + " is in region " + arn.region()
                            + " but the KmsClient is for " + home + (arn.isMultiRegionKey()
                                    ? "; list its replica in " + home + " instead (multi-Region keys match their replicas)"
                                    : "; use kmsClientSupplier(...) to reach other regions"));
                }
                if (!keys.contains(arn)) {
                    keys.add(arn);
                }
            }
            return keys;
        }

        private void checkDiscovery() {
            if (discoveryPartition == null || discoveryPartition.isEmpty()) {
                throw new ConfigurationException("kms provider: discovery needs a known partition, e.g. "
                        + "PartitionMetadata.of(\"aws\") or PartitionMetadata.of(region)");
            }
            if (discoveryAccounts == null || discoveryAccounts.isEmpty()) {
                throw new ConfigurationException("kms provider: discovery needs at least one AWS account id to trust; "
                        + "an empty allow-list would trust every account");
            }
            for (String a : discoveryAccounts) {
                if (a == null || !ACCOUNT.matcher(a).matches()) {
                    throw new ConfigurationException("kms provider: discovery account ids are 12 digits, was '" + a + "'");
                }
            }
        }
    }
}
