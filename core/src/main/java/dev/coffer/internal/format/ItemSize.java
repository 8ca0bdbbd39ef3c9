package dev.coffer.internal.format;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item's size as DynamoDB counts it against the 400 KB limit: attribute name bytes plus value
 * bytes; strings by UTF-8 length, binaries by length, numbers as DynamoDB stores them (about one
 * byte per two significant digits plus one, see {@link #number}), booleans and nulls one byte,
 * lists and maps three bytes plus one per element. Not API.
 */
public final class ItemSize {
    private ItemSize() {
    }

    public static long of(Map<String, AttributeValue> item) {
        long total = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            total += utf8Length(e.getKey()) + of(e.getValue());
        }
        return total;
    }

    public static long of(AttributeValue v) {
        if (v == null) {
            return 0;
        }
        switch (v.type()) {
            case S:
                return utf8Length(v.s());
            case N:
                return number(v.n());
            case B:
                return v.b().asByteArrayUnsafe().length;
            case BOOL:
            case NUL:
                return 1;
            case SS: {
                long t = 0;
                for (String s : v.ss()) {
                    t += utf8Length(s);
                }
                return t;
            }
            case NS: {
                long t = 0;
                for (String n : v.ns()) {
                    t += number(n);
                }
                return t;
            }
            case BS: {
                long t = 0;
                for (SdkBytes b : v.bs()) {
                    t += b.asByteArrayUnsafe().length;
                }
                return t;
            }
            case L: {
                List<AttributeValue> l = v.l();
                long t = 3 + l.size();
                for (AttributeValue e : l) {
                    t += of(e);
                }
                return t;
            }
            case M: {
                Map<String, AttributeValue> m = v.m();
                long t = 3 + m.size();
                for (Map.Entry<String, AttributeValue> e : m.entrySet()) {
                    t += utf8Length(e.getKey()) + of(e.getValue());
                }
                return t;
            }
            default:
                return 0;
        }
    }

    /**
     * The bytes DynamoDB charges for a number. DynamoDB keeps a number as base-100 digits: one byte
     * for the exponent, one per pair of significant decimal digits aligned on the decimal point, one
     * more for a negative number; zero takes one byte. (Measured against DynamoDB Local 2.6.1, and
     * again on dynalite 4.0.0, which agrees for numbers: "1.5" takes 3 bytes, "-1" 3, "1E+100" 2,
     * "0.001" 2.) A string that is not a number gets a rough
     * count; encoding rejects it anyway.
     */
    private static long number(String n) {
        if (n == null) {
            return 0;
        }
        int len = n.length();
        int i = 0;
        boolean negative = false;
        if (len > 0 && (n.charAt(0) == '-' || n.charAt(0) == '+')) {
            negative = n.charAt(0) == '-';
            i = 1;
        }
        int digits = 0;
        int firstSignificant = -1;
        int lastSignificant = -1;
        int point = -1;
        long exponent = 0;
        for (; i < len; i++) {
            char c = n.charAt(i);
            if (c >= '0' && c <= '9') {
                if (c != '0') {
                    if (firstSignificant < 0) {
                        firstSignificant = digits;
                    }
                    lastSignificant = digits;
                }
                digits++;
            } else if (c == '.' && point < 0) {
                point = digits;
            } else if ((c == 'e' || c == 'E') && i + 1 < len && i + 12 >= len) {
                try {
                    exponent = Long.parseLong(n.substring(n.charAt(i + 1) == '+' ? i + 2 : i + 1));
                } catch (NumberFormatException e) {
                    return (digits + 1) / 2 + 1;
                }
                break;
            } else {
                return (digits + 1) / 2 + 1;
            }
        }
        if (firstSignificant < 0) {
            return 1;
        }
        if (point < 0) {
            point = digits;
        }
        long significant = lastSignificant - firstSignificant + 1;
        // Digits after the decimal point up to the last significant one; an odd count shifts the
        // digits by one place to align base-100 pairs on the point.
        long scale = lastSignificant + 1L - point - exponent;
        if ((scale & 1) != 0) {
            significant++;
        }
        return 1 + (significant + 1) / 2 + (negative ? 1 : 0);
    }

    /** UTF-8 length without encoding. */
    public static int utf8Length(String s) {
        if (s == null) {
            return 0;
        }
        int n = s.length();
        int len = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    len += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    len += 2;
                    i++;
                } else {
                    len += 2;
                }
            }
        }
        return len;
    }
}
