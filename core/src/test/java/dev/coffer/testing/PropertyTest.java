package dev.coffer.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The property runner: every try runs, a failure names its seed and command, and that seed replays it. */
class PropertyTest {
    private static final Gen<Integer> INTS = Gen.ints(0, 1_000_000);

    @Test
    void run_failingTry_throwsAssertionErrorWithSeedCommandSampleAndCause() {
        IllegalStateException bug = new IllegalStateException("line one\nline two");

        AssertionError e = catchThrowableOfType(AssertionError.class,
                () -> Property.run(50, "SomeTest#some_property", null, INTS, i -> {
                    if (i % 3 == 0) {
                        throw bug;
                    }
                }));

        assertThat(e.getCause()).isSameAs(bug);
        assertThat(e.getMessage())
                .containsPattern("^Property SomeTest#some_property failed on try \\d+ of 50 with seed -?\\d+\n")
                .containsPattern("\n  reproduce: \\./mvnw -B -o test -pl core -Dtest=SomeTest#some_property -Dcoffer\\.seed=-?\\d+\n")
                .contains("  failure:   java.lang.IllegalStateException: line one\n    line two");
        assertThat(Integer.parseInt(group(e.getMessage(), "\n  generated: (\\d+)\n")) % 3).isZero();
    }

    @Test
    void run_failingSeedGivenBack_failsOnTheFirstTryWithTheSameValue() {
        Property.Check1<Integer> check = i -> assertThat(i % 7).isNotZero();
        AssertionError first = catchThrowableOfType(AssertionError.class,
                () -> Property.run(1000, "T#p", null, INTS, check));
        String seed = group(first.getMessage(), "-Dcoffer\\.seed=(-?\\d+)");

        AssertionError again = catchThrowableOfType(AssertionError.class,
                () -> Property.run(1000, "T#p", seed, INTS, check));

        assertThat(again.getMessage()).startsWith("Property T#p failed on try 1 of 1000 with seed " + seed + " (first seed from")
                .contains("-Dcoffer.seed=" + seed + "\n");
        assertThat(group(again.getMessage(), "generated: (.*)\n")).isEqualTo(group(first.getMessage(), "generated: (.*)\n"));
    }

    @Test
    void run_passingProperty_runsEveryTryOnTheValuesItsSeedGives() {
        List<Integer> seen = new ArrayList<>();
        List<Integer> again = new ArrayList<>();

        Property.run(300, "T#p", "42", INTS, seen::add);
        Property.run(300, "T#p", "42", INTS, again::add);

        assertThat(seen).hasSize(300).isEqualTo(again);
        assertThat(seen.stream().distinct().count()).as("distinct values").isGreaterThan(200);
    }

    @Test
    void run_generatorThrows_failsNamingTheSeed() {
        Gen<Integer> broken = r -> {
            throw new IllegalStateException("no values");
        };

        assertThatThrownBy(() -> Property.run(5, "T#p", "7", broken, i -> { }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("with seed 7")
                .hasMessageContaining("generated: (the generator failed)")
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void run_seedNotALong_throwsNamingTheProperty() {
        assertThatThrownBy(() -> Property.run(5, "T#p", "0x1f", INTS, i -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-Dcoffer.seed")
                .hasMessageContaining("'0x1f'");
    }

    @Test
    void forAll_failure_namesTheCallingTestMethod() {
        assertThatThrownBy(() -> Property.forAll(10, INTS, Gen.booleans(), (i, b) -> assertThat(i).isNegative()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(" -Dtest=PropertyTest#forAll_failure_namesTheCallingTestMethod -Dcoffer.seed=");
    }

    @Test
    void describe_controlsAndLongValues_areEscapedAndCut() {
        assertThat(Property.describe("a\u0000b\u007f\n", false)).isEqualTo("a\\u0000b\\u007F\\u000A");
        assertThat(Property.describe("x".repeat(Property.SAMPLE_CHARS + 5), false))
                .endsWith("x... (" + (Property.SAMPLE_CHARS + 5) + " characters)");
    }

    @Test
    void next_seedSequence_doesNotRepeatSoon() {
        long seed = 0;
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            seen.add(seed);
            seed = Property.next(seed);
        }

        assertThat(seen).hasSize(100_000);
    }

    private static String group(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        assertThat(m.find()).as("%s in %s", regex, s).isTrue();
        return m.group(1);
    }
}
