package dev.coffer.materials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.ConfigurationException;
import dev.coffer.testing.TestKeys;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretBytesTest {
    private static final byte[] KEY = TestKeys.counting(32, 0x41);

    @Test
    void toString_neverShowsTheBytes() {
        SecretBytes s = SecretBytes.copyOf(KEY);

        assertThat(s.toString()).isEqualTo("SecretBytes(32 bytes)")
                .doesNotContain(HexFormat.of().formatHex(KEY).substring(0, 8))
                .doesNotContain(Base64.getEncoder().encodeToString(KEY).substring(0, 8))
                .doesNotContain(new String(KEY, java.nio.charset.StandardCharsets.ISO_8859_1).substring(0, 8))
                .doesNotContain(Arrays.toString(KEY).substring(0, 8));
    }

    @Test
    void copyOf_copiesIn_andToByteArrayCopiesOut() {
        byte[] mine = KEY.clone();
        SecretBytes s = SecretBytes.copyOf(mine);

        Arrays.fill(mine, (byte) 0);
        byte[] out = s.toByteArray();
        out[0] ^= 1;

        assertThat(s.toByteArray()).isEqualTo(KEY);
        assertThat(s.length()).isEqualTo(32);
    }

    @Test
    void equalsSecret_comparesContent_whileEqualsIsIdentity() {
        SecretBytes a = SecretBytes.copyOf(KEY);
        SecretBytes b = SecretBytes.copyOf(KEY);
        byte[] other = KEY.clone();
        other[31] ^= 1;

        assertThat(a.equalsSecret(b)).isTrue();
        assertThat(a.equalsSecret(SecretBytes.copyOf(other))).isFalse();
        assertThat(a.equalsSecret(SecretBytes.copyOf(Arrays.copyOf(KEY, 31)))).isFalse();
        assertThat(a).isNotEqualTo(b).isEqualTo(a);
        assertThat(a.hashCode()).isEqualTo(System.identityHashCode(a));
    }

    @Test
    void destroy_makesEveryLaterUseThrow() {
        SecretBytes s = SecretBytes.copyOf(KEY);
        SecretBytes live = SecretBytes.copyOf(KEY);

        s.destroy();

        assertThat(s.isDestroyed()).isTrue();
        assertThat(s.toString()).isEqualTo("SecretBytes(destroyed)");
        assertThatThrownBy(s::toByteArray).isInstanceOf(IllegalStateException.class).hasMessageContaining("destroyed");
        assertThatThrownBy(s::length).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.equalsSecret(live)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> live.equalsSecret(s)).isInstanceOf(IllegalStateException.class);
        assertThat(live.isDestroyed()).isFalse();
    }

    @Test
    void destroy_zeroesTheBytes() {
        byte[] owned = KEY.clone();
        SecretBytes s = SecretBytes.wrap(owned);

        s.destroy();

        assertThat(owned).containsOnly(0);
    }

    @Test
    void copyOf_nullOrEmpty_throwsConfigurationException() {
        assertThatThrownBy(() -> SecretBytes.copyOf(null)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("must not be null or empty");
        assertThatThrownBy(() -> SecretBytes.copyOf(new byte[0])).isInstanceOf(ConfigurationException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void random_nonPositiveLength_throwsConfigurationException(int length) {
        assertThatThrownBy(() -> SecretBytes.random(length)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("positive");
    }

    @Test
    void random_givesFreshBytesOfTheLength() {
        SecretBytes a = SecretBytes.random(32);
        SecretBytes b = SecretBytes.random(32);

        assertThat(a.length()).isEqualTo(32);
        assertThat(a.equalsSecret(b)).isFalse();
    }
}
