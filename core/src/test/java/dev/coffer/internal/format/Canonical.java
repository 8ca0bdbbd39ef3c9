package dev.coffer.internal.format;

import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Test helper: an item in a form where two items DynamoDB considers equal compare equal (numbers
 * normalized, set members and map keys sorted).
 */
public final class Canonical {
    private Canonical() {
    }

    /** Attribute name to the hex of its canonical value encoding, sorted by name. */
    public static Map<String, String> normalize(Map<String, AttributeValue> item) {
        Map<String, String> out = new TreeMap<>();
        item.forEach((k, v) -> out.put(k, encodeHex(v)));
        return out;
    }

    public static String encodeHex(AttributeValue v) {
        ByteBuf b = new ByteBuf(64);
        ValueCodec.encode(v, b);
        return java.util.HexFormat.of().formatHex(b.toByteArray());
    }
}
