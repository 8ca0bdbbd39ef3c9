package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CofferCliTest {
    private static final String ITEM = "{\"Item\":{\"user_id\":{\"S\":\"alice\"},\"session_id\":{\"S\":\"s-1\"},"
            + "\"token\":{\"S\":\"tok_very_secret\"},\"client_ip\":{\"S\":\"203.0.113.9\"},\"status\":{\"S\":\"ACTIVE\"},"
            + "\"expires_at\":{\"N\":\"1795000000\"},\"tags\":{\"SS\":[\"b\",\"a\"]}}}";
    private static final String[] TABLE = {"-t", "sessions", "-p", "user_id", "-s", "session_id",
        "--sign-only", "status,expires_at"};

    @TempDir
    Path dir;
    private Path keyring;

    @BeforeEach
    void keygen() {
        keyring = dir.resolve("keyring.json");
        CliRun r = CliRun.run("keygen", "--out", keyring.toString());
        assertThat(r.exitCode).as(r.toString()).isZero();
    }

    private String[] args(String command, String... rest) {
        String[] base = {command, "--keyring", keyring.toString()};
        String[] all = new String[base.length + TABLE.length + rest.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(TABLE, 0, all, base.length, TABLE.length);
        System.arraycopy(rest, 0, all, base.length + TABLE.length, rest.length);
        return all;
    }

    @Test
    void keygen_writesOwnerOnlyFile_andRefusesToOverwrite() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyring))).isEqualTo("rw-------");
        String before = Files.readString(keyring);

        CliRun again = CliRun.run("keygen", "--out", keyring.toString());

        assertThat(again.exitCode).isEqualTo(2);
        assertThat(again.err).contains("already exists").contains("--force");
        assertThat(Files.readString(keyring)).isEqualTo(before);
    }

    @Test
    void keygen_readerCopyOnTheKeyringItself_orExisting_isRefusedBeforeAnythingIsWritten() throws IOException {
        String before = Files.readString(keyring);

        CliRun same = CliRun.run("keygen", "--out", keyring.toString(), "--rotate", "--signature-key-pair",
                "--reader-copy", keyring.toString());
        Path fresh = dir.resolve("fresh.json");
        CliRun existingCopy = CliRun.run("keygen", "--out", fresh.toString(), "--reader-copy", keyring.toString());

        assertThat(same.exitCode).isEqualTo(2);
        assertThat(same.err).contains("--reader-copy names the same file as --out");
        assertThat(existingCopy.exitCode).isEqualTo(2);
        assertThat(existingCopy.err).contains("already exists");
        assertThat(Files.readString(keyring)).isEqualTo(before);
        assertThat(fresh).doesNotExist();
    }

    @Test
    void keygen_force_replaces_andRotate_keepsOldKeys() throws IOException {
        Path enc = dir.resolve("enc.json");
        Files.writeString(enc, CliRun.stdin(ITEM, args("encrypt", "-")).out);

        CliRun rotated = CliRun.run("keygen", "--out", keyring.toString(), "--rotate");
        assertThat(rotated.exitCode).as(rotated.toString()).isZero();
        assertThat(CliRun.run(args("decrypt", enc.toString())).exitCode).isZero();

        CliRun forced = CliRun.run("keygen", "--out", keyring.toString(), "--force");
        assertThat(forced.exitCode).isZero();
        CliRun lost = CliRun.run(args("decrypt", enc.toString()));
        assertThat(lost.exitCode).isEqualTo(1);
        assertThat(lost.err).contains("does not hold").contains("keygen --rotate").doesNotContain("addWrappingKey");
    }

    @Test
    void encryptThenDecrypt_throughFiles_roundTrips() throws IOException {
        Path in = dir.resolve("item.json");
        Files.writeString(in, ITEM);

        CliRun enc = CliRun.run(args("encrypt", in.toString()));
        assertThat(enc.exitCode).as(enc.toString()).isZero();
        assertThat(enc.out).contains("coffer_head", "coffer_sig", "\"ACTIVE\"").doesNotContain("tok_very_secret", "203.0.113.9");
        Path stored = dir.resolve("stored.json");
        Files.writeString(stored, enc.out);

        CliRun dec = CliRun.run(args("decrypt", stored.toString()));
        assertThat(dec.exitCode).as(dec.toString()).isZero();
        assertThat(dec.out).contains("tok_very_secret", "203.0.113.9", "\"Item\"").doesNotContain("coffer_head");
    }

    @Test
    void encryptDecrypt_jsonLinesAndScanOutput_fromStdin() {
        String lines = "{\"user_id\":{\"S\":\"a\"},\"session_id\":{\"S\":\"1\"},\"token\":{\"S\":\"t1\"}}\n"
                + "{\"user_id\":{\"S\":\"b\"},\"session_id\":{\"S\":\"2\"},\"token\":{\"S\":\"t2\"}}\n";
        CliRun enc = CliRun.stdin(lines, args("encrypt", "-"));
        assertThat(enc.exitCode).as(enc.toString()).isZero();
        assertThat(enc.out.strip().split("\n")).hasSize(2);

        String scan = "{\"Items\":[" + String.join(",", enc.out.strip().split("\n")) + "],\"Count\":2}";
        CliRun dec = CliRun.stdin(scan, args("decrypt"));
        assertThat(dec.exitCode).as(dec.toString()).isZero();
        assertThat(dec.out).contains("\"Items\"", "\"t1\"", "\"t2\"");
    }

    @Test
    void decrypt_tamperedItem_exits1_andPrintsNoPlaintext() {
        String stored = CliRun.stdin(ITEM, args("encrypt", "-")).out;
        String tampered = stored.replace("\"ACTIVE\"", "\"ADMIN\"");

        CliRun r = CliRun.stdin(tampered, args("decrypt", "-"));

        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.out).isEmpty();
        assertThat(r.err).startsWith("coffer: integrity check failed: table 'sessions'").doesNotContain("tok_very_secret");
        assertThat(r.err.strip().lines()).hasSize(1);
    }

    @Test
    void decrypt_oneBadItemAmongMany_printsNothing_andNamesTheItem() {
        String lines = CliRun.stdin("{\"user_id\":{\"S\":\"a\"},\"session_id\":{\"S\":\"1\"},\"status\":{\"S\":\"X\"}}\n"
                + "{\"user_id\":{\"S\":\"b\"},\"session_id\":{\"S\":\"2\"},\"status\":{\"S\":\"Y\"}}\n", args("encrypt", "-")).out;
        String[] parts = lines.strip().split("\n");
        String broken = parts[0] + "\n" + parts[1].replace("\"Y\"", "\"Z\"") + "\n";

        CliRun r = CliRun.stdin(broken, args("decrypt", "-"));

        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.out).isEmpty();
        assertThat(r.err).contains("item 2:");
    }

    @Test
    void inspect_showsHeaderLegendAndSizes_withoutKeys() {
        String stored = CliRun.stdin(ITEM, args("encrypt", "-")).out;

        CliRun r = CliRun.stdin(stored, "inspect", "-");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.out).contains("format version     2", "provider           wrapped", "key id             wk-",
                "alg=AES-KWP", "wrapped data key   40 bytes");
        assertThat(r.out).containsPattern("ENCRYPT_AND_SIGN\\s+token\\s+ciphertext")
                .containsPattern("SIGN_ONLY\\s+status\\s+S, 6 B, plaintext")
                .contains("Nothing above is verified");
        assertThat(r.out).doesNotContain("tok_very_secret");
    }


    @Test
    void configFile_isEquivalentToFlags() throws IOException {
        Path cfg = dir.resolve("sessions.json");
        Files.writeString(cfg, "{\"table\":\"sessions\",\"partition_key\":\"user_id\",\"sort_key\":\"session_id\","
                + "\"actions\":{\"status\":\"SIGN_ONLY\",\"expires_at\":\"SIGN_ONLY\"}}");
        String stored = CliRun.stdin(ITEM, args("encrypt", "-")).out;

        CliRun r = CliRun.stdin(stored, "decrypt", "--keyring", keyring.toString(), "--config", cfg.toString(), "-");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.out).contains("tok_very_secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"encrypt", "decrypt", "inspect", "keygen"})
    void help_everyCommand_hasAnExample(String command) {
        CliRun r = CliRun.run(command, "--help");
        assertThat(r.exitCode).isZero();
        assertThat(r.out).contains("Example").contains("coffer " + command);
    }

    @Test
    void usageErrors_exit2_withOneLineSayingWhatToDo() throws IOException {
        assertOneLineError(CliRun.run("encrypt", "--bogus"), 2, "Unknown option", "--help");
        assertOneLineError(CliRun.stdin(ITEM, "encrypt", "-t", "sessions", "-p", "user_id", "-"), 2, "--keyring");
        assertOneLineError(CliRun.run(args("encrypt", dir.resolve("missing.json").toString())), 2, "does not exist");
        assertOneLineError(CliRun.stdin("not json", args("encrypt", "-")), 2, "not valid JSON");
        assertOneLineError(CliRun.stdin("{\"a\":{\"X\":1}}", args("encrypt", "-")), 2, "unknown type \"X\"");
        assertOneLineError(CliRun.stdin(ITEM, "encrypt", "--keyring", keyring.toString(), "-p", "user_id", "-"), 2,
                "pass -t/--table NAME", "\"table\" in the --config file");
        assertOneLineError(CliRun.stdin(ITEM, args("encrypt", "--default-action", "SHRED", "-")), 2, "not an action");
        assertOneLineError(CliRun.stdin(ITEM, "encrypt", "--keyring", keyring.toString(), "-t", "sessions", "-p", "user_id",
                "--encrypt", "user_id", "-"), 2, "cannot be encrypted");
        assertOneLineError(CliRun.stdin("{\"Item\":{\"session_id\":{\"S\":\"1\"}}}", args("encrypt", "-")), 2,
                "partition key is missing");
        Path notKeyring = dir.resolve("nk.json");
        Files.writeString(notKeyring, "{}", StandardCharsets.UTF_8);
        assertOneLineError(CliRun.stdin(ITEM, "encrypt", "--keyring", notKeyring.toString(), "-t", "x", "-p", "user_id", "-"),
                2, "not a Coffer keyring");
        assertOneLineError(CliRun.run("keygen", "--out", keyring.toString(), "--force", "--rotate"), 2, "contradict");
    }

    private static void assertOneLineError(CliRun r, int code, String... fragments) {
        assertThat(r.exitCode).as(r.toString()).isEqualTo(code);
        assertThat(r.err).as(r.toString()).startsWith("coffer: ").contains(fragments);
        assertThat(r.err.strip().lines()).as(r.toString()).hasSize(1);
        assertThat(r.err).doesNotContain("\tat ");
    }
}
