package dev.coffer.internal.format;

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
 *
 * <p>A value is written in its <em>open</em> form at the top level (a string, number or binary
 * body runs to the end of its slice) and in its <em>delimited</em> form inside lists and maps (the
 * body carries a varint length). Decoding is strict: every value has exactly one encoding, and
 * anything else (non-minimal varints or numbers, unsorted or duplicate members, empty map keys,
 * malformed UTF-8, trailing bytes) is {@link ByteReader.Malformed}. Not API.
 */
public final class ValueCodec {
    static final int T_S = 0x01;
    static final int T_N = 0x02;
    static final int T_B = 0x03;
    static final int T_FALSE = 0x04;
    static final int T_TRUE = 0x05;
    static final int T_NULL = 0x06;
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

    /** Appends the open (top-level) canonical encoding of {@code v} to {@code out}. */
    static void encode(AttributeValue v, ByteBuf out) {
        encode(v, out, 0, false);
    }

    private static void encode(AttributeValue v, ByteBuf out, int depth, boolean delimited) {
        if (v == null) {
            throw new InvalidValue("holds a null value");
        }
        AttributeValue.Type type = v.type();
        if (type == null) {
            throw new InvalidValue("holds a value with no type set");
        }
        switch (type) {
            case S: {
                byte[] b = utf8(v.s());
                out.u8(T_S);
                body(b, out, delimited);
                break;
            }
            case N: {
                out.u8(T_N);
                if (delimited) {
                    int lenAt = out.skip(1);
                    int start = out.size();
                    Numbers.encode(v.n(), out);
                    // Number bodies are at most 19 bytes, so their length always fits one varint byte.
                    out.array()[lenAt] = (byte) (out.size() - start);
                } else {
                    Numbers.encode(v.n(), out);
                }
                break;
            }
            case B:
                out.u8(T_B);
                body(v.b().asByteArrayUnsafe(), out, delimited);
                break;
            case BOOL:
                if (v.bool() == null) {
                    throw new InvalidValue("holds a BOOL with no value");
                }
                out.u8(v.bool() ? T_TRUE : T_FALSE);
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
            case L: {
                checkDepth(depth);
                List<AttributeValue> l = v.l();
                out.u8(T_L);
                out.varint(l.size());
                for (AttributeValue e : l) {
                    encode(e, out, depth + 1, true);
                }
                break;
            }
            case M:
                checkDepth(depth);
                encodeMap(v.m(), out, depth);
                break;
            default:
                throw new InvalidValue("holds a value of no DynamoDB type this Coffer version knows (" + type + ")");
        }
    }

    /**
     * For a string or binary whose body is at least {@code min} bytes, the body of its open encoding
     * (the binary's own bytes, not a copy, or the string's UTF-8); otherwise null. The open encoding
     * is {@link #tag} followed by this body.
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

    private static void body(byte[] b, ByteBuf out, boolean delimited) {
        if (delimited) {
            out.lpv(b);
        } else {
            out.bytes(b);
        }
    }

    private static void checkDepth(int depth) {
        if (depth >= Format.MAX_CONTAINER_DEPTH) {
            throw new InvalidValue("nests lists and maps deeper than DynamoDB allows (a value may sit at most 32 levels "
                    + "deep counting the attribute itself, so at most " + Format.MAX_CONTAINER_DEPTH
                    + " lists or maps inside one another)");
        }
    }

    private static void encodeMap(Map<String, AttributeValue> m, ByteBuf out, int depth) {
        out.u8(T_M);
        out.varint(m.size());
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
            out.lpv(keys[k]);
            encode(values[k], out, depth + 1, true);
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
        out.varint(sorted.length);
        for (byte[] e : sorted) {
            out.lpv(e);
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
        ByteBuf b = new ByteBuf(24);
        for (int i = 0; i < out.length; i++) {
            b.reset();
            Numbers.encode(ns.get(i), b);
            out[i] = b.toByteArray();
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

    /** Decodes the open (top-level) canonical encoding occupying {@code b[off, off+len)}, strictly. */
    static AttributeValue decode(byte[] b, int off, int len) {
        ByteReader r = new ByteReader(b, off, len);
        AttributeValue v = decode(r, 0, false);
        if (r.remaining() != 0) {
            throw new ByteReader.Malformed("value has " + r.remaining() + " trailing bytes");
        }
        return v;
    }

    private static AttributeValue decode(ByteReader r, int depth, boolean delimited) {
        int tag = r.u8("type tag");
        switch (tag) {
            case T_S: {
                int n = delimited ? r.varint("string length") : r.remaining();
                return AttributeValue.fromS(r.utf8(n, "string"));
            }
            case T_N: {
                int n = delimited ? r.varint("number length") : r.remaining();
                int at = r.skip(n, "number");
                return AttributeValue.fromN(Numbers.decode(r.array(), at, n));
            }
            case T_B: {
                int n = delimited ? r.varint("binary length") : r.remaining();
                return AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(r.bytes(n, "binary")));
            }
            case T_FALSE:
                return FALSE;
            case T_TRUE:
                return TRUE;
            case T_NULL:
                return NUL;
            case T_SS: {
                int n = r.count("set member count", 1);
                checkNonEmpty(n);
                List<String> out = new ArrayList<>(presize(n));
                AscendingMembers members = new AscendingMembers(r);
                for (int i = 0; i < n; i++) {
                    members.next("set member");
                    out.add(Utf8.decode(r.array(), members.at, members.len, "string set member"));
                }
                return AttributeValue.fromSs(out);
            }
            case T_NS: {
                int n = r.count("set member count", 3);
                checkNonEmpty(n);
                List<String> out = new ArrayList<>(presize(n));
                AscendingMembers members = new AscendingMembers(r);
                for (int i = 0; i < n; i++) {
                    members.next("set member");
                    out.add(Numbers.decode(r.array(), members.at, members.len));
                }
                return AttributeValue.fromNs(out);
            }
            case T_BS: {
                int n = r.count("set member count", 1);
                checkNonEmpty(n);
                List<SdkBytes> out = new ArrayList<>(presize(n));
                AscendingMembers members = new AscendingMembers(r);
                for (int i = 0; i < n; i++) {
                    members.next("set member");
                    out.add(SdkBytes.fromByteArrayUnsafe(Arrays.copyOfRange(r.array(), members.at, members.at + members.len)));
                }
                return AttributeValue.fromBs(out);
            }
            case T_L: {
                checkDecodeDepth(depth);
                int n = r.count("list element count", 1);
                List<AttributeValue> out = new ArrayList<>(presize(n));
                for (int i = 0; i < n; i++) {
                    out.add(decode(r, depth + 1, true));
                }
                return AttributeValue.fromL(out);
            }
            case T_M: {
                checkDecodeDepth(depth);
                int n = r.count("map entry count", 3);
                String[] keys = new String[presize(n)];
                AttributeValue[] values = new AttributeValue[keys.length];
                AscendingMembers members = new AscendingMembers(r);
                for (int i = 0; i < n; i++) {
                    members.next("map key");
                    if (members.len == 0) {
                        throw new ByteReader.Malformed("map key is empty");
                    }
                    if (i == keys.length) {
                        keys = Arrays.copyOf(keys, Math.min(n, keys.length * 2));
                        values = Arrays.copyOf(values, keys.length);
                    }
                    keys[i] = Utf8.decode(r.array(), members.at, members.len, "map key");
                    values[i] = decode(r, depth + 1, true);
                }
                return AttributeValue.fromM(new ArrayMap(keys, values));
            }
            default:
                throw new ByteReader.Malformed("unknown type tag " + tag);
        }
    }

    /**
     * The initial capacity for a container claiming {@code n} members. A claim is checked against
     * the bytes left, but every enclosing container's claim was checked against the same bytes, so
     * presizing for it at each of 31 levels could allocate many times the input; collections start
     * small and grow with what is actually decoded instead.
     */
    private static int presize(int n) {
        return Math.min(n, 16);
    }

    private static void checkNonEmpty(int n) {
        if (n == 0) {
            throw new ByteReader.Malformed("empty set");
        }
    }

    /**
     * Reads varint-length-prefixed set members or map keys and checks that each sorts strictly after
     * the one before (unsigned bytes), in place, without copying either.
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

        void next(String what) {
            len = r.varint(what + " length");
            at = r.skip(len, what);
            byte[] b = r.array();
            if (prevAt >= 0 && Arrays.compareUnsigned(b, prevAt, prevAt + prevLen, b, at, at + len) >= 0) {
                throw new ByteReader.Malformed(what + "s are not in canonical (strictly ascending) order");
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

    private static void checkDecodeDepth(int depth) {
        if (depth >= Format.MAX_CONTAINER_DEPTH) {
            throw new ByteReader.Malformed("more than " + Format.MAX_CONTAINER_DEPTH + " nested lists or maps");
        }
    }
}
