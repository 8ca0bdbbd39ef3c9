package dev.coffer.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of the CLI tests that need a keyring: a fresh one from {@code coffer keygen} in a temporary directory. */
abstract class KeyringTest {
    @TempDir
    Path dir;
    Session session;

    @BeforeEach
    void keygen() {
        session = Session.in(dir);
    }
}
