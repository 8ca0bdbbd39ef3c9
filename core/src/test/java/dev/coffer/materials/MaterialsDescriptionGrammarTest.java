package dev.coffer.materials;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written checks accept exactly what the documented patterns accept. */
class MaterialsDescriptionGrammarTest {

    @Property(tries = 3000)
    void isProviderId_anyString_agreesWithPattern(@ForAll("names") String s) {
        assertThat(MaterialsDescription.isProviderId(s)).as(s)
                .isEqualTo(MaterialsDescription.PROVIDER_ID.matcher(s).matches());
    }

    @Property(tries = 3000)
    void isParameterName_anyString_agreesWithPattern(@ForAll("names") String s) {
        assertThat(MaterialsDescription.isParameterName(s)).as(s)
                .isEqualTo(MaterialsDescription.PARAMETER_NAME.matcher(s).matches());
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

    @Provide
    Arbitrary<String> names() {
        Arbitrary<Character> chars = Arbitraries.oneOf(Arbitraries.chars().range('a', 'z'), Arbitraries.chars().range('A', 'Z'),
                Arbitraries.chars().range('0', '9'), Arbitraries.of('.', '-', '_', ' ', 'é', '\u0130', '\u212A', '/'));
        return chars.list().ofMinSize(0).ofMaxSize(70)
                .map(l -> l.stream().map(String::valueOf).reduce("", String::concat));
    }
}
