package dev.coffer.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.json.DynamoDbJson;
import java.io.UncheckedIOException;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items inside the JSON trees of the vector files: DynamoDB JSON read and written by the one codec,
 * {@link DynamoDbJson}, and moved in and out of Jackson trees (a vector file holds items next to
 * keys and expectations).
 */
public final class JsonTree {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonTree() {
    }

    public static ObjectNode item(Map<String, AttributeValue> item) {
        return tree(DynamoDbJson.writeItem(item));
    }

    public static ObjectNode value(AttributeValue v) {
        return tree(DynamoDbJson.writeValue(v));
    }

    public static Map<String, AttributeValue> item(JsonNode o) {
        return DynamoDbJson.readItem(text(o));
    }

    public static AttributeValue value(JsonNode o) {
        return DynamoDbJson.readValue(text(o));
    }

    private static ObjectNode tree(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
