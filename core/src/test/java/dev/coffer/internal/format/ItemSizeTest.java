package dev.coffer.internal.format;

import static dev.coffer.testing.Items.b;
import static dev.coffer.testing.Items.n;
import static dev.coffer.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.testing.Gen;
import dev.coffer.testing.ItemGen;
import dev.coffer.testing.ItemGen.NumberSpelling;
import dev.coffer.testing.Property;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link ItemSize} counts an item as DynamoDB does. The number sizes below were measured against
 * DynamoDB Local 2.6.1 (the largest string that still fits beside the number in a 400 KB item);
 * ItemEncryptorDynaliteTest checks the same numbers against dynalite, whose number sizes agree.
 */
class ItemSizeTest {

    @ParameterizedTest(name = "{0} takes {1} bytes")
    @CsvSource({
            "0, 1", "-0, 1", "0.000, 1",
            "1, 2", "-1, 3", "9, 2", "10, 2", "-10, 3", "12, 2", "99, 2", "100, 2", "123, 3", "-123, 4",
            "1234, 3", "12345, 4", "1.5, 3", "-1.5, 4", "0.5, 2", "0.05, 2", "0.005, 2", "12.34, 3", "1.234, 4",
            "123.4, 4", "0.1, 2", "0.01, 2", "-0.01, 3", "1E+100, 2", "1E-100, 2", "1.5E-100, 3", "1E+101, 2",
            "99999999999999999999999999999999999999, 20", "-99999999999999999999999999999999999999, 21",
            "9.9999999999999999999999999999999999999E+125, 20", "-9.9999999999999999999999999999999999999E+125, 21",
            "1E-130, 2", "-1E-130, 3", "123456789012345678901234567890123456.7, 20",
            "1.2345678901234567890123456789012345678, 21",
            "1000000000000000000000000000000, 2", "0.000000000000000000000000000001, 2",
            // Other spellings of the same numbers take the same bytes.
            "+1, 2", "1.50E3, 2", "0001.5000, 3", "15e-1, 3", ".5, 2", "5., 2", "0.0015E3, 3"})
    void number_asDynamoDbCountsIt(String number, int bytes) {
        assertThat(ItemSize.of(n(number))).isEqualTo(bytes);
    }

    @Test
    void number_sameForEverySpellingOfTheValue() {
        Property.forAll(500, spellings(), this::number_sameForEverySpellingOfTheValue);
    }

    void number_sameForEverySpellingOfTheValue(NumberSpelling spelling) {
        assertThat(ItemSize.of(n(spelling.text))).isEqualTo(ItemSize.of(n(spelling.dynamoDbForm())))
                .isEqualTo(referenceSize(spelling.value));
    }

    static Gen<NumberSpelling> spellings() {
        return ItemGen.numberSpellings();
    }

    /** Base-100 digits from BigDecimal: exponent byte, digit pairs aligned on the point, sign byte. */
    private static long referenceSize(BigDecimal v) {
        if (v.signum() == 0) {
            return 1;
        }
        BigDecimal s = v.stripTrailingZeros();
        String digits = s.unscaledValue().abs().toString();
        int count = digits.length() + (Math.floorMod(s.scale(), 2) == 1 ? 1 : 0);
        return 1 + (count + 1) / 2 + (v.signum() < 0 ? 1 : 0);
    }

    @Test
    void of_scalars_countUtf8AndBinaryLengths() {
        assertThat(ItemSize.of(s(""))).isZero();
        assertThat(ItemSize.of(s("abc"))).isEqualTo(3);
        assertThat(ItemSize.of(s("\u00e9\u20ac\uD83D\uDE00"))).isEqualTo(2 + 3 + 4);
        assertThat(ItemSize.of(b())).isZero();
        assertThat(ItemSize.of(b(1, 2, 3))).isEqualTo(3);
        assertThat(ItemSize.of(AttributeValue.fromBool(true))).isEqualTo(1);
        assertThat(ItemSize.of(AttributeValue.fromNul(true))).isEqualTo(1);
    }

    @Test
    void of_sets_sumTheirMembers() {
        assertThat(ItemSize.of(AttributeValue.fromSs(List.of("a", "bc")))).isEqualTo(3);
        assertThat(ItemSize.of(AttributeValue.fromNs(List.of("1", "2")))).isEqualTo(4);
        assertThat(ItemSize.of(AttributeValue.fromNs(List.of("-1", "1.5")))).isEqualTo(6);
        assertThat(ItemSize.of(AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[5]),
                SdkBytes.fromByteArray(new byte[0]))))).isEqualTo(5);
    }

    @Test
    void of_listsAndMaps_addThreeBytesPlusOnePerElement() {
        assertThat(ItemSize.of(AttributeValue.fromL(List.of()))).isEqualTo(3);
        assertThat(ItemSize.of(AttributeValue.fromM(Map.of()))).isEqualTo(3);
        assertThat(ItemSize.of(AttributeValue.fromL(List.of(s("ab"))))).isEqualTo(3 + 1 + 2);
        assertThat(ItemSize.of(AttributeValue.fromM(Map.of("k", s("ab"))))).isEqualTo(3 + 1 + 1 + 2);
        assertThat(ItemSize.of(AttributeValue.fromL(List.of(AttributeValue.fromL(List.of()))))).isEqualTo(3 + 1 + 3);
    }

    @Test
    void of_item_countsNamesAndValues() {
        Map<String, AttributeValue> item = Map.of("pk", s("big"), "\u00e9t\u00e9", n("-1.5"));

        assertThat(ItemSize.of(item)).isEqualTo(2 + 3 + "\u00e9t\u00e9".getBytes(StandardCharsets.UTF_8).length + 4);
    }

    @Test
    void utf8Length_matchesTheEncoderForValidStrings() {
        String s = "x\u007f\u0080\u07ff\u0800\uffff\uD800\uDC00\uDBFF\uDFFF";

        assertThat(ItemSize.utf8Length(s)).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
    }
}
