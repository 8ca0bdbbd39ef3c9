package dev.coffer.internal.format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The canonical, type-tagged encoding of one DynamoDB value (docs/FORMAT.md, "Canonical value
 * encoding"). Numbers are normalized as DynamoDB normalizes them and sets and map keys are sorted,
 * so equal DynamoDB values have equal encodings, whatever order DynamoDB returns set members in.
 * Not API.
 */
public final class ValueCodec {
    static final int T_S = 0x01;
    static final int T_N = 0x02;
    static final int T_B = 0x03;
    static final int T_BOOL = 0x04;
    static final int T_NULL = 0x05;
    static final int T_SS = 0x11;
    static final int T_NS = 0x12;
    static final int T_BS = 0x13;
    static final int T_L = 0x21;
    static final int T_M = 0x22;

    private ValueCodec() {
    }

    /** Appends the canonical encoding of {@code v} to {@code out}. */
    static void encode(AttributeValue v, ByteBuf out) {
        encode(v, out, 0);
    }

    private static void encode(AttributeValue v, ByteBuf out, int depth) {
        if (v == null) {
            throw new InvalidValue("holds a null value");
        }
        switch (v.type()) {
            case S:
                out.u8(T_S);
                out.bytes(utf8(v.s()));
                break;
            case N:
                out.u8(T_N);
                out.bytes(Numbers.canonical(v.n()).getBytes(StandardCharsets.US_ASCII));
                break;
            case B:
                out.u8(T_B);
                out.bytes(v.b().asByteArrayUnsafe());
                break;
            case BOOL:
                out.u8(T_BOOL);
                out.u8(Boolean.TRUE.equals(v.bool()) ? 1 : 0);
                break;
            case NUL:
                if (!Boolean.TRUE.equals(v.nul())) {
                    throw new InvalidValue("holds NULL=false, which DynamoDB rejects; use NULL=true");
                }
                out.u8(T_NULL);
                break;
            case SS:
                encodeSet(T_SS, sortedStrings(v.ss()), out, "string set");
                break;
            case NS:
                encodeSet(T_NS, sortedNumbers(v.ns()), out, "number set");
                break;
            case BS:
                encodeSet(T_BS, sortedBinaries(v.bs()), out, "binary set");
                break;
            case L:
                checkDepth(depth);
                out.u8(T_L);
                out.u32(v.l().size());
                for (AttributeValue e : v.l()) {
                    int at = out.reserveU32();
                    encode(e, out, depth + 1);
                    out.patchU32(at, out.size() - at - 4);
                }
                break;
            case M:
                checkDepth(depth);
                encodeMap(v.m(), out, depth);
                break;
            default:
                throw new InvalidValue("holds a value of no DynamoDB type this Coffer version knows (" + v.type() + ")");
        }
    }

    private static void checkDepth(int depth) {
        if (depth >= FormatV1.MAX_CONTAINER_DEPTH) {
            throw new InvalidValue("nests lists and maps deeper than DynamoDB allows (32 levels counting the attribute, "
                    + "so at most " + FormatV1.MAX_CONTAINER_DEPTH + " lists or maps inside one another)");
        }
    }

    private static void encodeMap(Map<String, AttributeValue> m, ByteBuf out, int depth) {
        out.u8(T_M);
        out.u32(m.size());
        byte[][] keys = new byte[m.size()][];
        AttributeValue[] values = new AttributeValue[m.size()];
        int i = 0;
        for (Map.Entry<String, AttributeValue> e : m.entrySet()) {
            keys[i] = utf8(e.getKey());
            if (keys[i].length == 0) {
                // DynamoDB rejects it ("Empty attribute name"); refuse it encrypted too, so every value
                // Coffer accepts could also be stored sign-only.
                throw new InvalidValue("holds a map with an empty key, which DynamoDB rejects");
            }
            values[i] = e.getValue();
            i++;
        }
        Integer[] order = sortOrder(keys);
        for (int k : order) {
            out.lp32(keys[k]);
            int at = out.reserveU32();
            encode(values[k], out, depth + 1);
            out.patchU32(at, out.size() - at - 4);
        }
    }

    private static Integer[] sortOrder(byte[][] keys) {
        Integer[] order = new Integer[keys.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (order.length > 1) {
            Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(keys[a], keys[b]));
        }
        return order;
    }

    private static void encodeSet(int tag, byte[][] sorted, ByteBuf out, String what) {
        if (sorted.length == 0) {
            throw new InvalidValue("holds an empty " + what + ", which DynamoDB rejects");
        }
        for (int i = 1; i < sorted.length; i++) {
            if (Arrays.equals(sorted[i - 1], sorted[i])) {
                throw new InvalidValue("holds a " + what + " with duplicate members, which DynamoDB rejects");
            }
        }
        out.u8(tag);
        out.u32(sorted.length);
        for (byte[] e : sorted) {
            out.lp32(e);
        }
    }

    private static byte[][] sortedStrings(List<String> ss) {
        byte[][] out = new byte[ss.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = utf8(ss.get(i));
        }
        Arrays.sort(out, Arrays::compareUnsigned);
        return out;
    }

    private static byte[][] sortedNumbers(List<String> ns) {
        byte[][] out = new byte[ns.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Numbers.canonical(ns.get(i)).getBytes(StandardCharsets.US_ASCII);
        }
        Arrays.sort(out, Arrays::compareUnsigned);
        return out;
    }

    private static byte[][] sortedBinaries(List<SdkBytes> bs) {
        byte[][] out = new byte[bs.size()][];
        for (int i = 0; i < out.length; i++) {
            SdkBytes b = bs.get(i);
            if (b == null) {
                throw new InvalidValue("holds a binary set with a null member");
            }
            out[i] = b.asByteArrayUnsafe();
        }
        Arrays.sort(out, Arrays::compareUnsigned);
        return out;
    }

    /** UTF-8 bytes of a string; unpaired surrogates cannot be stored and are rejected. */
    static byte[] utf8(String s) {
        if (s == null) {
            throw new InvalidValue("holds a null string");
        }
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    throw new InvalidValue("holds a string with an unpaired UTF-16 surrogate, which is not valid Unicode");
                }
            }
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes one canonical encoding occupying {@code b[off, off+len)}. */
    static AttributeValue decode(byte[] b, int off, int len) {
        ByteReader r = new ByteReader(b, off, len);
        AttributeValue v = decode(r, 0);
        if (r.remaining() != 0) {
            throw new ByteReader.Malformed("value has " + r.remaining() + " trailing bytes");
        }
        return v;
    }

    private static AttributeValue decode(ByteReader r, int depth) {
        int tag = r.u8("type tag");
        switch (tag) {
            case T_S:
                return AttributeValue.fromS(string(r, r.remaining()));
            case T_N:
                return AttributeValue.fromN(ascii(r, r.remaining()));
            case T_B:
                return AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(r.bytes(r.remaining(), "binary")));
            case T_BOOL: {
                int v = r.u8("boolean");
                if (v > 1) {
                    throw new ByteReader.Malformed("boolean byte is " + v);
                }
                return AttributeValue.fromBool(v == 1);
            }
            case T_NULL:
                return AttributeValue.fromNul(true);
            case T_SS: {
                int n = count(r, 4);
                List<String> out = new ArrayList<>(n);
                byte[] prev = null;
                for (int i = 0; i < n; i++) {
                    byte[] e = r.bytes(r.u32("set member length"), "set member");
                    prev = checkAscending(prev, e);
                    out.add(new String(e, StandardCharsets.UTF_8));
                }
                return AttributeValue.fromSs(out);
            }
            case T_NS: {
                int n = count(r, 4);
                List<String> out = new ArrayList<>(n);
                byte[] prev = null;
                for (int i = 0; i < n; i++) {
                    byte[] e = r.bytes(r.u32("set member length"), "set member");
                    prev = checkAscending(prev, e);
                    out.add(new String(e, StandardCharsets.US_ASCII));
                }
                return AttributeValue.fromNs(out);
            }
            case T_BS: {
                int n = count(r, 4);
                List<SdkBytes> out = new ArrayList<>(n);
                byte[] prev = null;
                for (int i = 0; i < n; i++) {
                    byte[] e = r.bytes(r.u32("set member length"), "set member");
                    prev = checkAscending(prev, e);
                    out.add(SdkBytes.fromByteArrayUnsafe(e));
                }
                return AttributeValue.fromBs(out);
            }
            case T_L: {
                checkDecodeDepth(depth);
                int n = count(r, 4);
                List<AttributeValue> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    int len = r.u32("element length");
                    int at = r.skip(len, "list element");
                    out.add(decodeNested(r.array(), at, len, depth + 1));
                }
                return AttributeValue.fromL(out);
            }
            case T_M: {
                checkDecodeDepth(depth);
                int n = count(r, 8);
                Map<String, AttributeValue> out = new LinkedHashMap<>(Math.max(4, n * 4 / 3 + 1));
                byte[] prev = null;
                for (int i = 0; i < n; i++) {
                    byte[] k = r.bytes(r.u32("map key length"), "map key");
                    prev = checkAscending(prev, k);
                    int len = r.u32("map value length");
                    int at = r.skip(len, "map value");
                    out.put(new String(k, StandardCharsets.UTF_8), decodeNested(r.array(), at, len, depth + 1));
                }
                return AttributeValue.fromM(out);
            }
            default:
                throw new ByteReader.Malformed("unknown type tag " + tag);
        }
    }

    private static AttributeValue decodeNested(byte[] b, int off, int len, int depth) {
        ByteReader r = new ByteReader(b, off, len);
        AttributeValue v = decode(r, depth);
        if (r.remaining() != 0) {
            throw new ByteReader.Malformed("nested value has " + r.remaining() + " trailing bytes");
        }
        return v;
    }

    private static void checkDecodeDepth(int depth) {
        if (depth >= FormatV1.MAX_CONTAINER_DEPTH) {
            throw new ByteReader.Malformed("more than " + FormatV1.MAX_CONTAINER_DEPTH + " nested lists or maps");
        }
    }

    /** A member count, bounded by the bytes left so a corrupt count cannot allocate wildly. */
    private static int count(ByteReader r, int minBytesPerMember) {
        int n = r.u32("member count");
        if ((long) n * minBytesPerMember > r.remaining()) {
            throw new ByteReader.Malformed("member count " + n + " exceeds the bytes left");
        }
        return n;
    }

    private static byte[] checkAscending(byte[] prev, byte[] next) {
        if (prev != null && Arrays.compareUnsigned(prev, next) >= 0) {
            throw new ByteReader.Malformed("members are not in canonical (strictly ascending) order");
        }
        return next;
    }

    private static String string(ByteReader r, int n) {
        int at = r.skip(n, "string");
        return new String(r.array(), at, n, StandardCharsets.UTF_8);
    }

    private static String ascii(ByteReader r, int n) {
        int at = r.skip(n, "number");
        return new String(r.array(), at, n, StandardCharsets.US_ASCII);
    }
}
