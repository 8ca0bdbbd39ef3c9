package dev.coffer;

/**
 * Told about every item a read skipped because it failed verification or its keys could not be
 * obtained, when the application chose to skip such items instead of failing the whole read
 * ({@link ItemEncryptor#decryptAll(java.util.Collection, SkippedItemListener)}; the Enhanced Client
 * extension's {@code TableOptions.Builder#skipUnverifiedItems}). Failing the read stays the
 * default everywhere.
 *
 * <p>The listener runs on the reading thread, before the read returns, once per skipped item. If it
 * throws, the read fails with that exception and returns nothing: rethrow
 * {@link SkippedItem#reason()} for failures that should not shrink a result, for example a KMS
 * outage, which makes every item unreadable for a while:
 *
 * <pre>{@code
 * SkippedItemListener listener = skipped -> {
 *     if (skipped.reason() instanceof KmsMaterialsException k && k.isRetryable()) {
 *         throw k;                                   // fail the read; retry it later
 *     }
 *     securityLog.warn("skipped {}", skipped);       // table, key and reason; no plaintext
 * };
 * }</pre>
 *
 * <p>Thread-safety: the implementation must be safe to call from every thread that reads, at the
 * same time (asynchronous clients call it from their response threads).
 */
@FunctionalInterface
public interface SkippedItemListener {
    /** Called once for each skipped item; throw to fail the read instead. */
    void skipped(SkippedItem item);
}
