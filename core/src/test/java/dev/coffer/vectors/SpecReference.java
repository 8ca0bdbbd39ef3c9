package dev.coffer.vectors;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An independent implementation of docs/FORMAT.md written from the document, with plain JCE calls
 * and none of Coffer's internal classes. The vector tests check that the library and this reading
 * of the spec agree byte for byte, so the document stays precise enough to reimplement.
 */
final class SpecReference {
    static final int SUITE = 0x0001;

    private SpecReference() {
    }

    /** The parsed header fields that verification needs. */
    static final class ParsedHeader {
        int version;
        int suite;
        byte[] itemId;
        String providerId;
        String keyId;
        byte[] wrappedKey;
        List<String[]> parameters = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Integer> actions = new ArrayList<>();
        byte[] commitment;
    }

    static ParsedHeader parseHeader(byte[] h) {
        ByteBuffer b = ByteBuffer.wrap(h);
        ParsedHeader p = new ParsedHeader();
        p.version = b.get() & 0xFF;
        p.suite = b.getShort() & 0xFFFF;
        p.itemId = take(b, 32);
        p.providerId = utf8(take(b, b.getShort() & 0xFFFF));
        p.keyId = utf8(take(b, b.getShort() & 0xFFFF));
        p.wrappedKey = take(b, b.getShort() & 0xFFFF);
        int params = b.get() & 0xFF;
        for (int i = 0; i < params; i++) {
            String name = utf8(take(b, b.getShort() & 0xFFFF));
            String value = utf8(take(b, b.getShort() & 0xFFFF));
            p.parameters.add(new String[] {name, value});
        }
        int count = b.getInt();
        for (int i = 0; i < count; i++) {
            p.actions.add(b.get() & 0xFF);
            p.names.add(utf8(take(b, b.getShort() & 0xFFFF)));
        }
        p.commitment = take(b, 32);
        if (b.hasRemaining()) {
            throw new IllegalStateException("trailing header bytes");
        }
        return p;
    }

    static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) {
                m.update(part);
            }
            return m.doFinal();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** HKDF-SHA-256 with salt = item id, IKM = data key, info = label || suite, L = 32. */
    static byte[] derive(byte[] dataKey, byte[] itemId, String label) {
        byte[] prk = hmac(itemId, dataKey);
        byte[] info = concat(label.getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) (SUITE >> 8), (byte) SUITE});
        return hmac(prk, info, new byte[] {1});
    }

    static byte[] nonce(int ordinal) {
        return ByteBuffer.allocate(12).putLong(0).putInt(ordinal).array();
    }

    static byte[] aad(String name, byte[] header) {
        return concat(lp(utf8(name)), header);
    }

    static byte[] gcm(int mode, byte[] key, int ordinal, String name, byte[] header, byte[] input) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce(ordinal)));
            c.updateAAD(aad(name, header));
            return c.doFinal(input);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The signature input of FORMAT.md over a stored item. */
    static byte[] signatureInput(String logicalTable, byte[] header, Map<String, AttributeValue> stored) {
        ParsedHeader h = parseHeader(header);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(lp("coffer/v1/signature".getBytes(StandardCharsets.US_ASCII)));
        out.writeBytes(lp(utf8(logicalTable)));
        out.writeBytes(lp(header));
        for (int i = 0; i < h.names.size(); i++) {
            String name = h.names.get(i);
            out.writeBytes(lp(utf8(name)));
            out.write(h.actions.get(i));
            AttributeValue v = stored.get(name);
            out.writeBytes(lp(h.actions.get(i) == 1 ? v.b().asByteArray() : canonical(v)));
        }
        return out.toByteArray();
    }

    /** The canonical value encoding of FORMAT.md, written independently of ValueCodec. */
    static byte[] canonical(AttributeValue v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (v.type()) {
            case S: out.write(0x01); out.writeBytes(utf8(v.s())); break;
            case N: out.write(0x02); out.writeBytes(number(v.n()).getBytes(StandardCharsets.US_ASCII)); break;
            case B: out.write(0x03); out.writeBytes(v.b().asByteArray()); break;
            case BOOL: out.write(0x04); out.write(v.bool() ? 1 : 0); break;
            case NUL: out.write(0x05); break;
            case SS: set(out, 0x11, v.ss().stream().map(SpecReference::utf8).toArray(byte[][]::new)); break;
            case NS: set(out, 0x12, v.ns().stream().map(n -> number(n).getBytes(StandardCharsets.US_ASCII))
                    .toArray(byte[][]::new)); break;
            case BS: set(out, 0x13, v.bs().stream().map(SdkBytes::asByteArray).toArray(byte[][]::new)); break;
            case L:
                out.write(0x21);
                out.writeBytes(u32(v.l().size()));
                v.l().forEach(e -> out.writeBytes(lp(canonical(e))));
                break;
            case M: {
                out.write(0x22);
                out.writeBytes(u32(v.m().size()));
                List<byte[]> keys = new ArrayList<>();
                v.m().keySet().forEach(k -> keys.add(utf8(k)));
                keys.sort(Arrays::compareUnsigned);
                for (byte[] k : keys) {
                    out.writeBytes(lp(k));
                    out.writeBytes(lp(canonical(v.m().get(utf8(k)))));
                }
                break;
            }
            default: throw new IllegalArgumentException(String.valueOf(v.type()));
        }
        return out.toByteArray();
    }

    private static void set(ByteArrayOutputStream out, int tag, byte[][] members) {
        Arrays.sort(members, Arrays::compareUnsigned);
        out.write(tag);
        out.writeBytes(u32(members.length));
        for (byte[] m : members) {
            out.writeBytes(lp(m));
        }
    }

    static String number(String n) {
        BigDecimal d = new BigDecimal(n);
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    static byte[] lp(byte[] b) {
        return concat(u32(b.length), b);
    }

    static byte[] u32(int n) {
        return ByteBuffer.allocate(4).putInt(n).array();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] take(ByteBuffer b, int n) {
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }
}
