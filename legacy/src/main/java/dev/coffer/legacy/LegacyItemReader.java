package dev.coffer.legacy;

import dev.coffer.ConfigurationException;
import dev.coffer.CryptoAction;
import dev.coffer.IntegrityException;
import dev.coffer.InvalidItemException;
import dev.coffer.TableConfig;
import dev.coffer.legacy.internal.LegacyCodec.Flag;
import dev.coffer.legacy.internal.LegacyDecryptor;
import dev.coffer.migration.LegacyReader;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads items written by the legacy Amazon DynamoDB Encryption Client (Java 1.x/2.x on AWS SDK v1,
 * and the Python client): items carrying {@code *amzn-ddb-map-desc*} (material description) and
 * {@code *amzn-ddb-map-sig*} (signature). Natively: JCE and the AWS SDK v2 only.
 *
 * <p><b>What {@link #decrypt} guarantees.</b> It finds the item's keys ({@link LegacyKeys}),
 * verifies the signature over the stored item (HMAC compared in constant time, or RSA) before
 * anything is decrypted, then decrypts the encrypted values (AES-CBC). Any failure throws
 * ({@link dev.coffer.IntegrityException}: does not verify or decrypt;
 * {@link dev.coffer.MaterialsException}: keys not obtainable; {@link InvalidItemException}:
 * malformed) with a message naming the table, the attribute and the reason, and yields no
 * plaintext. What the legacy format itself does not protect (its material description is not
 * signed; values are AES-CBC under a separate MAC) is in docs/legacy.md.
 *
 * <p><b>Which attributes were encrypted.</b> The legacy format does not record it; the signature
 * covers each signed attribute with a flag saying whether it was encrypted, so the reader must be
 * told the same actions the writer used. By default they are the {@link TableConfig}'s passed to
 * {@link #decrypt} ({@link TableConfig#actionFor}, key attributes sign-only). If the legacy actions
 * differ from the Coffer table's, give them here: {@link Builder#action}, {@link Builder#actions}
 * and {@link Builder#defaultAction} replace the table's actions for legacy items. The legacy
 * {@code DynamoDBMapper}'s defaults are: key attributes and the {@code @DynamoDBVersionAttribute}
 * sign-only, {@code @DoNotEncrypt} sign-only, {@code @DoNotTouch} do-nothing, everything else
 * encrypt-and-sign.
 *
 * <p><b>Which table name.</b> Legacy signatures (and direct-KMS encryption contexts) cover the
 * name of the table the legacy client wrote to ({@code TABLE>name<TABLE}; the mapper's physical
 * table name). By default they are checked against {@link TableConfig#tableName()}, the table Coffer
 * reads, and deliberately not against {@link TableConfig#logicalTableName()}, which binds only
 * Coffer items: so a legacy item copied into another table fails, as with the legacy client. If the
 * table was renamed or restored under another name since, set {@link Builder#signedTableName}.
 *
 * <pre>{@code
 * LegacyItemReader legacy = LegacyItemReader.builder()
 *         .keys(LegacyKeys.directKms(kmsClient, "arn:aws:kms:us-west-2:111122223333:key/1234abcd-..."))
 *         .action("version", CryptoAction.SIGN_ONLY)   // the mapper's version attribute
 *         .build();
 * TableConfig table = TableConfig.builder().tableName("orders").partitionKey("customer_id")
 *         .sortKey("order_id").materialsProvider(cofferProvider).build();
 * if (legacy.recognizes(stored)) {
 *     Map<String, AttributeValue> plain = legacy.decrypt(stored, table);
 * }
 * }</pre>
 *
 * <p>Thread-safety: immutable and thread-safe after {@code build()}; one reader serves every
 * thread. The builder is not thread-safe.
 */
public final class LegacyItemReader implements LegacyReader {
    /** The legacy client's default material description attribute. */
    public static final String DEFAULT_DESCRIPTION_ATTRIBUTE = "*amzn-ddb-map-desc*";
    /** The legacy client's default signature attribute. */
    public static final String DEFAULT_SIGNATURE_ATTRIBUTE = "*amzn-ddb-map-sig*";

    private final LegacyKeys keys;
    private final String signedTableName;
    private final Map<String, CryptoAction> actions;
    private final CryptoAction defaultAction;
    private final boolean ownActions;
    private final String descriptionAttribute;
    private final String signatureAttribute;

    private LegacyItemReader(Builder b) {
        this.keys = b.keys;
        this.signedTableName = b.signedTableName;
        this.actions = Map.copyOf(b.actions);
        this.defaultAction = b.defaultAction == null ? CryptoAction.ENCRYPT_AND_SIGN : b.defaultAction;
        this.ownActions = !b.actions.isEmpty() || b.defaultAction != null;
        this.descriptionAttribute = b.descriptionAttribute;
        this.signatureAttribute = b.signatureAttribute;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.keys = keys;
        b.signedTableName = signedTableName;
        b.actions.putAll(actions);
        b.defaultAction = ownActions ? defaultAction : null;
        b.descriptionAttribute = descriptionAttribute;
        b.signatureAttribute = signatureAttribute;
        return b;
    }

    /** Whether {@code item} carries the legacy signature attribute (no cryptography). */
    @Override
    public boolean recognizes(Map<String, AttributeValue> item) {
        return item != null && item.containsKey(signatureAttribute);
    }

    @Override
    public Map<String, AttributeValue> decrypt(Map<String, AttributeValue> item, TableConfig table) {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(table, "table");
        String tableName = signedTableName != null ? signedTableName : table.tableName();
        Map<String, Flag> flags = new HashMap<>();
        for (String name : item.keySet()) {
            if (name.equals(signatureAttribute) || name.equals(descriptionAttribute)) {
                continue;
            }
            Flag f = flag(actionFor(name, table));
            if (f == Flag.NONE && !table.acceptsUnsigned(name)) {
                // The legacy signature does not cover it, so anyone who can write to the table could have
                // set it; the table signs it, so returning it would pass it off as verified (and the
                // re-encryptor would sign it). The same rule as for a Coffer item's unsigned attributes.
                throw new IntegrityException("table '" + tableName + "': legacy item: attribute '" + name + "' is not "
                        + "signed by the legacy writer (legacy action DO_NOTHING), but this table signs it; refusing the "
                        + "item. If old items hold it unsigned, list it in allowedUnsignedAttributes until they are "
                        + "re-encrypted, or give the legacy reader the action the legacy writer used");
            }
            flags.put(name, f);
        }
        return LegacyDecryptor.decrypt(tableName, table.partitionKeyName(), table.sortKeyName(), item, flags,
                keys.source(), descriptionAttribute, signatureAttribute);
    }

    /** The action this reader assumes the legacy writer took on attribute {@code name} of {@code table}. */
    public CryptoAction actionFor(String name, TableConfig table) {
        if (!ownActions) {
            return table.actionFor(name);
        }
        CryptoAction a = actions.get(name);
        if (a != null) {
            return a;
        }
        if (name.equals(table.partitionKeyName()) || table.sortKeyName().filter(name::equals).isPresent()) {
            return CryptoAction.SIGN_ONLY;
        }
        return defaultAction;
    }

    private static Flag flag(CryptoAction a) {
        return switch (a) {
            case ENCRYPT_AND_SIGN -> Flag.ENCRYPT_AND_SIGN;
            case SIGN_ONLY -> Flag.SIGN;
            case DO_NOTHING -> Flag.NONE;
        };
    }

    @Override
    public Set<String> reservedAttributes() {
        return Set.of(descriptionAttribute, signatureAttribute);
    }

    @Override
    public String formatName() {
        return "legacy DynamoDB Encryption Client";
    }

    /**
     * The material description of a legacy item (unsigned metadata: which keys, which algorithms;
     * never secret, since wrapped keys are encrypted), in key order; empty if the item has none.
     * For display ({@code coffer inspect}); reading it verifies nothing.
     *
     * @throws InvalidItemException if the description attribute is not binary or is malformed
     */
    public static Map<String, String> materialDescription(Map<String, AttributeValue> item) {
        return materialDescription(item, DEFAULT_DESCRIPTION_ATTRIBUTE);
    }

    /** {@link #materialDescription(Map)} for a description stored under another attribute name. */
    public static Map<String, String> materialDescription(Map<String, AttributeValue> item, String descriptionAttribute) {
        return new LinkedHashMap<>(LegacyDecryptor.description("(unknown)", item, descriptionAttribute));
    }

    /** The legacy keys this reader uses. */
    public LegacyKeys keys() {
        return keys;
    }

    /** The table name the legacy signatures are checked against, if set (else the table's name). */
    public Optional<String> signedTableName() {
        return Optional.ofNullable(signedTableName);
    }

    @Override
    public String toString() {
        return "LegacyItemReader{" + keys + (ownActions ? ", own actions" : ", table's actions") + "}";
    }

    /**
     * Builds a {@link LegacyItemReader}; {@link #keys} is required. Every invalid setting, null
     * included, is a {@link ConfigurationException}.
     *
     * <p>Thread-safety: not thread-safe.
     */
    public static final class Builder {
        private LegacyKeys keys;
        private String signedTableName;
        private final Map<String, CryptoAction> actions = new LinkedHashMap<>();
        private CryptoAction defaultAction;
        private String descriptionAttribute = DEFAULT_DESCRIPTION_ATTRIBUTE;
        private String signatureAttribute = DEFAULT_SIGNATURE_ATTRIBUTE;

        private Builder() {
        }

        /** The keys the legacy items were written with. Required. */
        public Builder keys(LegacyKeys keys) {
            if (keys == null) {
                throw new ConfigurationException("legacy reader: keys must not be null");
            }
            this.keys = keys;
            return this;
        }

        /** The table name legacy signatures cover, if not the {@link TableConfig}'s table name. */
        public Builder signedTableName(String tableName) {
            if (tableName == null || tableName.isEmpty()) {
                throw new ConfigurationException("legacy reader: the signed table name must not be null or empty");
            }
            this.signedTableName = tableName;
            return this;
        }

        /**
         * The legacy action of attribute {@code name}. Setting any action (or a default) makes the
         * reader use its own actions instead of the table's; key attributes not listed are sign-only.
         */
        public Builder action(String name, CryptoAction action) {
            if (name == null || name.isEmpty() || action == null) {
                throw new ConfigurationException("legacy reader: an action needs a non-empty attribute name and an action");
            }
            if (name.equals(descriptionAttribute) || name.equals(signatureAttribute)) {
                throw new ConfigurationException("legacy reader: attribute '" + name + "' is the legacy format's own");
            }
            actions.put(name, action);
            return this;
        }

        /** Replaces the legacy actions with {@code actions} (see {@link #action}). */
        public Builder actions(Map<String, CryptoAction> actions) {
            if (actions == null) {
                throw new ConfigurationException("legacy reader: actions must not be null");
            }
            Map<String, CryptoAction> old = new LinkedHashMap<>(this.actions);
            this.actions.clear();
            try {
                actions.forEach(this::action);
            } catch (ConfigurationException e) {
                this.actions.clear();
                this.actions.putAll(old);
                throw e;
            }
            return this;
        }

        /** The legacy action of attributes not listed (default {@link CryptoAction#ENCRYPT_AND_SIGN}). */
        public Builder defaultAction(CryptoAction action) {
            if (action == null) {
                throw new ConfigurationException("legacy reader: the default action must not be null");
            }
            this.defaultAction = action;
            return this;
        }

        /** The material description attribute, if the legacy encryptor was configured with another name. */
        public Builder descriptionAttribute(String name) {
            if (name == null || name.isEmpty()) {
                throw new ConfigurationException("legacy reader: the description attribute name must not be empty");
            }
            this.descriptionAttribute = name;
            return this;
        }

        /** The signature attribute, if the legacy encryptor was configured with another name. */
        public Builder signatureAttribute(String name) {
            if (name == null || name.isEmpty()) {
                throw new ConfigurationException("legacy reader: the signature attribute name must not be empty");
            }
            this.signatureAttribute = name;
            return this;
        }

        public LegacyItemReader build() {
            if (keys == null) {
                throw new ConfigurationException("legacy reader: set keys(...) to the keys the legacy table was written "
                        + "with (LegacyKeys.symmetricStatic, wrapped, directKms or mostRecent)");
            }
            if (descriptionAttribute.equals(signatureAttribute)) {
                throw new ConfigurationException("legacy reader: description and signature attributes are both '"
                        + signatureAttribute + "'");
            }
            for (String name : actions.keySet()) {
                if (name.equals(descriptionAttribute) || name.equals(signatureAttribute)) {
                    throw new ConfigurationException("legacy reader: attribute '" + name + "' is the legacy format's own");
                }
            }
            return new LegacyItemReader(this);
        }
    }
}
