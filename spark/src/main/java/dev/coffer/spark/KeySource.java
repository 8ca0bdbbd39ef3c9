package dev.coffer.spark;

import dev.coffer.materials.MaterialsProvider;

/**
 * A serializable recipe for a {@link MaterialsProvider}: what a Spark job ships to its executors
 * instead of keys. Each executor JVM calls {@link #createProvider()} once per distinct source (the
 * sources are compared with {@code equals}) and shares the provider across its tasks, so a caching
 * provider's cache serves every task of that executor: that is what bounds KMS calls to about one
 * per executor per data key.
 *
 * <p>A source holds names and places (key ARNs, a Region, a file path, a meta-store table), never
 * key bytes: nothing secret travels in the job, its closures or a broadcast. The implementations are
 * {@link KmsKeys} (AWS KMS, with caching), {@link KeyringFile} (a local keyring file read on each
 * executor, for tests and small set-ups) and {@link MostRecentKeys} (a most-recent meta-store).
 * Your own must be an immutable value with {@code equals} and {@code hashCode} over everything that
 * changes the provider, and {@link #createProvider()} must not be called on the driver for work
 * that runs on executors.
 *
 * <pre>{@code
 * KeySource keys = KmsKeys.builder()
 *         .region(Region.US_EAST_1)
 *         .decryptionKeys("arn:aws:kms:us-east-1:111122223333:key/1234abcd-...")
 *         .build();
 * }</pre>
 *
 * <p>Thread-safety: implementations are immutable and thread-safe; {@link #createProvider()} may be
 * called from any thread.
 */
public interface KeySource extends ExecutorResource<MaterialsProvider> {
    /**
     * Builds the provider on the executor (reading files, creating clients). Called once per
     * executor JVM per distinct source; the result is shared by every task there.
     */
    MaterialsProvider createProvider();

    /** {@link #createProvider()}: a key source is the executor resource of its provider. */
    @Override
    default MaterialsProvider create() {
        return createProvider();
    }
}
