package dev.coffer.testing;

import dev.coffer.internal.format.Numbers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Sample items covering every DynamoDB type. */
public final class Items {
    private Items() {
    }

    public static AttributeValue s(String s) {
        return AttributeValue.fromS(s);
    }

    public static AttributeValue n(String n) {
        return AttributeValue.fromN(n);
    }

    public static AttributeValue b(int... b) {
        byte[] bytes = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            bytes[i] = (byte) b[i];
        }
        return AttributeValue.fromB(SdkBytes.fromByteArray(bytes));
    }

    /** An item with every type: S, N, B, SS, NS, BS, M, L, BOOL, NULL, empty string and binary. */
    public static Map<String, AttributeValue> everyType() {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("pk", s("customer#42"));
        m.put("sk", n("7"));
        m.put("status", s("SHIPPED"));
        m.put("note", s("left at the door"));
        m.put("card", s("4111 1111 1111 1111"));
        m.put("total", n("129.95"));
        m.put("blob", b(1, 2, 3, 0, 0xFF));
        m.put("empty_s", s(""));
        m.put("empty_b", b());
        m.put("tags", AttributeValue.fromSs(List.of("red", "blue", "ünïcødé", "😀")));
        m.put("scores", AttributeValue.fromNs(List.of("3", "-1.5", "1E+3", "0.001")));
        m.put("keys", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {9}),
                SdkBytes.fromByteArray(new byte[] {1, 2}))));
        m.put("address", AttributeValue.fromM(Map.of("street", s("1 Main St"), "zip", n("12345"),
                "geo", AttributeValue.fromL(List.of(n("1.5"), n("-2.25"))))));
        m.put("lines", AttributeValue.fromL(List.of(s("a"), n("1"), AttributeValue.fromBool(false),
                AttributeValue.fromNul(true), AttributeValue.fromM(Map.of()), AttributeValue.fromL(List.of()))));
        m.put("gift", AttributeValue.fromBool(true));
        m.put("deleted", AttributeValue.fromNul(true));
        return m;
    }

    /** {@code containers} lists inside one another around {@code leaf} (e.g. 2: L[L[leaf]]). */
    public static AttributeValue nestedLists(int containers, AttributeValue leaf) {
        AttributeValue v = leaf;
        for (int i = 0; i < containers; i++) {
            v = AttributeValue.fromL(List.of(v));
        }
        return v;
    }

    /** {@code containers} maps inside one another around {@code leaf}, each with the key "k". */
    public static AttributeValue nestedMaps(int containers, AttributeValue leaf) {
        AttributeValue v = leaf;
        for (int i = 0; i < containers; i++) {
            v = AttributeValue.fromM(Map.of("k", v));
        }
        return v;
    }

    /**
     * Number spellings and what DynamoDB Local 2.6.1 returned for each (PutItem, then GetItem):
     * {spelling, returned}. NumbersTest checks Coffer's normalization against it;
     * ItemEncryptorDynaliteTest asks dynalite again, which returns the same for every row except
     * the '+'-signed ones, which it refuses.
     */
    public static final List<String[]> DYNAMODB_NUMBERS = List.of(
            new String[] {"0", "0"}, new String[] {"-0", "0"}, new String[] {"+0", "0"}, new String[] {"0.0", "0"},
            new String[] {"00", "0"}, new String[] {"0.000", "0"}, new String[] {"0E10", "0"},
            new String[] {"-0E-10", "0"}, new String[] {"1", "1"}, new String[] {"+1", "1"}, new String[] {"-1", "-1"},
            new String[] {"01", "1"}, new String[] {"1.0", "1"}, new String[] {"1e0", "1"}, new String[] {"1E+0", "1"},
            new String[] {"1E-0", "1"}, new String[] {"1.50E3", "1500"}, new String[] {"1.5e3", "1500"},
            new String[] {"100", "100"}, new String[] {"1E2", "100"}, new String[] {"1E+2", "100"},
            new String[] {".5", "0.5"}, new String[] {"5.", "5"}, new String[] {"-.5", "-0.5"},
            new String[] {"-1E-5", "-0.00001"}, new String[] {"123.456E-2", "1.23456"}, new String[] {"0.001", "0.001"},
            new String[] {"12345678901234567890123456789012345678", "12345678901234567890123456789012345678"},
            new String[] {"1234567890123456789012345678901234567800", "1234567890123456789012345678901234567800"},
            new String[] {"0.1234567890123456789012345678901234567800", "0.12345678901234567890123456789012345678"},
            new String[] {"1E+125", "1" + "0".repeat(125)},
            new String[] {"1E-130", "0." + "0".repeat(129) + "1"},
            new String[] {"-1E-130", "-0." + "0".repeat(129) + "1"},
            new String[] {"-9.9999999999999999999999999999999999999E+125", "-" + "9".repeat(38) + "0".repeat(88)});

    /** The form DynamoDB returns number {@code n} in. */
    public static String normalizedNumber(String n) {
        return Numbers.canonical(n);
    }

    /** Whether every number in {@code v}, at any depth, is in the form DynamoDB returns. */
    public static boolean numbersNormalized(AttributeValue v) {
        switch (v.type()) {
            case N:
                return v.n().equals(normalizedNumber(v.n()));
            case NS:
                return v.ns().stream().allMatch(n -> n.equals(normalizedNumber(n)));
            case L:
                return v.l().stream().allMatch(Items::numbersNormalized);
            case M:
                return v.m().values().stream().allMatch(Items::numbersNormalized);
            default:
                return true;
        }
    }
}
