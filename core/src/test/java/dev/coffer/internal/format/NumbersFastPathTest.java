package dev.coffer.internal.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.testing.Gen;
import dev.coffer.testing.Property;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Numbers#canonical} returns already-canonical integers and plain decimals unchanged without
 * parsing them; these tests hold every input to the definition, BigDecimal normalization.
 */
class NumbersFastPathTest {

    /**
     * The definition (docs/FORMAT.md, "Numbers"): ASCII only, then what the BigDecimal path computes,
     * or null where DynamoDB rejects the number.
     */
    private static String reference(String n) {
        if (!n.chars().allMatch(c -> c < 0x80)) {
            return null;
        }
        BigDecimal d;
        try {
            d = new BigDecimal(n);
        } catch (NumberFormatException e) {
            return null;
        }
        if (d.signum() == 0) {
            return "0";
        }
        BigDecimal s = d.stripTrailingZeros();
        long exponent = (long) s.precision() - s.scale() - 1;
        if (s.precision() > 38 || exponent < -130 || exponent > 125) {
            return null;
        }
        return s.toPlainString();
    }

    private static void assertMatchesReference(String n) {
        String expected = reference(n);
        if (expected == null) {
            assertThatThrownBy(() -> Numbers.canonical(n)).as(n).isInstanceOf(InvalidValue.class);
        } else {
            assertThat(Numbers.canonical(n)).as(n).isEqualTo(expected);
        }
    }

    @Test
    void canonical_plainDecimals_matchBigDecimalNormalization() {
        Property.forAll(3000, decimals(), NumbersFastPathTest::assertMatchesReference);
    }

    @ParameterizedTest
    @ValueSource(strings = {"129.95", "0.001", "-0.5", "1.50", "0.0", "-0.0", "00.5", "0.", ".5", "1.", "-.5",
        "1.2345678901234567890123456789012345678", "1.23456789012345678901234567890123456789",
        "12345678901234567890123456789012345678.1", "0.00000000000000000000000000000000000000000000000000000000000000000000"
                + "00000000000000000000000000000000000000000000000000000000000000001",
        "0.00000000000000000000000000000000000000000000000000000000000000000000"
                + "000000000000000000000000000000000000000000000000000000000000000001",
        "-0.000000000000000000000000000000000000000000000000000000000000000000000"
                + "0000000000000000000000000000000000000000000000000000000000000012", "1.5e3", "1.5E-3", "+1.5", "1..5",
        "1.5.5", "٣.٥", "1.0000000000000000000000000000000000000000001", "99999999999999999999999999999999999999.9"})
    void canonical_edgeCases_matchBigDecimalNormalization(String n) {
        assertMatchesReference(n);
    }

    /** Signed decimals with up to 40 digits each side of the point, long runs of zeros, and some exponents. */
    private static Gen<String> decimals() {
        Gen<String> sign = Gen.of("", "-", "+");
        Gen<String> intPart = Gen.oneOf(Gen.of("0", "00", "01", ""), Gen.digits(1, 40));
        Gen<String> point = Gen.of(".", ".", ".", "", "e3", "E-2");
        Gen<String> zeros = Gen.ints(0, 140).map("0"::repeat);
        Gen<String> fraction = Gen.digits(0, 40);
        Gen<String> decimal = r -> {
            String s = sign.next(r);
            String i = intPart.next(r);
            String p = point.next(r);
            String z = zeros.next(r);
            return s + i + p + (p.equals(".") ? z : "") + fraction.next(r);
        };
        return decimal.filter(x -> !x.isEmpty());
    }
}
