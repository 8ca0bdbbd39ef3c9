/**
 * Coffer's telemetry as Micrometer meters and observations ({@link dev.coffer.spring.metrics.CofferMetrics}),
 * auto-configured when the application has a {@code MeterRegistry}.
 */
package dev.coffer.spring.metrics;
