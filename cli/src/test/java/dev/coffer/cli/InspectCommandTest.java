package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** inspect verifies nothing: an item without a Coffer header is "not a Coffer item" (exit 2), not an integrity failure. */
class InspectCommandTest extends KeyringTest {
    @Test
    void plaintextItem_isNotACofferItem_exit2() {
        CliRun r = CliRun.stdin(Session.ITEM, "inspect");

        assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
        assertThat(r.out).isEmpty();
        assertThat(r.err).startsWith("coffer: the input is not a Coffer item: it has no binary 'coffer_head' attribute")
                .doesNotContain("integrity").doesNotContain(Session.SECRET);
        assertThat(r.err.strip().lines()).hasSize(1);
    }

    @Test
    void scanWithOnePlaintextItem_describesTheOthers_andNamesIt_exit2() {
        String stored = CliRun.stdin(Session.lines(1), session.args("encrypt")).out.strip();
        String plain = Session.lines(2).strip().split("\n")[1];
        String scan = "{\"Items\":[" + stored + "," + plain + "],\"Count\":2}";

        CliRun r = CliRun.stdin(scan, "inspect", "-");

        assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
        assertThat(r.out).contains("item 1\n").contains("provider           wrapped")
                .contains("item 2: not a Coffer item").contains("Nothing above is verified");
        assertThat(r.err).startsWith("coffer: 1 of 2 items are not Coffer items (item 2)");
        assertThat(r.out + r.err).doesNotContain(Session.SECRET);
    }

    @Test
    void cofferItems_exit0() {
        String stored = CliRun.stdin(Session.ITEM, session.args("encrypt")).out;

        CliRun r = CliRun.stdin(stored, "inspect");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.err).isEmpty();
    }

    @Test
    void legacyItem_showsItsMaterialDescription_exit0() throws IOException {
        String item = legacyItem(description("amzn-ddb-env-alg", "AES", "amzn-ddb-wrap-alg", "AESWrap",
                "amzn-ddb-env-key", "c2VjcmV0LXdyYXBwZWQta2V5LWJ5dGVz", "amzn-ddb-map-sym-mode", "/CBC/PKCS5Padding"));

        CliRun r = CliRun.stdin(item, "inspect");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.out).contains("item: legacy DynamoDB Encryption Client item")
                .contains("amzn-ddb-wrap-alg          AESWrap")
                .contains("amzn-ddb-env-key           (wrapped key, 32 base64 characters)")
                .contains("signature          4 B")
                .contains("user_id")
                .doesNotContain("c2VjcmV0LXdyYXBwZWQta2V5LWJ5dGVz");
    }

    @Test
    void legacyItemWithMalformedDescription_exit1() {
        String item = legacyItem(Base64.getEncoder().encodeToString(new byte[] {0, 0, 0, 0, 0, 0, 0, 9, 'a'}));

        CliRun r = CliRun.stdin(item, "inspect");

        assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
        assertThat(r.err).contains("*amzn-ddb-map-desc*").contains("malformed material description");
    }

    private static String legacyItem(String descriptionBase64) {
        return "{\"Item\":{\"user_id\":{\"S\":\"alice\"},\"token\":{\"B\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"},"
                + "\"*amzn-ddb-map-desc*\":{\"B\":\"" + descriptionBase64 + "\"},"
                + "\"*amzn-ddb-map-sig*\":{\"B\":\"AAECAw==\"}}}";
    }

    /** A legacy material description: version 0, then length-prefixed UTF-8 keys and values. */
    private static String description(String... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0);
        for (String e : entries) {
            byte[] b = e.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
