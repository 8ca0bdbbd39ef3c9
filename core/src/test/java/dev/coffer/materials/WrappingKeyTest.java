package dev.coffer.materials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.ConfigurationException;
import dev.coffer.testing.TestKeys;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WrappingKeyTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 16, 24, 31, 33, 64})
    void aes_keyNot32Bytes_throwsConfigurationException(int size) {
        assertThatThrownBy(() -> WrappingKey.aes("wk-1", TestKeys.secret(size, 0)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("wrapping key 'wk-1'")
                .hasMessageContaining("must be 32 bytes (AES-256), was " + size);
    }

    @Test
    void rsa_under2048Bits_throwsConfigurationException() {
        KeyPair small = TestKeys.newRsaKeyPair(1024);

        assertThatThrownBy(() -> WrappingKey.rsa("rsa-small", (RSAPublicKey) small.getPublic(),
                        (RSAPrivateKey) small.getPrivate()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("wrapping key 'rsa-small'")
                .hasMessageContaining("at least 2048 bits, was 1024");
    }

    @Test
    void rsa_privateKeyOfAnotherPair_throwsConfigurationException() {
        KeyPair a = TestKeys.rsaKeyPair();
        KeyPair b = TestKeys.newRsaKeyPair(2048);

        assertThatThrownBy(() -> WrappingKey.rsa("rsa-1", (RSAPublicKey) a.getPublic(), (RSAPrivateKey) b.getPrivate()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("wrapping key 'rsa-1'")
                .hasMessageContaining("private key does not belong to the public key");
    }

    @Test
    void canUnwrap_aesAlways_rsaOnlyWithPrivateKey() {
        KeyPair pair = TestKeys.rsaKeyPair();

        assertThat(WrappingKey.aes("a", TestKeys.secret(32, 0)).canUnwrap()).isTrue();
        assertThat(TestKeys.rsaWrappingKey("r").canUnwrap()).isTrue();
        assertThat(WrappingKey.rsa("r", (RSAPublicKey) pair.getPublic(), null).canUnwrap()).isFalse();
        assertThat(WrappingKey.rsa("r", (RSAPublicKey) pair.getPublic(), null).algorithm())
                .isEqualTo(WrappingKey.Algorithm.RSA_OAEP_SHA256);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " too long "})
    void aes_idEmptyOrOver256Characters_throwsConfigurationException(String id) {
        String badId = id.isEmpty() ? id : "k".repeat(257);

        assertThatThrownBy(() -> WrappingKey.aes(badId, TestKeys.secret(32, 0)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("1 to 256 characters");
    }

    @Test
    void toString_showsIdAndAlgorithmOnly() {
        WrappingKey k = WrappingKey.aes("wk-1", TestKeys.secret(32, 0x30));

        assertThat(k.toString()).isEqualTo("WrappingKey{id=wk-1, algorithm=AES-KWP}");
        assertThat(TestKeys.rsaWrappingKey("r").toString()).isEqualTo("WrappingKey{id=r, algorithm=RSA-OAEP-SHA256}");
    }
}
