package dev.coffer.cli;

import dev.coffer.keyring.Keyring;
import dev.coffer.keyring.KeyringFile;
import dev.coffer.materials.WrappedProvider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The CLI's use of keyring files (module coffer-keyring, docs/cli.md "The keyring file"): a file
 * other users may read or change is refused with exit 2 unless {@code --allow-insecure-keyring}
 * accepts it, and then a warning is printed.
 */
final class Keyrings {
    static final String ALLOW_FLAG = "pass --allow-insecure-keyring";

    private Keyrings() {
    }

    /** The keyring at {@code file} as a wrapped provider, refusing one that other users may read or change. */
    static WrappedProvider load(Path file, PrintWriter warn) {
        return load(file, warn, false);
    }

    /** The keyring at {@code file} as a wrapped provider; a shared one only with {@code allowInsecure}, and a warning. */
    static WrappedProvider load(Path file, PrintWriter warn, boolean allowInsecure) {
        return read(file, warn, allowInsecure).toProvider();
    }

    static Keyring read(Path file, PrintWriter warn, boolean allowInsecure) {
        return KeyringFile.read(file, ALLOW_FLAG, allowInsecure ? warnings(warn) : null);
    }

    /** Refuses another file of secrets (a legacy keys file) on the same terms as a keyring. */
    static void checkPermissions(Path file, PrintWriter warn, boolean allowInsecure, String what) {
        KeyringFile.checkPermissions(file, what, ALLOW_FLAG, allowInsecure ? warnings(warn) : null);
    }

    private static Consumer<String> warnings(PrintWriter warn) {
        return w -> {
            warn.println("coffer: warning: " + w);
            warn.flush();
        };
    }
}
