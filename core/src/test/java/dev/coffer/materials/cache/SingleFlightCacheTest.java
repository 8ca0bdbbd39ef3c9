package dev.coffer.materials.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.ConfigurationException;
import dev.coffer.MaterialsException;
import dev.coffer.testfixtures.FakeTicker;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The shared cache's rules, one by one, on a ticker the test moves by hand. */
class SingleFlightCacheTest {
    private final FakeTicker time = new FakeTicker();
    private final AtomicInteger loads = new AtomicInteger();

    private SingleFlightCache.Builder<String, String> builder() {
        return SingleFlightCache.<String, String>builder().ticker(time::read).ttl(Duration.ofMinutes(5))
                .describe(k -> "material '" + k + "'").failureHint("Check the test source.");
    }

    private String load(String key) {
        return key + "#" + loads.incrementAndGet();
    }

    private static RuntimeException down() {
        return new IllegalStateException("source down");
    }

    @Test
    void get_freshValue_loadsOnceAndCountsHits() {
        SingleFlightCache<String, String> c = builder().build();

        assertThat(c.get("a", () -> load("a"))).isEqualTo("a#1");
        time.advance(Duration.ofMinutes(4));
        assertThat(c.get("a", () -> load("a"))).isEqualTo("a#1");

        assertThat(c.stats()).isEqualTo(CacheStats.of(1, 0, 1, 1, 0));
    }

    @Test
    void get_atTtlWithoutGrace_reloads() {
        SingleFlightCache<String, String> c = builder().build();
        c.get("a", () -> load("a"));

        time.advance(Duration.ofMinutes(5));

        assertThat(c.get("a", () -> load("a"))).isEqualTo("a#2");
    }

    @Test
    void get_failedFirstLoad_throwsTheLoadersExceptionAndCachesNothing() {
        SingleFlightCache<String, String> c = builder().build();
        RuntimeException failure = down();

        assertThatThrownBy(() -> c.get("a", () -> {
            throw failure;
        })).isSameAs(failure);

        assertThat(c.size()).isZero();
        assertThat(c.get("a", () -> load("a"))).isEqualTo("a#1");
        assertThat(c.stats().loadFailures()).isEqualTo(1);
        assertThat(c.stats().loads()).isEqualTo(2);
    }

    @Test
    void get_expiredWithoutGraceAndSourceDown_throwsTheLoadersException() {
        SingleFlightCache<String, String> c = builder().build();
        c.get("a", () -> load("a"));
        time.advance(Duration.ofMinutes(5));
        RuntimeException failure = down();

        assertThatThrownBy(() -> c.get("a", () -> {
            throw failure;
        })).isSameAs(failure);
        assertThat(c.get("a", () -> load("a"))).isEqualTo("a#2");
    }

    @Test
    void get_refreshFailsInGrace_servesTheOldValueAndRetriesOncePerInterval() {
        SingleFlightCache<String, String> c = builder().gracePeriod(Duration.ofMinutes(10))
                .retryInterval(Duration.ofSeconds(5)).build();
        c.get("a", () -> load("a"));
        time.advance(Duration.ofMinutes(6));
        AtomicInteger attempts = new AtomicInteger();

        assertThat(c.get("a", () -> {
            attempts.incrementAndGet();
            throw down();
        })).isEqualTo("a#1");
        assertThat(c.get("a", () -> load("a"))).isEqualTo("a#1"); // within the retry interval: no attempt
        time.advance(Duration.ofSeconds(5));
        assertThat(c.get("a", () -> load("a"))).isEqualTo("a#2");

        assertThat(attempts).hasValue(1);
        assertThat(c.stats().staleHits()).isEqualTo(2);
    }

    @Test
    void get_pastGraceAndSourceDown_failsClosedNamingTheLastError() {
        SingleFlightCache<String, String> c = builder().gracePeriod(Duration.ofMinutes(10))
                .retryInterval(Duration.ofSeconds(5)).build();
        c.get("a", () -> load("a"));
        time.advance(Duration.ofMinutes(15));

        assertThatThrownBy(() -> c.get("a", () -> {
            throw down();
        })).isInstanceOf(MaterialsException.class).hasMessageContaining("material 'a'")
                .hasMessageContaining("grace period").hasMessageContaining("source down")
                .hasMessageContaining("Check the test source.");
        // Between attempts too: never the expired value.
        assertThatThrownBy(() -> c.get("a", () -> load("a"))).isInstanceOf(MaterialsException.class)
                .hasMessageContaining("source down");
    }

    @Test
    void get_duringAnotherCallersRefreshInGrace_returnsTheOldValueAtOnce() throws Exception {
        SingleFlightCache<String, String> c = builder().gracePeriod(Duration.ofMinutes(10)).build();
        c.get("a", () -> load("a"));
        time.advance(Duration.ofMinutes(6));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> refresher = CompletableFuture.supplyAsync(() -> c.get("a", () -> {
            entered.countDown();
            await(release);
            return load("a");
        }));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(c.get("a", () -> load("a"))).isEqualTo("a#1");

        release.countDown();
        assertThat(refresher.get(10, TimeUnit.SECONDS)).isEqualTo("a#2");
        assertThat(c.get("a", () -> load("a"))).isEqualTo("a#2");
    }

    @Test
    void get_noUsableValueAndLoadOutlastsRefreshWait_failsClosedAndLaterCallersGetTheLoad() throws Exception {
        SingleFlightCache<String, String> c = builder().refreshWait(Duration.ofMillis(1)).build();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> loader = CompletableFuture.supplyAsync(() -> c.get("a", () -> {
            entered.countDown();
            await(release); // held until the waiter below has given up: its timeout is certain
            return load("a");
        }));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> c.get("a", () -> load("a"))).isInstanceOf(MaterialsException.class)
                .hasMessageContaining("not loaded yet").hasMessageContaining("refreshWait");

        release.countDown();
        assertThat(loader.get(10, TimeUnit.SECONDS)).isEqualTo("a#1");
        assertThat(c.get("a", () -> load("a"))).isEqualTo("a#1");
        assertThat(loads).hasValue(1);
    }

    @Test
    void get_waiterOfAFailedLoad_getsTheSameException() throws Exception {
        SingleFlightCache<String, String> c = builder().build();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RuntimeException failure = down();
        CompletableFuture<String> loader = CompletableFuture.supplyAsync(() -> c.get("a", () -> {
            entered.countDown();
            await(release);
            throw failure;
        }));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> waiter = CompletableFuture.supplyAsync(() -> c.get("a", () -> load("a")));
        while (c.waiting() < 1) {
            Thread.sleep(1); // polling for the waiter to block, not waiting for time to pass
        }

        release.countDown();

        assertThatThrownBy(() -> loader.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).hasCause(failure);
        assertThatThrownBy(() -> waiter.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).hasCause(failure);
        assertThat(loads).hasValue(0);
    }

    @Test
    void retire_theCachedValue_nextGetLoadsAnew() {
        SingleFlightCache<String, String> c = builder().build();
        String first = c.get("a", () -> load("a"));

        assertThat(c.retire("a", "other")).isFalse();
        assertThat(c.retire("a", first)).isTrue();

        assertThat(c.get("a", () -> load("a"))).isEqualTo("a#2");
    }

    @Test
    void put_replacesTheValueAsFresh() {
        SingleFlightCache<String, String> c = builder().build();
        c.get("a", () -> load("a"));
        time.advance(Duration.ofMinutes(4));

        c.put("a", "rotated");
        time.advance(Duration.ofMinutes(4));

        assertThat(c.get("a", () -> load("a"))).isEqualTo("rotated");
        assertThat(c.peek("a")).contains("rotated");
    }

    @Test
    void maxEntries_evictsInTheGivenOrderButNeverTheEntryJustLoaded() {
        SingleFlightCache<String, String> c = builder().maxEntries(2).evictionOrder(Comparator.naturalOrder()).build();
        c.get("b", () -> load("b"));
        c.get("c", () -> load("c"));

        c.get("a", () -> load("a"));

        assertThat(c.contains("a")).isTrue();
        assertThat(c.contains("b")).isFalse(); // the lowest of the others
        assertThat(c.contains("c")).isTrue();
    }

    @Test
    void maxEntries_byDefaultEvictsTheOldestLoadedAndSpentEntriesFirst() {
        SingleFlightCache<String, String> c = builder().maxEntries(2).spent(v -> v.startsWith("spent")).build();
        c.get("old", () -> load("old"));
        time.advance(Duration.ofSeconds(1));
        c.get("s", () -> "spent");
        time.advance(Duration.ofSeconds(1));
        c.get("new", () -> load("new"));

        assertThat(c.contains("s")).isFalse();
        assertThat(c.contains("old")).isTrue();
        c.get("newer", () -> load("newer"));
        assertThat(c.contains("old")).isFalse();
        assertThat(c.size()).isEqualTo(2);
    }

    @Test
    void get_loaderReturnsNull_throwsAndCachesNothing() {
        SingleFlightCache<String, String> c = builder().build();

        assertThatThrownBy(() -> c.get("a", () -> null)).isInstanceOf(MaterialsException.class)
                .hasMessageContaining("material 'a'");
        assertThat(c.size()).isZero();
    }

    @Test
    void stats_minusAndPlus_areCounterByCounter() {
        CacheStats later = CacheStats.of(10, 4, 3, 3, 1);
        CacheStats earlier = CacheStats.of(7, 1, 2, 2, 1);

        assertThat(later.minus(earlier)).isEqualTo(CacheStats.of(3, 3, 1, 1, 0));
        assertThat(earlier.plus(later.minus(earlier))).isEqualTo(later);
        assertThat(later.requests()).isEqualTo(17);
        assertThat(CacheStats.empty().minus(later)).isEqualTo(CacheStats.empty());
    }

    @Test
    void build_invalidSettings_throwConfigurationException() {
        assertThatThrownBy(() -> builder().ttl(null).build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("ttl");
        assertThatThrownBy(() -> builder().gracePeriod(Duration.ofSeconds(-1)).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("gracePeriod");
        assertThatThrownBy(() -> builder().maxEntries(0).build()).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> builder().refreshWait(Duration.ZERO).build()).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> builder().ticker(null).build()).isInstanceOf(ConfigurationException.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test latch never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
