package dev.coffer.materials.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.testing.Gen;
import dev.coffer.testing.Property;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written checks accept exactly what the documented patterns accept. */
class MaterialsDescriptionGrammarTest {

    /** Strings of 0 to 70 characters, from the letters, digits and punctuation the grammars are about. */
    private static final Gen<String> NAMES = Gen.oneOf(Gen.chars('a', 'z'), Gen.chars('A', 'Z'), Gen.chars('0', '9'),
                    Gen.of('.', '-', '_', ' ', '\u00e9', '\u0130', '\u212A', '/'))
            .list(0, 70)
            .map(MaterialsDescriptionGrammarTest::join);

    @Test
    void isProviderId_anyString_agreesWithPattern() {
        Property.forAll(3000, NAMES, s -> assertThat(MaterialsDescription.isProviderId(s)).as(s)
                .isEqualTo(MaterialsDescription.PROVIDER_ID.matcher(s).matches()));
    }

    @Test
    void isParameterName_anyString_agreesWithPattern() {
        Property.forAll(3000, NAMES, s -> assertThat(MaterialsDescription.isParameterName(s)).as(s)
                .isEqualTo(MaterialsDescription.PARAMETER_NAME.matcher(s).matches()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "static", "wrapped", "kms.v2-x", "-x", ".x", "A", "aB", "a_b", "é",
        "0123456789012345678901234567890123456789012345678901234567890123",
        "01234567890123456789012345678901234567890123456789012345678901234", "sk", "alg", "a b", "a\\n", "ｓ"})
    void bothChecks_edgeCases_agreeWithPatterns(String s) {
        assertThat(MaterialsDescription.isProviderId(s)).as(s)
                .isEqualTo(MaterialsDescription.PROVIDER_ID.matcher(s).matches());
        assertThat(MaterialsDescription.isParameterName(s)).as(s)
                .isEqualTo(MaterialsDescription.PARAMETER_NAME.matcher(s).matches());
    }

    private static String join(List<Character> chars) {
        StringBuilder b = new StringBuilder(chars.size());
        chars.forEach(b::append);
        return b.toString();
    }
}
