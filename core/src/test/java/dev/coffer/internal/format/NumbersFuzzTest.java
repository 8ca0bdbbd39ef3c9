package dev.coffer.internal.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Fuzz targets for number bodies ({@link Numbers#decode}) and number strings
 * ({@link Numbers#canonical}, {@link Numbers#encode}), whose fast paths must agree with the
 * {@code BigDecimal} path they shortcut.
 *
 * <p>Invariants of {@code decode}: only {@link ByteReader.Malformed} (or {@link InvalidValue}) on bad
 * bytes, no read outside the slice; a decoded number is its own canonical form and encodes back to
 * the same bytes. Invariants of {@code spelling}: {@code canonical} and {@code encode} accept exactly
 * the same strings, exactly those of the grammar in docs/FORMAT.md section 7 within DynamoDB's
 * precision and range, and {@code decode(encode(s))} is {@code canonical(s)}.
 */
class NumbersFuzzTest {
    private static final int PAD = 3;
    /** docs/FORMAT.md, section 7, "The number grammar writers accept". */
    private static final Pattern GRAMMAR = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    @FuzzTest
    void decode(byte[] data) {
        byte[] framed = new byte[data.length + 2 * PAD];
        Arrays.fill(framed, (byte) 0xFF);
        System.arraycopy(data, 0, framed, PAD, data.length);
        String n;
        try {
            n = Numbers.decode(framed, PAD, data.length);
        } catch (ByteReader.Malformed | InvalidValue refused) {
            return;
        }
        assertThat(Numbers.canonical(n)).as("canonical form of decoded %s", n).isEqualTo(n);
        ByteBuf again = new ByteBuf(24);
        Numbers.encode(n, again);
        if (!Arrays.equals(again.toByteArray(), data)) {
            throw new AssertionError("number body " + hex(data) + " decodes to " + n + ", which encodes as "
                    + hex(again.toByteArray()));
        }
    }

    /** The input's bytes as ISO-8859-1 characters: every byte one character, so any text can be reached. */
    @FuzzTest
    void spelling(byte[] data) {
        String s = new String(data, StandardCharsets.ISO_8859_1);
        checkSpelling(s);
        // Characters outside Latin-1 (other scripts' digits, fullwidth forms) through UTF-8.
        checkSpelling(new String(data, StandardCharsets.UTF_8));
    }

    private static void checkSpelling(String s) {
        String canonical = null;
        try {
            canonical = Numbers.canonical(s);
        } catch (InvalidValue refused) {
            // Checked against encode and the reference below.
        }
        byte[] body = null;
        try {
            ByteBuf b = new ByteBuf(24);
            Numbers.encode(s, b);
            body = b.toByteArray();
        } catch (InvalidValue refused) {
            // Likewise.
        }
        String reference = reference(s);
        if ((canonical == null) != (body == null) || (canonical == null) != (reference == null)) {
            throw new AssertionError("'" + s + "': canonical " + (canonical == null ? "refuses" : "gives " + canonical)
                    + ", encode " + (body == null ? "refuses" : "gives " + hex(body)) + ", the grammar says "
                    + (reference == null ? "refuse" : reference));
        }
        if (canonical == null) {
            return;
        }
        assertThat(canonical).as("canonical('%s')", s).isEqualTo(reference);
        assertThat(Numbers.decode(body, 0, body.length)).as("decode(encode('%s'))", s).isEqualTo(canonical);
        ByteBuf again = new ByteBuf(24);
        Numbers.encode(canonical, again);
        assertThat(again.toByteArray()).as("encode(canonical('%s'))", s).isEqualTo(body);
    }

    /**
     * The canonical form docs/FORMAT.md gives for {@code s}, from its grammar and BigDecimal alone,
     * or null if a writer must refuse it. Strings over 1024 characters are refused (Coffer's bound
     * on what it hands to BigDecimal).
     */
    private static String reference(String s) {
        if (s.length() > 1024 || !GRAMMAR.matcher(s).matches()) {
            return null;
        }
        BigDecimal d;
        try {
            d = new BigDecimal(s);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
        if (d.signum() == 0) {
            return "0";
        }
        BigDecimal stripped = d.stripTrailingZeros();
        long exponent = (long) stripped.precision() - stripped.scale() - 1;
        if (stripped.precision() > 38 || exponent < -130 || exponent > 125) {
            return null;
        }
        return stripped.toPlainString();
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
