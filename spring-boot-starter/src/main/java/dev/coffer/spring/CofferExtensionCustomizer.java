package dev.coffer.spring;

import dev.coffer.enhanced.CofferExtension;

/**
 * A bean of this type adjusts the {@link CofferExtension} the starter builds, after the
 * {@code coffer.*} properties were applied: anything the properties do not cover, e.g. a different
 * provider for one table.
 *
 * <pre>{@code
 * @Bean
 * CofferExtensionCustomizer auditTable(MaterialsProvider auditProvider) {
 *     return builder -> builder.table("audit", t -> t.materialsProvider(auditProvider));
 * }
 * }</pre>
 *
 * <p>Beans are applied in {@code @Order}. Note that {@code builder.table(name, options)} replaces the
 * options the properties gave that table; to add to them use a {@link CofferTableCustomizer}.
 *
 * <p>Thread-safety: called once, on the thread that starts the application context.
 */
@FunctionalInterface
public interface CofferExtensionCustomizer {
    void customize(CofferExtension.Builder builder);
}
