package dev.coffer.testing;

import dev.coffer.ItemEncryptor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Copies of stored items with one thing changed, as an attacker with write access could. */
public final class Tamper {
    public static final String HEADER = ItemEncryptor.HEADER_ATTRIBUTE;
    public static final String SIGNATURE = ItemEncryptor.SIGNATURE_ATTRIBUTE;

    private Tamper() {
    }

    /** A copy of {@code item} with {@code name} set to {@code value}. */
    public static Map<String, AttributeValue> with(Map<String, AttributeValue> item, String name, AttributeValue value) {
        Map<String, AttributeValue> m = new HashMap<>(item);
        m.put(name, value);
        return m;
    }

    /** A copy of {@code item} without {@code name}. */
    public static Map<String, AttributeValue> without(Map<String, AttributeValue> item, String name) {
        Map<String, AttributeValue> m = new HashMap<>(item);
        m.remove(name);
        return m;
    }

    /** A copy of the binary attribute {@code name}. */
    public static byte[] bytes(Map<String, AttributeValue> item, String name) {
        return item.get(name).b().asByteArray();
    }

    public static AttributeValue binary(byte[] b) {
        return AttributeValue.fromB(SdkBytes.fromByteArray(b));
    }

    /** A copy of {@code b} with bit {@code bit} (0 = most significant bit of byte 0) inverted. */
    public static byte[] flipBit(byte[] b, int bit) {
        byte[] c = b.clone();
        c[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
        return c;
    }

    /** A copy of {@code item} with bit {@code bit} of binary attribute {@code name} inverted. */
    public static Map<String, AttributeValue> flipBit(Map<String, AttributeValue> item, String name, int bit) {
        return with(item, name, binary(flipBit(bytes(item, name), bit)));
    }

    /** A copy of {@code item} with binary attribute {@code name} shortened by {@code drop} bytes. */
    public static Map<String, AttributeValue> truncate(Map<String, AttributeValue> item, String name, int drop) {
        byte[] b = bytes(item, name);
        return with(item, name, binary(Arrays.copyOf(b, b.length - drop)));
    }
}
