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

    /** An unsigned LEB128 varint (docs/FORMAT.md, "Notation"): 7 bits a byte, low groups first. */
    void varint(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative varint");
        }
        ensure(5);
        while ((v & ~0x7F) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    /** The number of bytes {@link #varint} writes for {@code v}. */
    static int varintLength(int v) {
        return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
    }

    /** varint length, then the bytes. */
    void lpv(byte[] b) {
        varint(b.length);
        bytes(b, 0, b.length);
    }

    void lpv(byte[] b, int off, int len) {
        varint(len);
        bytes(b, off, len);
    }

    /** u8 length, then the bytes; the caller checked the length fits. */
    void lp8(byte[] b) {
        u8(b.length);
        bytes(b, 0, b.length);
    }

    /** Wipes the bytes written so far (plaintext), then empties the buffer. */
    void wipe() {
        Arrays.fill(buf, 0, size, (byte) 0);
        size = 0;
    }

    /** Makes room for {@code n} more bytes and returns where they start; the caller fills them. */
    int skip(int n) {
        ensure(n);
        int at = size;
        size += n;
        return at;
    }
}
