package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BeaconLengthCommandTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} distinct values: {1}")
    @CsvSource({
        "4, recommended length: 1 bit",
        "1000, recommended length: 4 to 8 bits",
        "100000, recommended length: 11 to 15 bits",
        "1000000000000, recommended length: 34 to 38 bits",
    })
    void beaconLength_distinct_recommendsRangeByTheDocumentedRule(long distinct, String line) {
        CliRun r = CliRun.run("beacon-length", "--distinct", Long.toString(distinct));

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.out).contains(line);
    }

    @Test
    void beaconLength_threeValues_recommendsNoBeacon() {
        CliRun r = CliRun.run("beacon-length", "--distinct", "3");

        assertThat(r.exitCode).isZero();
        assertThat(r.out).contains("recommended: no beacon").doesNotContain("recommended length");
    }

    @Test
    void beaconLength_skewedSample_usesEffectiveCountAndWarnsOfTheFrequentValue() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            sb.append("common\n");
        }
        for (int i = 0; i < 2000; i++) {
            sb.append("rare-").append(i).append('\n');
        }
        Files.writeString(dir.resolve("values.txt"), sb.toString());

        CliRun r = CliRun.in(dir, "", "beacon-length", "--sample", "values.txt");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.out).contains("2001 distinct", "the most frequent is 33.3%", "effective distinct values "
                + "(1 / sum of squared shares): 9.0", "distinct values: 2001", "recommended length: 2 bits",
                "warning: the most frequent value alone is 33.3%");
    }

    @Test
    void beaconLength_noInputOrBadCount_isAUsageErrorNamingTheFlag() {
        assertThat(CliRun.run("beacon-length").exitCode).isEqualTo(2);
        CliRun zero = CliRun.run("beacon-length", "--distinct", "0");
        assertThat(zero.exitCode).isEqualTo(2);
        assertThat(zero.err).contains("--distinct");
    }
}
