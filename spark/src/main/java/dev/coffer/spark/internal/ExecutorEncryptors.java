package dev.coffer.spark.internal;

import dev.coffer.ItemEncryptor;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.spark.KeySource;
import dev.coffer.spark.TableSpec;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The encryptors of one executor JVM: one provider per distinct {@link KeySource} and one
 * {@link ItemEncryptor} per distinct {@link TableSpec}, built on first use and shared by every task
 * the executor runs (and every later job of the same application). Sharing is the point: a caching
 * provider's data keys then serve all the executor's tasks, so KMS is called about once per executor
 * per data key, not once per task.
 *
 * <p>Thread-safety: thread-safe (concurrent maps; building a provider makes no network call).
 */
public final class ExecutorEncryptors {
    private static final ConcurrentMap<KeySource, MaterialsProvider> PROVIDERS = new ConcurrentHashMap<>();
    private static final ConcurrentMap<TableSpec, ItemEncryptor> ENCRYPTORS = new ConcurrentHashMap<>();

    private ExecutorEncryptors() {
    }

    /** The encryptor of {@code spec} in this JVM. */
    public static ItemEncryptor of(TableSpec spec) {
        ItemEncryptor e = ENCRYPTORS.get(spec);
        if (e != null) {
            return e;
        }
        return ENCRYPTORS.computeIfAbsent(spec, s -> ItemEncryptor.create(
                s.toTableConfig(PROVIDERS.computeIfAbsent(s.keys(), KeySource::createProvider))));
    }

    /** Forgets every provider and encryptor of this JVM (their cached keys with them). */
    public static void clear() {
        ENCRYPTORS.clear();
        PROVIDERS.clear();
    }
}
