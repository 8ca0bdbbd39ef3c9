package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * --output-shape: the same shape as the input by default; bare (put-item's --item), wrapped (what
 * get-item and scan print) or JSON Lines on request.
 */
class OutputShapeTest extends KeyringTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    /** A bare item: every top-level field is an attribute holding one typed value. */
    private static void assertBareItem(JsonNode n) {
        assertThat(n.isObject()).isTrue();
        assertThat(n.has("Item")).isFalse();
        n.fields().forEachRemaining(e -> assertThat(e.getValue().size()).as(e.getKey()).isEqualTo(1));
        assertThat(n.has("coffer_head")).isTrue();
    }

    @Test
    void wrappedInput_defaultOutput_keepsTheWrapper() throws Exception {
        CliRun r = CliRun.stdin(Session.ITEM, session.args("encrypt"));

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(json(r.out).fieldNames()).toIterable().containsExactly("Item");
    }

    @Test
    void wrappedInput_bareOutput_isAnItemForPutItem_andDecryptsBack() throws Exception {
        CliRun r = CliRun.stdin(Session.ITEM, session.args("encrypt", "--output-shape", "bare"));

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertBareItem(json(r.out));
        CliRun back = CliRun.stdin(r.out, session.args("decrypt"));
        assertThat(back.exitCode).as(back.toString()).isZero();
        assertThat(json(back.out).get("token").get("S").asText()).isEqualTo(Session.SECRET);
    }

    @Test
    void scanOutput_asLines_givesOneBareItemPerLine() throws Exception {
        String lines = CliRun.stdin(Session.lines(3), session.args("encrypt")).out;
        String scan = "{\"Items\":[" + String.join(",", lines.strip().split("\n")) + "],\"Count\":3}";

        CliRun r = CliRun.stdin(scan, session.args("decrypt", "--output-shape", "lines"));

        assertThat(r.exitCode).as(r.toString()).isZero();
        List<String> out = r.out.strip().lines().toList();
        assertThat(out).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode n = json(out.get(i));
            assertThat(n.get("token").get("S").asText()).isEqualTo(Session.SECRET + i);
            assertThat(n.has("Item")).isFalse();
        }
    }

    @Test
    void bareInput_wrappedOutput_isAGetItemShape() throws Exception {
        String bare = Session.lines(1);

        CliRun r = CliRun.stdin(bare, session.args("encrypt", "--output-shape", "wrapped"));

        assertThat(r.exitCode).as(r.toString()).isZero();
        JsonNode n = json(r.out);
        assertThat(n.fieldNames()).toIterable().containsExactly("Item");
        assertBareItem(n.get("Item"));
    }

    @Test
    void linesInput_wrappedOutput_isAScanShapeWithCount() throws Exception {
        CliRun r = CliRun.stdin(Session.lines(4), session.args("encrypt", "--output-shape", "wrapped"));

        assertThat(r.exitCode).as(r.toString()).isZero();
        JsonNode n = json(r.out);
        assertThat(n.get("Count").asInt()).isEqualTo(4);
        List<JsonNode> items = new ArrayList<>();
        n.get("Items").forEach(items::add);
        assertThat(items).hasSize(4).allSatisfy(OutputShapeTest::assertBareItem);
    }

    @Test
    void bareOutput_ofSeveralItems_isRefusedBeforeAnyWork() {
        CliRun r = CliRun.stdin(Session.lines(2), session.args("encrypt", "--output-shape", "bare"));

        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.out).isEmpty();
        assertThat(r.err).contains("--output-shape bare writes exactly one item, but the input has 2")
                .contains("--output-shape lines");
    }

    @Test
    void unknownShape_isAUsageError() {
        CliRun r = CliRun.stdin(Session.ITEM, session.args("encrypt", "--output-shape", "yaml"));

        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).contains("same, bare, wrapped or lines");
    }
}
