package dev.coffer.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbJsonTest {
    private static final Map<String, AttributeValue> EVERY_TYPE = everyType();

    private static Map<String, AttributeValue> everyType() {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("s", AttributeValue.fromS("text with \"quotes\", \\ and \u00e9"));
        m.put("empty", AttributeValue.fromS(""));
        m.put("n", AttributeValue.fromN("-12.50E+3"));
        m.put("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, -1, 42})));
        m.put("bool", AttributeValue.fromBool(false));
        m.put("null", AttributeValue.fromNul(true));
        m.put("ss", AttributeValue.fromSs(List.of("a", "b")));
        m.put("ns", AttributeValue.fromNs(List.of("1", "0.5")));
        m.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"), SdkBytes.fromByteArray(new byte[0]))));
        m.put("l", AttributeValue.fromL(List.of(AttributeValue.fromS("x"), AttributeValue.fromL(List.of()))));
        m.put("m", AttributeValue.fromM(Map.of("inner", AttributeValue.fromN("1"), "\uD83D\uDD11", AttributeValue.fromM(Map.of()))));
        m.put("\uD83D\uDE00 name outside the BMP", AttributeValue.fromS("\uD835\uDD6B"));
        return m;
    }

    @Test
    void readItem_ofWrittenItem_isTheItem() {
        assertThat(DynamoDbJson.readItem(DynamoDbJson.writeItem(EVERY_TYPE))).isEqualTo(EVERY_TYPE);
        assertThat(DynamoDbJson.readExportLine(DynamoDbJson.writeExportLine(EVERY_TYPE))).isEqualTo(EVERY_TYPE);
        EVERY_TYPE.values().forEach(v -> assertThat(DynamoDbJson.readValue(DynamoDbJson.writeValue(v))).isEqualTo(v));
    }

    @Test
    void writeItem_sortsNamesAndKeepsNumbersAsWritten() {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("z", AttributeValue.fromN("1.50"));
        item.put("a", AttributeValue.fromM(Map.of("y", AttributeValue.fromB(SdkBytes.fromUtf8String("hi")),
                "x", AttributeValue.fromNul(true))));

        assertThat(DynamoDbJson.writeItem(item))
                .isEqualTo("{\"a\":{\"M\":{\"x\":{\"NULL\":true},\"y\":{\"B\":\"aGk=\"}}},\"z\":{\"N\":\"1.50\"}}");
        assertThat(DynamoDbJson.writeExportLine(Map.of("k", AttributeValue.fromBool(true))))
                .isEqualTo("{\"Item\":{\"k\":{\"BOOL\":true}}}");
    }

    @Test
    void readItem_keepsDocumentOrderAndIsUnmodifiable() {
        Map<String, AttributeValue> item = DynamoDbJson.readItem("{\"b\": {\"S\": \"1\"}, \"a\": {\"S\": \"2\"}}");

        assertThat(item.keySet()).containsExactly("b", "a");
        assertThatThrownBy(() -> item.put("c", AttributeValue.fromS("3"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void readExportLine_skipsOtherFields() {
        assertThat(DynamoDbJson.readExportLine("{\"Meta\": {\"deep\": [1, {\"x\": null}]}, \"Item\": {\"k\": {\"S\": \"v\"}}}"))
                .isEqualTo(Map.of("k", AttributeValue.fromS("v")));
    }

    @Test
    void readItem_nestedAsDeepAsDynamoDbAllows_isRead_oneLevelMore_isRefused() {
        assertThat(DynamoDbJson.readItem(nested(DynamoDbJson.MAX_DEPTH))).containsKey("a");
        assertThatThrownBy(() -> DynamoDbJson.readItem(nested(DynamoDbJson.MAX_DEPTH + 1)))
                .isInstanceOf(DynamoDbJsonException.class)
                .hasMessageContaining("nested deeper than the 32 levels DynamoDB allows");
    }

    /** An attribute whose value is {@code levels} lists and maps deep around a string. */
    private static String nested(int levels) {
        StringBuilder open = new StringBuilder("{\"a\": ");
        StringBuilder close = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            if (i % 2 == 0) {
                open.append("{\"L\": [");
                close.insert(0, "]}");
            } else {
                open.append("{\"M\": {\"k\": ");
                close.insert(0, "}}");
            }
        }
        return open + "{\"S\": \"x\"}" + close + "}";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "bare number            | {\"a\": {\"N\": 5}}                         | attribute 'a'        | N takes the number as a JSON string",
        "bare number in NS      | {\"a\": {\"NS\": [\"1\", 2]}}               | attribute 'a' > [1]  | NS takes each number as a JSON string",
        "number in SS           | {\"a\": {\"SS\": [1]}}                      | attribute 'a' > [0]  | SS takes an array of JSON strings",
        "set not an array       | {\"a\": {\"SS\": \"SECRET\"}}               | attribute 'a'        | SS takes an array of JSON strings",
        "S not a string         | {\"a\": {\"S\": true}}                      | attribute 'a'        | S takes a JSON string",
        "BOOL as a string       | {\"a\": {\"BOOL\": \"true\"}}               | attribute 'a'        | BOOL takes true or false",
        "NULL false             | {\"a\": {\"NULL\": false}}                  | attribute 'a'        | NULL takes true",
        "bad base64             | {\"a\": {\"B\": \"SECRET!!\"}}              | attribute 'a'        | a binary value is base64",
        "bad base64 in BS       | {\"a\": {\"BS\": [\"AA==\", \"*\"]}}        | attribute 'a' > [1]  | a binary value is base64",
        "unknown type           | {\"a\": {\"X\": \"SECRET\"}}                | attribute 'a'        | unknown type \"X\"",
        "unknown long type      | {\"a\": {\"SECRETSECRET\": 1}}              | attribute 'a'        | unknown type \"...\"",
        "no type                | {\"a\": {}}                                 | attribute 'a'        | the typed value is empty",
        "two types              | {\"a\": {\"S\": \"SECRET\", \"N\": \"1\"}}  | attribute 'a'        | exactly one type",
        "untyped value          | {\"a\": \"SECRET\"}                         | attribute 'a'        | expected a typed value",
        "L not an array         | {\"a\": {\"L\": {}}}                        | attribute 'a'        | L takes an array of typed values",
        "untyped list element   | {\"a\": {\"L\": [{\"S\": \"x\"}, 3]}}       | attribute 'a' > [1]  | expected a typed value",
        "M not an object        | {\"a\": {\"M\": []}}                        | attribute 'a'        | M takes a JSON object",
        "nested error           | {\"a\": {\"M\": {\"SECRETK\": {\"L\": [{\"N\": 1}]}}}} | attribute 'a' > map entry 0 > [0] | N takes the number as a JSON string",
        "duplicate attribute    | {\"a\": {\"S\": \"x\"}, \"a\": {\"S\": \"y\"}} | attribute 'a'     | the name appears twice",
        "duplicate map key      | {\"a\": {\"M\": {\"k\": {\"S\": \"x\"}, \"k\": {\"S\": \"y\"}}}} | attribute 'a' > map entry 1 | the name appears twice",
        "not an object          | [1, 2]                                      | ``                   | the document is not a JSON object of attributes",
        "empty                  | ``                                          | ``                   | no input",
        "trailing text          | {\"a\": {\"S\": \"x\"}} {}                  | line 1, column 20    | text after the end of the JSON document",
        "broken JSON            | {\"a\": {\"S\": SECRET}}                    | line 1, column 19    | not valid JSON",
        "unterminated           | {\"a\": {\"S\": \"SECRET                    | line 1, column 20    | not valid JSON",
    })
    void readItem_malformed_throwsWithPlaceAndRule_neverTheValue(String name, String json, String location, String reason) {
        String input = json == null ? "" : json;

        assertThatThrownBy(() -> DynamoDbJson.readItem(input))
                .isInstanceOfSatisfying(DynamoDbJsonException.class, e -> {
                    assertThat(e.location()).isEqualTo(location == null ? "" : location);
                    assertThat(e.getMessage()).contains(reason).doesNotContain("SECRET").doesNotContain("!!");
                });
    }

    @Test
    void readItem_namesAsLongAsDynamoDbAllows_areRead() {
        String longest = "n".repeat(65_535);

        assertThat(DynamoDbJson.readItem("{\"" + longest + "\": {\"M\": {\"" + longest + "\": {\"S\": \"v\"}}}}"))
                .containsOnlyKeys(longest);
        assertThatThrownBy(() -> DynamoDbJson.readItem("{\"" + longest + "n\": {\"S\": \"v\"}}"))
                .isInstanceOf(DynamoDbJsonException.class).hasMessageContaining("a name over 65,535 bytes");
    }

    @Test
    void readItem_longName_isCutInTheMessage() {
        String name = "n".repeat(1000);

        assertThatThrownBy(() -> DynamoDbJson.readItem("{\"" + name + "\": {\"N\": 1}}"))
                .isInstanceOfSatisfying(DynamoDbJsonException.class,
                        e -> assertThat(e.location()).isEqualTo("attribute '" + "n".repeat(64) + "...'"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no Item               | {\"Keys\": {\"k\": {\"S\": \"x\"}}}        | the line has no \"Item\" object",
        "two Items             | {\"Item\": {}, \"Item\": {}}                | the line has two \"Item\" fields",
        "Item not an object    | {\"Item\": [1]}                              | \"Item\" is not a JSON object of attributes",
        "line not an object    | \"SECRET\"                                   | the line is not a JSON object",
        "error inside the Item | {\"Item\": {\"k\": {\"N\": 1}}}             | attribute 'k': N takes the number as a JSON string",
    })
    void readExportLine_malformed_throws(String name, String line, String reason) {
        assertThatThrownBy(() -> DynamoDbJson.readExportLine(line))
                .isInstanceOf(DynamoDbJsonException.class)
                .hasMessageContaining(reason)
                .message().doesNotContain("SECRET");
    }

    @Test
    void readValue_malformed_namesTheValue() {
        assertThatThrownBy(() -> DynamoDbJson.readValue("{\"L\": [{\"N\": 1}]}"))
                .isInstanceOfSatisfying(DynamoDbJsonException.class, e -> assertThat(e.location()).isEqualTo("the value [0]"));
        assertThatThrownBy(() -> DynamoDbJson.readValue("{\"N\": 1}"))
                .isInstanceOfSatisfying(DynamoDbJsonException.class, e -> assertThat(e.location()).isEqualTo("the value"));
    }

    @Test
    void read_null_throws() {
        assertThatThrownBy(() -> DynamoDbJson.readItem(null)).isInstanceOf(DynamoDbJsonException.class).hasMessage("no input (null)");
    }

    @Test
    void readItem_base64_isStrictRfc4648() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        String b64 = java.util.Base64.getEncoder().encodeToString(all);

        assertThat(DynamoDbJson.readValue("{\"B\": \"" + b64 + "\"}").b().asByteArray()).isEqualTo(all);
        assertThatThrownBy(() -> DynamoDbJson.readValue("{\"B\": \"aGk\"}")).isInstanceOf(DynamoDbJsonException.class);
        assertThatThrownBy(() -> DynamoDbJson.readValue("{\"B\": \"a-_k\"}")).isInstanceOf(DynamoDbJsonException.class);
        assertThat(new String(DynamoDbJson.readValue("{\"B\": \"aGk=\"}").b().asByteArray(), StandardCharsets.UTF_8)).isEqualTo("hi");
    }
}
