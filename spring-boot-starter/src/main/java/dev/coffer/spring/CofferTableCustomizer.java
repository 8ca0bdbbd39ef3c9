package dev.coffer.spring;

import dev.coffer.enhanced.TableOptions;

/**
 * A bean of this type adds to the options of each table, after the {@code coffer.tables.<name>.*}
 * properties were applied: the extension point for per-table settings the properties do not bind,
 * such as a skipped-item listener of its own, a table's own provider or a legacy reader of its own.
 * It is called for every table named in {@code coffer.tables} and every table a {@code TableSchema}
 * bean maps to.
 *
 * <pre>{@code
 * @Bean
 * CofferTableCustomizer auditProvider(MaterialsProvider auditKeys) {
 *     return (table, options) -> {
 *         if (table.equals("audit")) {
 *             options.materialsProvider(auditKeys);
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
