package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    @Test
    void demo_inMemory_showsCiphertextAndCatchesEveryTampering() {
        CliRun r = CliRun.run("demo");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.out).containsPattern("token\\s+B  [0-9a-f]{20}\\.\\.\\. \\(\\d+ bytes\\)\\s+tok_9f8e7d6c5b4a3921")
                .containsPattern("client_ip\\s+B  [0-9a-f]{20}")
                .containsPattern("status\\s+S  ACTIVE\\s+ACTIVE")
                .containsPattern("expires_at\\s+N  \\d+")
                .contains("coffer_head", "coffer_sig");
        assertThat(r.out.split("the application's read fails with IntegrityException", -1)).hasSize(4);
        assertThat(r.out).doesNotContain("not detected", "\tat ", "Caused by");
        assertThat(r.err).isEmpty();
    }

    @Test
    void demo_withDataDirAndKeyring_persistsAndCanRunTwice(@TempDir Path dir) {
        Path keyring = dir.resolve("keyring.json");
        assertThat(CliRun.run("keygen", "--out", keyring.toString()).exitCode).isZero();
        Path data = dir.resolve("db");

        CliRun first = CliRun.run("demo", "--data-dir", data.toString(), "--keyring", keyring.toString());
        CliRun second = CliRun.run("demo", "--data-dir", data.toString(), "--keyring", keyring.toString());

        assertThat(first.exitCode).as(first.toString()).isZero();
        assertThat(second.exitCode).as(second.toString()).isZero();
        assertThat(second.out).contains("data in " + data).contains("keys from " + keyring);
        assertThat(data.toFile().list()).isNotEmpty();
    }
}
