package dev.coffer.internal.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Decoding rebuilds maps, sets and shared constants correctly and still refuses non-canonical input. */
class ValueCodecDecodeTest {

    private static byte[] encode(AttributeValue v) {
        ByteBuf b = new ByteBuf(16);
        ValueCodec.encode(v, b);
        return b.toByteArray();
    }

    private static AttributeValue decode(byte[] b) {
        return ValueCodec.decode(b, 0, b.length);
    }

    /** A map encoding with the given keys in the given order, each value the string "v". */
    private static byte[] rawMap(String... keys) {
        ByteBuf b = new ByteBuf(16);
        b.u8(ValueCodec.T_M);
        b.varint(keys.length);
        for (String k : keys) {
            b.lpv(k.getBytes(StandardCharsets.UTF_8));
            // The string "v" in delimited form: tag, length, body.
            b.bytes(new byte[] {ValueCodec.T_S, 1, 'v'});
        }
        return b.toByteArray();
    }

    private static byte[] rawStringSet(String... members) {
        ByteBuf b = new ByteBuf(16);
        b.u8(ValueCodec.T_SS);
        b.varint(members.length);
        for (String m : members) {
            b.lpv(m.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    @Test
    void decode_map_isAnOrdinaryMapInCanonicalOrder() {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("zeta", AttributeValue.fromN("1"));
        m.put("alpha", AttributeValue.fromBool(true));
        m.put("émile", AttributeValue.fromNul(true));
        AttributeValue back = decode(encode(AttributeValue.fromM(m)));
        assertThat(back.type()).isEqualTo(AttributeValue.Type.M);
        assertThat(back.m()).isEqualTo(m).containsOnlyKeys("zeta", "alpha", "émile");
        assertThat(back.m().keySet()).containsExactly("alpha", "zeta", "émile");
        assertThat(back).isEqualTo(AttributeValue.fromM(m));
        assertThat(back.hashCode()).isEqualTo(AttributeValue.fromM(m).hashCode());
    }

    @Test
    void decode_emptyMap_staysTypeM() {
        AttributeValue back = decode(encode(AttributeValue.fromM(Map.of())));
        assertThat(back.type()).isEqualTo(AttributeValue.Type.M);
        assertThat(back.hasM()).isTrue();
        assertThat(back.m()).isEmpty();
    }

    @Test
    void decode_booleansAndNull_equalFreshValues() {
        assertThat(decode(encode(AttributeValue.fromBool(true)))).isEqualTo(AttributeValue.fromBool(true));
        assertThat(decode(encode(AttributeValue.fromBool(false)))).isEqualTo(AttributeValue.fromBool(false));
        assertThat(decode(encode(AttributeValue.fromNul(true)))).isEqualTo(AttributeValue.fromNul(true));
    }

    @Test
    void decode_mapKeysOutOfOrder_throwsMalformed() {
        assertThat(decode(rawMap("a", "b")).m()).containsOnlyKeys("a", "b");
        assertThatThrownBy(() -> decode(rawMap("b", "a"))).isInstanceOf(ByteReader.Malformed.class)
                .hasMessageContaining("strictly ascending");
    }

    @Test
    void decode_duplicateMapKey_throwsMalformed() {
        assertThatThrownBy(() -> decode(rawMap("a", "a"))).isInstanceOf(ByteReader.Malformed.class);
    }

    @Test
    void decode_mapKeyPrefixOrder_isByUnsignedBytes() {
        assertThat(decode(rawMap("a", "ab", "é")).m()).containsOnlyKeys("a", "ab", "é");
        assertThatThrownBy(() -> decode(rawMap("ab", "a"))).isInstanceOf(ByteReader.Malformed.class);
        assertThatThrownBy(() -> decode(rawMap("é", "z"))).isInstanceOf(ByteReader.Malformed.class);
    }

    @Test
    void decode_stringSetOutOfOrderOrDuplicate_throwsMalformed() {
        assertThat(decode(rawStringSet("a", "b")).ss()).containsExactly("a", "b");
        assertThatThrownBy(() -> decode(rawStringSet("b", "a"))).isInstanceOf(ByteReader.Malformed.class);
        assertThatThrownBy(() -> decode(rawStringSet("a", "a"))).isInstanceOf(ByteReader.Malformed.class);
    }

    @Test
    void encode_mapWithManyKeys_sortsLikeSmallMaps() {
        Map<String, AttributeValue> small = new LinkedHashMap<>();
        Map<String, AttributeValue> big = new LinkedHashMap<>();
        for (int i = 40; i >= 0; i--) {
            big.put("k" + i, AttributeValue.fromN(Integer.toString(i)));
            if (i < 5) {
                small.put("k" + i, AttributeValue.fromN(Integer.toString(i)));
            }
        }
        for (Map<String, AttributeValue> m : List.of(small, big)) {
            AttributeValue back = decode(encode(AttributeValue.fromM(m)));
            assertThat(back.m()).isEqualTo(m);
        }
    }
}
