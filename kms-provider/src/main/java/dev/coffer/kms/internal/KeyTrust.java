package dev.coffer.kms.internal;

import java.util.List;
import java.util.Optional;

/**
 * Which KMS keys a {@link dev.coffer.kms.KmsProvider} trusts to read items, chosen once when the
 * provider is built: {@link PinnedKeyTrust} (a fixed set of key ARNs, the default) or
 * {@link DiscoveryKeyTrust} (any key of an allow-list of accounts, opt-in). Writing checks the same
 * rule, so no item is written under a key the provider would refuse to read. Implementations are
 * immutable and thread-safe. Not API.
 */
public sealed interface KeyTrust permits PinnedKeyTrust, DiscoveryKeyTrust {
    /**
     * The key id to pass to KMS for an item written under {@code itemKey} (a key ARN), or empty to
     * refuse the item without calling KMS.
     */
    Optional<KeyArn> decryptionKey(KeyArn itemKey);

    /** The pinned key ARNs; empty under discovery. */
    List<KeyArn> keys();

    /** What is trusted, for messages that refuse a key: "it decrypts only with [...]". */
    String describe();

    /** What to do when a legitimate key is refused: which builder setting admits it. */
    String remedy();

    /** The trust as {@code KmsProvider.toString} shows it. */
    String summary();
}
