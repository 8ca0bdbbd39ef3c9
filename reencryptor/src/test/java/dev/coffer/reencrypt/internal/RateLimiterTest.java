package dev.coffer.reencrypt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The shared token bucket, on a test clock that the sleeper advances. */
class RateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Long> sleeps = new ArrayList<>();
    private final RateLimiter.Sleeper sleeper = nanos -> {
        sleeps.add(nanos);
        now.addAndGet(nanos);
    };

    @Test
    void acquire_withinTheBurst_doesNotSleep() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(10, now::get, sleeper);

        for (int i = 0; i < 10; i++) {
            limiter.acquire(1);
        }

        assertThat(sleeps).isEmpty();
    }

    @Test
    void acquire_beyondTheBurst_sleepsUntilTheDebtIsPaid() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(10, now::get, sleeper);

        for (int i = 0; i < 30; i++) {
            limiter.acquire(1);
        }

        assertThat(sleeps).hasSize(20).allSatisfy(n -> assertThat(n).isEqualTo(100_000_000L));
    }

    @Test
    void acquire_chargedAfterTheFact_largeWriteWaitsForItsUnits() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(5, now::get, sleeper);

        limiter.acquire(5);
        limiter.acquire(10);

        assertThat(sleeps).containsExactly(2_000_000_000L);
    }

    @Test
    void idleTime_refillsNoMoreThanOneSecondsWorth() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(4, now::get, sleeper);
        now.addAndGet(60_000_000_000L);

        for (int i = 0; i < 5; i++) {
            limiter.acquire(1);
        }

        assertThat(sleeps).containsExactly(250_000_000L);
    }
}
