package dev.coffer.internal.format;

import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 (RFC 3629): the JDK's {@code new String(bytes, UTF_8)} replaces malformed input
 * with U+FFFD, so two different byte strings could decode to one name. Every text Coffer reads
 * from a stored item goes through {@link #decode}; anything but well-formed UTF-8 is
 * {@link ByteReader.Malformed}. Not API.
 */
final class Utf8 {
    private Utf8() {
    }

    static String decode(byte[] b, int off, int len, String what) {
        int end = off + len;
        int i = off;
        // ASCII runs (the common case) are checked eight at a time.
        while (i + 8 <= end && ((b[i] | b[i + 1] | b[i + 2] | b[i + 3] | b[i + 4] | b[i + 5] | b[i + 6] | b[i + 7])
                & 0x80) == 0) {
            i += 8;
        }
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                min = 0x10000;
            } else {
                throw new ByteReader.Malformed(what + " is not valid UTF-8");
            }
            if (end - i <= n) {
                throw new ByteReader.Malformed(what + " is not valid UTF-8 (truncated sequence)");
            }
            int cp = c & (0x3F >> n);
            for (int k = 1; k <= n; k++) {
                int cc = b[i + k] & 0xFF;
                if ((cc & 0xC0) != 0x80) {
                    throw new ByteReader.Malformed(what + " is not valid UTF-8");
                }
                cp = (cp << 6) | (cc & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                throw new ByteReader.Malformed(what + " is not valid UTF-8 (overlong, surrogate or out of range)");
            }
            i += n + 1;
        }
        return new String(b, off, len, StandardCharsets.UTF_8);
    }
}
