package dev.coffer.spark.internal;

import dev.coffer.ItemEncryptor;
import dev.coffer.spark.ExecutorResources;
import dev.coffer.spark.TableSpec;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The encryptors of one executor JVM: one {@link ItemEncryptor} per distinct {@link TableSpec},
 * built on first use from {@link ExecutorResources#jvm()} (so providers and other resources are
 * shared across specs too) and shared by every task the executor runs.
 *
 * <p>Thread-safety: thread-safe (concurrent maps; building makes no network call).
 */
public final class ExecutorEncryptors {
    private static final ConcurrentMap<TableSpec, ItemEncryptor> ENCRYPTORS = new ConcurrentHashMap<>();

    private ExecutorEncryptors() {
    }

    /** The encryptor of {@code spec} in this JVM. */
    public static ItemEncryptor of(TableSpec spec) {
        ItemEncryptor e = ENCRYPTORS.get(spec);
        if (e != null) {
            return e;
        }
        return ENCRYPTORS.computeIfAbsent(spec, s -> ItemEncryptor.create(s.toTableConfig(ExecutorResources.jvm())));
    }

    /** Forgets every encryptor and resource of this JVM (their cached keys with them). */
    public static void clear() {
        ENCRYPTORS.clear();
        ExecutorResources.jvm().clear();
    }
}
