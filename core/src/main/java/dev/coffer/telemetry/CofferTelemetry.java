package dev.coffer.telemetry;

import dev.coffer.ConfigurationException;
import dev.coffer.internal.telemetry.Telemetry;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * What Coffer reports about its work, and where: JFR events, and any {@link TelemetryListener}s
 * registered here. Nothing leaves the process unless a listener sends it.
 *
 * <p><b>JFR.</b> Coffer emits these events (category "Coffer"), each with the table, the provider
 * type, the operation, the outcome, the error type on failure, and the duration; never a value, a
 * key, a key ARN or an item:
 * {@code dev.coffer.Encrypt}, {@code dev.coffer.Decrypt}, {@code dev.coffer.Materials},
 * {@code dev.coffer.KmsCall}, {@code dev.coffer.CacheRefresh} (with {@code servingStale}) and
 * {@code dev.coffer.IntegrityFailure}. The rare ones (KMS calls, cache refreshes, integrity
 * failures) are on in every recording ({@code java -XX:StartFlightRecording ...},
 * {@code jcmd <pid> JFR.start}); the per-item ones (encrypt, decrypt, materials) only when a
 * recording enables them by name. Recorded, they cost what JFR events cost; when no recording
 * wants them and no listener is registered, each hook is one flag check and one volatile read
 * (docs/spring-boot.md, "Observability").
 *
 * <p><b>Listeners</b> are process-wide, like JFR: a registered listener sees every encryptor,
 * provider and extension in this JVM. Close the {@link Registration} to remove it.
 *
 * <p><b>For provider authors.</b> A custom {@code MaterialsProvider} that calls a remote key
 * service reports each call with {@link #kmsCall} and each cache load with {@link #cacheRefresh},
 * so its calls show up in the same metrics and health checks as Coffer's KMS provider:
 * <pre>{@code
 * GenerateDataKeyResponse r = CofferTelemetry.kmsCall("GenerateDataKey", table, "MyProvider",
 *         () -> kms.generateDataKey(request));
 * }</pre>
 *
 * <p>Thread-safety: every method is safe for concurrent use.
 */
public final class CofferTelemetry {
    private CofferTelemetry() {
    }

    /**
     * Registers {@code listener} for every event of this JVM from now on, until the returned
     * registration is closed.
     */
    public static Registration register(TelemetryListener listener) {
        if (listener == null) {
            throw new ConfigurationException("telemetry: register(listener) needs a listener");
        }
        return new Registration(Telemetry.add(listener));
    }

    /**
     * Runs {@code call}, one request to a key service (KMS), and reports it as a
     * {@link TelemetryEvent.Kind#KMS_CALL} with its outcome and duration; returns its result or
     * rethrows its exception unchanged.
     *
     * @param operation the service's operation name, e.g. {@code "Decrypt"}
     * @param table the table the call serves (never an item's key values)
     * @param provider the reporting provider's type name
     */
    public static <T> T kmsCall(String operation, String table, String provider, Supplier<T> call) {
        return Telemetry.kmsCall(operation, table, provider, call);
    }

    /**
     * Runs {@code load}, which fills or refreshes a cache entry from the provider behind the cache,
     * and reports it as a {@link TelemetryEvent.Kind#CACHE_REFRESH}; returns its result or rethrows.
     * {@code keepsServingOnFailure} says whether a failure leaves the previous copy in use (a grace
     * period), which health checks report as degraded rather than down.
     */
    public static <T> T cacheRefresh(String provider, String cache, boolean keepsServingOnFailure, Supplier<T> load) {
        return Telemetry.cacheRefresh(provider, cache, keepsServingOnFailure, load);
    }

    /** Reports a cache lookup as a {@link TelemetryEvent.Kind#CACHE_HIT} or {@link TelemetryEvent.Kind#CACHE_MISS}. */
    public static void cacheAccess(String provider, String operation, boolean hit) {
        Telemetry.cacheAccess(provider, operation, hit);
    }

    /**
     * A registered listener; {@link #close()} removes it (closing twice is harmless).
     *
     * <p>Thread-safety: safe for concurrent use.
     */
    public static final class Registration implements AutoCloseable {
        private final Runnable remove;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Registration(Runnable remove) {
            this.remove = remove;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                remove.run();
            }
        }
    }
}
