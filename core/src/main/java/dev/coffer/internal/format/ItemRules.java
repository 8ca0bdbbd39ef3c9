package dev.coffer.internal.format;

import dev.coffer.AlgorithmSuite;
import dev.coffer.IntegrityException;
import dev.coffer.InvalidItemException;
import dev.coffer.TableConfig;
import dev.coffer.internal.format.NameCache.Name;
import dev.coffer.materials.spi.EncryptionContext;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The rules an item must follow for this table, and the messages that name the table and the
 * attribute when it does not: reserved names, key attributes and their values, DynamoDB's size and
 * attribute-count limits, and which attributes a stored item must have signed. A plaintext item
 * that breaks a rule is an {@link InvalidItemException}; a stored one, an {@link IntegrityException}.
 * Immutable and thread-safe; not API.
 */
final class ItemRules {
    private final TableConfig config;
    private final String table;
    private final String partitionKey;
    private final String sortKey;

    ItemRules(TableConfig config) {
        this.config = config;
        this.table = config.tableName();
        this.partitionKey = config.partitionKeyName();
        this.sortKey = config.sortKeyName().orElse(null);
    }

    /** The start of a message about one attribute of this table. */
    String at(String attribute) {
        return "table " + Names.quote(table) + ": attribute " + Names.quote(attribute) + ": ";
    }

    /** The capacity of a result map for {@code n} attributes that never rehashes. */
    static int capacity(int n) {
        return n * 4 / 3 + 2;
    }

    // Plaintext items (encrypt)

    void requireItem(Map<String, AttributeValue> item) {
        if (item == null) {
            throw new InvalidItemException("table " + Names.quote(table) + ": item is null");
        }
    }

    /** A plaintext item must not carry Coffer's reserved attributes. */
    void requireUnencrypted(Map<String, AttributeValue> item) {
        for (String reserved : new String[] {Format.HEADER_ATTRIBUTE, Format.SIGNATURE_ATTRIBUTE}) {
            if (item.containsKey(reserved)) {
                throw new InvalidItemException("table " + Names.quote(table) + ": item already has Coffer's reserved "
                        + "attribute '" + reserved + "'; it looks encrypted already. Encrypt plaintext items only "
                        + "(decrypt first to re-encrypt)");
            }
        }
    }

    void checkAttributeCount(int n) {
        if (n >= 1 << 20) {
            throw new InvalidItemException("table " + Names.quote(table) + ": item has " + n + " attributes, more than "
                    + "fit in DynamoDB's 400 KB item limit");
        }
    }

    /** One attribute of a plaintext item: a name and a value. */
    void checkAttribute(String name, AttributeValue value) {
        if (name == null || name.isEmpty()) {
            throw new InvalidItemException("table " + Names.quote(table) + ": item has an attribute with an empty name");
        }
        if (value == null) {
            throw new InvalidItemException(at(name) + "value is null; remove the attribute or store NULL=true");
        }
    }

    /** The canonical encodings of the encrypted values, before anything is encrypted. */
    void checkEncryptedTotal(long total) {
        if (total > Format.MAX_ITEM_BYTES * 2L) {
            throw new InvalidItemException("table " + Names.quote(table) + ": the encrypted values alone are " + total
                    + " bytes, over DynamoDB's " + Format.MAX_ITEM_BYTES + "-byte item limit; nothing was written");
        }
    }

    /** The encrypted item's size as DynamoDB counts it, against its 400 KB limit. */
    void checkItemSize(long size, Map<String, AttributeValue> item) {
        if (size > Format.MAX_ITEM_BYTES) {
            long before = ItemSize.of(item);
            throw new InvalidItemException("table " + Names.quote(table) + ": encrypted item would be " + size
                    + " bytes (" + before + " bytes of plaintext item plus " + (size - before) + " bytes of Coffer "
                    + "overhead), over DynamoDB's 400 KB (" + Format.MAX_ITEM_BYTES + " bytes) item limit; nothing "
                    + "was written. Store large values elsewhere (e.g. S3) or split the item");
        }
    }

    // Stored items (decrypt)

    /** {@code n}: the stored item's attributes other than the two reserved ones. */
    void checkStoredAttributeCount(int n) {
        if (n >= 1 << 20) {
            throw new IntegrityException("table " + Names.quote(table) + ": item has " + n + " attributes, more than fit "
                    + "in DynamoDB's 400 KB item limit; it did not come from DynamoDB");
        }
    }

    /** Why a reading of the legend cannot be this table's item, or null if it can. */
    String structuralProblem(int[] reading, Name[] attrs, AttributeValue[] values, int encrypted, int n) {
        for (String keyName : new String[] {partitionKey, sortKey}) {
            if (keyName == null) {
                continue;
            }
            boolean signedKey = false;
            for (int k = encrypted; k < reading.length; k++) {
                if (attrs[reading[k]].name.equals(keyName)) {
                    signedKey = true;
                    break;
                }
            }
            if (!signedKey) {
                return at(keyName) + "key attribute is not signed (sign-only) in this item's header; it is missing, was "
                        + "written for a table with other keys, or the header was modified";
            }
        }
        boolean[] inLegend = new boolean[n];
        for (int k = 0; k < reading.length; k++) {
            int a = reading[k];
            inLegend[a] = true;
            if (k < encrypted) {
                AttributeValue v = values[a];
                if (v == null || v.b() == null || v.b().asByteArrayUnsafe().length == 0) {
                    return at(attrs[a].name) + "encrypted attribute should hold ciphertext (type B, not empty) but holds "
                            + (v == null ? "nothing" : v.type()) + "; the item was modified";
                }
            }
        }
        for (int k = 0; k < n; k++) {
            if (!inLegend[k] && !attrs[k].acceptsUnsigned) {
                return at(attrs[k].name) + "attribute is not signed and this table does not accept it unsigned; it was "
                        + "added after the item was written. If it is meant to be unsigned, declare it DO_NOTHING or "
                        + "accept it with allowedUnsignedAttributes/allowedUnsignedPrefix";
            }
        }
        return null;
    }

    // Keys (both directions)

    AttributeValue keyValue(Map<String, AttributeValue> item, String name, String role) {
        AttributeValue v = item.get(name);
        if (v == null) {
            throw new InvalidItemException(at(name) + "the " + role + " is missing from the item");
        }
        AttributeValue.Type type = v.type();
        if (type == AttributeValue.Type.S) {
            if (v.s().isEmpty()) {
                throw new InvalidItemException(at(name) + "the " + role + " is an empty string, which DynamoDB rejects");
            }
            return v;
        }
        if (type == AttributeValue.Type.B) {
            if (v.b().asByteArrayUnsafe().length == 0) {
                throw new InvalidItemException(at(name) + "the " + role + " is an empty binary, which DynamoDB rejects");
            }
            return v;
        }
        if (type == AttributeValue.Type.N) {
            return v;
        }
        throw new InvalidItemException(at(name) + "the " + role + " has type " + type + "; DynamoDB keys must be S, N or B");
    }

    /**
     * The provider's context. Number keys are given in DynamoDB's normalized form, so a provider
     * sees the same value on write ({@code "1.0"} as the caller spelled it) and on read ({@code "1"}
     * as DynamoDB returns it).
     */
    EncryptionContext context(AttributeValue pk, AttributeValue sk, boolean writing, AlgorithmSuite itemSuite) {
        if (pk == null) {
            throw new IntegrityException(at(partitionKey) + "the partition key is missing from the item");
        }
        EncryptionContext.Builder b = EncryptionContext.builder().tableName(config.logicalTableName())
                .algorithmSuite(itemSuite)
                .partitionKey(partitionKey, normalizedKey(partitionKey, pk, writing));
        if (sortKey != null) {
            if (sk == null) {
                throw new IntegrityException(at(sortKey) + "the sort key is missing from the item");
            }
            b.sortKey(sortKey, normalizedKey(sortKey, sk, writing));
        }
        return b.build();
    }

    private AttributeValue normalizedKey(String name, AttributeValue v, boolean writing) {
        if (v == null || v.n() == null) {
            return v;
        }
        try {
            String canonical = Numbers.canonical(v.n());
            return canonical.equals(v.n()) ? v : AttributeValue.fromN(canonical);
        } catch (InvalidValue bad) {
            String m = at(name) + "key number " + bad.getMessage();
            throw writing ? new InvalidItemException(m) : new IntegrityException(m);
        }
    }
}
