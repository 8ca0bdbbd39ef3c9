/**
 * What Coffer reports about its work: JFR events and process-wide {@link dev.coffer.telemetry.TelemetryListener}s
 * registered with {@link dev.coffer.telemetry.CofferTelemetry}, each told about encrypts, decrypts,
 * materials fetches, KMS calls, cache lookups and refreshes, and integrity failures
 * ({@link dev.coffer.telemetry.TelemetryEvent}); names and outcomes only, never values or keys. The
 * Spring Boot starter turns them into Micrometer meters (docs/spring-boot.md).
 */
package dev.coffer.telemetry;
