package dev.coffer.internal.format;

import dev.coffer.CryptoAction;
import dev.coffer.IntegrityException;
import dev.coffer.InvalidItemException;
import dev.coffer.TableConfig;
import dev.coffer.internal.crypto.Primitives;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The codec's view of attribute names, cached per table: each name's UTF-8 bytes, the hash its
 * legend fingerprints are made from, and this table's action for it. Bounded to
 * {@value #MAX_CACHED_NAMES} names; a name past the bound is computed per item. Thread-safe; not API.
 */
final class NameCache {
    private static final int MAX_CACHED_NAMES = 1024;

    /** What the codec knows of one attribute name: its bytes, its hash and this table's view of it. */
    static final class Name {
        final String name;
        final byte[] utf8;
        final long hash;
        final CryptoAction action;
        final boolean acceptsUnsigned;

        Name(String name, byte[] utf8, long hash, CryptoAction action, boolean acceptsUnsigned) {
            this.name = name;
            this.utf8 = utf8;
            this.hash = hash;
            this.action = action;
            this.acceptsUnsigned = acceptsUnsigned;
        }
    }

    private final ConcurrentHashMap<String, Name> names = new ConcurrentHashMap<>();
    private final TableConfig config;
    private final ItemRules rules;
    private final String table;

    NameCache(TableConfig config, ItemRules rules) {
        this.config = config;
        this.rules = rules;
        this.table = config.tableName();
    }

    Name forWrite(String name) {
        return name(name, true);
    }

    Name forRead(String name) {
        return name(name, false);
    }

    /** The cached view of {@code name}; a name that cannot be signed is an invalid item or a modified one. */
    private Name name(String name, boolean writing) {
        Name nm = names.get(name);
        if (nm != null) {
            return nm;
        }
        byte[] utf8;
        try {
            // String.getBytes would turn an unpaired surrogate into '?', so the item could never be
            // read back under the name it was signed with.
            utf8 = ValueCodec.utf8(name);
        } catch (InvalidValue bad) {
            if (!writing) {
                throw new IntegrityException(rules.at(name) + "the attribute name is not valid Unicode; the item was modified");
            }
            throw new InvalidItemException(rules.at(name) + "the attribute name holds an unpaired UTF-16 surrogate, which is "
                    + "not valid Unicode and cannot be signed; rename the attribute");
        }
        if (writing && utf8.length > Format.MAX_NAME_BYTES) {
            throw new InvalidItemException("table " + Names.quote(table) + ": attribute name of " + utf8.length
                    + " bytes is longer than DynamoDB's " + Format.MAX_NAME_BYTES + "; shorten it");
        }
        return remember(name, utf8);
    }

    private Name remember(String name, byte[] utf8) {
        Name nm = new Name(name, utf8, hash(utf8), config.actionFor(name), config.acceptsUnsigned(name));
        // Bounded: items with ever-new attribute names must not grow the cache without limit.
        if (names.size() < MAX_CACHED_NAMES) {
            names.putIfAbsent(name, nm);
        }
        return nm;
    }

    /** The name hash of docs/FORMAT.md, "Legend": the first 64 bits of SHA-256 over the name's UTF-8. */
    static long hash(byte[] utf8) {
        return Primitives.get().sha256Prefix64(utf8);
    }
}
