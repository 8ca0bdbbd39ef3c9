package dev.coffer.migration;

import dev.coffer.IntegrityException;
import java.util.Objects;

/**
 * A read met an item of a kind the table's migration phase does not accept: a plaintext item in
 * {@link PlaintextPhase#ENCRYPTED_ONLY}, or a legacy item in {@link LegacyPhase#COFFER_ONLY}. The
 * message names the table, the phase and what to do. An {@link IntegrityException}, so code that
 * fails closed (or skips unverified items) treats it as any unverifiable item; no plaintext of the
 * item is returned.
 *
 * <pre>{@code
 * try {
 *     item = encryptor.decrypt(stored);
 * } catch (MigrationPhaseException e) {
 *     log.warn("{} item in table {} refused in phase {}", e.itemKind(), e.tableName(), e.phase());
 * }
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public class MigrationPhaseException extends IntegrityException {
    private static final long serialVersionUID = 1L;

    private final String tableName;
    private final ItemKind itemKind;
    private final transient MigrationPhase phase;

    public MigrationPhaseException(String tableName, ItemKind itemKind, MigrationPhase phase, String message) {
        this(tableName, itemKind, phase, message, null);
    }

    public MigrationPhaseException(String tableName, ItemKind itemKind, MigrationPhase phase, String message,
            Throwable cause) {
        super(message, cause);
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.itemKind = Objects.requireNonNull(itemKind, "itemKind");
        this.phase = Objects.requireNonNull(phase, "phase");
    }

    /** The table whose policy refused the item. */
    public String tableName() {
        return tableName;
    }

    /** What the refused item is: {@link ItemKind#PLAINTEXT} or {@link ItemKind#LEGACY}. */
    public ItemKind itemKind() {
        return itemKind;
    }

    /** The phase that refused it. */
    public MigrationPhase phase() {
        return phase;
    }

}
