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
        BigDecimal d;
        try {
            d = new BigDecimal(n);
        } catch (NumberFormatException e) {
            throw new InvalidValue("is not a number DynamoDB accepts");
        }
        if (d.signum() == 0) {
            return "0";
        }
        BigDecimal s = d.stripTrailingZeros();
        if (s.precision() > MAX_PRECISION) {
            throw new InvalidValue("has " + s.precision() + " significant digits; DynamoDB keeps at most " + MAX_PRECISION);
        }
        long exponent = (long) s.precision() - s.scale() - 1;
        if (exponent < MIN_EXPONENT || exponent > MAX_EXPONENT) {
            throw new InvalidValue("is outside DynamoDB's number range (1E-130 to 9.99E+125 in magnitude)");
        }
        return s.toPlainString();
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
