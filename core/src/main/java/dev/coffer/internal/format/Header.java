package dev.coffer.internal.format;

import dev.coffer.CryptoAction;
import dev.coffer.materials.MaterialsDescription;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The v1 header (docs/FORMAT.md, "Header"): version, suite, item id, materials description,
 * legend of signed attributes, key commitment. Immutable once parsed; not API.
 */
public final class Header {

    /** One signed attribute in the legend. */
    public static final class Entry {
        final String name;
        final byte[] nameUtf8;
        final CryptoAction action;

        Entry(String name, byte[] nameUtf8, CryptoAction action) {
            this.name = name;
            this.nameUtf8 = nameUtf8;
            this.action = action;
        }

        public String name() {
            return name;
        }

        public CryptoAction action() {
            return action;
        }
    }

    private final int version;
    private final int suite;
    private final byte[] itemId;
    private final MaterialsDescription description;
    private final List<Entry> legend;
    private final byte[] commitment;
    private final byte[] encoded;

    private Header(int version, int suite, byte[] itemId, MaterialsDescription description, List<Entry> legend,
            byte[] commitment, byte[] encoded) {
        this.version = version;
        this.suite = suite;
        this.itemId = itemId;
        this.description = description;
        this.legend = legend;
        this.commitment = commitment;
        this.encoded = encoded;
    }

    public int version() {
        return version;
    }

    public int suite() {
        return suite;
    }

    public byte[] itemId() {
        return itemId.clone();
    }

    public MaterialsDescription description() {
        return description;
    }

    public List<Entry> legend() {
        return Collections.unmodifiableList(legend);
    }

    byte[] commitmentUnsafe() {
        return commitment;
    }

    byte[] itemIdUnsafe() {
        return itemId;
    }

    List<Entry> legendUnsafe() {
        return legend;
    }

    /** The exact header bytes as stored. */
    byte[] encodedUnsafe() {
        return encoded;
    }

    public int encodedLength() {
        return encoded.length;
    }

    /** Encodes everything but the commitment, which {@link #finish} appends. */
    static void writeBody(ByteBuf out, byte[] itemId, MaterialsDescription d, Entry[] legend) {
        out.u8(FormatV1.VERSION);
        out.u16(FormatV1.SUITE_AES256GCM_HKDFSHA256_COMMIT_HMACSHA256);
        out.bytes(itemId);
        out.lp16(d.providerId().getBytes(StandardCharsets.UTF_8));
        out.lp16(d.keyId().getBytes(StandardCharsets.UTF_8));
        out.u16(d.wrappedKeyLength());
        out.bytes(d.wrappedKey());
        Map<String, String> params = d.parameters();
        out.u8(params.size());
        for (Map.Entry<String, String> p : params.entrySet()) {
            out.lp16(p.getKey().getBytes(StandardCharsets.UTF_8));
            out.lp16(p.getValue().getBytes(StandardCharsets.UTF_8));
        }
        out.u32(legend.length);
        for (Entry e : legend) {
            out.u8(actionByte(e.action));
            out.lp16(e.nameUtf8);
        }
    }

    static byte actionByte(CryptoAction a) {
        return a == CryptoAction.ENCRYPT_AND_SIGN ? FormatV1.ACTION_ENCRYPT_AND_SIGN : FormatV1.ACTION_SIGN_ONLY;
    }

    /**
     * Decodes stored header bytes for inspection tools, without verifying anything: the result says
     * what the header claims, not that it is authentic.
     *
     * @throws dev.coffer.IntegrityException if the bytes are not a v1 header
     */
    public static Header decode(byte[] b) {
        try {
            return parse(b);
        } catch (UnknownVersion v) {
            throw new dev.coffer.IntegrityException("header has format version " + v.version + "; this Coffer reads version "
                    + FormatV1.VERSION);
        } catch (ByteReader.Malformed m) {
            throw new dev.coffer.IntegrityException("header is malformed: " + m.getMessage());
        }
    }

    /** The key commitment, hex-encoded, for display. */
    public String commitmentHex() {
        return java.util.HexFormat.of().formatHex(commitment);
    }

    static Header parse(byte[] b) {
        ByteReader r = new ByteReader(b, 0, b.length);
        int version = r.u8("format version");
        if (version != FormatV1.VERSION) {
            throw new UnknownVersion(version);
        }
        int suite = r.u16("algorithm suite");
        if (suite != FormatV1.SUITE_AES256GCM_HKDFSHA256_COMMIT_HMACSHA256) {
            throw new ByteReader.Malformed("unknown algorithm suite 0x" + Integer.toHexString(suite));
        }
        byte[] itemId = r.bytes(FormatV1.ITEM_ID_BYTES, "item id");
        String providerId = utf8(r, r.u16("provider id length"), "provider id");
        String keyId = utf8(r, r.u16("key id length"), "key id");
        byte[] wrapped = r.bytes(r.u16("wrapped key length"), "wrapped key");
        MaterialsDescription.Builder d = MaterialsDescription.builder().providerId(providerId).keyId(keyId)
                .wrappedKey(wrapped);
        int params = r.u8("parameter count");
        String prevParam = null;
        for (int i = 0; i < params; i++) {
            String name = utf8(r, r.u16("parameter name length"), "parameter name");
            String value = utf8(r, r.u16("parameter value length"), "parameter value");
            if (prevParam != null && prevParam.compareTo(name) >= 0) {
                throw new ByteReader.Malformed("description parameters are not sorted");
            }
            prevParam = name;
            d.parameter(name, value);
        }
        MaterialsDescription description;
        try {
            description = d.build();
        } catch (IllegalArgumentException e) {
            throw new ByteReader.Malformed("materials description: " + e.getMessage());
        }
        int count = r.u32("legend size");
        if ((long) count * 3 > r.remaining()) {
            throw new ByteReader.Malformed("legend size " + count + " exceeds the header");
        }
        List<Entry> legend = new ArrayList<>(count);
        byte[] prev = null;
        for (int i = 0; i < count; i++) {
            int a = r.u8("legend action");
            CryptoAction action;
            if (a == FormatV1.ACTION_ENCRYPT_AND_SIGN) {
                action = CryptoAction.ENCRYPT_AND_SIGN;
            } else if (a == FormatV1.ACTION_SIGN_ONLY) {
                action = CryptoAction.SIGN_ONLY;
            } else {
                throw new ByteReader.Malformed("unknown legend action " + a);
            }
            byte[] name = r.bytes(r.u16("legend name length"), "legend name");
            if (name.length == 0) {
                throw new ByteReader.Malformed("empty attribute name in legend");
            }
            if (prev != null && java.util.Arrays.compareUnsigned(prev, name) >= 0) {
                throw new ByteReader.Malformed("legend is not in canonical (strictly ascending) order");
            }
            prev = name;
            legend.add(new Entry(new String(name, StandardCharsets.UTF_8), name, action));
        }
        byte[] commitment = r.bytes(FormatV1.COMMITMENT_BYTES, "key commitment");
        if (r.remaining() != 0) {
            throw new ByteReader.Malformed(r.remaining() + " trailing bytes after the key commitment");
        }
        return new Header(version, suite, itemId, description, legend, commitment, b);
    }

    static Header of(byte[] itemId, MaterialsDescription d, List<Entry> legend, byte[] commitment, byte[] encoded) {
        return new Header(FormatV1.VERSION, FormatV1.SUITE_AES256GCM_HKDFSHA256_COMMIT_HMACSHA256, itemId, d, legend,
                commitment, encoded);
    }

    private static String utf8(ByteReader r, int n, String what) {
        int at = r.skip(n, what);
        return new String(r.array(), at, n, StandardCharsets.UTF_8);
    }

    /** The header names a format version this release does not read. */
    static final class UnknownVersion extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int version;

        UnknownVersion(int version) {
            super("format version " + version, null, false, false);
            this.version = version;
        }
    }
}
