package dev.coffer.internal.format;

import java.util.Arrays;

/** Bounds-checked big-endian reader; every overrun is a {@link Malformed}. Not API. */
final class ByteReader {
    private final byte[] b;
    private int pos;
    private final int end;

    ByteReader(byte[] b, int off, int len) {
        this.b = b;
        this.pos = off;
        this.end = off + len;
    }

    int remaining() {
        return end - pos;
    }

    int position() {
        return pos;
    }

    byte[] array() {
        return b;
    }

    void need(int n, String what) {
        if (n < 0 || end - pos < n) {
            throw new Malformed(what + " runs past the end (" + n + " bytes needed, " + (end - pos) + " left)");
        }
    }

    int u8(String what) {
        need(1, what);
        return b[pos++] & 0xFF;
    }

    int u16(String what) {
        need(2, what);
        int v = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    /** An unsigned 32-bit length; values over {@code Integer.MAX_VALUE} are malformed. */
    int u32(String what) {
        need(4, what);
        int v = ((b[pos] & 0xFF) << 24) | ((b[pos + 1] & 0xFF) << 16) | ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
        pos += 4;
        if (v < 0) {
            throw new Malformed(what + " is out of range");
        }
        return v;
    }

    /**
     * An unsigned LEB128 varint of at most five bytes and at most {@code Integer.MAX_VALUE}, in its
     * shortest form (a longer encoding of the same value is malformed, so every value has one
     * encoding).
     */
    int varint(String what) {
        int v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            need(1, what);
            int x = b[pos++] & 0xFF;
            if (shift == 28 && (x & 0xF8) != 0) {
                throw new Malformed(what + " is out of range");
            }
            v |= (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                if (x == 0 && shift > 0) {
                    throw new Malformed(what + " is not in its shortest form");
                }
                return v;
            }
        }
        throw new Malformed(what + " is out of range");
    }

    /**
     * A count of items that each take at least {@code minBytes} of what is left: a count the
     * remaining bytes cannot hold is malformed before anything is allocated for it.
     */
    int count(String what, int minBytes) {
        int n = varint(what);
        if ((long) n * minBytes > remaining()) {
            throw new Malformed(what + " " + n + " exceeds the bytes left (" + remaining() + ")");
        }
        return n;
    }

    /** Strict UTF-8 text of {@code n} bytes: malformed or overlong sequences and surrogates are malformed. */
    String utf8(int n, String what) {
        int at = skip(n, what);
        return Utf8.decode(b, at, n, what);
    }

    byte[] bytes(int n, String what) {
        need(n, what);
        byte[] out = Arrays.copyOfRange(b, pos, pos + n);
        pos += n;
        return out;
    }

    /** Skips {@code n} bytes and returns where they started. */
    int skip(int n, String what) {
        need(n, what);
        int at = pos;
        pos += n;
        return at;
    }

    /** Thrown for structurally invalid bytes; callers turn it into an integrity error. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
