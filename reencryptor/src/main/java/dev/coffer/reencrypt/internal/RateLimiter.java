package dev.coffer.reencrypt.internal;

import java.util.function.LongSupplier;

/**
 * A token bucket shared by every segment: {@code rate} permits per second, a burst of one second's
 * worth. {@link #acquire} takes permits and, if the bucket went below zero, sleeps until it is back
 * at zero, so a caller may take what it actually used after the fact (the write units DynamoDB
 * reports). Time comes from an injected ticker and sleeper, so tests advance it instead of sleeping.
 * Thread-safe; the lock is never held while sleeping.
 */
public final class RateLimiter {
    /** Sleeps for the given nanoseconds; {@code Thread::sleep} in production. */
    public interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final double perNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private double tokens;
    private long last;

    public RateLimiter(double perSecond, LongSupplier nanoTime, Sleeper sleeper) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive");
        }
        this.perNano = perSecond / 1e9;
        this.burst = Math.max(1, perSecond);
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.last = nanoTime.getAsLong();
        this.tokens = burst;
    }

    /** Takes {@code permits}, sleeping as long as the bucket is in debt. */
    public void acquire(double permits) throws InterruptedException {
        long wait = reserve(permits);
        if (wait > 0) {
            sleeper.sleep(wait);
        }
    }

    private synchronized long reserve(double permits) {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        tokens -= permits;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perNano);
    }
}
