/**
 * The single-flight cache every caching provider uses ({@link dev.coffer.materials.cache.SingleFlightCache}),
 * its counters ({@link dev.coffer.materials.cache.CacheStats}) and its monotonic time source
 * ({@link dev.coffer.materials.cache.Ticker}). Application code meets the last two through
 * {@code stats()} and {@code ticker(...)} of the caching providers; provider authors may use the
 * cache for the same guarantees.
 */
package dev.coffer.materials.cache;
