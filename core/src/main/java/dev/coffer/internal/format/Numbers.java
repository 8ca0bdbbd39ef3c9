package dev.coffer.internal.format;

import java.math.BigDecimal;

/**
 * DynamoDB's number normalization: leading and trailing zeros dropped, no exponent, no plus sign,
 * negative zero as {@code 0}. A number read back from DynamoDB is already in this form, so a signed
 * plaintext number verifies however it was written ({@code "1.50E3"} is stored and returned as
 * {@code "1500"}). Not API.
 */
public final class Numbers {
    /** DynamoDB keeps at most 38 significant digits. */
    static final int MAX_PRECISION = 38;
    /** Smallest and largest decimal exponent of a non-zero DynamoDB number (1E-130, 9.99..E+125). */
    static final int MIN_EXPONENT = -130;
    static final int MAX_EXPONENT = 125;

    private Numbers() {
    }

    /**
     * The canonical form of {@code n}, or a {@link InvalidValue} if DynamoDB would reject it (not a
     * number, more than 38 significant digits, out of range).
     */
    public static String canonical(String n) {
        if (n == null) {
            throw new InvalidValue("number is null");
        }
        if (isCanonicalInteger(n) || isCanonicalDecimal(n)) {
            return n;
        }
        BigDecimal d = parse(n);
        if (d.signum() == 0) {
            return "0";
        }
        BigDecimal s = stripAndCheck(d);
        return s.toPlainString();
    }

    /**
     * The number grammar Coffer accepts (docs/FORMAT.md, "Numbers"): ASCII only, an optional sign,
     * digits with an optional decimal point (at least one digit on one side), an optional exponent.
     * {@code BigDecimal} alone would also take other scripts' digits (U+0663) and fullwidth forms.
     */
    private static BigDecimal parse(String n) {
        int len = n.length();
        if (len == 0 || len > 1024) {
            throw new InvalidValue("is not a number DynamoDB accepts");
        }
        for (int i = 0; i < len; i++) {
            char c = n.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                throw new InvalidValue("is not a number DynamoDB accepts");
            }
        }
        try {
            return new BigDecimal(n);
        } catch (NumberFormatException e) {
            throw new InvalidValue("is not a number DynamoDB accepts");
        }
    }

    /** Strips trailing zeros of a non-zero number and checks DynamoDB's precision and range. */
    private static BigDecimal stripAndCheck(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        if (s.precision() > MAX_PRECISION) {
            throw new InvalidValue("has " + s.precision() + " significant digits; DynamoDB keeps at most " + MAX_PRECISION);
        }
        long exponent = (long) s.precision() - s.scale() - 1;
        if (exponent < MIN_EXPONENT || exponent > MAX_EXPONENT) {
            throw new InvalidValue("is outside DynamoDB's number range (1E-130 to 9.99E+125 in magnitude)");
        }
        return s;
    }

    /**
     * Writes the compact body of number {@code n} (docs/FORMAT.md, "Numbers"): the zigzag varint of
     * the normalized scale, then the unscaled value as minimal big-endian two's complement. Equal
     * DynamoDB numbers have equal bodies.
     */
    static void encode(String n, ByteBuf out) {
        if (n == null) {
            throw new InvalidValue("number is null");
        }
        long unscaled = 0;
        int scale = 0;
        int len = n.length();
        int i = len > 0 && n.charAt(0) == '-' ? 1 : 0;
        boolean negative = i == 1;
        int digits = 0;
        boolean point = false;
        boolean fast = len > i && len - i <= 19;
        for (int k = i; fast && k < len; k++) {
            char c = n.charAt(k);
            if (c >= '0' && c <= '9') {
                unscaled = unscaled * 10 + (c - '0');
                digits++;
                if (point) {
                    scale++;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                fast = false;
            }
        }
        if (fast && digits > 0 && digits <= 18) {
            if (unscaled == 0) {
                scale = 0;
            } else {
                while (unscaled % 10 == 0) {
                    unscaled /= 10;
                    scale--;
                }
            }
            writeBody(out, scale, negative ? -unscaled : unscaled);
            return;
        }
        BigDecimal d = parse(n);
        if (d.signum() == 0) {
            writeBody(out, 0, 0);
            return;
        }
        BigDecimal s = stripAndCheck(d);
        java.math.BigInteger u = s.unscaledValue();
        if (u.bitLength() < 64) {
            writeBody(out, s.scale(), u.longValue());
        } else {
            out.varint(zigzag(s.scale()));
            out.bytes(u.toByteArray());
        }
    }

    private static void writeBody(ByteBuf out, int scale, long unscaled) {
        out.varint(zigzag(scale));
        int n = 1;
        while (n < 8 && (unscaled >> (8 * n - 1)) != 0 && (unscaled >> (8 * n - 1)) != -1) {
            n++;
        }
        int at = out.skip(n);
        byte[] b = out.array();
        for (int k = n - 1; k >= 0; k--) {
            b[at + k] = (byte) unscaled;
            unscaled >>= 8;
        }
    }

    private static int zigzag(int v) {
        return (v << 1) ^ (v >> 31);
    }

    /**
     * The canonical string of the compact body in {@code b[off, off+len)}, read strictly: the scale
     * varint in shortest form, the unscaled value in minimal two's complement, no trailing decimal
     * zero in it, zero only as scale 0 and one zero byte, and DynamoDB's precision and range.
     */
    static String decode(byte[] b, int off, int len) {
        ByteReader r = new ByteReader(b, off, len);
        int z = r.varint("number scale");
        int scale = (z >>> 1) ^ -(z & 1);
        int n = r.remaining();
        if (n < 1 || n > 16) {
            throw new ByteReader.Malformed("number value of " + n + " bytes");
        }
        int at = r.skip(n, "number value");
        if (n > 1 && ((b[at] == 0 && (b[at + 1] & 0x80) == 0) || (b[at] == -1 && (b[at + 1] & 0x80) != 0))) {
            throw new ByteReader.Malformed("number value is not in minimal form");
        }
        java.math.BigInteger u;
        if (n <= 8) {
            long v = b[at];
            for (int k = 1; k < n; k++) {
                v = (v << 8) | (b[at + k] & 0xFF);
            }
            if (v == 0) {
                if (scale != 0) {
                    throw new ByteReader.Malformed("zero has a scale");
                }
                return "0";
            }
            if (v % 10 == 0) {
                throw new ByteReader.Malformed("number value has trailing zeros");
            }
            if (v != Long.MIN_VALUE && Math.abs(v) < 1_000_000_000_000_000_000L) {
                return plain(v, scale);
            }
            u = java.math.BigInteger.valueOf(v);
        } else {
            u = new java.math.BigInteger(b, at, n);
            if (u.mod(java.math.BigInteger.TEN).signum() == 0) {
                throw new ByteReader.Malformed("number value has trailing zeros");
            }
        }
        BigDecimal d = new BigDecimal(u, scale);
        try {
            stripAndCheck(d);
        } catch (InvalidValue bad) {
            throw new ByteReader.Malformed("number " + bad.getMessage());
        }
        return d.toPlainString();
    }

    /** {@code new BigDecimal(v, scale).toPlainString()} for |v| < 10^18, with DynamoDB's range checked. */
    private static String plain(long v, int scale) {
        String digits = Long.toString(Math.abs(v));
        int precision = digits.length();
        long exponent = (long) precision - scale - 1;
        if (exponent < MIN_EXPONENT || exponent > MAX_EXPONENT) {
            throw new ByteReader.Malformed("number is outside DynamoDB's range");
        }
        StringBuilder sb = new StringBuilder(precision + Math.abs(scale) + 3);
        if (v < 0) {
            sb.append('-');
        }
        if (scale <= 0) {
            sb.append(digits);
            for (int k = 0; k < -scale; k++) {
                sb.append('0');
            }
        } else if (scale < precision) {
            sb.append(digits, 0, precision - scale).append('.').append(digits, precision - scale, precision);
        } else {
            sb.append("0.");
            for (int k = 0; k < scale - precision; k++) {
                sb.append('0');
            }
            sb.append(digits);
        }
        return sb.toString();
    }

    /**
     * Fast path: a plain decimal already in canonical form, {@code -?(0|[1-9][0-9]*)\.[0-9]*[1-9]}, with
     * at most 38 significant digits and its exponent in range. For such a string the slow path's
     * {@code new BigDecimal(n).stripTrailingZeros().toPlainString()} is the string itself (nothing
     * to strip, scale = digits after the point), so returning it unchanged gives the same result.
     */
    private static boolean isCanonicalDecimal(String n) {
        int len = n.length();
        int i = len > 0 && n.charAt(0) == '-' ? 1 : 0;
        int intStart = i;
        while (i < len && isDigit(n.charAt(i))) {
            i++;
        }
        int intLen = i - intStart;
        if (intLen == 0 || i >= len || n.charAt(i) != '.' || (intLen > 1 && n.charAt(intStart) == '0')) {
            return false;
        }
        int fracStart = ++i;
        while (i < len && isDigit(n.charAt(i))) {
            i++;
        }
        int fracLen = len - fracStart;
        if (i != len || fracLen == 0 || n.charAt(len - 1) == '0') {
            return false;
        }
        int significant;
        int exponent;
        if (intLen == 1 && n.charAt(intStart) == '0') {
            int zeros = 0;
            while (n.charAt(fracStart + zeros) == '0') {
                zeros++;
            }
            significant = fracLen - zeros;
            exponent = -(zeros + 1);
        } else {
            significant = intLen + fracLen;
            exponent = intLen - 1;
        }
        return significant <= MAX_PRECISION && exponent >= MIN_EXPONENT && exponent <= MAX_EXPONENT;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Fast path: an optional minus and 1..38 digits without a leading zero (or just "0"). */
    private static boolean isCanonicalInteger(String n) {
        int len = n.length();
        int i = 0;
        if (len > 0 && n.charAt(0) == '-') {
            i = 1;
        }
        int digits = len - i;
        if (digits < 1 || digits > MAX_PRECISION) {
            return false;
        }
        char first = n.charAt(i);
        if (first == '0') {
            return len == 1;
        }
        for (int k = i; k < len; k++) {
            char c = n.charAt(k);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        // A canonical integer drops trailing zeros only in its significant-digit count.
        return true;
    }
}
