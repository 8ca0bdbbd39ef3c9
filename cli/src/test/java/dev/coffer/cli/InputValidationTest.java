package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input is read as strictly as the AWS CLI reads it, numbers are never rounded, and a malformed
 * input is never repeated on standard error (it may hold a secret).
 */
class InputValidationTest extends KeyringTest {
    private static final String PASSWORD = "hunter2password";

    private static String item(String attribute, String typedValue) {
        return "{\"user_id\":{\"S\":\"alice\"},\"session_id\":{\"S\":\"s-1\"},\"" + attribute + "\":" + typedValue + "}";
    }

    private static void assertRefused(CliRun r, String... fragments) {
        assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
        assertThat(r.out).isEmpty();
        assertThat(r.err).startsWith("coffer: ").contains(fragments);
        assertThat(r.err.strip().lines()).hasSize(1);
    }

    @Test
    void numberGivenAsAJsonNumber_isRefusedAsTheAwsCliRefusesIt() {
        CliRun r = CliRun.stdin(item("count", "{\"N\": 5}"), session.args("encrypt"));

        assertRefused(r, "attribute 'count'", "N takes the number as a JSON string", "{\"N\": \"5\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"NS\": [1, 2]}", "{\"SS\": [\"a\", 2]}", "{\"BOOL\": \"yes\"}", "{\"NULL\": false}",
        "{\"S\": 7}", "{\"B\": \"not base64!\"}", "{\"L\": {\"S\": \"x\"}}"})
    void valueOfTheWrongJsonType_isRefusedNamingTheAttribute(String value) {
        CliRun r = CliRun.stdin(item("x", value), session.args("encrypt"));

        assertRefused(r, "attribute 'x'");
        assertThat(r.err).doesNotContain("not base64!");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.00000000000000001", "12345678901234567890123456789012345678", "-0.000000000000000000000001"})
    void numberString_roundTripsExactly(String number) {
        String stored = CliRun.stdin(item("amount", "{\"N\": \"" + number + "\"}"), session.args("encrypt")).out;

        CliRun back = CliRun.stdin(stored, session.args("decrypt"));

        assertThat(back.exitCode).as(back.toString()).isZero();
        assertThat(back.out).contains("\"N\" : \"" + number + "\"");
    }

    @Test
    void numberSetMembers_roundTripExactly() {
        String stored = CliRun.stdin(item("amounts", "{\"NS\": [\"1.00000000000000001\", \"2\"]}"),
                session.args("encrypt")).out;

        CliRun back = CliRun.stdin(stored, session.args("decrypt", "--output-shape", "lines"));

        assertThat(back.out).contains("\"1.00000000000000001\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"token\": {\"S\": hunter2password}}", "{\"token\": {\"S\": \"x\"}, hunter2password}",
        "[hunter2password", "{\"token\": {\"S\": \"hunter2password"})
    void malformedJson_isReportedByPositionWithoutRepeatingTheInput(String input) {
        CliRun r = CliRun.stdin(input, session.args("encrypt"));

        assertRefused(r, "standard input is not valid JSON at line 1, column ");
        assertThat(r.err).doesNotContain(PASSWORD).doesNotContain("hunter");
    }

    @Test
    void malformedConfigFile_isNotRepeated() throws IOException {
        Path config = dir.resolve("bad-config.json");
        Files.writeString(config, "{\"table\": " + PASSWORD + "}");

        CliRun r = CliRun.stdin(Session.ITEM, "encrypt", "--keyring", session.keyring().toString(), "--config",
                config.toString());

        assertRefused(r, "config file '" + config + "' is not valid JSON at line 1");
        assertThat(r.err).doesNotContain(PASSWORD);
    }

    @Test
    void malformedKeyring_doesNotRepeatItsKeys() throws IOException {
        String keys = Files.readString(session.keyring());
        String secretKey = keys.replaceAll("(?s).*\"key\" : \"([^\"]+)\".*", "$1");
        Files.writeString(session.keyring(), keys.substring(0, keys.indexOf(secretKey) + secretKey.length()) + " oops");

        CliRun r = CliRun.stdin(Session.ITEM, session.args("encrypt"));

        assertRefused(r, "keyring '" + session.keyring() + "' is not valid JSON");
        assertThat(r.err).doesNotContain(secretKey).doesNotContain(secretKey.substring(0, 8));
    }

    @Test
    void duplicateAttributeInAnItem_isRefused() {
        CliRun r = CliRun.stdin("{\"user_id\":{\"S\":\"a\"},\"session_id\":{\"S\":\"1\"},\"user_id\":{\"S\":\"b\"}}",
                session.args("encrypt"));

        assertRefused(r, "not valid JSON");
    }
}
