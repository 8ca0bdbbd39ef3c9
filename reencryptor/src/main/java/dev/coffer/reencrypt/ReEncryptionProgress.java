package dev.coffer.reencrypt;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A snapshot of a running re-encryption: counts so far (earlier runs resumed from the checkpoint
 * included), the rate of this run and, if the table's approximate item count is known, an estimate
 * of the time left.
 *
 * @param scanned items read so far
 * @param rewritten items rewritten (in a dry run: that would be)
 * @param alreadyCurrent items already in the current configuration
 * @param failed items left untouched because they failed verification or could not be rewritten
 * @param retried rewrites that met a concurrent change and were re-read and tried again
 * @param itemsPerSecond items scanned per second in this run
 * @param estimatedItems the table's approximate item count (DescribeTable), if known
 * @param elapsed time since this run started
 *
 * <p>Thread-safety: immutable.
 */
public record ReEncryptionProgress(long scanned, long rewritten, long alreadyCurrent, long failed, long retried,
        double itemsPerSecond, OptionalLong estimatedItems, Duration elapsed) {

    /** Time left at the current rate, if the item count is known and the rate is not zero. */
    public Optional<Duration> eta() {
        if (estimatedItems.isEmpty() || itemsPerSecond <= 0) {
            return Optional.empty();
        }
        long left = Math.max(0, estimatedItems.getAsLong() - scanned);
        return Optional.of(Duration.ofMillis((long) (left * 1000 / itemsPerSecond)));
    }

    /** One line: counts, rate and ETA; no item content. */
    @Override
    public String toString() {
        String of = estimatedItems.isPresent() ? "/~" + estimatedItems.getAsLong() : "";
        return scanned + of + " items: " + rewritten + " rewritten, " + alreadyCurrent + " already current, " + failed
                + " failed, " + retried + " retried; " + Math.round(itemsPerSecond) + " items/s"
                + eta().map(d -> ", ETA " + d.toSeconds() + " s").orElse("");
    }
}
