package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every error the library reports through the CLI names the flag or config field to use, never a
 * Java method: each case runs the real entry point into one library failure.
 */
class CliMessagesTest extends KeyringTest {
    /** A Java call such as {@code tableName(...)}, {@code defaultAction(DO_NOTHING)} or {@code .region(...)}. */
    static final Pattern JAVA_CALL = Pattern.compile("\\b[a-z][A-Za-z]*[A-Z][A-Za-z]*\\([^)]*\\)|\\(\\.\\.\\.\\)");
    /** Java-only names a CLI user cannot act on. */
    static final List<String> JAVA_NAMES = List.of("allowedUnsigned", "decryptionKeys", "encryptionKey", "kmsClientSupplier",
            "KmsClient", "CachingProvider", "grantTokens", "addWrappingKey", "addSigningKey", "tableName", "partitionKey",
            "defaultAction", "materialsProvider", "apiCallTimeout");

    static void assertSpeaksCli(CliRun r) {
        assertThat(r.err).as(r.toString()).startsWith("coffer: ").doesNotContainPattern(JAVA_CALL);
        for (String name : JAVA_NAMES) {
            assertThat(r.err).as(r.toString()).doesNotContain(name);
        }
        assertThat(r.err.strip().lines()).hasSize(1);
    }

    private String keyring() {
        return session.keyring().toString();
    }

    private static String[] concat(String[] a, String... b) {
        List<String> l = new ArrayList<>(List.of(a));
        l.addAll(List.of(b));
        return l.toArray(new String[0]);
    }

    static Stream<Arguments> configurationErrors() {
        return Stream.of(
                Arguments.of(new String[] {"-p", "user_id"}, "-t/--table"),
                Arguments.of(new String[] {"-t", "sessions"}, "-p/--partition-key"),
                Arguments.of(new String[] {"-t", "sessions", "-p", "user_id", "--logical-table", ""}, "--logical-table"),
                Arguments.of(new String[] {"-t", "sessions", "-p", "user_id", "-s", ""}, "-s/--sort-key"),
                Arguments.of(new String[] {"-t", "sessions", "-p", "user_id", "--allow-unsigned", "user_id"},
                        "remove it from --allow-unsigned"),
                Arguments.of(new String[] {"-t", "sessions", "-p", "user_id", "--allow-unsigned-prefix", ""},
                        "--default-action DO_NOTHING"),
                Arguments.of(new String[] {"-t", "sessions", "-p", "user_id", "--allow-unsigned-prefix", "user"},
                        "starts with --allow-unsigned-prefix 'user'"),
                Arguments.of(new String[] {"-t", "sessions", "-p", "user_id", "--sign-only", "tmp_x",
                    "--allow-unsigned-prefix", "tmp_"}, "--allow-unsigned-prefix 'tmp_'"),
                Arguments.of(new String[] {"-t", "sessions", "-p", "user_id", "--encrypt", "user_id"},
                        "Remove 'user_id' from --encrypt"),
                Arguments.of(new String[] {"-t", "sessions", "-p", "user_id", "--do-nothing", "user_id"},
                        "Remove 'user_id' from --do-nothing"));
    }

    @ParameterizedTest
    @MethodSource("configurationErrors")
    void tableConfigurationError_namesTheFlag_exit2(String[] table, String flag) {
        CliRun r = CliRun.stdin(Session.ITEM, concat(new String[] {"encrypt", "--keyring", keyring()}, table));

        assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
        assertThat(r.err).contains(flag);
        assertSpeaksCli(r);
    }

    @Test
    void unexpectedUnsignedAttribute_onDecrypt_namesTheFlags() {
        String stored = CliRun.stdin(Session.ITEM, session.args("encrypt")).out;
        String added = stored.replace("\"Item\" : {", "\"Item\" : { \"etag\" : { \"S\" : \"x\" },");

        CliRun r = CliRun.stdin(added, session.args("decrypt"));

        assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
        assertThat(r.err).contains("attribute 'etag'").contains("--allow-unsigned ATTR").contains("--do-nothing ATTR");
        assertSpeaksCli(r);
    }

    @Test
    void itemOfAnotherKeyring_saysWhichKeyringToUse() throws java.io.IOException {
        String stored = CliRun.stdin(Session.ITEM, session.args("encrypt")).out;
        Session other = Session.in(java.nio.file.Files.createDirectories(dir.resolve("other")));

        CliRun r = CliRun.stdin(stored, other.args("decrypt"));

        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.err).contains("does not hold").contains("keygen --rotate");
        assertSpeaksCli(r);
    }

    @Test
    void keyringItem_decryptedWithKms_saysToUseTheKeyring() {
        String stored = CliRun.stdin(Session.ITEM, session.args("encrypt")).out;

        CliRun r = CliRun.stdin(stored, "decrypt", "--kms-key", "arn:aws:kms:us-east-1:111122223333:key/k", "-t", "sessions",
                "-p", "user_id", "-s", "session_id");

        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.err).contains("--keyring FILE");
        assertSpeaksCli(r);
    }

    static Stream<Arguments> kmsConfigurationErrors() {
        String east = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        String west = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        return Stream.of(
                Arguments.of(new String[] {"--kms-key", "alias/sessions", "--kms-region", "us-east-1"}, "further --kms-key"),
                Arguments.of(new String[] {"--kms-key", east, "--kms-key", west}, "another run with --kms-region"),
                Arguments.of(new String[] {"--kms-key", east, "--kms-region", "eu-west-1"}, "--kms-region"),
                Arguments.of(new String[] {"--kms-key", east, "--kms-discovery-account", "444455556666"},
                        "--kms-discovery-account"),
                Arguments.of(new String[] {"--kms-key", "arn:aws:kms:us-east-1:oops"}, "--kms-key 'arn:aws:kms:us-east-1:oops'"),
                Arguments.of(new String[] {"--kms-key", east, "--kms-region", "moon-1"}, "--kms-region 'moon-1'"));
    }

    @ParameterizedTest
    @MethodSource("kmsConfigurationErrors")
    void kmsConfigurationError_namesTheFlag_exit2(String[] kms, String flag) {
        CliRun r = CliRun.stdin(Session.ITEM, concat(concat(new String[] {"encrypt"}, kms), "-t", "sessions", "-p",
                "user_id"));

        assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
        assertThat(r.err).contains(flag);
        assertSpeaksCli(r);
    }

    @Test
    void translate_rewritesEveryKnownJavaPhrase() {
        assertThat(CliMessages.translate("table configuration: set tableName(...) to the DynamoDB table name"))
                .isEqualTo("no table name: pass -t/--table NAME (or \"table\" in the --config file)");
        assertThat(CliMessages.translate("x; add that key with addWrappingKey(...)")).doesNotContain("addWrappingKey");
        assertThat(CliMessages.translate("plain message")).isEqualTo("plain message");
    }
}
