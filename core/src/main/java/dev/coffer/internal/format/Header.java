package dev.coffer.internal.format;

import dev.coffer.materials.spi.MaterialsDescription;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The header of a stored item (docs/FORMAT.md, "Header"): version, suite, item id, materials
 * description, compact legend of signed attributes (one 32-bit name fingerprint each, encrypted
 * ones first), key commitment. Parsed strictly; immutable once parsed; not API.
 */
public final class Header {
    private final int suite;
    private final byte[] itemId;
    private final MaterialsDescription description;
    /** Fingerprints of the encrypted legend entries, then of the sign-only ones, each run ascending. */
    private final int[] fingerprints;
    private final int encryptedCount;
    private final byte[] commitment;
    private final byte[] encoded;

    private Header(int suite, byte[] itemId, MaterialsDescription description, int[] fingerprints, int encryptedCount,
            byte[] commitment, byte[] encoded) {
        this.suite = suite;
        this.itemId = itemId;
        this.description = description;
        this.fingerprints = fingerprints;
        this.encryptedCount = encryptedCount;
        this.commitment = commitment;
        this.encoded = encoded;
    }

    public int version() {
        return Format.VERSION;
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

    /** The number of legend entries (signed attributes). */
    public int legendSize() {
        return fingerprints.length;
    }

    /** The number of encrypted legend entries; they come first. */
    public int encryptedCount() {
        return encryptedCount;
    }

    /** The fingerprint of legend entry {@code i}. */
    public int fingerprint(int i) {
        return fingerprints[i];
    }

    /** The fingerprint key of this item (docs/FORMAT.md, "Legend"). */
    public long fingerprintKey() {
        return Fingerprints.key(itemId);
    }

    /** Whether legend entry {@code i} is encrypted (otherwise sign-only). */
    public boolean isEncrypted(int i) {
        return i < encryptedCount;
    }

    /**
     * For inspection tools: for each legend entry, the attribute names among {@code names} whose
     * fingerprint it is (normally one; none if the attribute is missing; several if ambiguous).
     * Unverified, like everything read from a header.
     */
    public java.util.List<java.util.List<String>> match(java.util.Collection<String> names) {
        long key = fingerprintKey();
        java.util.List<java.util.List<String>> out = new java.util.ArrayList<>();
        for (int i = 0; i < fingerprints.length; i++) {
            out.add(new java.util.ArrayList<>());
        }
        for (String n : names) {
            if (Format.isReserved(n)) {
                continue;
            }
            byte[] utf8;
            try {
                utf8 = ValueCodec.utf8(n);
            } catch (InvalidValue bad) {
                continue;
            }
            int fp = Fingerprints.of(key, dev.coffer.internal.crypto.Primitives.get().sha256Prefix64(utf8));
            for (int i = 0; i < fingerprints.length; i++) {
                if (fingerprints[i] == fp) {
                    out.get(i).add(n);
                }
            }
        }
        return out;
    }

    byte[] commitmentUnsafe() {
        return commitment;
    }

    byte[] itemIdUnsafe() {
        return itemId;
    }

    int[] fingerprintsUnsafe() {
        return fingerprints;
    }

    /** The exact header bytes as stored. */
    byte[] encodedUnsafe() {
        return encoded;
    }

    public int encodedLength() {
        return encoded.length;
    }

    /** The key commitment, hex-encoded, for display. */
    public String commitmentHex() {
        return java.util.HexFormat.of().formatHex(commitment);
    }

    /**
     * Encodes everything but the commitment: version, suite, item id, description and legend
     * ({@code fingerprints[0, encrypted)} encrypted, the rest sign-only, each run ascending).
     */
    static void writeBody(ByteBuf out, byte[] itemId, MaterialsDescription d, int[] fingerprints, int count,
            int encrypted) {
        writeBody(out, Format.SUITE_HMAC, itemId, d, fingerprints, count, encrypted);
    }

    /** As above, with the suite byte given. */
    static void writeBody(ByteBuf out, int suite, byte[] itemId, MaterialsDescription d, int[] fingerprints, int count,
            int encrypted) {
        ByteBuf desc = new ByteBuf(128);
        writeDescription(desc, d);
        writeBody(out, suite, itemId, desc.toByteArray(), fingerprints, count, encrypted);
    }

    /** As above, with the suite byte given and the description already encoded ({@link DescriptionCache}). */
    static void writeBody(ByteBuf out, int suite, byte[] itemId, byte[] description, int[] fingerprints, int count,
            int encrypted) {
        out.u8(Format.VERSION);
        out.u8(suite);
        out.bytes(itemId);
        out.bytes(description);
        out.varint(encrypted);
        out.varint(count - encrypted);
        for (int i = 0; i < count; i++) {
            int at = out.skip(4);
            byte[] b = out.array();
            int f = fingerprints[i];
            b[at] = (byte) (f >>> 24);
            b[at + 1] = (byte) (f >>> 16);
            b[at + 2] = (byte) (f >>> 8);
            b[at + 3] = (byte) f;
        }
    }

    static void writeDescription(ByteBuf out, MaterialsDescription d) {
        out.lp8(d.providerId().getBytes(StandardCharsets.US_ASCII));
        int keys = d.keyCount();
        out.u8(keys);
        for (int i = 0; i < keys; i++) {
            out.lpv(d.keyId(i).getBytes(StandardCharsets.UTF_8));
            out.lpv(d.wrappedKey(i));
        }
        Map<String, String> params = d.parameters();
        out.u8(params.size());
        for (Map.Entry<String, String> p : params.entrySet()) {
            out.lp8(p.getKey().getBytes(StandardCharsets.US_ASCII));
            out.lpv(p.getValue().getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Decodes stored header bytes for inspection tools, without verifying anything: the result says
     * what the header claims, not that it is authentic.
     *
     * @throws dev.coffer.IntegrityException if the bytes are not a header of this format
     */
    public static Header decode(byte[] b) {
        try {
            return parse(b);
        } catch (UnknownVersion v) {
            throw new dev.coffer.IntegrityException(v.describe());
        } catch (ByteReader.Malformed m) {
            throw new dev.coffer.IntegrityException("header is malformed: " + m.getMessage());
        }
    }

    static Header parse(byte[] b) {
        return parse(b, null);
    }

    /** Parses {@code b}, reusing {@code cache}'s last description when the bytes are the same. */
    static Header parse(byte[] b, DescriptionCache cache) {
        ByteReader r = new ByteReader(b, 0, b.length);
        int version = r.u8("format version");
        if (version != Format.VERSION) {
            throw new UnknownVersion(version);
        }
        int suite = r.u8("algorithm suite");
        if (suite != Format.SUITE_HMAC && suite != Format.SUITE_HMAC_ECDSA_P256) {
            throw new ByteReader.Malformed("unknown algorithm suite 0x" + Integer.toHexString(suite)
                    + " (this release reads 0x01 and 0x02; if a newer Coffer wrote the item, upgrade)");
        }
        byte[] itemId = r.bytes(Format.ITEM_ID_BYTES, "item id");
        MaterialsDescription description = null;
        if (cache != null) {
            int from = r.position();
            skipDescription(r);
            description = cache.lookup(b, from, r.position());
            if (description == null) {
                ByteReader again = new ByteReader(b, from, r.position() - from);
                description = readDescription(again);
                cache.remember(b, from, r.position(), description);
            }
        } else {
            description = readDescription(r);
        }
        int encrypted = r.varint("encrypted legend count");
        int signOnly = r.varint("sign-only legend count");
        long total = (long) encrypted + signOnly;
        if (total * 4 + Format.COMMITMENT_BYTES > r.remaining()) {
            throw new ByteReader.Malformed("legend of " + total + " entries exceeds the header");
        }
        int[] fps = new int[(int) total];
        for (int i = 0; i < fps.length; i++) {
            int at = r.skip(4, "legend fingerprint");
            fps[i] = ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
            if (i != 0 && i != encrypted && Integer.compareUnsigned(fps[i - 1], fps[i]) >= 0) {
                throw new ByteReader.Malformed("legend fingerprints are not strictly ascending");
            }
        }
        // The two runs are each ascending; a merge walk finds a fingerprint listed in both.
        for (int i = 0, j = encrypted; i < encrypted && j < fps.length;) {
            int c = Integer.compareUnsigned(fps[i], fps[j]);
            if (c == 0) {
                throw new ByteReader.Malformed("legend lists one fingerprint as both encrypted and sign-only");
            }
            if (c < 0) {
                i++;
            } else {
                j++;
            }
        }
        byte[] commitment = r.bytes(Format.COMMITMENT_BYTES, "key commitment");
        if (r.remaining() != 0) {
            throw new ByteReader.Malformed(r.remaining() + " trailing bytes after the key commitment");
        }
        return new Header(suite, itemId, description, fps, encrypted, commitment, b);
    }

    /** Skips a description, checking only that its fields lie within the header. */
    private static void skipDescription(ByteReader r) {
        r.skip(r.u8("provider id length"), "provider id");
        int keys = r.u8("key count");
        for (int i = 0; i < keys; i++) {
            r.skip(r.varint("key id length"), "key id");
            r.skip(r.varint("wrapped key length"), "wrapped key");
        }
        int params = r.u8("parameter count");
        for (int i = 0; i < params; i++) {
            r.skip(r.u8("parameter name length"), "parameter name");
            r.skip(r.varint("parameter value length"), "parameter value");
        }
    }

    private static MaterialsDescription readDescription(ByteReader r) {
        int idLen = r.u8("provider id length");
        String providerId = r.utf8(idLen, "provider id");
        int keys = r.u8("key count");
        if (keys == 0) {
            throw new ByteReader.Malformed("materials description has no key entry");
        }
        MaterialsDescription.Builder d = MaterialsDescription.builder().providerId(providerId);
        for (int i = 0; i < keys; i++) {
            String keyId = r.utf8(r.varint("key id length"), "key id");
            byte[] wrapped = r.bytes(r.varint("wrapped key length"), "wrapped key");
            if (i == 0) {
                d.keyId(keyId).wrappedKey(wrapped);
            } else {
                d.addKey(keyId, wrapped);
            }
        }
        int params = r.u8("parameter count");
        String prev = null;
        for (int i = 0; i < params; i++) {
            String name = r.utf8(r.u8("parameter name length"), "parameter name");
            String value = r.utf8(r.varint("parameter value length"), "parameter value");
            if (prev != null && prev.compareTo(name) >= 0) {
                throw new ByteReader.Malformed("description parameters are not strictly ascending by name");
            }
            prev = name;
            d.parameter(name, value);
        }
        MaterialsDescription built;
        try {
            built = d.build();
        } catch (IllegalArgumentException | dev.coffer.ConfigurationException e) {
            throw new ByteReader.Malformed("materials description: " + e.getMessage());
        }
        return built;
    }

    static Header of(byte[] itemId, MaterialsDescription d, int[] fingerprints, int encrypted, byte[] commitment,
            byte[] encoded) {
        return new Header(Format.SUITE_HMAC, itemId, d, fingerprints, encrypted, commitment, encoded);
    }

    /** The header names a format version this release does not read. */
    static final class UnknownVersion extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int version;

        UnknownVersion(int version) {
            super("format version " + version, null, false, false);
            this.version = version;
        }

        String describe() {
            if (version == Format.PRE_RELEASE_VERSION) {
                return "item was written by a pre-release draft of Coffer (format version 1), which Coffer 1.0 does not "
                        + "read: not supported. Decrypt it with the pre-release build and encrypt it again";
            }
            return "item header has format version " + version + ", this Coffer release reads version " + Format.VERSION
                    + ". If the item was written by a newer Coffer, upgrade this application; otherwise the header was "
                    + "modified";
        }
    }
}
