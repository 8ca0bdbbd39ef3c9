package dev.coffer.benchmarks;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Compares items the way DynamoDB does: numbers by value ({@code "1.50"} equals {@code "1.5"}),
 * sets without order, maps without order. A library may return numbers normalized and set members
 * in another order; neither is a broken round trip.
 *
 * <p>Thread-safety: stateless.
 */
public final class Canonical {
    private Canonical() {
    }

    /** Whether the two items hold the same DynamoDB values. */
    public static boolean equal(Map<String, AttributeValue> a, Map<String, AttributeValue> b) {
        return form(a).equals(form(b));
    }

    /** Throws if {@code actual} does not hold the same values as {@code expected}. */
    public static void check(String what, Map<String, AttributeValue> expected, Map<String, AttributeValue> actual) {
        if (actual == null || !equal(expected, actual)) {
            // Names only: a benchmark never prints item values.
            throw new IllegalStateException(what + ": decrypt(encrypt(item)) differs from the item (attributes "
                    + expected.keySet() + " vs " + (actual == null ? "null" : actual.keySet()) + ")");
        }
    }

    /** A structure with value equality that ignores number spelling, set order and map order. */
    static Object form(Map<String, AttributeValue> item) {
        Map<String, Object> out = new TreeMap<>();
        item.forEach((k, v) -> out.put(k, form(v)));
        return out;
    }

    static Object form(AttributeValue v) {
        switch (v.type()) {
            case S:
                return "S:" + v.s();
            case N:
                return "N:" + number(v.n());
            case B:
                return "B:" + hex(v.b());
            case BOOL:
                return "BOOL:" + v.bool();
            case NUL:
                return "NULL:" + v.nul();
            case SS:
                return List.of("SS", new TreeSet<>(v.ss()));
            case NS: {
                TreeSet<String> s = new TreeSet<>();
                v.ns().forEach(n -> s.add(number(n)));
                return List.of("NS", s);
            }
            case BS: {
                TreeSet<String> s = new TreeSet<>();
                v.bs().forEach(b -> s.add(hex(b)));
                return List.of("BS", s);
            }
            case L: {
                List<Object> l = new ArrayList<>();
                v.l().forEach(e -> l.add(form(e)));
                return List.of("L", l);
            }
            case M:
                return List.of("M", form(v.m()));
            default:
                throw new IllegalArgumentException("unknown attribute type " + v.type());
        }
    }

    private static String number(String n) {
        BigDecimal d = new BigDecimal(n);
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    private static String hex(SdkBytes b) {
        return HexFormat.of().formatHex(b.asByteArrayUnsafe());
    }
}
