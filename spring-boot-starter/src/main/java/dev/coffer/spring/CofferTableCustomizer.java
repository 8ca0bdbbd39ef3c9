package dev.coffer.spring;

import dev.coffer.enhanced.TableOptions;

/**
 * A bean of this type adds to the options of each table, after the {@code coffer.tables.<name>.*}
 * properties were applied: the extension point for per-table settings the properties do not bind
 * (yet), such as a migration phase, a skipped-item listener of its own, or a table's own provider.
 * It is called for every table named in {@code coffer.tables} and every table a {@code TableSchema}
 * bean maps to.
 *
 * <pre>{@code
 * @Bean
 * CofferTableCustomizer ordersMigration() {
 *     return (table, options) -> {
 *         if (table.equals("orders")) {
 *             options.allowPlaintextReads(true);   // only while the table is being migrated
 *         }
 *     };
 * }
 * }</pre>
 *
 * <p>Thread-safety: called at start-up, on the thread that starts the application context.
 */
@FunctionalInterface
public interface CofferTableCustomizer {
    void customize(String tableName, TableOptions.Builder options);
}
