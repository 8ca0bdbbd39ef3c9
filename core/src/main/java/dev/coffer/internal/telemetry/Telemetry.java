package dev.coffer.internal.telemetry;

import dev.coffer.ConfigurationException;
import dev.coffer.IntegrityException;
import dev.coffer.InvalidItemException;
import dev.coffer.MaterialsException;
import dev.coffer.TableConfig;
import dev.coffer.internal.format.ItemCodec;
import dev.coffer.materials.spi.DecryptionMaterials;
import dev.coffer.materials.spi.EncryptionContext;
import dev.coffer.materials.spi.EncryptionMaterials;
import dev.coffer.materials.spi.MaterialsDescription;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.telemetry.TelemetryEvent;
import dev.coffer.telemetry.TelemetryEvent.Kind;
import dev.coffer.telemetry.TelemetryEvent.Outcome;
import dev.coffer.telemetry.TelemetryListener;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where Coffer's hooks report to: JFR events and the registered {@link TelemetryListener}s.
 *
 * <p>Cost when nothing records: each hook allocates its JFR event object (which the JIT removes by
 * escape analysis once the hook is inlined), asks it {@code isEnabled()} (a constant {@code false}
 * until JFR is initialized, then a static field read) and reads one volatile array reference; if no
 * JFR recording wants the event and no listener is registered it calls straight through, without
 * reading the clock. {@code CofferBenchmark}'s telemetry variants measure this.
 *
 * <p>Thread-safety: safe for concurrent use; listeners are an immutable array replaced under a lock
 * on registration (copy-on-write), so the hot path takes no lock.
 */
public final class Telemetry {
    private static final TelemetryListener[] NONE = {};
    private static volatile TelemetryListener[] listeners = NONE;

    private Telemetry() {
    }

    /** Adds a listener; the returned action removes it again (idempotent). */
    public static synchronized Runnable add(TelemetryListener listener) {
        TelemetryListener[] now = listeners;
        TelemetryListener[] next = Arrays.copyOf(now, now.length + 1);
        next[now.length] = listener;
        listeners = next;
        return () -> remove(listener);
    }

    private static synchronized void remove(TelemetryListener listener) {
        TelemetryListener[] now = listeners;
        for (int i = 0; i < now.length; i++) {
            if (now[i] == listener) {
                TelemetryListener[] next = new TelemetryListener[now.length - 1];
                System.arraycopy(now, 0, next, 0, i);
                System.arraycopy(now, i + 1, next, i, now.length - i - 1);
                listeners = next;
                return;
            }
        }
    }

    /** Whether any listener is registered (cheap: one volatile read); lets a hook skip building its arguments. */
    public static boolean listening() {
        return listeners.length != 0;
    }

    // ---- hooks of the encryptor and codec (core) ----

    /** {@code codec.encrypt(item)}, reported as {@link Kind#ENCRYPT}. */
    public static Map<String, AttributeValue> encrypt(ItemCodec codec, Map<String, AttributeValue> item) {
        EncryptEvent jfr = new EncryptEvent();
        TelemetryListener[] ls = listeners;
        if (ls.length == 0 && !jfr.isEnabled()) {
            return codec.encrypt(item);
        }
        TableConfig config = codec.config();
        Object[] contexts = started(ls, Kind.ENCRYPT, config.logicalTableName(), providerName(config.materialsProvider()));
        long t0 = System.nanoTime();
        jfr.begin();
        try {
            Map<String, AttributeValue> out = codec.encrypt(item);
            finished(jfr, ls, contexts, Kind.ENCRYPT, config.logicalTableName(),
                    providerName(config.materialsProvider()), "encrypt", null, t0);
            return out;
        } catch (RuntimeException | Error e) {
            finished(jfr, ls, contexts, Kind.ENCRYPT, config.logicalTableName(),
                    providerName(config.materialsProvider()), "encrypt", e, t0);
            throw e;
        }
    }

    /** {@code codec.decrypt(item)}, reported as {@link Kind#DECRYPT} (and an integrity failure if it is one). */
    public static Map<String, AttributeValue> decrypt(ItemCodec codec, Map<String, AttributeValue> item) {
        DecryptEvent jfr = new DecryptEvent();
        TelemetryListener[] ls = listeners;
        IntegrityFailureEvent integrity = new IntegrityFailureEvent();
        if (ls.length == 0 && !jfr.isEnabled() && !integrity.isEnabled()) {
            return codec.decrypt(item);
        }
        TableConfig config = codec.config();
        String table = config.logicalTableName();
        String provider = providerName(config.materialsProvider());
        Object[] contexts = started(ls, Kind.DECRYPT, table, provider);
        long t0 = System.nanoTime();
        jfr.begin();
        try {
            Map<String, AttributeValue> out = codec.decrypt(item);
            finished(jfr, ls, contexts, Kind.DECRYPT, table, provider, "decrypt", null, t0);
            return out;
        } catch (RuntimeException | Error e) {
            finished(jfr, ls, contexts, Kind.DECRYPT, table, provider, "decrypt", e, t0);
            if (e instanceof IntegrityException) {
                finished(integrity, ls, null, Kind.INTEGRITY_FAILURE, table, provider, "decrypt", e, -1);
            }
            throw e;
        }
    }

    /** {@code provider.encryptionMaterials(context)}, reported as {@link Kind#MATERIALS}. */
    public static EncryptionMaterials encryptionMaterials(MaterialsProvider provider, EncryptionContext context) {
        MaterialsEvent jfr = new MaterialsEvent();
        TelemetryListener[] ls = listeners;
        if (ls.length == 0 && !jfr.isEnabled()) {
            return provider.encryptionMaterials(context);
        }
        return timed(jfr, ls, Kind.MATERIALS, context.tableName(), providerName(provider), "encrypt",
                () -> provider.encryptionMaterials(context));
    }

    /** {@code provider.decryptionMaterials(context, description)}, reported as {@link Kind#MATERIALS}. */
    public static DecryptionMaterials decryptionMaterials(MaterialsProvider provider, EncryptionContext context,
            MaterialsDescription description) {
        MaterialsEvent jfr = new MaterialsEvent();
        TelemetryListener[] ls = listeners;
        if (ls.length == 0 && !jfr.isEnabled()) {
            return provider.decryptionMaterials(context, description);
        }
        return timed(jfr, ls, Kind.MATERIALS, context.tableName(), providerName(provider), "decrypt",
                () -> provider.decryptionMaterials(context, description));
    }

    // ---- hooks of providers (through the public CofferTelemetry) ----

    /** A remote key-service call, reported as {@link Kind#KMS_CALL}. */
    public static <T> T kmsCall(String operation, String table, String provider, Supplier<T> call) {
        KmsCallEvent jfr = new KmsCallEvent();
        TelemetryListener[] ls = listeners;
        if (ls.length == 0 && !jfr.isEnabled()) {
            return call.get();
        }
        return timed(jfr, ls, Kind.KMS_CALL, table, provider, operation, call);
    }

    /** A cache load or refresh, reported as {@link Kind#CACHE_REFRESH}. */
    public static <T> T cacheRefresh(String provider, String cache, boolean keepsServingOnFailure, Supplier<T> load) {
        CacheRefreshEvent jfr = new CacheRefreshEvent();
        TelemetryListener[] ls = listeners;
        if (ls.length == 0 && !jfr.isEnabled()) {
            return load.get();
        }
        long t0 = System.nanoTime();
        jfr.begin();
        try {
            T out = load.get();
            jfr.servingStale = false;
            finished(jfr, ls, null, Kind.CACHE_REFRESH, "", provider, cache, null, t0, false);
            return out;
        } catch (RuntimeException | Error e) {
            jfr.servingStale = keepsServingOnFailure;
            finished(jfr, ls, null, Kind.CACHE_REFRESH, "", provider, cache, e, t0, keepsServingOnFailure);
            throw e;
        }
    }

    /** A cache lookup; listeners only (no JFR event: it would be one per item). */
    public static void cacheAccess(String provider, String operation, boolean hit) {
        TelemetryListener[] ls = listeners;
        if (ls.length == 0) {
            return;
        }
        TelemetryEvent event = TelemetryEvent.of(hit ? Kind.CACHE_HIT : Kind.CACHE_MISS, "", provider, operation,
                Outcome.SUCCESS, null, 0, false);
        for (TelemetryListener l : ls) {
            deliver(l, event, null);
        }
    }

    // ---- plumbing ----

    private static <T> T timed(CofferJfrEvent jfr, TelemetryListener[] ls, Kind kind, String table, String provider,
            String operation, Supplier<T> call) {
        Object[] contexts = kind == Kind.MATERIALS ? started(ls, kind, table, provider) : null;
        long t0 = System.nanoTime();
        jfr.begin();
        try {
            T out = call.get();
            finished(jfr, ls, contexts, kind, table, provider, operation, null, t0);
            return out;
        } catch (RuntimeException | Error e) {
            finished(jfr, ls, contexts, kind, table, provider, operation, e, t0);
            throw e;
        }
    }

    private static Object[] started(TelemetryListener[] ls, Kind kind, String table, String provider) {
        if (ls.length == 0) {
            return null;
        }
        Object[] contexts = new Object[ls.length];
        for (int i = 0; i < ls.length; i++) {
            try {
                contexts[i] = ls[i].started(kind, table, provider);
            } catch (RuntimeException ignored) {
                // A listener never fails the operation it observes.
            }
        }
        return contexts;
    }

    private static void finished(CofferJfrEvent jfr, TelemetryListener[] ls, Object[] contexts, Kind kind, String table,
            String provider, String operation, Throwable failure, long t0) {
        finished(jfr, ls, contexts, kind, table, provider, operation, failure, t0, false);
    }

    private static void finished(CofferJfrEvent jfr, TelemetryListener[] ls, Object[] contexts, Kind kind, String table,
            String provider, String operation, Throwable failure, long t0, boolean stale) {
        long nanos = t0 < 0 ? 0 : System.nanoTime() - t0;
        Outcome outcome = outcome(failure);
        String errorType = errorType(failure);
        jfr.end();
        if (jfr.shouldCommit()) {
            jfr.table = table;
            jfr.provider = provider;
            jfr.operation = operation;
            jfr.outcome = outcome.name();
            jfr.errorType = errorType;
            jfr.commit();
        }
        if (ls.length == 0) {
            return;
        }
        TelemetryEvent event = TelemetryEvent.of(kind, table, provider, operation, outcome, errorType, nanos, stale);
        for (int i = 0; i < ls.length; i++) {
            deliver(ls[i], event, contexts == null ? null : contexts[i]);
        }
    }

    private static void deliver(TelemetryListener l, TelemetryEvent event, Object context) {
        try {
            l.recorded(event, context);
        } catch (RuntimeException ignored) {
            // A listener never fails the operation it observes.
        }
    }

    static Outcome outcome(Throwable failure) {
        if (failure == null) {
            return Outcome.SUCCESS;
        }
        if (failure instanceof IntegrityException) {
            return Outcome.INTEGRITY_FAILURE;
        }
        if (failure instanceof MaterialsException) {
            return Outcome.MATERIALS_FAILURE;
        }
        if (failure instanceof InvalidItemException) {
            return Outcome.INVALID_ITEM;
        }
        if (failure instanceof ConfigurationException) {
            return Outcome.CONFIGURATION_ERROR;
        }
        return Outcome.ERROR;
    }

    /**
     * The AWS error code of a service's error response (e.g. {@code AccessDeniedException}, which the
     * SDK raises as a generic {@code KmsException}), else the exception's simple type name.
     */
    static String errorType(Throwable failure) {
        if (failure == null) {
            return null;
        }
        if (failure instanceof AwsServiceException a && a.awsErrorDetails() != null
                && a.awsErrorDetails().errorCode() != null && !a.awsErrorDetails().errorCode().isEmpty()) {
            return a.awsErrorDetails().errorCode();
        }
        return failure.getClass().getSimpleName();
    }

    /** The provider's type name: low-cardinality, and never a key id. */
    public static String providerName(MaterialsProvider provider) {
        return provider == null ? "" : provider.getClass().getSimpleName();
    }
}
