package dev.coffer.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.spark.internal.DynamoJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoJsonTest {
    @Test
    void line_ofEveryType_parsesBackToTheSameItem() throws Exception {
        for (Map<String, AttributeValue> item : Items.mixed(40, 3)) {
            assertThat(DynamoJson.parseLine(DynamoJson.line(item))).isEqualTo(item);
        }
    }

    @Test
    void parseLine_exportLineAsAwsWritesIt_givesTheItem() throws Exception {
        Map<String, AttributeValue> item = DynamoJson.parseLine("{\"Item\":{\"pk\":{\"S\":\"a\"},\"n\":{\"N\":\"1.50\"},"
                + "\"b\":{\"B\":\"AQI=\"},\"ok\":{\"BOOL\":true},\"none\":{\"NULL\":true},\"ss\":{\"SS\":[\"x\",\"y\"]},"
                + "\"l\":{\"L\":[{\"N\":\"2\"},{\"M\":{\"k\":{\"S\":\"v\"}}}]}}}");

        assertThat(item).containsEntry("pk", AttributeValue.fromS("a")).containsEntry("n", AttributeValue.fromN("1.50"))
                .containsEntry("ok", AttributeValue.fromBool(true)).containsEntry("ss", AttributeValue.fromSs(List.of("x", "y")));
        assertThat(item.get("b").b().asByteArray()).containsExactly(1, 2);
        assertThat(item.get("l").l().get(1).m().get("k").s()).isEqualTo("v");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "{\"Item\":{\"pk\":{\"S\":\"a\"}}",
        "{\"Items\":{}}",
        "{\"Item\":{\"pk\":{\"X\":\"a\"}}}",
        "{\"Item\":{\"pk\":{\"S\":1}}}",
        "{\"Item\":{\"pk\":{\"B\":\"***\"}}}",
        "{\"Item\":{\"pk\":{\"S\":\"a\",\"N\":\"1\"}}}",
        "{\"Item\":{\"pk\":{\"S\":\"secret-value\"}}} trailing",
    })
    void parseLine_malformed_isRefusedWithoutQuotingTheLine(String line) {
        assertThatThrownBy(() -> DynamoJson.parseLine(line)).isInstanceOf(DynamoJson.MalformedException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-value").doesNotContain("***"));
    }
}
