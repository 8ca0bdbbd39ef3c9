package dev.coffer.legacy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The decoders refuse malformed bytes with a MalformedException, never anything else; the encoders sort as the Java client. */
class LegacyCodecTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "",                     // no tag
        "00",                   // half a tag
        "0073",                 // string without length
        "0073 00000005 6162",   // string shorter than its length
        "0073 ffffffff",        // negative length
        "0053 7fffffff",        // a set count no input could hold
        "004c 00010000 0000",   // a list count larger than the bytes left
        "003f 02",              // boolean byte 2
        "0078",                 // unknown tag 'x'
        "0000 00",              // a byte after the value
        "0073 00000002 c328",   // invalid UTF-8
        "006e 00000003 616263", // a number that does not parse
        "004d 00000001 006e 00000001 31 0000", // a map key that is not a string
        "004d 00000002 0073 00000001 61 0000 0073 00000001 61 0000", // a map key twice
    })
    void deserialize_malformedBytes_throwsMalformedException(String hex) {
        assertThatThrownBy(() -> LegacyCodec.deserialize(bytes(hex))).isInstanceOf(LegacyCodec.MalformedException.class);
    }

    @Test
    void deserialize_nestingDeeperThanDynamoDb_throwsMalformedException() {
        ByteBuffer b = ByteBuffer.allocate(40 * 6 + 2);
        for (int i = 0; i < 40; i++) {
            b.putChar('L').putInt(1);
        }
        b.putChar('\0');

        assertThatThrownBy(() -> LegacyCodec.deserialize(b.array())).isInstanceOf(LegacyCodec.MalformedException.class)
                .hasMessageContaining("nested deeper");
    }

    @Test
    void serialize_sets_sortAsTheJavaClient_utf16AndSignedBytes() throws Exception {
        AttributeValue ss = AttributeValue.builder().ss("\uFFFD", "😀").build();
        AttributeValue bs = AttributeValue.builder().bs(SdkBytes.fromByteArray(new byte[] {1}),
                SdkBytes.fromByteArray(new byte[] {(byte) 0x80})).build();

        // U+1F600 is the surrogate pair D83D DE00, before U+FFFD in UTF-16 (but after it in UTF-8 bytes).
        assertThat(LegacyCodec.deserialize(LegacyCodec.serialize(ss)).ss()).containsExactly("😀", "\uFFFD");
        // 0x80 is -128 as a signed byte: first.
        assertThat(LegacyCodec.deserialize(LegacyCodec.serialize(bs)).bs()).extracting(b -> b.asByteArray()[0])
                .containsExactly((byte) 0x80, (byte) 1);
    }

    @Test
    void serialize_numbers_normalizedAsTheJavaClient() throws Exception {
        AttributeValue ns = AttributeValue.builder().ns("1.50E3", "-0.0", "010").build();

        assertThat(LegacyCodec.deserialize(LegacyCodec.serialize(ns)).ns()).containsExactly("0", "10", "1500");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "000000", "00000001", "00000000 00000002 61", "00000000 00000001 61 00000009 62",
        "00000000 00000001 61 00000001 62 00000001 61 00000001 63"})
    void parseDescription_malformed_throwsMalformedException(String hex) {
        assertThatThrownBy(() -> LegacyCodec.parseDescription(bytes(hex))).isInstanceOf(LegacyCodec.MalformedException.class);
    }

    @Test
    void description_roundTrips_withNonBmpKeysAndValues() throws Exception {
        Map<String, String> d = Map.of("𝄞music", "Ψvalue😀", "amzn-ddb-env-alg", "AES");

        assertThat(LegacyCodec.parseDescription(LegacyCodec.serializeDescription(d))).isEqualTo(d);
    }

    @Test
    void stringToSign_unsignedAttributes_areNotCovered() {
        Map<String, AttributeValue> item = Map.of("a", AttributeValue.builder().s("x").build(),
                "b", AttributeValue.builder().s("y").build());
        byte[] ad = LegacyCodec.associatedData("T");

        byte[] onlyA = LegacyCodec.stringToSign(item, Map.of("a", LegacyCodec.Flag.SIGN), ad);
        byte[] both = LegacyCodec.stringToSign(item, Map.of("a", LegacyCodec.Flag.SIGN, "b", LegacyCodec.Flag.SIGN), ad);
        byte[] encryptedA = LegacyCodec.stringToSign(item, Map.of("a", LegacyCodec.Flag.ENCRYPT_AND_SIGN), ad);

        assertThat(onlyA).hasSize(32 + 96);
        assertThat(both).hasSize(32 + 2 * 96);
        assertThat(encryptedA).hasSize(onlyA.length).isNotEqualTo(onlyA);
        assertThat(List.of(LegacyCodec.stringToSign(item, Map.of("a", LegacyCodec.Flag.SIGN), LegacyCodec.associatedData("U"))))
                .doesNotContain(onlyA);
    }

    private static byte[] bytes(String hex) {
        String h = hex.replace(" ", "");
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
