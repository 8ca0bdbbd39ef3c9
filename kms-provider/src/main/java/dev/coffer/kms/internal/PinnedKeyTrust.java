package dev.coffer.kms.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads pinned to a fixed set of key ARNs: an item is decrypted only if its key is one of them,
 * and KMS is always asked with the configured key. A multi-Region key matches its replicas, so an
 * item written under {@code mrk-...} in another region is decrypted with the configured replica;
 * an exact match wins over a replica. Immutable and thread-safe. Not API.
 */
public final class PinnedKeyTrust implements KeyTrust {
    private final List<KeyArn> keys;

    public PinnedKeyTrust(List<KeyArn> keys) {
        this.keys = List.copyOf(keys);
    }

    @Override
    public Optional<KeyArn> decryptionKey(KeyArn itemKey) {
        KeyArn match = null;
        for (KeyArn k : keys) {
            if (k.equals(itemKey)) {
                return Optional.of(k);
            }
            if (match == null && k.matches(itemKey)) {
                match = k;
            }
        }
        return Optional.ofNullable(match);
    }

    @Override
    public List<KeyArn> keys() {
        return keys;
    }

    @Override
    public String describe() {
        return "it decrypts only with " + names();
    }

    @Override
    public String remedy() {
        return "If the key is legitimate, add its ARN with decryptionKeys(...)";
    }

    @Override
    public String summary() {
        return "decryptionKeys=" + names();
    }

    private List<String> names() {
        List<String> out = new ArrayList<>(keys.size());
        keys.forEach(k -> out.add(k.toString()));
        return out;
    }
}
