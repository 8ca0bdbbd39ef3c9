package dev.coffer.internal.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.testing.ItemArbitraries;
import dev.coffer.testing.ItemArbitraries.NumberSpelling;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Numbers#canonical} returns what DynamoDB returns. The table's right-hand column is what
 * DynamoDB Local 2.6.1 returned for the left-hand spelling (PutItem, then GetItem);
 * ItemEncryptorDynamoDbLocalTest asks DynamoDB Local again for every row.
 */
class NumbersTest {
    static final String ZEROS_129 = "0".repeat(129);
    static final String ZEROS_125 = "0".repeat(125);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "0|0", "-0|0", "+0|0", "0.0|0", "00|0", "0.000|0", "0E10|0", "-0E-10|0",
            "1|1", "+1|1", "-1|-1", "01|1", "1.0|1", "1e0|1", "1E+0|1", "1E-0|1",
            "1.50E3|1500", "1.5e3|1500", "100|100", "1E2|100", "1E+2|100",
            ".5|0.5", "5.|5", "-.5|-0.5", "-1E-5|-0.00001", "123.456E-2|1.23456", "0.001|0.001",
            "12345678901234567890123456789012345678|12345678901234567890123456789012345678",
            "1234567890123456789012345678901234567800|1234567890123456789012345678901234567800",
            "0.1234567890123456789012345678901234567800|0.12345678901234567890123456789012345678",
            "1000000000000000000000000000000000000000000|1000000000000000000000000000000000000000000"})
    void canonical_isWhatDynamoDbReturns(String spelling, String dynamoDb) {
        assertThat(Numbers.canonical(spelling)).isEqualTo(dynamoDb);
    }

    @Test
    void canonical_rangeLimits_arePlainDecimals() {
        assertThat(Numbers.canonical("1E-130")).isEqualTo("0." + ZEROS_129 + "1");
        assertThat(Numbers.canonical("-1E-130")).isEqualTo("-0." + ZEROS_129 + "1");
        assertThat(Numbers.canonical("1E+125")).isEqualTo("1" + ZEROS_125);
        assertThat(Numbers.canonical("9.9999999999999999999999999999999999999E+125"))
                .isEqualTo("9".repeat(38) + "0".repeat(88));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "abc", "", " 1", "1 ", "0x10", "1e", "1E2.5", "--1",
            "1,5", "1_000", "+-1", "1e+-2", "1d", "0x1p3"})
    void canonical_notANumber_throwsInvalidValue(String n) {
        assertThatThrownBy(() -> Numbers.canonical(n)).isInstanceOf(InvalidValue.class)
                .hasMessage("is not a number DynamoDB accepts");
    }

    @ParameterizedTest
    @ValueSource(strings = {"123456789012345678901234567890123456789", "-1.23456789012345678901234567890123456789",
            "0.000123456789012345678901234567890123456789", "9.99999999999999999999999999999999999999E+125"})
    void canonical_over38SignificantDigits_throwsInvalidValue(String n) {
        assertThatThrownBy(() -> Numbers.canonical(n)).isInstanceOf(InvalidValue.class)
                .hasMessageContaining("significant digits; DynamoDB keeps at most 38");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1E+126", "-1E+126", "1E-131", "-1E-131", "10E+125", "0.1E-130", "1E+2147483647"})
    void canonical_outOfRange_throwsInvalidValue(String n) {
        assertThatThrownBy(() -> Numbers.canonical(n)).isInstanceOf(InvalidValue.class)
                .hasMessageContaining("outside DynamoDB's number range");
    }

    @Test
    void canonical_null_throwsInvalidValue() {
        assertThatThrownBy(() -> Numbers.canonical(null)).isInstanceOf(InvalidValue.class);
    }

    @Test
    void canonical_exponentBeyondInt_throwsInvalidValue() {
        assertThatThrownBy(() -> Numbers.canonical("1E+99999999999")).isInstanceOf(InvalidValue.class);
    }

    @Property(tries = 1000)
    void canonical_ofAnySpelling_isTheDynamoDbForm(@ForAll("spellings") NumberSpelling n) {
        String c = Numbers.canonical(n.text);

        assertThat(c).isEqualTo(n.dynamoDbForm());
        assertThat(Numbers.canonical(c)).isEqualTo(c);
    }

    @Provide
    Arbitrary<NumberSpelling> spellings() {
        return ItemArbitraries.numberSpellings();
    }
}
