package dev.coffer;

import static dev.coffer.testing.Items.n;
import static dev.coffer.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbValuesTest {
    @ParameterizedTest
    @CsvSource({"1.50E3,1500", "-0,0", ".5,0.5", "+7,7", "0.00100,0.001", "12,12", "-1.5e-3,-0.0015"})
    void canonicalNumber_anySpelling_isTheDynamoDbForm(String spelling, String canonical) {
        assertThat(DynamoDbValues.canonicalNumber(spelling)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1e400", "123456789012345678901234567890123456789", "\u0663"})
    void canonicalNumber_notADynamoDbNumber_throwsInvalidItemExceptionWithoutTheValue(String bad) {
        assertThatThrownBy(() -> DynamoDbValues.canonicalNumber(bad))
                .isInstanceOf(InvalidItemException.class)
                .hasMessageStartingWith("number ");
    }

    @Test
    void canonicalNumber_null_throwsInvalidItemException() {
        assertThatThrownBy(() -> DynamoDbValues.canonicalNumber(null)).isInstanceOf(InvalidItemException.class);
    }

    @Test
    void itemSize_countsNamesAndValuesAsDynamoDbDoes() {
        // "pk"(2) + "ab"(2); "n"(1) + 1.5 (3 bytes: exponent, one base-100 pair with the point shift); "l"(1) + 3 + 1 + "x"(1)
        Map<String, AttributeValue> item = Map.of(
                "pk", s("ab"),
                "n", n("1.5"),
                "l", AttributeValue.fromL(List.of(s("x"))));

        assertThat(DynamoDbValues.itemSize(item)).isEqualTo(4 + 4 + 6);
        assertThat(DynamoDbValues.size(n("-1"))).isEqualTo(3);
        assertThat(DynamoDbValues.size(null)).isZero();
    }
}
