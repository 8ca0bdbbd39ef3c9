package dev.coffer.spark;

import dev.coffer.CryptoAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Plaintext items of mixed shapes for the export tests, drawn from a seeded generator: small (a
 * few attributes), typical (every DynamoDB type, nested maps and lists), large (a 4 KB binary) and
 * wide (60 attributes). Keys: {@code customer_id} (S) and {@code order_id} (N), unique per index.
 */
final class Items {
    static final String TABLE = "orders";
    static final String PK = "customer_id";
    static final String SK = "order_id";

    private Items() {
    }

    /** The orders table's spec with {@code keys}, as its application configures it. */
    static TableSpec spec(KeySource keys) {
        return TableSpec.builder().tableName(TABLE).keys(keys)
                .config((table, executor) -> table.partitionKey(PK).sortKey(SK).action("status", CryptoAction.SIGN_ONLY))
                .build();
    }

    static List<Map<String, AttributeValue>> mixed(int count, long seed) {
        Random r = new Random(seed);
        List<Map<String, AttributeValue>> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, AttributeValue> item = new LinkedHashMap<>();
            item.put(PK, AttributeValue.fromS("c-" + (i % 997)));
            item.put(SK, AttributeValue.fromN(Integer.toString(i)));
            item.put("status", AttributeValue.fromS(r.nextBoolean() ? "OPEN" : "SHIPPED"));
            switch (i % 4) {
                case 0:
                    item.put("note", AttributeValue.fromS("n" + r.nextInt(1000)));
                    break;
                case 1:
                    item.put("total", AttributeValue.fromN(r.nextInt(100_000) + "." + r.nextInt(100)));
                    item.put("email", AttributeValue.fromS("user" + r.nextInt(1_000_000) + "@example.com"));
                    item.put("paid", AttributeValue.fromBool(r.nextBoolean()));
                    item.put("gift", AttributeValue.fromNul(true));
                    item.put("tags", AttributeValue.fromSs(List.of("t" + r.nextInt(10), "u" + r.nextInt(10))));
                    item.put("sizes", AttributeValue.fromNs(List.of(Integer.toString(r.nextInt(50)), "-1.5")));
                    item.put("blobs", AttributeValue.fromBs(List.of(bytes(r, 8), bytes(r, 3))));
                    item.put("address", AttributeValue.fromM(Map.of(
                            "city", AttributeValue.fromS("City " + r.nextInt(100)),
                            "zip", AttributeValue.fromN(Integer.toString(10_000 + r.nextInt(89_999))),
                            "lines", AttributeValue.fromL(List.of(AttributeValue.fromS("line 1"),
                                    AttributeValue.fromN("2"), AttributeValue.fromBool(false))))));
                    break;
                case 2:
                    item.put("document", AttributeValue.fromB(bytes(r, 4096)));
                    break;
                default:
                    for (int a = 0; a < 60; a++) {
                        item.put("a" + a, a % 2 == 0 ? AttributeValue.fromS("v" + r.nextInt(1000))
                                : AttributeValue.fromN(Integer.toString(r.nextInt())));
                    }
                    break;
            }
            out.add(item);
        }
        return out;
    }

    private static SdkBytes bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return SdkBytes.fromByteArray(b);
    }
}
