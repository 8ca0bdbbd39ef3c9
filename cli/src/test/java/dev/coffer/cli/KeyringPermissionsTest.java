package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A keyring that other users may read or change is refused (exit 2, with the chmod to run) unless accepted explicitly. */
class KeyringPermissionsTest extends KeyringTest {
    @ParameterizedTest
    @ValueSource(strings = {"rw-r--r--", "rw-r-----", "rw----r--", "rw-rw----", "rw--w----", "rw-----w-", "rw-rw-rw-"})
    void keyringOthersMayReadOrChange_isRefused_exit2_sayingTheChmod(String mode) throws IOException {
        Files.setPosixFilePermissions(session.keyring(), PosixFilePermissions.fromString(mode));

        CliRun r = CliRun.stdin(Session.ITEM, session.args("encrypt"));

        assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
        assertThat(r.out).isEmpty();
        assertThat(r.err).startsWith("coffer: keyring '" + session.keyring() + "' can be ")
                .contains("by other users (mode " + mode + ")")
                .contains("Run: chmod 600 " + session.keyring())
                .contains("--allow-insecure-keyring");
        assertThat(r.err.strip().lines()).hasSize(1);
    }

    @Test
    void groupWritableOnly_isNamedAsChangeable() throws IOException {
        Files.setPosixFilePermissions(session.keyring(), PosixFilePermissions.fromString("rw--w----"));

        CliRun r = CliRun.stdin(Session.ITEM, session.args("decrypt"));

        assertThat(r.err).contains("can be changed by other users").contains("swap in keys");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-------", "r--------"})
    void ownerOnlyKeyring_isUsed(String mode) throws IOException {
        Files.setPosixFilePermissions(session.keyring(), PosixFilePermissions.fromString(mode));

        CliRun r = CliRun.stdin(Session.ITEM, session.args("encrypt"));

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.err).isEmpty();
    }

    @Test
    void allowInsecureKeyring_usesItWithAWarning() throws IOException {
        Files.setPosixFilePermissions(session.keyring(), PosixFilePermissions.fromString("rw-r--r--"));

        CliRun r = CliRun.stdin(Session.ITEM, session.args("encrypt", "--allow-insecure-keyring"));

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.out).contains("coffer_head");
        assertThat(r.err).startsWith("coffer: warning: keyring").contains("chmod 600");
    }
}
