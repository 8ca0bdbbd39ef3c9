package dev.coffer.testfixtures;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time that tests move by hand, so expiry is tested without sleeping: a monotonic ticker for
 * caches (pass {@code time::read} where a {@code dev.coffer.materials.cache.Ticker} is wanted; this
 * module cannot depend on core, which uses it in its tests) and, over the same timeline, a wall {@link #clock()} for code that stamps dates
 * (e.g. a meta-store's creation times).
 *
 * <pre>{@code
 * FakeTicker time = new FakeTicker();
 * CachingProvider cached = CachingProvider.builder().provider(inner).ticker(time::read).build();
 * time.advance(Duration.ofMinutes(6));
 * }</pre>
 *
 * <p>Thread-safety: safe for concurrent use.
 */
public final class FakeTicker {
    private static final Instant ORIGIN = Instant.parse("2026-11-21T00:00:00Z");
    private final AtomicLong nanos = new AtomicLong();

    /** Moves time forward (a monotonic ticker never goes back). */
    public void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("a monotonic ticker never goes back; got " + d);
        }
        nanos.addAndGet(d.toNanos());
    }

    /** Nanoseconds since this ticker was made. */
    public long read() {
        return nanos.get();
    }

    /** A wall clock that starts at 2026-11-21T00:00:00Z and moves with this ticker. */
    public Clock clock() {
        return new Clock() {
            @Override
            public Instant instant() {
                return ORIGIN.plusNanos(nanos.get());
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
    }
}
