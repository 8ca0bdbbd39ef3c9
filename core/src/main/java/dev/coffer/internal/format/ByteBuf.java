package dev.coffer.internal.format;

import java.util.Arrays;

/** A growable byte array with big-endian length prefixes. Not thread-safe; not API. */
final class ByteBuf {
    private byte[] buf;
    private int size;

    ByteBuf(int capacity) {
        buf = new byte[capacity];
    }

    void reset() {
        size = 0;
    }

    int size() {
        return size;
    }

    byte[] array() {
        return buf;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    byte[] copyRange(int from, int to) {
        return Arrays.copyOfRange(buf, from, to);
    }

    /** Drops a buffer that a very large item grew, so a thread does not keep it forever. */
    void trim(int keep) {
        if (buf.length > keep) {
            buf = new byte[keep];
        }
        size = 0;
    }

    private void ensure(int extra) {
        int need = size + extra;
        if (need < 0) {
            throw new IllegalStateException("buffer overflow");
        }
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
    }

    void u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
    }

    void u16(int v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
    }

    void u32(int v) {
        ensure(4);
        putU32(size, v);
        size += 4;
    }

    /** Reserves four bytes for a length written later with {@link #patchU32}. */
    int reserveU32() {
        ensure(4);
        int at = size;
        size += 4;
        return at;
    }

    void patchU32(int at, int v) {
        putU32(at, v);
    }

    private void putU32(int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    void bytes(byte[] b) {
        bytes(b, 0, b.length);
    }

    void bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    /**
     * Appends the UTF-8 encoding of {@code s} (the bytes {@code s.getBytes(UTF_8)} gives) without an
     * intermediate array. Returns false, appending nothing, if {@code s} holds an unpaired surrogate,
     * which has no UTF-8 encoding.
     */
    boolean utf8(String s) {
        int n = s.length();
        int start = size;
        ensure(n);
        byte[] b = buf;
        int p = size;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                break;
            }
            b[p++] = (byte) c;
            i++;
        }
        if (i < n) {
            size = p;
            ensure(3 * (n - i));
            b = buf;
            for (; i < n; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    b[p++] = (byte) c;
                } else if (c < 0x800) {
                    b[p++] = (byte) (0xC0 | (c >>> 6));
                    b[p++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isSurrogate(c)) {
                    if (!Character.isHighSurrogate(c) || i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                        size = start;
                        return false;
                    }
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    b[p++] = (byte) (0xF0 | (cp >>> 18));
                    b[p++] = (byte) (0x80 | ((cp >>> 12) & 0x3F));
                    b[p++] = (byte) (0x80 | ((cp >>> 6) & 0x3F));
                    b[p++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    b[p++] = (byte) (0xE0 | (c >>> 12));
                    b[p++] = (byte) (0x80 | ((c >>> 6) & 0x3F));
                    b[p++] = (byte) (0x80 | (c & 0x3F));
                }
            }
        }
        size = p;
        return true;
    }

    /** Appends {@code s}, which holds only ASCII characters, one byte per character. */
    void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) s.charAt(i);
        }
    }

    /** u32 length, then the bytes. */
    void lp32(byte[] b) {
        u32(b.length);
        bytes(b);
    }

    void lp32(byte[] b, int off, int len) {
        u32(len);
        bytes(b, off, len);
    }

    /** u16 length, then the bytes; the caller checked the length fits. */
    void lp16(byte[] b) {
        u16(b.length);
        bytes(b);
    }
}
