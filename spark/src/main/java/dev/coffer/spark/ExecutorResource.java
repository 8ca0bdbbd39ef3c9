package dev.coffer.spark;

import java.io.Serializable;

/**
 * A serializable recipe for something an executor builds once and shares: a materials provider
 * ({@link KeySource}), the keys of a legacy reader ({@link LegacyKeySource}), a beacon key
 * ({@link BeaconKeys}), or your own. A {@link TableRecipe} asks for it through
 * {@link ExecutorResources#get}; each executor JVM calls {@link #create()} once per distinct
 * resource (compared with {@code equals}) and hands the same object to every task, so caches inside
 * it (data keys, legacy versions, an unwrapped beacon key) serve the whole executor.
 *
 * <p>An implementation holds names and places (key ARNs, a Region, a file path, a table), never key
 * bytes: it is shipped to every executor in the job's closures. It must be an immutable value with
 * {@code equals} and {@code hashCode} over everything that changes what {@link #create()} builds.
 *
 * <pre>{@code
 * ExecutorResource<LegacyKeys> legacy = LegacyKeySource.builder()
 *         .region(Region.US_EAST_1).directKms("arn:aws:kms:us-east-1:111122223333:key/1234abcd-...").build();
 * }</pre>
 *
 * <p>Thread-safety: implementations are immutable; {@link #create()} may be called from any thread
 * and must not make a network call that can wait indefinitely (clients, files, no key fetch needed).
 *
 * @param <T> what is built; shared by the executor's tasks, so it must be thread-safe
 */
public interface ExecutorResource<T> extends Serializable {
    /** Builds the resource on the executor. Called once per executor JVM per distinct resource. */
    T create();
}
