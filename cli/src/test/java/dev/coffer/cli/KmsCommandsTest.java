package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.kms.testkit.KmsKey;
import dev.coffer.kms.testkit.LocalKms;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** encrypt and decrypt with --kms-key, against the loopback KMS through the real SDK client. */
class KmsCommandsTest {
    private static final String ITEM = "{\"Item\":{\"user_id\":{\"S\":\"alice\"},\"session_id\":{\"S\":\"s-1\"},"
            + "\"token\":{\"S\":\"tok_kms_secret\"},\"status\":{\"S\":\"ACTIVE\"}}}";
    private static LocalKms kms;
    private static String savedKeyId;
    private static String savedSecret;

    @BeforeAll
    static void start() {
        kms = LocalKms.create().start();
        savedKeyId = System.getProperty("aws.accessKeyId");
        savedSecret = System.getProperty("aws.secretAccessKey");
        // The CLI uses the SDK's default credential chain; the loopback server accepts any credentials.
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
    }

    @AfterAll
    static void stop() {
        kms.close();
        restore("aws.accessKeyId", savedKeyId);
        restore("aws.secretAccessKey", savedSecret);
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }

    private static String[] args(String command, String key) {
        return new String[] {command, "--kms-key", key, "--kms-endpoint", kms.endpoint().toString(), "-t", "sessions",
            "-p", "user_id", "-s", "session_id", "--sign-only", "status", "-"};
    }

    @Test
    void encryptThenDecrypt_withKmsKey_roundTrips_andRecordsTheKeyArn() {
        KmsKey key = kms.createKey();

        CliRun enc = CliRun.stdin(ITEM, args("encrypt", key.arn()));
        assertThat(enc.exitCode).as(enc.toString()).isZero();
        assertThat(enc.out).doesNotContain("tok_kms_secret");

        CliRun inspect = CliRun.stdin(enc.out, "inspect", "-");
        assertThat(inspect.out).contains("provider           kms").contains(key.arn());

        CliRun dec = CliRun.stdin(enc.out, args("decrypt", key.arn()));
        assertThat(dec.exitCode).as(dec.toString()).isZero();
        assertThat(dec.out).contains("tok_kms_secret");
    }

    @Test
    void decrypt_itemUnderAnotherKey_isRefusedByPinning_exit1() {
        KmsKey writer = kms.createKey();
        KmsKey other = kms.createKey();
        String stored = CliRun.stdin(ITEM, args("encrypt", writer.arn())).out;

        CliRun r = CliRun.stdin(stored, args("decrypt", other.arn()));

        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.out).isEmpty();
        assertThat(r.err).startsWith("coffer: ").contains(writer.arn());
        assertThat(r.err.strip().lines()).hasSize(1);
    }

    @Test
    void decrypt_disabledKey_exit1_sayingSo() {
        KmsKey key = kms.createKey();
        String stored = CliRun.stdin(ITEM, args("encrypt", key.arn())).out;
        kms.disableKey(key);

        CliRun r = CliRun.stdin(stored, args("decrypt", key.arn()));

        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.err).containsIgnoringCase("disabled");
    }

    @Test
    void keyringAndKmsTogether_isAUsageError() {
        CliRun r = CliRun.stdin(ITEM, "encrypt", "--keyring", "k.json", "--kms-key", "arn:aws:kms:us-east-1:111122223333:key/x",
                "-t", "sessions", "-p", "user_id", "-");
        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).contains("choose one key source");
    }
}
