package dev.coffer.dynalite;

/**
 * Dynalite could not be started. The message says what is missing and what to do; {@link #reason()}
 * lets a caller word its own advice (the CLI demo offers {@code --endpoint-url} instead).
 *
 * <p>Immutable and thread-safe.
 */
public final class DynaliteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why dynalite could not be started. */
    public enum Reason {
        /** No {@code node} executable on {@code PATH}. */
        NODE_NOT_FOUND,
        /** {@code node} is older than {@link Dynalite#MIN_NODE_MAJOR}. */
        NODE_TOO_OLD,
        /** The pinned dynalite folder was not found, or {@code npm ci} could not install it. */
        NOT_INSTALLED,
        /** Node.js ran but the server did not start listening. */
        START_FAILED
    }

    private final Reason reason;

    DynaliteException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    DynaliteException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
