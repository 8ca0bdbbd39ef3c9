package dev.coffer.spark;

import dev.coffer.CofferException;

/**
 * An export that cannot be processed as a whole: a manifest missing or unreadable, a data file
 * whose item count or MD5 checksum differs from the manifest's, an output that already exists.
 * The message names the file and what to do. A single item that fails verification is not an
 * {@code ExportException}: it goes to the job's failure output.
 *
 * <p>Thread-safety: immutable.
 */
public class ExportException extends CofferException {
    private static final long serialVersionUID = 1L;

    /** An export failure described by {@code message}. */
    public ExportException(String message) {
        super(message);
    }

    /** An export failure described by {@code message}, caused by {@code cause}. */
    public ExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
