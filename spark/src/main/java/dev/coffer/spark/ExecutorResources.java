package dev.coffer.spark;

import dev.coffer.ConfigurationException;
import dev.coffer.materials.MaterialsProvider;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The resources of one executor JVM: each {@link ExecutorResource} (and so each {@link KeySource}'s
 * provider) is built on first use and then shared by every task of the executor, and by later jobs
 * of the same application. Sharing is the point: a caching provider's data keys then serve all the
 * executor's tasks, so KMS is called about once per executor per data key, not once per task.
 * A {@link TableRecipe} receives it to obtain what its configuration needs.
 *
 * <pre>{@code
 * (table, executor) -> table.partitionKey("id")
 *         .legacyReader(LegacyItemReader.builder().keys(executor.get(legacyKeys)).build())
 * }</pre>
 *
 * <p>Thread-safety: thread-safe. A resource is built at most once per JVM while it is held (two
 * threads asking for a new one at the same moment: one builds, the other waits; building makes no
 * network call). A resource's {@link ExecutorResource#create()} must not itself call {@link #get}
 * (the map is being updated; a resource that needs another one builds it directly).
 */
public final class ExecutorResources {
    private static final ExecutorResources JVM = new ExecutorResources();

    private final ConcurrentMap<ExecutorResource<?>, Object> built = new ConcurrentHashMap<>();

    private ExecutorResources() {
    }

    /** The resources of this JVM; used on executors (the driver only validates, see {@link TableSpec}). */
    public static ExecutorResources jvm() {
        return JVM;
    }

    /** The provider of {@code keys} in this JVM. */
    public MaterialsProvider provider(KeySource keys) {
        return get(keys);
    }

    /** The resource built from {@code source} in this JVM, built now if it is the first use. */
    @SuppressWarnings("unchecked")
    public <T> T get(ExecutorResource<T> source) {
        if (source == null) {
            throw new ConfigurationException("executor resources: the resource must not be null; check the table"
                    + " spec's recipe");
        }
        Object o = built.get(source);
        if (o == null) {
            o = built.computeIfAbsent(source, s -> {
                Object r = s.create();
                if (r == null) {
                    throw new ConfigurationException("executor resource " + s + " built nothing (null)");
                }
                return r;
            });
        }
        return (T) o;
    }

    /** Forgets every resource of this JVM (the keys cached in them with them). */
    public void clear() {
        built.clear();
    }
}
