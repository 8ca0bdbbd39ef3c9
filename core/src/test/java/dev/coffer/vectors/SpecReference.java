package dev.coffer.vectors;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An independent implementation of docs/FORMAT.md ("Coffer item format 1.0, wire version 2"),
 * written from the document alone: plain JCE calls ({@code javax.crypto}, {@link MessageDigest}),
 * no class of {@code dev.coffer}. Only the SDK's {@link AttributeValue} is used, because that is
 * what items are made of. Section numbers in comments are the document's.
 *
 * <p>The vector tests check that the library and this reading of the document agree on every
 * intermediate value and on every stored byte, so the document stays precise enough to
 * reimplement. Where the document leaves a choice open, the comment says which reading this class
 * takes. Thread-safe: every method is a pure function of its arguments.
 */
final class SpecReference {
    static final int VERSION = 0x02;
    static final int SUITE = 0x01;
    /** Section 2: the HMAC suite plus an ECDSA P-256 signature (section 6a). */
    static final int SUITE_ECDSA = 0x02;
    static final String HEAD = "coffer_head";
    static final String SIG = "coffer_sig";
    static final int MAX_READINGS = 8;
    static final int MAX_ITEM_SIZE = 409_600;

    private static final Pattern PROVIDER_ID = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final byte[] KEYS_LABEL = ascii("coffer/2/keys");
    private static final byte[] SIGNATURE_LABEL = ascii("coffer/2/signature");

    private SpecReference() {
    }

    /** Anything this reading of the document refuses, with the reason. */
    static final class SpecException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SpecException(String message) {
            super(message);
        }
    }

    // ---------------------------------------------------------------- section 0: notation

    static void varint(ByteArrayOutputStream out, long n) {
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw new SpecException("varint out of range: " + n);
        }
        while (n >= 0x80) {
            out.write((int) (n & 0x7F) | 0x80);
            n >>>= 7;
        }
        out.write((int) n);
    }

    static byte[] varint(long n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(5);
        varint(out, n);
        return out.toByteArray();
    }

    static void lpv(ByteArrayOutputStream out, byte[] x) {
        varint(out, x.length);
        out.writeBytes(x);
    }

    static void lp8(ByteArrayOutputStream out, byte[] x) {
        if (x.length > 255) {
            throw new SpecException("lp8 field of " + x.length + " bytes");
        }
        out.write(x.length);
        out.writeBytes(x);
    }

    /** Strict UTF-8 (RFC 3629): an unpaired surrogate has no encoding and is refused. */
    static byte[] utf8(String s) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new SpecException("string with an unpaired surrogate");
        }
    }

    /** Strict UTF-8 decoding: overlong forms, surrogates, &gt; U+10FFFF, stray bytes are malformed. */
    static String fromUtf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new SpecException("malformed UTF-8");
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Control character: category Cc, plus U+2028 and U+2029. */
    static boolean hasControl(String s) {
        return s.codePoints().anyMatch(cp -> cp <= 0x1F || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029);
    }

    static final Comparator<byte[]> BYTE_ORDER = Arrays::compareUnsigned;

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) {
                m.update(part);
            }
            return m.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A bounded reader over a byte range; every read past the end is refused. */
    static final class Reader {
        private final byte[] b;
        private int pos;
        private final int end;

        Reader(byte[] b) {
            this(b, 0, b.length);
        }

        Reader(byte[] b, int from, int to) {
            this.b = b;
            this.pos = from;
            this.end = to;
        }

        int remaining() {
            return end - pos;
        }

        boolean atEnd() {
            return pos == end;
        }

        int u8() {
            need(1);
            return b[pos++] & 0xFF;
        }

        long u32() {
            need(4);
            long v = 0;
            for (int i = 0; i < 4; i++) {
                v = (v << 8) | (b[pos++] & 0xFF);
            }
            return v;
        }

        byte[] take(long n) {
            need(n);
            byte[] out = Arrays.copyOfRange(b, pos, pos + (int) n);
            pos += (int) n;
            return out;
        }

        /** Unsigned LEB128: at most 5 bytes, at most 2^31 - 1, shortest form only. */
        int varint() {
            long v = 0;
            for (int i = 0; i < 5; i++) {
                int x = u8();
                v |= (long) (x & 0x7F) << (7 * i);
                if ((x & 0x80) == 0) {
                    if (i > 0 && x == 0) {
                        throw new SpecException("varint not in shortest form");
                    }
                    if (v > Integer.MAX_VALUE) {
                        throw new SpecException("varint above 2^31 - 1");
                    }
                    return (int) v;
                }
            }
            throw new SpecException("varint longer than 5 bytes");
        }

        byte[] lpv() {
            return take(varint());
        }

        byte[] lp8() {
            return take(u8());
        }

        private void need(long n) {
            if (n < 0 || n > end - pos) {
                throw new SpecException("field runs past the end");
            }
        }
    }

    // ---------------------------------------------------------------- section 3: header

    /** One key entry of the materials description. */
    record KeyEntry(String keyId, byte[] wrappedKey) {
    }

    /** The materials description: provider id, key entries, parameters in byte order of name. */
    record Description(String providerId, List<KeyEntry> keys, Map<String, String> parameters) {
        Description {
            TreeMap<byte[], String[]> sorted = new TreeMap<>(BYTE_ORDER);
            parameters.forEach((k, v) -> sorted.put(ascii(k), new String[] {k, v}));
            LinkedHashMap<String, String> inOrder = new LinkedHashMap<>();
            sorted.values().forEach(kv -> inOrder.put(kv[0], kv[1]));
            keys = List.copyOf(keys);
            parameters = Collections.unmodifiableMap(inOrder);
        }
    }

    /** A parsed header. Fingerprints are unsigned 32-bit values held in longs. */
    record Header(int version, int suite, byte[] itemId, Description description, long[] encrypted, long[] signOnly,
            byte[] commitment, byte[] bytes) {
        int e() {
            return encrypted.length;
        }

        /** Legend order: the encrypted run, then the sign-only run. */
        long[] legend() {
            long[] all = Arrays.copyOf(encrypted, encrypted.length + signOnly.length);
            System.arraycopy(signOnly, 0, all, encrypted.length, signOnly.length);
            return all;
        }
    }

    static byte[] writeHeader(byte[] itemId, Description d, long[] encrypted, long[] signOnly, byte[] commitment) {
        return writeHeader(SUITE, itemId, d, encrypted, signOnly, commitment);
    }

    static byte[] writeHeader(int suite, byte[] itemId, Description d, long[] encrypted, long[] signOnly,
            byte[] commitment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(VERSION);
        out.write(suite);
        if (itemId.length != 32) {
            throw new SpecException("item id must be 32 bytes");
        }
        out.writeBytes(itemId);
        checkDescription(d);
        lp8(out, ascii(d.providerId()));
        out.write(d.keys().size());
        for (KeyEntry k : d.keys()) {
            lpv(out, utf8(k.keyId()));
            lpv(out, k.wrappedKey());
        }
        out.write(d.parameters().size());
        d.parameters().forEach((name, value) -> {
            lp8(out, ascii(name));
            lpv(out, utf8(value));
        });
        varint(out, encrypted.length);
        varint(out, signOnly.length);
        for (long fp : encrypted) {
            u32(out, fp);
        }
        for (long fp : signOnly) {
            u32(out, fp);
        }
        out.writeBytes(commitment);
        return out.toByteArray();
    }

    private static void u32(ByteArrayOutputStream out, long v) {
        out.write((int) (v >>> 24));
        out.write((int) (v >>> 16));
        out.write((int) (v >>> 8));
        out.write((int) v);
    }

    private static void checkDescription(Description d) {
        if (!PROVIDER_ID.matcher(d.providerId()).matches()) {
            throw new SpecException("provider id '" + d.providerId() + "'");
        }
        if (d.keys().isEmpty() || d.keys().size() > 255) {
            throw new SpecException("key count " + d.keys().size());
        }
        for (KeyEntry k : d.keys()) {
            checkText("key id", k.keyId());
            if (k.wrappedKey().length > 65535) {
                throw new SpecException("wrapped key of " + k.wrappedKey().length + " bytes");
            }
        }
        if (d.parameters().size() > 255) {
            throw new SpecException("parameter count " + d.parameters().size());
        }
        d.parameters().forEach((name, value) -> {
            if (!PARAMETER_NAME.matcher(name).matches()) {
                throw new SpecException("parameter name '" + name + "'");
            }
            checkText("parameter value", value);
        });
    }

    private static void checkText(String what, String s) {
        if (utf8(s).length > 2048) {
            throw new SpecException(what + " longer than 2048 bytes");
        }
        if (hasControl(s)) {
            throw new SpecException(what + " has a control character");
        }
    }

    static Header parseHeader(byte[] h) {
        Reader r = new Reader(h);
        int version = r.u8();
        if (version == 0x01) {
            throw new SpecException("wire version 1: pre-release draft, not supported");
        }
        if (version != VERSION) {
            throw new SpecException("unknown wire version " + version + "; the reader may need upgrading");
        }
        int suite = r.u8();
        if (suite != SUITE && suite != SUITE_ECDSA) {
            throw new SpecException("unknown suite " + suite);
        }
        byte[] itemId = r.take(32);
        String providerId = fromUtf8(r.lp8());
        if (!PROVIDER_ID.matcher(providerId).matches()) {
            throw new SpecException("provider id");
        }
        int keyCount = r.u8();
        if (keyCount == 0) {
            throw new SpecException("key count 0");
        }
        List<KeyEntry> keys = new ArrayList<>();
        for (int i = 0; i < keyCount; i++) {
            String keyId = fromUtf8(r.lpv());
            checkText("key id", keyId);
            byte[] wrapped = r.lpv();
            if (wrapped.length > 65535) {
                throw new SpecException("wrapped key too long");
            }
            keys.add(new KeyEntry(keyId, wrapped));
        }
        int paramCount = r.u8();
        LinkedHashMap<String, String> params = new LinkedHashMap<>();
        byte[] previous = null;
        for (int i = 0; i < paramCount; i++) {
            byte[] name = r.lp8();
            String n = fromUtf8(name);
            if (!PARAMETER_NAME.matcher(n).matches()) {
                throw new SpecException("parameter name");
            }
            if (previous != null && Arrays.compareUnsigned(previous, name) >= 0) {
                throw new SpecException("parameters out of order or duplicated");
            }
            previous = name;
            String value = fromUtf8(r.lpv());
            checkText("parameter value", value);
            params.put(n, value);
        }
        int e = r.varint();
        int s = r.varint();
        if (4L * e + 4L * s + 32 > r.remaining()) {
            throw new SpecException("legend cannot fit in the header");
        }
        long[] enc = ascendingRun(r, e);
        long[] sign = ascendingRun(r, s);
        for (long fp : sign) {
            if (Arrays.binarySearch(enc, fp) >= 0) {
                throw new SpecException("fingerprint listed in both runs");
            }
        }
        byte[] commitment = r.take(32);
        if (!r.atEnd()) {
            throw new SpecException("trailing header bytes");
        }
        return new Header(version, suite, itemId, new Description(providerId, keys, params), enc, sign, commitment,
                h.clone());
    }

    private static long[] ascendingRun(Reader r, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.u32();
            if (i > 0 && out[i] <= out[i - 1]) {
                throw new SpecException("fingerprints out of order or duplicated");
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- section 3: legend fingerprints

    /** h(n): first 8 bytes of SHA-256(utf8(n)), unsigned big-endian (held in a long, mod 2^64). */
    static long h(String name) {
        return ByteBuffer.wrap(sha256(utf8(name)), 0, 8).getLong();
    }

    /** a: first 8 bytes of the item id, lowest bit set. */
    static long a(byte[] itemId) {
        return ByteBuffer.wrap(itemId, 0, 8).getLong() | 1L;
    }

    /** fp(n): high 32 bits of a * h(n) mod 2^64; Java's long product wraps mod 2^64. */
    static long fp(long a, long h) {
        return (a * h) >>> 32;
    }

    // ---------------------------------------------------------------- section 4: key schedule

    /** The three HKDF-Expand blocks T(1), T(2), T(3). */
    record Keys(byte[] t1, byte[] t2, byte[] t3) {
    }

    static Keys keySchedule(byte[] dataKey, int suite, byte[] itemId) {
        if (dataKey.length != 32) {
            throw new SpecException("data key must be 32 bytes");
        }
        byte[] info = concat(KEYS_LABEL, new byte[] {(byte) suite}, itemId);
        byte[] t1 = hmac(dataKey, info, new byte[] {1});
        byte[] t2 = hmac(dataKey, t1, info, new byte[] {2});
        byte[] t3 = hmac(dataKey, t2, info, new byte[] {3});
        return new Keys(t1, t2, t3);
    }

    // ---------------------------------------------------------------- sections 5 and 6

    static byte[] gcm(int mode, byte[] key, byte[] aad, byte[] input) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, new byte[12]));
            c.updateAAD(aad);
            return c.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new SpecException("GCM " + (mode == Cipher.DECRYPT_MODE ? "authentication failed" : "failed")
                    + ": " + e.getClass().getSimpleName());
        }
    }

    /** AAD = header || per encrypted attribute in legend order: lpv(utf8(name)) || varint(len). */
    static byte[] aad(byte[] header, List<String> names, List<Integer> lengths) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        for (int i = 0; i < names.size(); i++) {
            lpv(out, utf8(names.get(i)));
            varint(out, lengths.get(i));
        }
        return out.toByteArray();
    }

    /** M (section 6). {@code stored} is per legend entry; {@code tag} is null when E = 0. */
    static byte[] signatureInput(String logicalTable, byte[] header, List<String> names, List<byte[]> stored,
            byte[] tag) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        lpv(out, SIGNATURE_LABEL);
        lpv(out, utf8(logicalTable));
        lpv(out, header);
        for (int i = 0; i < names.size(); i++) {
            lpv(out, utf8(names.get(i)));
            lpv(out, stored.get(i));
        }
        if (tag != null) {
            out.writeBytes(tag);
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- section 7: canonical encoding

    static final int S = 0x01;
    static final int N = 0x02;
    static final int B = 0x03;
    static final int FALSE = 0x04;
    static final int TRUE = 0x05;
    static final int NULL = 0x06;
    static final int SS = 0x11;
    static final int NS = 0x12;
    static final int BS = 0x13;
    static final int L = 0x21;
    static final int M = 0x22;
    static final int MAX_LEVEL = 32;

    /** canonical(v) in open form (an attribute's own value). */
    static byte[] canonical(AttributeValue v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encode(out, v, false, 1);
        return out.toByteArray();
    }

    private static void encode(ByteArrayOutputStream out, AttributeValue v, boolean delimited, int level) {
        if (level > MAX_LEVEL) {
            throw new SpecException("nested deeper than " + MAX_LEVEL + " levels");
        }
        switch (v.type()) {
            case S:
                out.write(S);
                body(out, utf8(v.s()), delimited);
                break;
            case N:
                out.write(N);
                body(out, numberBody(v.n()), delimited);
                break;
            case B:
                out.write(B);
                body(out, v.b().asByteArray(), delimited);
                break;
            case BOOL:
                out.write(v.bool() ? TRUE : FALSE);
                break;
            case NUL:
                if (!Boolean.TRUE.equals(v.nul())) {
                    throw new SpecException("NULL: false");
                }
                out.write(NULL);
                break;
            case SS:
                set(out, SS, v.ss().stream().map(SpecReference::utf8).toList());
                break;
            case NS:
                set(out, NS, v.ns().stream().map(SpecReference::numberBody).toList());
                break;
            case BS:
                set(out, BS, v.bs().stream().map(SdkBytes::asByteArray).toList());
                break;
            case L:
                if (level >= MAX_LEVEL) {
                    throw new SpecException("a list at level " + level);
                }
                out.write(L);
                varint(out, v.l().size());
                for (AttributeValue e : v.l()) {
                    encode(out, e, true, level + 1);
                }
                break;
            case M: {
                if (level >= MAX_LEVEL) {
                    throw new SpecException("a map at level " + level);
                }
                TreeMap<byte[], AttributeValue> sorted = new TreeMap<>(BYTE_ORDER);
                v.m().forEach((k, x) -> {
                    if (k.isEmpty()) {
                        throw new SpecException("empty map key");
                    }
                    sorted.put(utf8(k), x);
                });
                out.write(M);
                varint(out, sorted.size());
                sorted.forEach((k, x) -> {
                    lpv(out, k);
                    encode(out, x, true, level + 1);
                });
                break;
            }
            default:
                throw new SpecException("unknown type " + v.type());
        }
    }

    private static void body(ByteArrayOutputStream out, byte[] body, boolean delimited) {
        if (delimited) {
            lpv(out, body);
        } else {
            out.writeBytes(body);
        }
    }

    private static void set(ByteArrayOutputStream out, int tag, List<byte[]> members) {
        if (members.isEmpty()) {
            throw new SpecException("empty set");
        }
        List<byte[]> sorted = new ArrayList<>(members);
        sorted.sort(BYTE_ORDER);
        for (int i = 1; i < sorted.size(); i++) {
            if (Arrays.equals(sorted.get(i - 1), sorted.get(i))) {
                throw new SpecException("duplicate set member");
            }
        }
        out.write(tag);
        varint(out, sorted.size());
        sorted.forEach(m -> lpv(out, m));
    }

    /** Decodes a canonical value in open form spanning all of {@code b}, strictly. */
    static AttributeValue decode(byte[] b) {
        Reader r = new Reader(b);
        AttributeValue v = decode(r, false, 1);
        if (!r.atEnd()) {
            throw new SpecException("trailing bytes after a value");
        }
        return v;
    }

    private static AttributeValue decode(Reader r, boolean delimited, int level) {
        int tag = r.u8();
        switch (tag) {
            case S:
                return AttributeValue.fromS(fromUtf8(body(r, delimited)));
            case N:
                return AttributeValue.fromN(numberString(body(r, delimited)));
            case B:
                return AttributeValue.fromB(SdkBytes.fromByteArray(body(r, delimited)));
            case FALSE:
                return AttributeValue.fromBool(false);
            case TRUE:
                return AttributeValue.fromBool(true);
            case NULL:
                return AttributeValue.fromNul(true);
            case SS:
                return AttributeValue.fromSs(members(r).stream().map(SpecReference::fromUtf8).toList());
            case NS:
                return AttributeValue.fromNs(members(r).stream().map(SpecReference::numberString).toList());
            case BS:
                return AttributeValue.fromBs(members(r).stream().map(SdkBytes::fromByteArray).toList());
            case L: {
                if (level >= MAX_LEVEL) {
                    throw new SpecException("a list at level " + level);
                }
                int n = r.varint();
                if (n > r.remaining()) {
                    throw new SpecException("list count exceeds the bytes left");
                }
                List<AttributeValue> l = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    l.add(decode(r, true, level + 1));
                }
                return AttributeValue.fromL(l);
            }
            case M: {
                if (level >= MAX_LEVEL) {
                    throw new SpecException("a map at level " + level);
                }
                int n = r.varint();
                if (n > r.remaining()) {
                    throw new SpecException("map count exceeds the bytes left");
                }
                Map<String, AttributeValue> m = new LinkedHashMap<>();
                byte[] previous = null;
                for (int i = 0; i < n; i++) {
                    byte[] key = r.lpv();
                    if (key.length == 0) {
                        throw new SpecException("empty map key");
                    }
                    if (previous != null && Arrays.compareUnsigned(previous, key) >= 0) {
                        throw new SpecException("map keys out of order or duplicated");
                    }
                    previous = key;
                    m.put(fromUtf8(key), decode(r, true, level + 1));
                }
                return AttributeValue.fromM(m);
            }
            default:
                throw new SpecException("unknown type tag " + tag);
        }
    }

    private static byte[] body(Reader r, boolean delimited) {
        return delimited ? r.lpv() : r.take(r.remaining());
    }

    private static List<byte[]> members(Reader r) {
        int n = r.varint();
        if (n == 0) {
            throw new SpecException("empty set");
        }
        if (n > r.remaining()) {
            throw new SpecException("set count exceeds the bytes left");
        }
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] m = r.lpv();
            if (i > 0 && Arrays.compareUnsigned(out.get(i - 1), m) >= 0) {
                throw new SpecException("set members out of order or duplicated");
            }
            out.add(m);
        }
        return out;
    }

    // ---------------------------------------------------------------- section 7: numbers

    /** A normalized number u * 10^(-s). */
    record Decimal(BigInteger u, int s) {
        BigDecimal value() {
            return new BigDecimal(u, s);
        }
    }

    /** Parses the DynamoDB number grammar and normalizes (value exact, trailing zeros dropped). */
    static Decimal parseNumber(String text) {
        int i = 0;
        int n = text.length();
        boolean negative = false;
        if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        StringBuilder digits = new StringBuilder();
        int fraction = 0;
        boolean point = false;
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
                if (point) {
                    fraction++;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (digits.length() == 0) {
            throw new SpecException("number '" + text + "' has no digit");
        }
        BigInteger exponent = BigInteger.ZERO;
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            boolean expNegative = false;
            if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                expNegative = text.charAt(i) == '-';
                i++;
            }
            int start = i;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                i++;
            }
            if (i == start) {
                throw new SpecException("number '" + text + "' has an exponent without digits");
            }
            exponent = new BigInteger(text.substring(start, i));
            if (expNegative) {
                exponent = exponent.negate();
            }
        }
        if (i != n) {
            throw new SpecException("number '" + text + "' is not in DynamoDB's grammar");
        }
        BigInteger u = new BigInteger(digits.toString());
        if (u.signum() == 0) {
            return new Decimal(BigInteger.ZERO, 0);
        }
        if (negative) {
            u = u.negate();
        }
        BigInteger scale = BigInteger.valueOf(fraction).subtract(exponent);
        while (u.mod(BigInteger.TEN).signum() == 0) {
            u = u.divide(BigInteger.TEN);
            scale = scale.subtract(BigInteger.ONE);
        }
        int significant = u.abs().toString().length();
        BigInteger first = BigInteger.valueOf(significant - 1L).subtract(scale);
        if (significant > 38) {
            throw new SpecException("number '" + text + "' has more than 38 significant digits");
        }
        if (first.compareTo(BigInteger.valueOf(-130)) < 0 || first.compareTo(BigInteger.valueOf(125)) > 0) {
            throw new SpecException("number '" + text + "' out of range");
        }
        return new Decimal(u, scale.intValueExact());
    }

    static byte[] numberBody(String text) {
        Decimal d = parseNumber(text);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int s = d.s();
        varint(out, s >= 0 ? 2L * s : -2L * s - 1);
        out.writeBytes(d.u().toByteArray()); // BigInteger: minimal big-endian two's complement
        return out.toByteArray();
    }

    /** Reads a number body strictly and returns {@code new BigDecimal(u, s).toPlainString()}. */
    static String numberString(byte[] body) {
        Reader r = new Reader(body);
        int z = r.varint();
        int s = (z & 1) == 0 ? z >>> 1 : -((z >>> 1) + 1);
        byte[] ub = r.take(r.remaining());
        if (ub.length == 0) {
            throw new SpecException("number body without u");
        }
        if (ub.length > 16) {
            throw new SpecException("u longer than 16 bytes");
        }
        if (ub.length > 1 && ((ub[0] == 0 && ub[1] >= 0) || (ub[0] == -1 && ub[1] < 0))) {
            throw new SpecException("u not minimal");
        }
        BigInteger u = new BigInteger(ub);
        if (u.signum() == 0) {
            if (s != 0) {
                throw new SpecException("zero with s != 0");
            }
        } else {
            if (u.mod(BigInteger.TEN).signum() == 0) {
                throw new SpecException("u has a trailing zero");
            }
            int significant = u.abs().toString().length();
            long first = significant - 1L - s;
            if (significant > 38 || first < -130 || first > 125) {
                throw new SpecException("number out of range");
            }
        }
        return new BigDecimal(u, s).toPlainString();
    }

    // ---------------------------------------------------------------- section 9: item size

    static long size(AttributeValue v) {
        switch (v.type()) {
            case S:
                return utf8(v.s()).length;
            case B:
                return v.b().asByteArrayUnsafe().length;
            case N:
                return numberSize(v.n());
            case BOOL:
            case NUL:
                return 1;
            case SS:
                return v.ss().stream().mapToLong(x -> utf8(x).length).sum();
            case NS:
                return v.ns().stream().mapToLong(SpecReference::numberSize).sum();
            case BS:
                return v.bs().stream().mapToLong(x -> x.asByteArrayUnsafe().length).sum();
            case L:
                return 3 + v.l().stream().mapToLong(x -> 1 + size(x)).sum();
            case M:
                return 3 + v.m().entrySet().stream().mapToLong(e -> 1 + utf8(e.getKey()).length + size(e.getValue()))
                        .sum();
            default:
                throw new SpecException("unknown type " + v.type());
        }
    }

    /** One byte, plus one per pair of significant digits aligned on the decimal point, plus one if negative. */
    static long numberSize(String n) {
        Decimal d = parseNumber(n);
        if (d.u().signum() == 0) {
            return 1;
        }
        int digits = d.u().abs().toString().length();
        int high = digits - 1 - d.s(); // decimal exponent of the first significant digit
        int low = -d.s(); // and of the last
        int pairs = Math.floorDiv(high, 2) - Math.floorDiv(low, 2) + 1;
        return 1 + pairs + (d.u().signum() < 0 ? 1 : 0);
    }

    static long itemSize(Map<String, AttributeValue> item) {
        return item.entrySet().stream().mapToLong(e -> utf8(e.getKey()).length + size(e.getValue())).sum();
    }

    // ---------------------------------------------------------------- table configuration (sections 8, 10)

    /** The table configuration, as far as the format needs it. Actions are the enum names. */
    record Table(String table, String logical, String partitionKey, String sortKey, Map<String, String> actions,
            String defaultAction, Set<String> allowedUnsigned, String allowedUnsignedPrefix) {
        String logicalName() {
            return logical != null ? logical : table;
        }

        boolean isKey(String name) {
            return name.equals(partitionKey) || name.equals(sortKey);
        }

        /**
         * The action a writer applies. Keys are always SIGN_ONLY (section 10); then the explicit
         * action; then the default action. FORMAT.md does not say what a writer does with an
         * attribute that is allowed unsigned and has no explicit action; the reading taken (the
         * one the frozen vectors pin) is that it is written unsigned, like DO_NOTHING.
         */
        String actionFor(String name) {
            if (isKey(name)) {
                return "SIGN_ONLY";
            }
            String explicit = actions.get(name);
            if (explicit != null) {
                return explicit;
            }
            if (allowedByName(name)) {
                return "DO_NOTHING";
            }
            return defaultAction;
        }

        private boolean allowedByName(String name) {
            return allowedUnsigned.contains(name)
                    || (allowedUnsignedPrefix != null && name.startsWith(allowedUnsignedPrefix));
        }

        /**
         * Whether a reader accepts {@code name} without a signature (section 8, step 4): "declared
         * DO_NOTHING, listed as allowed unsigned, or under an allowed unsigned prefix; key
         * attributes and the reserved names never are". Reading taken for "declared DO_NOTHING":
         * the action this configuration gives the attribute is DO_NOTHING, explicitly or by the
         * default action (a table whose default is DO_NOTHING must read back what it wrote).
         */
        boolean acceptsUnsigned(String name) {
            if (isKey(name) || name.equals(HEAD) || name.equals(SIG)) {
                return false;
            }
            return "DO_NOTHING".equals(actionFor(name)) || allowedByName(name);
        }
    }

    /** What a materials provider hands over: the description to store, the data key, maybe a signing key. */
    record Materials(Description description, byte[] dataKey, byte[] signingKey) {
    }

    /** Section 8 step 5: the reader asks the provider for the keys of a description. */
    @FunctionalInterface
    interface KeyResolver {
        Materials resolve(Description description);

        /**
         * Section 6a: the 33-byte compressed P-256 public key that must have signed a suite 0x02 item
         * with this description (from the reader's configuration, or the description's {@code pk}
         * parameter once the provider has authenticated it); null if the reader has none.
         */
        default byte[] publicKey(Description description) {
            return null;
        }
    }

    // ---------------------------------------------------------------- section 6a: ECDSA P-256

    /** Section 6a: SEC 1 compressed point (02 or 03, then x) to a public key, checking it lies on P-256. */
    static PublicKey decompressP256(byte[] c) {
        try {
            java.security.AlgorithmParameters ap = java.security.AlgorithmParameters.getInstance("EC");
            ap.init(new java.security.spec.ECGenParameterSpec("secp256r1"));
            java.security.spec.ECParameterSpec spec = ap.getParameterSpec(java.security.spec.ECParameterSpec.class);
            BigInteger p = ((java.security.spec.ECFieldFp) spec.getCurve().getField()).getP();
            if (c.length != 33 || (c[0] != 2 && c[0] != 3)) {
                throw new SpecException("compressed point is 33 bytes starting 02 or 03");
            }
            BigInteger x = new BigInteger(1, Arrays.copyOfRange(c, 1, 33));
            if (x.compareTo(p) >= 0) {
                throw new SpecException("x is not a field element");
            }
            BigInteger rhs = x.modPow(BigInteger.valueOf(3), p).add(spec.getCurve().getA().multiply(x))
                    .add(spec.getCurve().getB()).mod(p);
            BigInteger y = rhs.modPow(p.add(BigInteger.ONE).divide(BigInteger.valueOf(4)), p);
            if (!y.modPow(BigInteger.TWO, p).equals(rhs)) {
                throw new SpecException("not a point on P-256");
            }
            if (y.testBit(0) != (c[0] == 3)) {
                y = p.subtract(y);
            }
            return java.security.KeyFactory.getInstance("EC").generatePublic(new java.security.spec.ECPublicKeySpec(
                    new java.security.spec.ECPoint(x, y), spec));
        } catch (GeneralSecurityException e) {
            throw new SpecException("P-256 key: " + e.getClass().getSimpleName());
        }
    }

    /** ECDSA P-256 with SHA-256 over M; the signature is r || s, 32 bytes each (converted to DER for the JCE). */
    static boolean ecdsaVerify(PublicKey key, byte[] m, byte[] rs) {
        if (rs.length != 64) {
            throw new SpecException("ECDSA signature must be 64 bytes");
        }
        try {
            java.security.Signature v = java.security.Signature.getInstance("SHA256withECDSA");
            v.initVerify(key);
            v.update(m);
            return v.verify(der(new BigInteger(1, Arrays.copyOf(rs, 32)), new BigInteger(1, Arrays.copyOfRange(rs, 32, 64))));
        } catch (java.security.SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new SpecException("ECDSA: " + e.getClass().getSimpleName());
        }
    }

    static byte[] ecdsaSign(PrivateKey key, byte[] m) {
        try {
            java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA");
            s.initSign(key);
            s.update(m);
            byte[] der = s.sign();
            // SEQUENCE { INTEGER r, INTEGER s }, short-form lengths for P-256.
            int rLen = der[3];
            BigInteger r = new BigInteger(1, Arrays.copyOfRange(der, 4, 4 + rLen));
            int sAt = 4 + rLen;
            BigInteger sv = new BigInteger(1, Arrays.copyOfRange(der, sAt + 2, sAt + 2 + der[sAt + 1]));
            return concat(fixed32(r), fixed32(sv));
        } catch (GeneralSecurityException e) {
            throw new SpecException("ECDSA: " + e.getClass().getSimpleName());
        }
    }

    private static byte[] der(BigInteger r, BigInteger s) {
        byte[] rb = r.toByteArray();
        byte[] sb = s.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        out.write(4 + rb.length + sb.length);
        out.write(0x02);
        out.write(rb.length);
        out.writeBytes(rb);
        out.write(0x02);
        out.write(sb.length);
        out.writeBytes(sb);
        return out.toByteArray();
    }

    private static byte[] fixed32(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int len = Math.min(b.length, 32);
        System.arraycopy(b, b.length - len, out, 32 - len, len);
        return out;
    }

    // ---------------------------------------------------------------- section 3 providers

    static byte[] kwpWrap(byte[] kek, byte[] dataKey) {
        return kwp(Cipher.ENCRYPT_MODE, kek, dataKey);
    }

    static byte[] kwpUnwrap(byte[] kek, byte[] wrapped) {
        return kwp(Cipher.DECRYPT_MODE, kek, wrapped);
    }

    private static byte[] kwp(int mode, byte[] kek, byte[] in) {
        try {
            Cipher c = Cipher.getInstance("AES/KWP/NoPadding");
            c.init(mode, new SecretKeySpec(kek, "AES"));
            return c.doFinal(in);
        } catch (GeneralSecurityException e) {
            throw new SpecException("AES-KWP failed: " + e.getClass().getSimpleName());
        }
    }

    private static final OAEPParameterSpec OAEP = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
            PSource.PSpecified.DEFAULT);

    static byte[] oaepWrap(PublicKey key, byte[] dataKey) {
        return oaep(Cipher.ENCRYPT_MODE, key, dataKey);
    }

    static byte[] oaepUnwrap(PrivateKey key, byte[] wrapped) {
        return oaep(Cipher.DECRYPT_MODE, key, wrapped);
    }

    private static byte[] oaep(int mode, java.security.Key key, byte[] in) {
        try {
            Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
            c.init(mode, key, OAEP);
            return c.doFinal(in);
        } catch (GeneralSecurityException e) {
            throw new SpecException("RSA-OAEP failed: " + e.getClass().getSimpleName());
        }
    }

    // ---------------------------------------------------------------- writing and reading an item

    /** Every value computed on the way, for comparison with a vector. */
    static final class Trace {
        byte[] itemId;
        byte[] dataKey;
        byte[] encryptionKey;
        byte[] commitment;
        byte[] signingKey;
        boolean signingKeyDerived;
        long a;
        /** Name to {h, fp}, for every attribute of the item except the reserved names. */
        final Map<String, long[]> fingerprints = new TreeMap<>();
        final List<String> legend = new ArrayList<>();
        int encryptedCount;
        byte[] header;
        byte[] plaintext;
        byte[] aad;
        byte[] ciphertext;
        byte[] tag;
        byte[] signatureInput;
        byte[] signature;
        /** Suite 0x02 only: the ECDSA signature (r || s). */
        byte[] ecdsaSignature;
        long storedSize;
        Map<String, AttributeValue> stored;
        Map<String, AttributeValue> decrypted;
    }

    /**
     * Writes {@code item} (sections 3 to 7) with the given item id. A fingerprint collision would
     * make a writer draw a new id; with a fixed id this refuses instead.
     */
    static Trace encrypt(Table t, Materials materials, byte[] itemId, Map<String, AttributeValue> item) {
        return encrypt(t, materials, itemId, item, SUITE, null);
    }

    /** As above, for {@code suite}; suite 0x02 signs with {@code ecdsaKey} (section 6a). */
    static Trace encrypt(Table t, Materials materials, byte[] itemId, Map<String, AttributeValue> item, int suite,
            PrivateKey ecdsaKey) {
        if ((suite == SUITE_ECDSA) != (ecdsaKey != null)) {
            throw new SpecException("suite 0x02 needs an ECDSA private key, suite 0x01 none");
        }
        Trace tr = new Trace();
        tr.itemId = itemId.clone();
        if (item.containsKey(HEAD) || item.containsKey(SIG)) {
            throw new SpecException("item already has a reserved attribute");
        }
        if (!item.containsKey(t.partitionKey()) || (t.sortKey() != null && !item.containsKey(t.sortKey()))) {
            throw new SpecException("item lacks a key attribute");
        }
        for (String key : new String[] {t.partitionKey(), t.sortKey()}) {
            AttributeValue v = key == null ? null : item.get(key);
            if (v != null && !(v.n() != null || (v.s() != null && !v.s().isEmpty())
                    || (v.b() != null && v.b().asByteArrayUnsafe().length > 0))) {
                throw new SpecException("key attribute '" + key + "' is not a non-empty S, N or B (section 10)");
            }
        }
        tr.a = a(itemId);
        Map<Long, String> byFp = new TreeMap<>();
        for (String name : item.keySet()) {
            long h = h(name);
            long fp = fp(tr.a, h);
            tr.fingerprints.put(name, new long[] {h, fp});
            String other = byFp.put(fp, name);
            if (other != null) {
                throw new SpecException("fingerprints of '" + other + "' and '" + name + "' collide: draw a new id");
            }
        }
        // Legend order: the encrypted run, then the sign-only run, each by ascending fingerprint
        // (byFp is a TreeMap, so it iterates in that order).
        List<Long> enc = new ArrayList<>();
        List<Long> sign = new ArrayList<>();
        byFp.forEach((fp, name) -> {
            switch (t.actionFor(name)) {
                case "ENCRYPT_AND_SIGN" -> enc.add(fp);
                case "SIGN_ONLY" -> sign.add(fp);
                case "DO_NOTHING" -> { }
                default -> throw new SpecException("action " + t.actionFor(name));
            }
        });
        long[] encFp = enc.stream().mapToLong(Long::longValue).toArray();
        long[] signFp = sign.stream().mapToLong(Long::longValue).toArray();
        for (long fp : encFp) {
            tr.legend.add(byFp.get(fp));
        }
        for (long fp : signFp) {
            tr.legend.add(byFp.get(fp));
        }
        tr.encryptedCount = encFp.length;

        Keys keys = keySchedule(materials.dataKey(), suite, itemId);
        tr.dataKey = materials.dataKey().clone();
        tr.encryptionKey = keys.t1();
        tr.commitment = keys.t2();
        tr.signingKeyDerived = materials.signingKey() == null;
        tr.signingKey = tr.signingKeyDerived ? keys.t3() : materials.signingKey().clone();
        tr.header = writeHeader(suite, itemId, materials.description(), encFp, signFp, tr.commitment);

        List<String> encNames = tr.legend.subList(0, tr.encryptedCount);
        List<byte[]> canon = new ArrayList<>();
        for (String name : encNames) {
            canon.add(canonical(item.get(name)));
        }
        List<Integer> lengths = canon.stream().map(c -> c.length).toList();
        tr.plaintext = concat(canon.toArray(new byte[0][]));
        tr.aad = aad(tr.header, encNames, lengths);
        List<byte[]> storedFields = new ArrayList<>();
        Map<String, AttributeValue> stored = new TreeMap<>(item);
        if (tr.encryptedCount > 0) {
            byte[] out = gcm(Cipher.ENCRYPT_MODE, tr.encryptionKey, tr.aad, tr.plaintext);
            tr.ciphertext = Arrays.copyOf(out, out.length - 16);
            tr.tag = Arrays.copyOfRange(out, out.length - 16, out.length);
            int offset = 0;
            for (int i = 0; i < encNames.size(); i++) {
                byte[] slice = Arrays.copyOfRange(tr.ciphertext, offset, offset + lengths.get(i));
                offset += lengths.get(i);
                storedFields.add(slice);
                stored.put(encNames.get(i), AttributeValue.fromB(SdkBytes.fromByteArray(slice)));
            }
        } else {
            tr.ciphertext = new byte[0];
        }
        for (String name : tr.legend.subList(tr.encryptedCount, tr.legend.size())) {
            storedFields.add(canonical(item.get(name)));
        }
        tr.signatureInput = signatureInput(t.logicalName(), tr.header, tr.legend, storedFields, tr.tag);
        tr.signature = hmac(tr.signingKey, tr.signatureInput);
        byte[] sig = tr.tag != null ? concat(tr.tag, tr.signature) : tr.signature;
        if (suite == SUITE_ECDSA) {
            tr.ecdsaSignature = ecdsaSign(ecdsaKey, tr.signatureInput);
            sig = concat(sig, tr.ecdsaSignature);
        }
        stored.put(HEAD, AttributeValue.fromB(SdkBytes.fromByteArray(tr.header)));
        stored.put(SIG, AttributeValue.fromB(SdkBytes.fromByteArray(sig)));
        tr.storedSize = itemSize(stored);
        if (tr.storedSize > MAX_ITEM_SIZE) {
            throw new SpecException("stored item of " + tr.storedSize + " bytes exceeds 400 KB");
        }
        tr.stored = Collections.unmodifiableMap(stored);
        return tr;
    }

    /** Reads a stored item (section 8). Every failure is a {@link SpecException}; nothing is returned then. */
    static Trace decrypt(Table t, KeyResolver resolver, Map<String, AttributeValue> stored) {
        Trace tr = new Trace();
        // 1. the header
        AttributeValue head = stored.get(HEAD);
        if (head == null || head.b() == null) {
            throw new SpecException("coffer_head missing or not binary");
        }
        Header h = parseHeader(head.b().asByteArray());
        tr.header = h.bytes();
        tr.itemId = h.itemId();
        tr.commitment = h.commitment();
        tr.encryptedCount = h.e();
        // 2. the signature attribute
        AttributeValue sigValue = stored.get(SIG);
        if (sigValue == null || sigValue.b() == null) {
            throw new SpecException("coffer_sig missing or not binary");
        }
        byte[] sig = sigValue.b().asByteArray();
        int ecdsaLength = h.suite() == SUITE_ECDSA ? 64 : 0;
        if (sig.length != (h.e() > 0 ? 48 : 32) + ecdsaLength) {
            throw new SpecException("coffer_sig of " + sig.length + " bytes");
        }
        tr.tag = h.e() > 0 ? Arrays.copyOf(sig, 16) : null;
        int macAt = h.e() > 0 ? 16 : 0;
        byte[] signature = Arrays.copyOfRange(sig, macAt, macAt + 32);
        byte[] ecdsa = ecdsaLength > 0 ? Arrays.copyOfRange(sig, macAt + 32, sig.length) : null;
        // 3. match the legend
        tr.a = a(h.itemId());
        Map<Long, List<String>> byFp = new TreeMap<>();
        for (String name : stored.keySet()) {
            if (name.equals(HEAD) || name.equals(SIG)) {
                continue;
            }
            long hn = h(name);
            long fp = fp(tr.a, hn);
            tr.fingerprints.put(name, new long[] {hn, fp});
            byFp.computeIfAbsent(fp, k -> new ArrayList<>()).add(name);
        }
        long[] legend = h.legend();
        List<List<String>> candidates = new ArrayList<>();
        long readings = 1;
        for (long fp : legend) {
            List<String> c = byFp.get(fp);
            if (c == null) {
                throw new SpecException("legend entry " + String.format("%08x", fp) + " matches no attribute");
            }
            candidates.add(c);
            readings *= c.size();
            if (readings > MAX_READINGS) {
                throw new SpecException("more than " + MAX_READINGS + " readings of the legend");
            }
        }
        // 4. structural checks per reading
        List<List<String>> valid = new ArrayList<>();
        for (List<String> reading : readings(candidates)) {
            if (structurallyValid(t, h, reading, stored)) {
                valid.add(reading);
            }
        }
        if (valid.isEmpty()) {
            throw new SpecException("no reading of the legend passes the structural checks");
        }
        // 5. materials
        Materials m = resolver.resolve(h.description());
        // 6. keys and commitment
        Keys keys = keySchedule(m.dataKey(), h.suite(), h.itemId());
        tr.dataKey = m.dataKey().clone();
        tr.encryptionKey = keys.t1();
        if (!MessageDigest.isEqual(keys.t2(), h.commitment())) {
            throw new SpecException("key commitment does not match");
        }
        tr.signingKeyDerived = m.signingKey() == null;
        tr.signingKey = tr.signingKeyDerived ? keys.t3() : m.signingKey().clone();
        // 7. the signature, per reading
        List<String> chosen = null;
        for (List<String> reading : valid) {
            List<byte[]> fields = new ArrayList<>();
            for (int i = 0; i < reading.size(); i++) {
                AttributeValue v = stored.get(reading.get(i));
                fields.add(i < h.e() ? v.b().asByteArray() : canonical(v));
            }
            byte[] input = signatureInput(t.logicalName(), h.bytes(), reading, fields, tr.tag);
            byte[] mac = hmac(tr.signingKey, input);
            if (MessageDigest.isEqual(mac, signature)) {
                if (chosen != null) {
                    throw new SpecException("two readings verify");
                }
                chosen = reading;
                tr.signatureInput = input;
                tr.signature = mac;
            }
        }
        if (chosen == null) {
            throw new SpecException("signature does not verify");
        }
        // 7a. suite 0x02: the ECDSA signature over the same M, under the public key the reader trusts.
        if (ecdsa != null) {
            byte[] publicKey = resolver.publicKey(h.description());
            if (publicKey == null) {
                throw new SpecException("suite 0x02 item and no public key to verify it");
            }
            if (!ecdsaVerify(decompressP256(publicKey), tr.signatureInput, ecdsa)) {
                throw new SpecException("ECDSA signature does not verify");
            }
            tr.ecdsaSignature = ecdsa;
        }
        tr.legend.addAll(chosen);
        // 8. decrypt
        Map<String, AttributeValue> out = new TreeMap<>(stored);
        out.remove(HEAD);
        out.remove(SIG);
        if (h.e() > 0) {
            List<String> encNames = chosen.subList(0, h.e());
            List<byte[]> slices = encNames.stream().map(n -> stored.get(n).b().asByteArray()).toList();
            List<Integer> lengths = slices.stream().map(s -> s.length).toList();
            tr.ciphertext = concat(slices.toArray(new byte[0][]));
            tr.aad = aad(h.bytes(), encNames, lengths);
            tr.plaintext = gcm(Cipher.DECRYPT_MODE, tr.encryptionKey, tr.aad, concat(tr.ciphertext, tr.tag));
            int offset = 0;
            for (int i = 0; i < encNames.size(); i++) {
                byte[] c = Arrays.copyOfRange(tr.plaintext, offset, offset + lengths.get(i));
                offset += lengths.get(i);
                out.put(encNames.get(i), decode(c));
            }
        } else {
            tr.plaintext = new byte[0];
            tr.ciphertext = new byte[0];
            tr.aad = null;
        }
        tr.stored = stored;
        tr.decrypted = Collections.unmodifiableMap(out);
        return tr;
    }

    private static boolean structurallyValid(Table t, Header h, List<String> reading, Map<String, AttributeValue> item) {
        if (reading.stream().distinct().count() != reading.size()) {
            return false;
        }
        for (int i = 0; i < h.e(); i++) {
            AttributeValue v = item.get(reading.get(i));
            if (v.b() == null || v.b().asByteArrayUnsafe().length == 0) {
                return false;
            }
        }
        List<String> signOnly = reading.subList(h.e(), reading.size());
        if (!signOnly.contains(t.partitionKey()) || (t.sortKey() != null && !signOnly.contains(t.sortKey()))) {
            return false;
        }
        for (String name : item.keySet()) {
            if (name.equals(HEAD) || name.equals(SIG) || reading.contains(name)) {
                continue;
            }
            if (!t.acceptsUnsigned(name)) {
                return false;
            }
        }
        return true;
    }

    private static List<List<String>> readings(List<List<String>> candidates) {
        List<List<String>> out = new ArrayList<>();
        out.add(new ArrayList<>());
        for (List<String> c : candidates) {
            List<List<String>> next = new ArrayList<>();
            for (List<String> prefix : out) {
                for (String name : c) {
                    List<String> r = new ArrayList<>(prefix);
                    r.add(name);
                    next.add(r);
                }
            }
            out = next;
        }
        return out;
    }
}
