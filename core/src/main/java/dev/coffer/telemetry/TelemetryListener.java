package dev.coffer.telemetry;

/**
 * Receives {@link TelemetryEvent}s from every Coffer component in this JVM, once registered with
 * {@link CofferTelemetry#register}. The Spring Boot starter registers one that feeds Micrometer;
 * applications can register their own (logging, tracing).
 *
 * <p>Listeners are called synchronously on the thread doing the work, so they must be fast and must
 * not block; an exception a listener throws is caught and ignored (it never fails an encrypt or a
 * read). {@link #started} lets a listener open a span or an observation before an encrypt, decrypt
 * or materials fetch; whatever it returns is handed back to {@link #recorded} with the event that
 * ends it.
 *
 * <pre>{@code
 * try (CofferTelemetry.Registration r = CofferTelemetry.register(event -> log.debug("{}", event))) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safety: implementations must be safe for concurrent calls from any thread.
 */
@FunctionalInterface
public interface TelemetryListener {
    /**
     * Called before an {@link TelemetryEvent.Kind#ENCRYPT}, {@link TelemetryEvent.Kind#DECRYPT} or
     * {@link TelemetryEvent.Kind#MATERIALS} operation starts. Returns a context object, or
     * {@code null}; the default returns {@code null}.
     */
    default Object started(TelemetryEvent.Kind kind, String table, String provider) {
        return null;
    }

    /** Called when something has happened (see {@link #recorded(TelemetryEvent, Object)}). */
    void recorded(TelemetryEvent event);

    /**
     * Called when something has happened. {@code context} is what {@link #started} returned for the
     * operation this event ends, or {@code null} for events without a start (KMS calls, cache events,
     * integrity failures). The default calls {@link #recorded(TelemetryEvent)}.
     */
    default void recorded(TelemetryEvent event, Object context) {
        recorded(event);
    }
}
