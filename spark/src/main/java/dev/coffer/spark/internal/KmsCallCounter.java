package dev.coffer.spark.internal;

import org.apache.spark.util.LongAccumulator;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Counts KMS requests into the accumulator of the Spark task whose thread sends them. Providers are
 * shared by every task of an executor, but a synchronous SDK call runs on the calling thread, and a
 * caching provider's load runs on the thread of the task that missed: so a thread-local naming the
 * current task's accumulator attributes each request to exactly one task.
 *
 * <p>Thread-safety: thread-safe (thread-local state, thread-safe accumulators).
 */
public final class KmsCallCounter {
    private static final ThreadLocal<LongAccumulator> CURRENT = new ThreadLocal<>();
    private static final ExecutionInterceptor INTERCEPTOR = new ExecutionInterceptor() {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            LongAccumulator a = CURRENT.get();
            if (a != null) {
                a.add(1);
            }
        }
    };

    private KmsCallCounter() {
    }

    /** The interceptor to add to every KMS client a key source builds (counts each HTTP attempt). */
    public static ExecutionInterceptor interceptor() {
        return INTERCEPTOR;
    }

    /** Attributes KMS requests made by this thread to {@code accumulator} until {@link #clear()}. */
    static void set(LongAccumulator accumulator) {
        CURRENT.set(accumulator);
    }

    static void clear() {
        CURRENT.remove();
    }
}
