package dev.coffer.internal.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.testing.Gen;
import dev.coffer.testing.ItemGen;
import dev.coffer.testing.ItemGen.NumberSpelling;
import dev.coffer.testing.Items;
import dev.coffer.testing.Property;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Numbers#canonical} returns what DynamoDB returns ({@link Items#DYNAMODB_NUMBERS}, measured
 * against DynamoDB Local 2.6.1; ItemEncryptorDynaliteTest asks dynalite again for every row).
 */
class NumbersTest {
    static Stream<Arguments> dynamoDbNumbers() {
        return Items.DYNAMODB_NUMBERS.stream().map(n -> Arguments.of(n[0], n[1]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dynamoDbNumbers")
    void canonical_isWhatDynamoDbReturns(String spelling, String dynamoDb) {
        assertThat(Numbers.canonical(spelling)).isEqualTo(dynamoDb);
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

    @Test
    void canonical_ofAnySpelling_isTheDynamoDbForm() {
        Property.forAll(1000, spellings(), this::canonical_ofAnySpelling_isTheDynamoDbForm);
    }

    void canonical_ofAnySpelling_isTheDynamoDbForm(NumberSpelling n) {
        String c = Numbers.canonical(n.text);

        assertThat(c).isEqualTo(n.dynamoDbForm());
        assertThat(Numbers.canonical(c)).isEqualTo(c);
    }

    static Gen<NumberSpelling> spellings() {
        return ItemGen.numberSpellings();
    }
}
