package dev.coffer.legacy.internal;

import dev.coffer.MaterialsException;
import java.util.EnumMap;
import java.util.Map;

/**
 * Keys for a table written with several legacy providers over time: each item goes to the one
 * source of its provider kind, told apart by its material description alone (no trial decryption,
 * no extra KMS call): {@code amzn-ddb-wrap-alg = kms} is direct KMS, {@code amzn-ddb-meta-id} most
 * recent, another {@code amzn-ddb-env-key} wrapped, none of these static.
 *
 * <p>Thread-safety: immutable; the sources are thread-safe.
 */
public final class DispatchSource implements KeySource {
    /** The legacy provider kinds, as an item's description reveals them. */
    public enum Kind {
        STATIC, WRAPPED, DIRECT_KMS, MOST_RECENT
    }

    private final Map<Kind, KeySource> sources;

    public DispatchSource(Map<Kind, KeySource> sources) {
        this.sources = new EnumMap<>(sources);
    }

    /** The provider kind that wrote an item with this description. */
    public static Kind kindOf(Map<String, String> description) {
        if ("kms".equals(description.get(LegacyCrypto.WRAPPING_ALG))) {
            return Kind.DIRECT_KMS;
        }
        if (description.containsKey(MetaStoreSource.META_ID)) {
            return Kind.MOST_RECENT;
        }
        if (description.containsKey(LegacyCrypto.ENVELOPE_KEY)) {
            return Kind.WRAPPED;
        }
        return Kind.STATIC;
    }

    @Override
    public Materials materials(ItemContext item) {
        Kind kind = kindOf(item.description());
        KeySource s = sources.get(kind);
        if (s == null) {
            throw new MaterialsException(item.where() + "the item was written by a " + kind.name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', ' ') + " provider (from its material description), and no keys of that kind are configured; "
                    + "add them to LegacyKeys.combine(...)");
        }
        return s.materials(item);
    }

    @Override
    public String describe() {
        StringBuilder b = new StringBuilder("combined: ");
        sources.values().forEach(s -> b.append(s.describe()).append("; "));
        return b.substring(0, b.length() - 2);
    }
}
