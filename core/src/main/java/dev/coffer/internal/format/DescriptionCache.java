package dev.coffer.internal.format;

import dev.coffer.materials.spi.MaterialsDescription;
import java.util.Arrays;

/**
 * The last materials description a codec wrote and the last one it read, with their encodings.
 * Providers with one key (static, a cached data key, one most-recent version) put the same
 * description on every item, so most items reuse the encoded bytes on write and the parsed object
 * on read instead of encoding, decoding (strict UTF-8) and validating it again. Each entry is
 * immutable and published through a volatile field; a stale entry only costs a miss. Thread-safe;
 * not API.
 */
final class DescriptionCache {
    private static final class Entry {
        final MaterialsDescription description;
        final byte[] encoded;

        Entry(MaterialsDescription description, byte[] encoded) {
            this.description = description;
            this.encoded = encoded;
        }
    }

    private volatile Entry written;
    private volatile Entry read;

    /** The encoding of {@code d}, reused while providers return the same description object. */
    byte[] encode(MaterialsDescription d) {
        Entry e = written;
        if (e != null && e.description == d) {
            return e.encoded;
        }
        ByteBuf b = new ByteBuf(128);
        Header.writeDescription(b, d);
        byte[] encoded = b.toByteArray();
        written = new Entry(d, encoded);
        return encoded;
    }

    /** The description encoded in {@code b[from, to)} if it is the last one read, else null. */
    MaterialsDescription lookup(byte[] b, int from, int to) {
        Entry e = read;
        return e != null && Arrays.equals(e.encoded, 0, e.encoded.length, b, from, to) ? e.description : null;
    }

    void remember(byte[] b, int from, int to, MaterialsDescription d) {
        read = new Entry(d, Arrays.copyOfRange(b, from, to));
    }
}
