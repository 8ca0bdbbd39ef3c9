package dev.coffer.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.testing.ItemGen;
import dev.coffer.testing.Property;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Seeded round trips of the DynamoDB JSON codec (module dynamodb-json) over the item generators of
 * core's property tests: every DynamoDB type, nesting to DynamoDB's limit, names and strings outside
 * the BMP. Lives here because those generators do; the codec's own module holds its error matrix
 * and fuzz targets.
 */
class DynamoDbJsonPropertyTest {

    @Test
    void readItem_ofAnyWrittenItem_isTheItem_andWritingIsAFixedPoint() {
        Property.forAll(500, ItemGen.nonEmptyStrings(8).uniqueList(1, 8), ItemGen.values().list(8, 8), (names, values) -> {
            Map<String, AttributeValue> item = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                item.put(names.get(i), values.get(i));
            }

            String text = DynamoDbJson.writeItem(item);

            assertThat(DynamoDbJson.readItem(text)).isEqualTo(item);
            assertThat(DynamoDbJson.writeItem(DynamoDbJson.readItem(text))).isEqualTo(text);
            assertThat(DynamoDbJson.readExportLine(DynamoDbJson.writeExportLine(item))).isEqualTo(item);
        });
    }

    @Test
    void readValue_ofAnyWrittenDeepValue_isTheValue() {
        Property.forAll(300, ItemGen.deepValues(), v -> assertThat(DynamoDbJson.readValue(DynamoDbJson.writeValue(v))).isEqualTo(v));
    }

    @Test
    void writeItem_doesNotDependOnInsertionOrder() {
        Property.forAll(200, ItemGen.nonEmptyStrings(6).uniqueList(2, 6), ItemGen.scalars(), (names, value) -> {
            Map<String, AttributeValue> forward = new LinkedHashMap<>();
            names.forEach(n -> forward.put(n, value));
            List<String> reversed = new ArrayList<>(names);
            Collections.reverse(reversed);
            Map<String, AttributeValue> backward = new LinkedHashMap<>();
            reversed.forEach(n -> backward.put(n, value));

            assertThat(DynamoDbJson.writeItem(backward)).isEqualTo(DynamoDbJson.writeItem(forward));
        });
    }
}
