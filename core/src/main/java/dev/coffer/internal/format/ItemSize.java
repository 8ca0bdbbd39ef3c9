package dev.coffer.internal.format;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item's size as DynamoDB counts it against the 400 KB limit: attribute name bytes plus value
 * bytes; strings by UTF-8 length, binaries by length, numbers at one byte per two significant
 * digits plus one, booleans and nulls one byte, lists and maps three bytes plus one per element.
 * Not API.
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

    private static long number(String n) {
        if (n == null) {
            return 0;
        }
        int digits = 0;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == 'e' || c == 'E') {
                break;
            }
        }
        return (digits + 1) / 2 + 1;
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
