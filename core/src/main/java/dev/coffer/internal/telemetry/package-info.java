/**
 * Not API: the JFR event classes and the dispatch behind {@link dev.coffer.telemetry.CofferTelemetry},
 * called by one-line hooks in the encryptor, the codec and the single-flight cache.
 */
package dev.coffer.internal.telemetry;
