package dev.coffer.legacy.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The legacy client's byte encodings, as far as a reader needs them (docs/legacy.md, "Format"):
 * the attribute serialization (what is encrypted and what the signature hashes), the material
 * description, and the string to sign. Every decoder checks every length against the bytes left and
 * throws {@link MalformedException}; none trusts a count to allocate.
 *
 * <p>Thread-safety: stateless.
 */
public final class LegacyCodec {
    /** The material description's only version (a four-byte zero). */
    private static final int DESCRIPTION_VERSION = 0;
    /** DynamoDB nests documents at most 32 levels deep; a deeper value is not one DynamoDB could hold. */
    private static final int MAX_DEPTH = 32;
    private static final byte[] ENCRYPTED = "ENCRYPTED".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PLAINTEXT = "PLAINTEXT".getBytes(StandardCharsets.US_ASCII);

    /**
     * The order the legacy Java client sorts binary sets in: {@code ByteBuffer}'s natural order,
     * which compares bytes as signed values, shorter first on a common prefix.
     */
    static final Comparator<byte[]> SIGNED_BYTES = (a, b) -> {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (a[i] != b[i]) {
                return Byte.compare(a[i], b[i]);
            }
        }
        return Integer.compare(a.length, b.length);
    };

    private LegacyCodec() {
    }

    /** A value or description that does not decode; the message names what is wrong, never a value. */
    public static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    // ---------------------------------------------------------------- attribute values

    /** The legacy serialization of {@code value} (tag, then length-prefixed content; sets sorted). */
    public static byte[] serialize(AttributeValue value) {
        Out out = new Out();
        write(value, out, 0);
        return out.toByteArray();
    }

    private static void write(AttributeValue v, Out out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("value nested deeper than " + MAX_DEPTH + " levels");
        }
        switch (v.type()) {
            case B -> {
                out.tag('b');
                out.bytes(v.b().asByteArrayUnsafe());
            }
            case BS -> {
                out.tag('B');
                List<byte[]> sorted = new ArrayList<>();
                for (SdkBytes b : v.bs()) {
                    sorted.add(b.asByteArrayUnsafe());
                }
                sorted.sort(SIGNED_BYTES);
                out.int32(sorted.size());
                for (byte[] b : sorted) {
                    out.bytes(b);
                }
            }
            case N -> {
                out.tag('n');
                out.string(trimZeros(v.n()));
            }
            case NS -> {
                out.tag('N');
                List<String> sorted = new ArrayList<>();
                for (String n : v.ns()) {
                    sorted.add(trimZeros(n));
                }
                stringList(sorted, out);
            }
            case S -> {
                out.tag('s');
                out.string(v.s());
            }
            case SS -> {
                out.tag('S');
                stringList(new ArrayList<>(v.ss()), out);
            }
            case BOOL -> {
                out.tag('?');
                out.write(v.bool() ? 1 : 0);
            }
            case NUL -> out.tag('\0');
            case L -> {
                out.tag('L');
                out.int32(v.l().size());
                for (AttributeValue e : v.l()) {
                    write(e, out, depth + 1);
                }
            }
            case M -> {
                out.tag('M');
                TreeMap<String, AttributeValue> sorted = new TreeMap<>(v.m());
                out.int32(sorted.size());
                for (Map.Entry<String, AttributeValue> e : sorted.entrySet()) {
                    out.tag('s');
                    out.string(e.getKey());
                    write(e.getValue(), out, depth + 1);
                }
            }
            default -> throw new IllegalArgumentException("an attribute value of no known DynamoDB type");
        }
    }

    /** Strings (and numbers) in Java's {@code String} order, UTF-16 code units, as the legacy Java client sorts them. */
    private static void stringList(List<String> values, Out out) {
        Collections.sort(values);
        out.int32(values.size());
        for (String s : values) {
            out.string(s);
        }
    }

    /** The legacy number normalization: no trailing zeros, plain notation, every zero as {@code 0}. */
    static String trimZeros(String n) {
        BigDecimal number = new BigDecimal(n);
        if (number.signum() == 0) {
            return "0";
        }
        return number.stripTrailingZeros().toPlainString();
    }

    /** Reads one serialized value, which must fill {@code bytes} exactly. */
    public static AttributeValue deserialize(byte[] bytes) throws MalformedException {
        In in = new In(bytes);
        AttributeValue v = read(in, 0);
        if (in.remaining() != 0) {
            throw new MalformedException(in.remaining() + " bytes after the serialized value");
        }
        return v;
    }

    private static AttributeValue read(In in, int depth) throws MalformedException {
        if (depth > MAX_DEPTH) {
            throw new MalformedException("value nested deeper than " + MAX_DEPTH + " levels");
        }
        char tag = in.tag();
        switch (tag) {
            case '\0':
                return AttributeValue.builder().nul(true).build();
            case 'b':
                return AttributeValue.builder().b(SdkBytes.fromByteArray(in.bytes())).build();
            case 'B': {
                int n = in.count(4);
                List<SdkBytes> bs = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    bs.add(SdkBytes.fromByteArray(in.bytes()));
                }
                return AttributeValue.builder().bs(bs).build();
            }
            case 'n':
                return AttributeValue.builder().n(number(in.string())).build();
            case 'N': {
                int n = in.count(4);
                List<String> ns = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    ns.add(number(in.string()));
                }
                return AttributeValue.builder().ns(ns).build();
            }
            case 's':
                return AttributeValue.builder().s(in.string()).build();
            case 'S': {
                int n = in.count(4);
                List<String> ss = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    ss.add(in.string());
                }
                return AttributeValue.builder().ss(ss).build();
            }
            case '?': {
                int b = in.u8();
                if (b > 1) {
                    throw new MalformedException("boolean byte " + b + " is neither 0 nor 1");
                }
                return AttributeValue.builder().bool(b == 1).build();
            }
            case 'L': {
                int n = in.count(2);
                List<AttributeValue> l = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    l.add(read(in, depth + 1));
                }
                return AttributeValue.builder().l(l).build();
            }
            case 'M': {
                int n = in.count(8);
                Map<String, AttributeValue> m = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    if (in.tag() != 's') {
                        throw new MalformedException("a map key that is not a string");
                    }
                    String key = in.string();
                    if (m.put(key, read(in, depth + 1)) != null) {
                        throw new MalformedException("a map key that appears twice");
                    }
                }
                return AttributeValue.builder().m(m).build();
            }
            default:
                throw new MalformedException("unknown type tag 0x" + Integer.toHexString(tag));
        }
    }

    /** A decrypted number, in the canonical form DynamoDB would store; one DynamoDB could not hold is refused. */
    private static String number(String s) throws MalformedException {
        try {
            return dev.coffer.DynamoDbValues.canonicalNumber(s);
        } catch (dev.coffer.InvalidItemException e) {
            throw new MalformedException("a number DynamoDB cannot hold: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- material description

    /** Parses a material description (version 0, then length-prefixed UTF-8 key and value pairs). */
    public static Map<String, String> parseDescription(byte[] bytes) throws MalformedException {
        In in = new In(bytes);
        if (in.remaining() < 4) {
            throw new MalformedException("material description shorter than its 4-byte version");
        }
        int version = in.int32();
        if (version != DESCRIPTION_VERSION) {
            throw new MalformedException("material description version " + version + " (only 0 exists)");
        }
        Map<String, String> result = new TreeMap<>();
        while (in.remaining() > 0) {
            String key = in.string();
            String value = in.string();
            if (result.put(key, value) != null) {
                throw new MalformedException("material description entry '" + key + "' appears twice");
            }
        }
        return Collections.unmodifiableMap(result);
    }

    /** Serializes a material description (entries in {@code description}'s iteration order). */
    public static byte[] serializeDescription(Map<String, String> description) {
        Out out = new Out();
        out.int32(DESCRIPTION_VERSION);
        for (Map.Entry<String, String> e : description.entrySet()) {
            out.string(e.getKey());
            out.string(e.getValue());
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- string to sign

    /** How one attribute takes part in the signature. */
    public enum Flag {
        /** Not signed. */
        NONE,
        /** Signed, stored readable. */
        SIGN,
        /** Signed, stored encrypted (the signature covers the stored ciphertext). */
        ENCRYPT_AND_SIGN
    }

    /**
     * The bytes the legacy signature covers: SHA-256 of {@code associatedData}, then for every signed
     * attribute in Java {@code String} order SHA-256 of its UTF-8 name, of {@code ENCRYPTED} or
     * {@code PLAINTEXT}, and of its serialized stored value.
     */
    public static byte[] stringToSign(Map<String, AttributeValue> item, Map<String, Flag> flags, byte[] associatedData) {
        MessageDigest sha256 = sha256();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(sha256.digest(associatedData));
        for (String name : new TreeMap<>(item).keySet()) {
            Flag f = flags.getOrDefault(name, Flag.NONE);
            if (f == Flag.NONE) {
                continue;
            }
            out.writeBytes(sha256.digest(name.getBytes(StandardCharsets.UTF_8)));
            out.writeBytes(sha256.digest(f == Flag.ENCRYPT_AND_SIGN ? ENCRYPTED : PLAINTEXT));
            out.writeBytes(sha256.digest(serialize(item.get(name))));
        }
        return out.toByteArray();
    }

    /** The associated data the legacy client signs: {@code TABLE>name<TABLE} in UTF-8. */
    public static byte[] associatedData(String tableName) {
        return ("TABLE>" + tableName + "<TABLE").getBytes(StandardCharsets.UTF_8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    // ---------------------------------------------------------------- byte plumbing

    private static final class Out extends ByteArrayOutputStream {
        void tag(char c) {
            write(c >>> 8);
            write(c & 0xff);
        }

        void int32(int v) {
            write(v >>> 24);
            write((v >>> 16) & 0xff);
            write((v >>> 8) & 0xff);
            write(v & 0xff);
        }

        void bytes(byte[] b) {
            int32(b.length);
            writeBytes(b);
        }

        void string(String s) {
            bytes(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final class In {
        private final ByteBuffer buf;

        In(byte[] bytes) {
            this.buf = ByteBuffer.wrap(bytes);
        }

        int remaining() {
            return buf.remaining();
        }

        private void need(long n, String what) throws MalformedException {
            if (n > buf.remaining()) {
                throw new MalformedException(what + " runs past the end (" + n + " bytes needed, "
                        + buf.remaining() + " left)");
            }
        }

        char tag() throws MalformedException {
            need(2, "type tag");
            return buf.getChar();
        }

        int u8() throws MalformedException {
            need(1, "boolean");
            return buf.get() & 0xff;
        }

        int int32() throws MalformedException {
            need(4, "length");
            return buf.getInt();
        }

        /** An element count, bounded by the bytes left (each element takes at least {@code minBytes}). */
        int count(int minBytes) throws MalformedException {
            int n = int32();
            if (n < 0 || (long) n * minBytes > buf.remaining()) {
                throw new MalformedException("element count " + n + " larger than the bytes left allow");
            }
            return n;
        }

        byte[] bytes() throws MalformedException {
            int n = int32();
            if (n < 0) {
                throw new MalformedException("negative length " + n);
            }
            need(n, "value");
            byte[] b = new byte[n];
            buf.get(b);
            return b;
        }

        String string() throws MalformedException {
            byte[] b = bytes();
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                throw new MalformedException("a string that is not valid UTF-8");
            }
        }
    }
}
