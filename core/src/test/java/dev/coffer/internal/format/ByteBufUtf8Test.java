package dev.coffer.internal.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ByteBuf#utf8} writes exactly the JDK's UTF-8 bytes and refuses unpaired surrogates. */
class ByteBufUtf8Test {

    @Property(tries = 2000)
    void utf8_anyValidString_equalsJdkEncoding(@ForAll String s) {
        boolean valid = !hasUnpairedSurrogate(s);
        ByteBuf b = new ByteBuf(4);
        b.u8(0x7F);
        assertThat(b.utf8(s)).isEqualTo(valid);
        byte[] expected = valid ? s.getBytes(StandardCharsets.UTF_8) : new byte[0];
        assertThat(Arrays.copyOfRange(b.array(), 1, b.size())).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain ascii", "ünïcødé", "\u07FF\u0800\uFFFF", "😀 and 𝄞", "\uE000\uD7FF"})
    void utf8_boundaryCharacters_equalJdkEncoding(String s) {
        ByteBuf b = new ByteBuf(1);
        assertThat(b.utf8(s)).isTrue();
        assertThat(b.toByteArray()).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uD800", "a\uDC00", "\uD83D", "x\uD83Dy", "\uDE00\uD83D"})
    void utf8_unpairedSurrogate_appendsNothingAndReturnsFalse(String s) {
        ByteBuf b = new ByteBuf(1);
        b.u8(1);
        assertThat(b.utf8(s)).isFalse();
        assertThat(b.toByteArray()).containsExactly(1);
    }

    private static boolean hasUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
