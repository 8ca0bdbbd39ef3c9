package dev.coffer.internal.format;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
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

    /** Immutable, so one instance serves every decoded boolean and null. */
    private static final AttributeValue TRUE = AttributeValue.fromBool(true);
    private static final AttributeValue FALSE = AttributeValue.fromBool(false);
    private static final AttributeValue NUL = AttributeValue.fromNul(true);

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
                out.ascii(Numbers.canonical(v.n()));
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

    /**
     * For a string or binary whose encoding is at least {@code min} bytes, the encoding without its
     * one-byte type tag ({@link #tag}): the binary's own bytes (not a copy), or the string's UTF-8
     * bytes. Otherwise null, and the caller uses {@link #encode}. The canonical encoding is
     * {@code tag || payload}.
     */
    static byte[] largePayload(AttributeValue v, int min) {
        if (v == null) {
            return null;
        }
        if (v.type() == AttributeValue.Type.B) {
            byte[] b = v.b().asByteArrayUnsafe();
            return b.length >= min ? b : null;
        }
        if (v.type() == AttributeValue.Type.S && v.s() != null && v.s().length() >= min) {
            return utf8(v.s());
        }
        return null;
    }

    /** The type tag of a string or binary, for {@link #largePayload}. */
    static byte tag(AttributeValue v) {
        return (byte) (v.type() == AttributeValue.Type.B ? T_B : T_S);
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
        for (int k : sortOrder(keys)) {
            out.lp32(keys[k]);
            int at = out.reserveU32();
            encode(values[k], out, depth + 1);
            out.patchU32(at, out.size() - at - 4);
        }
    }

    /**
     * The indexes of {@code keys} in canonical (unsigned byte) order. Maps hold a handful of keys,
     * so an insertion sort over plain ints beats sorting boxed indexes with a comparator.
     */
    private static int[] sortOrder(byte[][] keys) {
        int n = keys.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (n > 32) {
            Integer[] boxed = new Integer[n];
            for (int i = 0; i < n; i++) {
                boxed[i] = i;
            }
            Arrays.sort(boxed, (a, b) -> Arrays.compareUnsigned(keys[a], keys[b]));
            for (int i = 0; i < n; i++) {
                order[i] = boxed[i];
            }
            return order;
        }
        for (int i = 1; i < n; i++) {
            int k = order[i];
            int j = i - 1;
            while (j >= 0 && Arrays.compareUnsigned(keys[order[j]], keys[k]) > 0) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = k;
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

    /**
     * UTF-8 bytes of a string; unpaired surrogates cannot be stored and are rejected. (Measured: a
     * read-only check plus the JDK's intrinsic encoder beats encoding char by char into the buffer,
     * about 13 against 55 ns for a 100-character string, despite the extra array.)
     */
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
                return v == 1 ? TRUE : FALSE;
            }
            case T_NULL:
                return NUL;
            case T_SS:
                return AttributeValue.fromSs(strings(r, StandardCharsets.UTF_8));
            case T_NS:
                return AttributeValue.fromNs(strings(r, StandardCharsets.US_ASCII));
            case T_BS: {
                int n = count(r, 4);
                List<SdkBytes> out = new ArrayList<>(n);
                AscendingMembers members = new AscendingMembers(r);
                for (int i = 0; i < n; i++) {
                    members.next("set member length", "set member");
                    out.add(SdkBytes.fromByteArrayUnsafe(Arrays.copyOfRange(r.array(), members.at, members.at + members.len)));
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
                String[] keys = new String[n];
                AttributeValue[] values = new AttributeValue[n];
                byte[] b = r.array();
                AscendingMembers members = new AscendingMembers(r);
                for (int i = 0; i < n; i++) {
                    members.next("map key length", "map key");
                    keys[i] = new String(b, members.at, members.len, StandardCharsets.UTF_8);
                    int len = r.u32("map value length");
                    int at = r.skip(len, "map value");
                    values[i] = decodeNested(b, at, len, depth + 1);
                }
                return AttributeValue.fromM(new ArrayMap(keys, values));
            }
            default:
                throw new ByteReader.Malformed("unknown type tag " + tag);
        }
    }

    /** Members of a string or number set, checked for canonical order in place. */
    private static List<String> strings(ByteReader r, Charset charset) {
        int n = count(r, 4);
        List<String> out = new ArrayList<>(n);
        AscendingMembers members = new AscendingMembers(r);
        for (int i = 0; i < n; i++) {
            members.next("set member length", "set member");
            out.add(new String(r.array(), members.at, members.len, charset));
        }
        return out;
    }

    /**
     * Reads length-prefixed set members or map keys and checks that each sorts strictly after the
     * one before (unsigned bytes), in place in the plaintext, without copying either.
     */
    private static final class AscendingMembers {
        private final ByteReader r;
        private int prevAt = -1;
        private int prevLen;
        /** Where the member last read starts in {@code r.array()}, and its length. */
        int at;
        int len;

        AscendingMembers(ByteReader r) {
            this.r = r;
        }

        void next(String lengthWhat, String what) {
            len = r.u32(lengthWhat);
            at = r.skip(len, what);
            byte[] b = r.array();
            if (prevAt >= 0 && Arrays.compareUnsigned(b, prevAt, prevAt + prevLen, b, at, at + len) >= 0) {
                throw new ByteReader.Malformed("members are not in canonical (strictly ascending) order");
            }
            prevAt = at;
            prevLen = len;
        }
    }

    /**
     * The decoded entries of a map, in canonical order, handed to {@link AttributeValue#fromM},
     * which copies them into its own map (through {@code size} and {@code forEach}); building a
     * hash map here first would only be copied again. Duplicate keys cannot occur: keys are checked
     * strictly ascending.
     */
    private static final class ArrayMap extends AbstractMap<String, AttributeValue> {
        private final String[] keys;
        private final AttributeValue[] values;

        ArrayMap(String[] keys, AttributeValue[] values) {
            this.keys = keys;
            this.values = values;
        }

        @Override
        public int size() {
            return keys.length;
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super AttributeValue> action) {
            for (int i = 0; i < keys.length; i++) {
                action.accept(keys[i], values[i]);
            }
        }

        @Override
        public Set<Map.Entry<String, AttributeValue>> entrySet() {
            Set<Map.Entry<String, AttributeValue>> entries = new LinkedHashSet<>();
            for (int i = 0; i < keys.length; i++) {
                entries.add(new AbstractMap.SimpleImmutableEntry<>(keys[i], values[i]));
            }
            return entries;
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

    private static String string(ByteReader r, int n) {
        int at = r.skip(n, "string");
        return new String(r.array(), at, n, StandardCharsets.UTF_8);
    }

    private static String ascii(ByteReader r, int n) {
        int at = r.skip(n, "number");
        return new String(r.array(), at, n, StandardCharsets.US_ASCII);
    }
}
