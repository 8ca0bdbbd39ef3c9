package dev.coffer.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Fuzz targets for the DynamoDB JSON reader (what the CLI reads from files and Spark from exports).
 * Invariants: on any text, only {@link DynamoDbJsonException} or an item; a read item writes to text
 * that reads back equal, and that text is a fixed point (writing is deterministic). Corpus:
 * {@code DynamoDbJsonFuzzTestInputs/} (every type, nesting, export lines, non-BMP names). In the
 * normal build the corpus is replayed; see docs/FUZZING.md for fuzzing with {@code JAZZER_FUZZ}.
 */
class DynamoDbJsonFuzzTest {

    @FuzzTest
    void readItem(byte[] data) {
        Map<String, AttributeValue> item;
        try {
            item = DynamoDbJson.readItem(new String(data, StandardCharsets.UTF_8));
        } catch (DynamoDbJsonException refused) {
            return;
        }
        String written = DynamoDbJson.writeItem(item);
        assertThat(DynamoDbJson.readItem(written)).isEqualTo(item);
        assertThat(DynamoDbJson.writeItem(DynamoDbJson.readItem(written))).isEqualTo(written);
    }

    @FuzzTest
    void readExportLine(byte[] data) {
        Map<String, AttributeValue> item;
        try {
            item = DynamoDbJson.readExportLine(new String(data, StandardCharsets.UTF_8));
        } catch (DynamoDbJsonException refused) {
            return;
        }
        assertThat(DynamoDbJson.readExportLine(DynamoDbJson.writeExportLine(item))).isEqualTo(item);
    }
}
