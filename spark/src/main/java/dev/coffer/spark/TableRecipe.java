package dev.coffer.spark;

import dev.coffer.TableConfig;
import java.io.Serializable;

/**
 * How an executor builds a table's {@link TableConfig}: a serializable function given to
 * {@link TableSpec.Builder#config}. It receives a {@link TableConfig.Builder} that already holds the
 * spec's table name and the materials provider of its {@link KeySource}, and sets everything else a
 * {@link TableConfig} can hold (keys, actions, algorithm suite, legacy reader and phases, beacons,
 * any later setting) exactly as application code does. Resources that hold keys or clients (a
 * legacy reader's keys, a beacon key, another provider) come from {@link ExecutorResources#get}, so
 * they are built on the executor and shared by its tasks.
 *
 * <pre>{@code
 * TableRecipe recipe = (table, executor) -> table
 *         .partitionKey("customer_id").sortKey("order_id")
 *         .action("status", CryptoAction.SIGN_ONLY)
 *         .algorithmSuite(AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256);
 * }</pre>
 *
 * <p>The function is serialized with the job: a lambda may capture only serializable values
 * (strings, enums, {@link ExecutorResource}s), never a provider, a client or key bytes.
 * {@link TableSpec.Builder#build()} serializes it once on the driver and names what is not
 * serializable. It runs once per executor JVM per spec (not per item).
 *
 * <p>Thread-safety: must be stateless; it may run on any executor thread.
 */
@FunctionalInterface
public interface TableRecipe extends Serializable {
    /**
     * Completes {@code table} (which holds the table name and materials provider) and returns it,
     * or a builder derived from it.
     */
    TableConfig.Builder configure(TableConfig.Builder table, ExecutorResources executor);
}
