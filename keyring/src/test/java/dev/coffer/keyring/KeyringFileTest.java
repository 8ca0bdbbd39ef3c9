package dev.coffer.keyring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coffer.ConfigurationException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyringFileTest {
    @TempDir
    Path dir;

    @BeforeEach
    void posixOnly() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
    }

    @Test
    void write_createsAnOwnerOnlyFile_thatReadsBackEqual() throws IOException {
        Path file = dir.resolve("sub/keyring.json");
        Keyring k = Keyring.generate().withNewSignatureKeyPair();

        KeyringFile.write(file, k, false);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(KeyringFile.read(file).toJson()).isEqualTo(k.toJson());
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file); // no temporary file left behind
        }
    }

    @Test
    void write_existingFile_isReplacedOnlyOnPurpose() {
        Path file = dir.resolve("keyring.json");
        Keyring first = Keyring.generate();
        KeyringFile.write(file, first, false);

        assertThatThrownBy(() -> KeyringFile.write(file, Keyring.generate(), false))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("already exists");
        assertThat(KeyringFile.read(file).toJson()).isEqualTo(first.toJson());

        Keyring rotated = first.withNewKeys();
        KeyringFile.write(file, rotated, true);
        assertThat(KeyringFile.read(file).wrappingKeyIds()).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r-----", "rw----r--", "rw--w----", "rw-rw-rw-"})
    void read_fileOthersMayReadOrChange_isRefusedWithTheChmod(String mode) throws IOException {
        Path file = dir.resolve("keyring.json");
        KeyringFile.write(file, Keyring.generate(), false);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));

        assertThatThrownBy(() -> KeyringFile.read(file, "pass --allow-it", null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("keyring '" + file + "' can be ")
                .hasMessageContaining("by other users (mode " + mode + ")")
                .hasMessageContaining("Run: chmod 600 " + file)
                .hasMessageContaining("(or pass --allow-it to use it anyway)");
        assertThatThrownBy(() -> KeyringFile.read(file)).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void read_sharedFileAllowed_isUsedWithAWarning() throws IOException {
        Path file = dir.resolve("keyring.json");
        KeyringFile.write(file, Keyring.generate(), false);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> warnings = new ArrayList<>();

        Keyring k = KeyringFile.read(file, "pass --allow-it", warnings::add);

        assertThat(k.wrappingKeyIds()).hasSize(1);
        assertThat(warnings).singleElement().asString().contains("can be read by other users").contains("used anyway, as allowed").contains("chmod 600");
    }

    @Test
    void read_missingFile_saysHowToCreateOne() {
        Path file = dir.resolve("none.json");

        assertThatThrownBy(() -> KeyringFile.read(file)).isInstanceOf(ConfigurationException.class)
                .hasMessage("keyring file '" + file + "' does not exist; create one with 'coffer keygen --out " + file + "'");
    }
}
