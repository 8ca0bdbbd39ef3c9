package dev.coffer.kms.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyArnTest {
    private static final String MRK_EAST = "arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab";

    @ParameterizedTest
    @ValueSource(strings = {
            "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "arn:aws:kms:us-east-1:111122223333:alias/orders",
            MRK_EAST})
    void parse_validArn_roundTripsToTheSameString(String arn) {
        assertThat(KeyArn.parse(arn)).hasValueSatisfying(a -> assertThat(a.toString()).isEqualTo(arn));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "alias/orders", "1234abcd-12ab", "arn:aws:s3:us-east-1:111122223333:key/x",
            "arn:aws:kms:us-east-1:1111:key/x", "arn:aws:kms:us-east-1:111122223333:key/",
            "arn:aws:kms:us-east-1:111122223333:grant/x", "arn:aws:kms:us-east-1:111122223333:key"})
    void parse_notAKmsArn_isEmpty(String s) {
        assertThat(KeyArn.parse(s)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            // same multi-Region key, other region: match
            MRK_EAST + ", arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab, true",
            // other account, other partition, other id: no match
            MRK_EAST + ", arn:aws:kms:eu-west-1:444455556666:key/mrk-1234abcd12ab34cd56ef1234567890ab, false",
            MRK_EAST + ", arn:aws-cn:kms:cn-north-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab, false",
            MRK_EAST + ", arn:aws:kms:eu-west-1:111122223333:key/mrk-ffffabcd12ab34cd56ef1234567890ab, false",
            // single-Region keys match only exactly
            "arn:aws:kms:us-east-1:111122223333:key/abc, arn:aws:kms:us-west-2:111122223333:key/abc, false",
            "arn:aws:kms:us-east-1:111122223333:key/abc, arn:aws:kms:us-east-1:111122223333:key/abc, true",
            // an alias named like an mrk is not a key
            "arn:aws:kms:us-east-1:111122223333:alias/mrk-x, arn:aws:kms:us-west-2:111122223333:alias/mrk-x, false"})
    void matches_followsMultiRegionRules(String a, String b, boolean expected) {
        KeyArn x = KeyArn.parse(a).orElseThrow();
        KeyArn y = KeyArn.parse(b).orElseThrow();

        assertThat(x.matches(y)).isEqualTo(expected);
        assertThat(y.matches(x)).isEqualTo(expected);
    }
}
