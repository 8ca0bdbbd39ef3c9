package dev.coffer.internal.format;

import static dev.coffer.testing.Items.b;
import static dev.coffer.testing.Items.n;
import static dev.coffer.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.testing.Gen;
import dev.coffer.testing.ItemGen;
import dev.coffer.testing.Items;
import dev.coffer.testing.Property;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The canonical value encoding: one encoding per DynamoDB value, and a strict decoder. */
class ValueCodecTest {

    static byte[] encode(AttributeValue v) {
        ByteBuf b = new ByteBuf(16);
        ValueCodec.encode(v, b);
        return b.toByteArray();
    }

    static AttributeValue decode(byte[] b) {
        return ValueCodec.decode(b, 0, b.length);
    }

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    // ---------------------------------------------------------------------------------------------
    // Round trip and canonical form
    // ---------------------------------------------------------------------------------------------

    @Test
    void decode_ofEncode_isTheSameValue() {
        Property.forAll(400, ItemGen.values(), v -> {
            byte[] e = encode(v);

            AttributeValue back = decode(e);

            assertThat(encode(back)).isEqualTo(e);
            assertThat(Items.numbersNormalized(back)).isTrue();
        });
    }

    @Test
    void encode_valueAsDynamoDbReturnsIt_isUnchanged() {
        Property.forAll(300, ItemGen.values(), Gen.longs(), (v, seed) -> {
            AttributeValue returned = ItemGen.asReturnedByDynamoDb(v, new Random(seed));

            assertThat(encode(returned)).isEqualTo(encode(v));
        });
    }

    @Test
    void encode_scalars_areTagThenBody() {
        assertThat(encode(s("a"))).isEqualTo(hex("01 61"));
        assertThat(encode(s(""))).isEqualTo(hex("01"));
        assertThat(encode(b(0, 0xFF))).isEqualTo(hex("03 00ff"));
        assertThat(encode(b())).isEqualTo(hex("03"));
        assertThat(encode(AttributeValue.fromBool(false))).isEqualTo(hex("04"));
        assertThat(encode(AttributeValue.fromBool(true))).isEqualTo(hex("05"));
        assertThat(encode(AttributeValue.fromNul(true))).isEqualTo(hex("06"));
    }

    @Test
    void encode_numbers_areZigzagScaleThenMinimalTwosComplement() {
        // The examples of docs/FORMAT.md, section 7.
        assertThat(encode(n("1.50E3"))).isEqualTo(hex("02 03 0f"));
        assertThat(encode(n("1500"))).isEqualTo(hex("02 03 0f"));
        assertThat(encode(n("12.5"))).isEqualTo(hex("02 02 7d"));
        assertThat(encode(n("-0.001"))).isEqualTo(hex("02 06 ff"));
        assertThat(encode(n("0"))).isEqualTo(hex("02 00 00")).isEqualTo(encode(n("-0.000")));
        assertThat(encode(n("127"))).isEqualTo(hex("02 00 7f"));
        assertThat(encode(n("128"))).isEqualTo(hex("02 00 0080"));
        assertThat(encode(n("-129"))).isEqualTo(hex("02 00 ff7f"));
        assertThat(encode(n("1795000000"))).isEqualTo(hex("02 0b 0703"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "-1", "0.5", ".5", "5.", "+7", "1E-130", "-9.9999999999999999999999999999999999999E+125",
        "123456789012345678", "1234567890123456789", "-999999999999999999", "99999999999999999999999999999999999999",
        "1.2345678901234567890123456789012345678", "9223372036854775807", "-9223372036854775808", "18446744073709551616"})
    void encode_number_decodesToItsCanonicalForm(String n) {
        assertThat(decode(encode(n(n)))).isEqualTo(n(Numbers.canonical(n)));
    }

    static Stream<Arguments> malformedNumbers() {
        return Stream.of(
                Arguments.of("non-minimal positive", "02 00 007f", "minimal"),
                Arguments.of("non-minimal negative", "02 00 ff80", "minimal"),
                Arguments.of("trailing zero", "02 00 0a", "trailing zeros"),
                Arguments.of("zero with a scale", "02 02 00", "zero has a scale"),
                Arguments.of("no value byte", "02 00", "number value of 0 bytes"),
                Arguments.of("17 value bytes", "02 00 0102030405060708090a0b0c0d0e0f1011", "17 bytes"),
                Arguments.of("exponent too large", "02 fd01 01", "range"),
                Arguments.of("exponent too small", "02 8602 01", "range"),
                Arguments.of("39 digits", "02 00 4b3b4ca85a86c47a098a224000000001", "digits"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedNumbers")
    void decode_malformedNumber_throwsMalformed(String what, String hexBytes, String reason) {
        assertThatThrownBy(() -> decode(hex(hexBytes))).isInstanceOf(ByteReader.Malformed.class)
                .hasMessageContaining(reason);
    }

    @Test
    void encode_setsAndMapKeys_sortByUtf8BytesNotUtf16() {
        // U+FF61 sorts after U+1F600 in UTF-16 (0xFF61 > 0xD83D) but before it in UTF-8 (EF.. < F0..).
        String bmp = "\uFF61";
        String astral = "\uD83D\uDE00";

        assertThat(encode(AttributeValue.fromSs(List.of(astral, bmp))))
                .isEqualTo(encode(AttributeValue.fromSs(List.of(bmp, astral))))
                .isEqualTo(hex("11 02 03 efbda1 04 f09f9880"));
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put(astral, s(""));
        m.put(bmp, s(""));
        assertThat(encode(AttributeValue.fromM(m)))
                .isEqualTo(hex("22 02 03 efbda1 01 00 04 f09f9880 01 00"));
    }

    @Test
    void encode_numberSetInAnySpelling_isTheSame() {
        assertThat(encode(AttributeValue.fromNs(List.of("10", "-1.50", "2E0"))))
                .isEqualTo(encode(AttributeValue.fromNs(List.of("2", "1E1", "-1.5"))));
    }

    @Test
    void encode_listOrder_matters() {
        assertThat(encode(AttributeValue.fromL(List.of(s("a"), s("b")))))
                .isNotEqualTo(encode(AttributeValue.fromL(List.of(s("b"), s("a")))));
    }

    @Test
    void encode_differentTypesOfSameText_differ() {
        assertThat(Stream.of(s("1"), n("1"), b('1'), AttributeValue.fromSs(List.of("1")),
                        AttributeValue.fromNs(List.of("1")), AttributeValue.fromL(List.of(s("1"))))
                .map(v -> HexFormat.of().formatHex(encode(v))).distinct()).hasSize(6);
    }

    // ---------------------------------------------------------------------------------------------
    // Encode rejects what DynamoDB rejects
    // ---------------------------------------------------------------------------------------------

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                Arguments.of(Named.of("empty SS", AttributeValue.fromSs(List.of())), "empty string set"),
                Arguments.of(Named.of("empty NS", AttributeValue.fromNs(List.of())), "empty number set"),
                Arguments.of(Named.of("empty BS", AttributeValue.fromBs(List.of())), "empty binary set"),
                Arguments.of(Named.of("duplicate SS", AttributeValue.fromSs(List.of("a", "a"))), "duplicate"),
                Arguments.of(Named.of("NS 1 and 1.0", AttributeValue.fromNs(List.of("1", "1.0"))), "duplicate"),
                Arguments.of(Named.of("NS 1E2 and 100", AttributeValue.fromNs(List.of("1E2", "100"))), "duplicate"),
                Arguments.of(Named.of("duplicate BS", AttributeValue.fromBs(List.of(bytes(1, 2), bytes(1, 2)))), "duplicate"),
                Arguments.of(Named.of("NULL false", AttributeValue.fromNul(false)), "NULL=false"),
                Arguments.of(Named.of("N abc", n("abc")), "not a number"),
                Arguments.of(Named.of("N NaN", n("NaN")), "not a number"),
                Arguments.of(Named.of("N empty", n("")), "not a number"),
                Arguments.of(Named.of("N 39 digits", n("123456789012345678901234567890123456789")), "39 significant digits"),
                Arguments.of(Named.of("N 1E+126", n("1E+126")), "range"),
                Arguments.of(Named.of("N 1E-131", n("1E-131")), "range"),
                Arguments.of(Named.of("unpaired high surrogate", s("a\uD800")), "surrogate"),
                Arguments.of(Named.of("unpaired low surrogate", s("\uDC00a")), "surrogate"),
                Arguments.of(Named.of("surrogate in SS", AttributeValue.fromSs(List.of("ok", "\uDBFF"))), "surrogate"),
                Arguments.of(Named.of("surrogate in map key", AttributeValue.fromM(Map.of("k\uD800", s("v")))), "surrogate"),
                Arguments.of(Named.of("empty map key", AttributeValue.fromM(Map.of("", s("v")))), "empty key"),
                Arguments.of(Named.of("invalid N in list", AttributeValue.fromL(List.of(s("ok"), n("1e")))), "not a number"),
                Arguments.of(Named.of("32 nested lists", Items.nestedLists(32, s("x"))), "nests lists and maps deeper"),
                Arguments.of(Named.of("32 nested maps", Items.nestedMaps(32, n("1"))), "nests lists and maps deeper"),
                Arguments.of(Named.of("no type", AttributeValue.builder().build()), "no DynamoDB type"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidValues")
    void encode_valueDynamoDbRejects_throwsInvalidValue(AttributeValue v, String reason) {
        assertThatThrownBy(() -> encode(v)).isInstanceOf(InvalidValue.class).hasMessageContaining(reason);
    }

    @Test
    void encode_31NestedListsAndMaps_isAccepted() {
        assertThat(decode(encode(Items.nestedLists(31, s("x"))))).isEqualTo(Items.nestedLists(31, s("x")));
        AttributeValue thirtyOneWithEmptyInnermost = Items.nestedMaps(30, AttributeValue.fromL(List.of()));
        assertThat(decode(encode(thirtyOneWithEmptyInnermost))).isEqualTo(thirtyOneWithEmptyInnermost);
    }

    @Test
    void encode_32ContainersWhenInnermostIsEmpty_isRejected() {
        assertThatThrownBy(() -> encode(Items.nestedLists(31, AttributeValue.fromL(List.of()))))
                .isInstanceOf(InvalidValue.class);
    }

    // ---------------------------------------------------------------------------------------------
    // Decode rejects malformed input
    // ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"00", "07", "10", "14", "20", "23", "ff"})
    void decode_unknownTag_throwsMalformed(String tag) {
        assertThatThrownBy(() -> decode(hex(tag))).isInstanceOf(ByteReader.Malformed.class)
                .hasMessageContaining("unknown type tag");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("empty input", "", "runs past the end"),
                Arguments.of("false trailing byte", "04 00", "trailing"),
                Arguments.of("NULL trailing byte", "06 00", "trailing"),
                Arguments.of("SS count without members", "11 01", "exceeds the bytes left"),
                Arguments.of("SS empty", "11 00", "empty set"),
                Arguments.of("SS count over bytes left", "11 03 00 00", "exceeds the bytes left"),
                Arguments.of("SS count over int range", "11 ffffffff0f", "out of range"),
                Arguments.of("SS count not shortest", "11 8100 01 61", "shortest form"),
                Arguments.of("SS member length over bytes left", "11 01 05 6161", "runs past the end"),
                Arguments.of("SS members equal", "11 02 01 61 01 61", "strictly ascending"),
                Arguments.of("SS members descending", "11 02 01 62 01 61", "strictly ascending"),
                Arguments.of("SS member invalid UTF-8", "11 01 02 c080", "not valid UTF-8"),
                Arguments.of("NS members descending", "12 02 02 00 02 02 00 01", "strictly ascending"),
                Arguments.of("NS member malformed", "12 01 02 00 0a", "trailing zeros"),
                Arguments.of("BS members descending", "13 02 01 ff 01 00", "strictly ascending"),
                Arguments.of("SS trailing byte", "11 01 01 61 00", "trailing"),
                Arguments.of("S invalid UTF-8", "01 61 ff", "not valid UTF-8"),
                Arguments.of("S overlong UTF-8", "01 c1 bf", "not valid UTF-8"),
                Arguments.of("S encoded surrogate", "01 eda080", "not valid UTF-8"),
                Arguments.of("L count over bytes left", "21 05 01 01 61", "exceeds the bytes left"),
                Arguments.of("L string length over bytes left", "21 01 01 09 61", "runs past the end"),
                Arguments.of("L trailing byte", "21 00 00", "trailing"),
                Arguments.of("M keys equal", "22 02 01 61 06 01 61 06", "strictly ascending"),
                Arguments.of("M keys descending", "22 02 01 62 06 01 61 06", "strictly ascending"),
                Arguments.of("M empty key", "22 01 00 06 00", "map key is empty"),
                Arguments.of("M key invalid UTF-8", "22 01 01 ff 06", "not valid UTF-8"),
                Arguments.of("M count over bytes left", "22 02 01 61 06", "exceeds the bytes left"),
                Arguments.of("M value of unknown tag", "22 01 01 61 09", "unknown type tag"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void decode_malformedEncoding_throwsMalformed(String what, String hexBytes, String reason) {
        assertThatThrownBy(() -> decode(hex(hexBytes))).isInstanceOf(ByteReader.Malformed.class)
                .hasMessageContaining(reason);
    }

    @Test
    void decode_32NestedLists_throwsMalformed() {
        byte[] deepest = hex("01 01 78");
        byte[] v = deepest;
        for (int i = 0; i < 32; i++) {
            v = list(v);
        }
        byte[] tooDeep = v;

        assertThatThrownBy(() -> decode(tooDeep)).isInstanceOf(ByteReader.Malformed.class)
                .hasMessageContaining("nested lists or maps");
    }

    @Test
    void decode_31NestedLists_isAccepted() {
        byte[] v = hex("01 01 78");
        for (int i = 0; i < 31; i++) {
            v = list(v);
        }

        assertThat(decode(v)).isEqualTo(Items.nestedLists(31, s("x")));
    }

    @Test
    void decode_everyTruncationOfAValidEncoding_throwsMalformed() {
        byte[] e = encode(Items.everyType().get("lines"));
        List<Integer> accepted = new ArrayList<>();
        for (int len = 0; len < e.length; len++) {
            try {
                ValueCodec.decode(e, 0, len);
                accepted.add(len);
            } catch (ByteReader.Malformed expected) {
                // the point
            }
        }

        assertThat(accepted).as("truncated lengths that decoded").isEmpty();
    }

    @Test
    void decode_hugeCounts_failWithoutAllocating() {
        // A count of 2^31-1 members must be refused from the bytes left, not by running out of memory.
        for (String tag : new String[] {"11", "12", "13", "21", "22"}) {
            assertThatThrownBy(() -> decode(hex(tag + "ffffffff07"))).isInstanceOf(ByteReader.Malformed.class);
        }
    }

    /** A list of one element, which must be a list or a string in delimited form. */
    private static byte[] list(byte[] element) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(hex("21 01"));
        o.writeBytes(element);
        return o.toByteArray();
    }

    private static SdkBytes bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return SdkBytes.fromByteArray(out);
    }

    @Test
    void utf8_stringWithPairedSurrogates_isStandardUtf8() {
        String s = "a\u00e9\u20ac\uD83D\uDE00";

        assertThat(ValueCodec.utf8(s)).isEqualTo(s.getBytes(StandardCharsets.UTF_8)).hasSize(1 + 2 + 3 + 4);
    }
}
