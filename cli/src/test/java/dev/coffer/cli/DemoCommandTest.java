package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.testfixtures.TestDynamo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DemoCommandTest {

    /** Standard error holds nothing but, on the very first run, the note that dynalite is being installed. */
    private static void assertQuiet(CliRun r) {
        assertThat(r.err.lines()).as(r.toString()).allMatch(l -> l.startsWith("coffer: installing the pinned dynalite"));
    }

    @Test
    void demo_inMemory_showsCiphertextAndCatchesEveryTampering() {
        CliRun r = CliRun.run("demo");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.out).contains("on dynalite, embedded (in memory)")
                .containsPattern("token\\s+B  [0-9a-f]{20}\\.\\.\\. \\(\\d+ bytes\\)\\s+tok_9f8e7d6c5b4a3921")
                .containsPattern("client_ip\\s+B  [0-9a-f]{20}")
                .containsPattern("status\\s+S  ACTIVE\\s+ACTIVE")
                .containsPattern("expires_at\\s+N  \\d+")
                .contains("coffer_head", "coffer_sig");
        assertThat(r.out.split("the application's read fails with IntegrityException", -1)).hasSize(4);
        assertThat(r.out).doesNotContain("not detected", "\tat ", "Caused by");
        assertQuiet(r);
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
        assertQuiet(second);
    }

    @Test
    void demo_endpointUrl_runsOnThatDynamoDbAndReusesItsTable() {
        String endpoint = TestDynamo.endpoint().toString();

        CliRun first = CliRun.run("demo", "--endpoint-url", endpoint);
        CliRun second = CliRun.run("demo", "--endpoint-url", endpoint);

        assertThat(first.exitCode).as(first.toString()).isZero();
        assertThat(second.exitCode).as(second.toString()).isZero();
        assertThat(second.out).contains("on the DynamoDB at " + endpoint).doesNotContain("not detected");
        Map<String, AttributeValue> stored = TestDynamo.client().getItem(r -> r.tableName(DemoCommand.TABLE)
                .key(Map.of("user_id", AttributeValue.fromS("bob"), "session_id", AttributeValue.fromS("s-2001")))).item();
        assertThat(stored.get("token").b()).as("ciphertext in the engine the demo was pointed at").isNotNull();
        assertThat(first.err + second.err).isEmpty();
    }

    @Test
    void demo_endpointUrlAndDataDir_isAUsageErrorNamingBoth(@TempDir Path dir) {
        CliRun r = CliRun.run("demo", "--endpoint-url", "http://127.0.0.1:9", "--data-dir", dir.toString());

        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).contains("--data-dir").contains("--endpoint-url");
        assertThat(r.err.lines()).hasSize(1);
    }

    @Test
    void demo_endpointUrlWithoutScheme_isAUsageErrorWithAnExample() {
        CliRun r = CliRun.run("demo", "--endpoint-url", "localhost:8000");

        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).contains("--endpoint-url localhost:8000").contains("http://127.0.0.1:4566");
    }

    /** Through the real main method, in a JVM whose PATH has no node. */
    @Test
    void demo_withoutNodeOrEndpoint_saysSoInOneLineAndExits2(@TempDir Path emptyPath) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                CofferCli.class.getName(), "demo").redirectOutput(emptyPath.resolve("out.txt").toFile())
                .redirectError(emptyPath.resolve("err.txt").toFile());
        pb.environment().put("PATH", emptyPath.toString());
        Process p = pb.start();

        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String err = read(emptyPath.resolve("err.txt"));
        assertThat(p.exitValue()).as(err).isEqualTo(2);
        assertThat(err.lines()).containsExactly("coffer: no Node.js found ('node' is not on PATH) and no --endpoint-url "
                + "given: install Node.js 20 or later for the demo's embedded DynamoDB (dynalite), or pass --endpoint-url "
                + "URL of a running DynamoDB");
        assertThat(read(emptyPath.resolve("out.txt"))).isEmpty();
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
