package dev.coffer.reencrypt;

import java.time.Duration;

/**
 * What a {@link ReEncryptor#run} did, counting earlier runs resumed from the same checkpoint.
 *
 * @param table the table
 * @param scanned items read
 * @param rewritten items rewritten into the current configuration (dry run: that would be)
 * @param alreadyCurrent items that were already current
 * @param failed items left untouched: failed verification, or could not be rewritten (each
 *     reported to {@link ReEncryptionListener#failed})
 * @param retried rewrites that met a concurrent change, were re-read and tried again
 * @param complete whether every segment was scanned to the end ({@code false}: stopped; resume
 *     from the checkpoint)
 * @param dryRun whether nothing was written
 * @param elapsed this run's duration
 *
 * <p>Thread-safety: immutable.
 */
public record ReEncryptionSummary(String table, long scanned, long rewritten, long alreadyCurrent, long failed,
        long retried, boolean complete, boolean dryRun, Duration elapsed) {

    /** One line, e.g. for a log. */
    @Override
    public String toString() {
        return "table '" + table + "': " + scanned + " items scanned: " + rewritten + (dryRun ? " to rewrite" : " rewritten")
                + ", " + alreadyCurrent + " already current, " + failed + " failed, " + retried + " retried"
                + (complete ? "" : " (stopped; resume from the checkpoint)") + (dryRun ? " (dry run: nothing written)" : "");
    }
}
