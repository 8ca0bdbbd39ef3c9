package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.kms.testkit.Fault;
import dev.coffer.kms.testkit.KmsKey;
import dev.coffer.kms.testkit.LocalKms;
import dev.coffer.kms.testkit.Operation;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void ecdsaSuite_withKmsKey_roundTrips_inspectShowsSuiteAndPublicKey_hmacItemsRefused() {
        KmsKey key = kms.createKey();
        String[] ecdsa = {"--suite", "ecdsa"};

        CliRun enc = CliRun.stdin(ITEM, concat(args("encrypt", key.arn()), ecdsa));
        assertThat(enc.exitCode).as(enc.toString()).isZero();
        CliRun inspect = CliRun.stdin(enc.out, "inspect", "-");
        assertThat(inspect.out).contains("0x02 (").contains("ECDSA P-256").contains("pk=");
        CliRun dec = CliRun.stdin(enc.out, concat(args("decrypt", key.arn()), ecdsa));
        assertThat(dec.exitCode).as(dec.toString()).isZero();
        assertThat(dec.out).contains("tok_kms_secret");

        CliRun hmacItem = CliRun.stdin(ITEM, args("encrypt", key.arn()));
        CliRun refused = CliRun.stdin(hmacItem.out, concat(args("decrypt", key.arn()), ecdsa));
        assertThat(refused.exitCode).isEqualTo(1);
        assertThat(refused.err).contains("HMAC only").contains("--accept-hmac-only-items").doesNotContain("tok_kms_secret");
        assertThat(refused.out).isEmpty();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void decrypt_itemUnderAnotherKey_isRefusedByPinning_exit1() {
        KmsKey writer = kms.createKey();
        KmsKey other = kms.createKey();
        String stored = CliRun.stdin(ITEM, args("encrypt", writer.arn())).out;

        CliRun r = CliRun.stdin(stored, args("decrypt", other.arn()));

        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.out).isEmpty();
        assertThat(r.err).startsWith("coffer: ").contains(writer.arn()).contains("pass its ARN with another --kms-key");
        CliMessagesTest.assertSpeaksCli(r);
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

    @AfterEach
    void clearFaults() {
        kms.clearFaults();
    }

    @Test
    void decrypt_noAwsCredentials_saysSo_exit2_andSendsNothing(@TempDir Path dir) {
        Map<String, String> env = System.getenv();
        Assumptions.assumeTrue(env.get("AWS_ACCESS_KEY_ID") == null && env.get("AWS_PROFILE") == null
                && env.get("AWS_WEB_IDENTITY_TOKEN_FILE") == null && env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI") == null
                && env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") == null, "AWS credentials in the environment");
        KmsKey key = kms.createKey();
        String stored = CliRun.stdin(ITEM, args("encrypt", key.arn())).out;
        kms.resetCounters();
        Map<String, String> saved = new java.util.HashMap<>();
        for (String p : new String[] {"aws.accessKeyId", "aws.secretAccessKey", "aws.sharedCredentialsFile", "aws.configFile",
            "aws.disableEc2Metadata"}) {
            saved.put(p, System.getProperty(p));
        }
        try {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
            System.setProperty("aws.sharedCredentialsFile", dir.resolve("no-credentials").toString());
            System.setProperty("aws.configFile", dir.resolve("no-config").toString());
            System.setProperty("aws.disableEc2Metadata", "true");

            CliRun r = CliRun.stdin(stored, args("decrypt", key.arn()));

            assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
            assertThat(r.out).isEmpty();
            assertThat(r.err).startsWith("coffer: ").contains("could not get AWS credentials").contains("AWS_ACCESS_KEY_ID")
                    .contains("The SDK said: \"Unable to load credentials").doesNotContain("could not reach KMS");
            CliMessagesTest.assertSpeaksCli(r);
            assertThat(kms.totalCalls()).as("no request was sent").isZero();
        } finally {
            saved.forEach(KmsCommandsTest::restore);
        }
    }

    @Test
    void kmsRefusals_areReportedInTheCliTerms() {
        KmsKey key = kms.createKey();
        String stored = CliRun.stdin(ITEM, args("encrypt", key.arn())).out;

        kms.inject(Fault.accessDenied().operation(Operation.DECRYPT).build());
        CliRun denied = CliRun.stdin(stored, args("decrypt", key.arn()));
        kms.clearFaults();
        kms.inject(Fault.throttling().operation(Operation.DECRYPT).build());
        CliRun throttled = CliRun.stdin(stored, "decrypt", "--kms-key", key.arn(), "--kms-endpoint",
                kms.endpoint().toString(), "-t", "sessions", "-p", "user_id", "-s", "session_id", "--sign-only", "status");

        assertThat(denied.exitCode).isEqualTo(1);
        assertThat(denied.err).contains("was denied").contains("kms:Decrypt");
        CliMessagesTest.assertSpeaksCli(denied);
        assertThat(throttled.exitCode).isEqualTo(1);
        assertThat(throttled.err).contains("throttled");
        CliMessagesTest.assertSpeaksCli(throttled);
    }

    @Test
    void unknownRegion_withoutAnEndpoint_isAUsageError() {
        CliRun r = CliRun.stdin(ITEM, "encrypt", "--kms-key", "arn:aws:kms:moon-1:111122223333:key/k", "-t", "sessions",
                "-p", "user_id");

        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).contains("'moon-1' is not an AWS region");
    }

    @Test
    void keyringAndKmsTogether_isAUsageError() {
        CliRun r = CliRun.stdin(ITEM, "encrypt", "--keyring", "k.json", "--kms-key", "arn:aws:kms:us-east-1:111122223333:key/x",
                "-t", "sessions", "-p", "user_id", "-");
        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).contains("choose one key source");
    }
}
