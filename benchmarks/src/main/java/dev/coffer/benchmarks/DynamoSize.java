package dev.coffer.benchmarks;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item's size as DynamoDB counts it (what a write or read is billed by), written from the rule in
 * docs/FORMAT.md, section 9, and DynamoDB's documentation, independently of Coffer's own code: the
 * sum over attributes of the name's UTF-8 length plus the value's size; {@code S} its UTF-8 length,
 * {@code B} its length, {@code N} one byte plus one per pair of significant digits (pairs aligned on
 * the decimal point) plus one if negative (zero: one byte), {@code BOOL} and {@code NULL} one byte,
 * sets the sum of their members, {@code L} 3 bytes plus 1 byte and the size per element, {@code M} 3
 * bytes plus, per entry, 1 byte, the key's UTF-8 length and the value's size.
 *
 * <p>One function counts every library's items: SDK v1 items (the legacy client) are converted to
 * the SDK v2 model first ({@link SdkV1Items#toV2}), which changes no value.
 *
 * <p>Thread-safety: stateless.
 */
public final class DynamoSize {
    /** DynamoDB bills a write per started 1 KB of item. */
    public static final int WRITE_UNIT_BYTES = 1024;
    /** ... and a strongly consistent read per started 4 KB. */
    public static final int READ_UNIT_BYTES = 4096;

    private DynamoSize() {
    }

    /** The item's size in bytes. */
    public static long of(Map<String, AttributeValue> item) {
        long total = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            total += utf8(e.getKey()) + of(e.getValue());
        }
        return total;
    }

    /** Write capacity units for one write of an item of {@code bytes}. */
    public static long writeUnits(long bytes) {
        return Math.max(1, (bytes + WRITE_UNIT_BYTES - 1) / WRITE_UNIT_BYTES);
    }

    /** Read capacity units for one strongly consistent read of an item of {@code bytes}. */
    public static long readUnits(long bytes) {
        return Math.max(1, (bytes + READ_UNIT_BYTES - 1) / READ_UNIT_BYTES);
    }

    /** A value's size, without its attribute name. */
    public static long of(AttributeValue v) {
        switch (v.type()) {
            case S:
                return utf8(v.s());
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
                    t += utf8(s);
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
                long t = 3;
                for (AttributeValue e : l) {
                    t += 1 + of(e);
                }
                return t;
            }
            case M: {
                long t = 3;
                for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
                    t += 1 + utf8(e.getKey()) + of(e.getValue());
                }
                return t;
            }
            default:
                throw new IllegalArgumentException("unknown attribute type " + v.type());
        }
    }

    /**
     * DynamoDB keeps a number as base-100 digits: one byte of exponent, one byte per pair of
     * significant decimal digits with the pairs aligned on the decimal point, one more if negative.
     */
    static long number(String n) {
        BigDecimal d = new BigDecimal(n);
        if (d.signum() == 0) {
            return 1;
        }
        d = d.stripTrailingZeros();
        // Powers of ten of the lowest and highest significant digit.
        long low = -(long) d.scale();
        long high = low + d.precision() - 1;
        long pairs = Math.floorDiv(high, 2) - Math.floorDiv(low, 2) + 1;
        return 1 + pairs + (d.signum() < 0 ? 1 : 0);
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
