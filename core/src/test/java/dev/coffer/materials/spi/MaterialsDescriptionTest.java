package dev.coffer.materials.spi;

import dev.coffer.ConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MaterialsDescriptionTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "Static", "-static", ".kms", "kms_v2", "kms v2", "k\u00e9"})
    void build_providerIdOutsideTheAlphabet_throwsConfigurationException(String id) {
        assertThatThrownBy(() -> MaterialsDescription.builder().providerId(id).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("provider id must match");
    }

    @Test
    void build_providerIdOver64Characters_throwsConfigurationException() {
        assertThat(MaterialsDescription.builder().providerId("a".repeat(64)).build().providerId()).hasSize(64);
        assertThatThrownBy(() -> MaterialsDescription.builder().providerId("a".repeat(65)).build())
                .isInstanceOf(ConfigurationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "n\u00e9"})
    void build_badParameterName_throwsConfigurationException(String name) {
        assertThatThrownBy(() -> MaterialsDescription.builder().providerId("p").parameter(name, "v").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("parameter names must match");
    }

    @Test
    void build_fieldsOver65535Bytes_throwConfigurationException() {
        assertThatThrownBy(() -> MaterialsDescription.builder().providerId("p").keyId("k".repeat(65_536)).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("key id is 65536 bytes");
        assertThatThrownBy(() -> MaterialsDescription.builder().providerId("p").wrappedKey(new byte[65_536]).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("wrapped key");
        assertThatThrownBy(() -> MaterialsDescription.builder().providerId("p").parameter("a", "\u00e9".repeat(32_768))
                .build()).isInstanceOf(ConfigurationException.class).hasMessageContaining("parameter 'a'");
    }

    @Test
    void build_over255Parameters_throwsConfigurationException() {
        MaterialsDescription.Builder b = MaterialsDescription.builder().providerId("p");
        for (int i = 0; i < 256; i++) {
            b.parameter("p" + i, "v");
        }

        assertThatThrownBy(b::build).isInstanceOf(ConfigurationException.class).hasMessageContaining("at most 255");
    }

    @Test
    void wrappedKey_isCopiedInAndOut() {
        byte[] wrapped = {1, 2, 3};
        MaterialsDescription d = MaterialsDescription.builder().providerId("p").wrappedKey(wrapped).build();

        wrapped[0] = 9;
        d.wrappedKey()[1] = 9;

        assertThat(d.wrappedKey()).containsExactly(1, 2, 3);
        assertThat(d.wrappedKeyLength()).isEqualTo(3);
    }

    @Test
    void parameters_sortedByName_equalsByValue_toStringHidesWrappedKey() {
        MaterialsDescription a = MaterialsDescription.builder().providerId("p").keyId("k").wrappedKey(new byte[] {7, 7})
                .parameter("z", "1").parameter("a", "2").build();
        MaterialsDescription b = a.toBuilder().build();

        assertThat(a.parameters().keySet()).containsExactly("a", "z");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(a.toBuilder().wrappedKey(new byte[] {7, 8}).build());
        assertThat(a.toString()).contains("wrappedKey=2 bytes").doesNotContain("0707");
        assertThat(MaterialsDescription.builder().providerId("p").build().keyId()).isEmpty();
    }

    @Test
    void sameKeysAs_ignoresWrappedKeysAndTheNamedParameters_comparesEverythingElse() {
        MaterialsDescription a = MaterialsDescription.builder().providerId("kms").keyId("k1").wrappedKey(new byte[] {1})
                .parameter("ec", "item").parameter("pk", "one").build();
        MaterialsDescription freshDataKey = a.toBuilder().wrappedKey(new byte[] {2}).parameter("pk", "two").build();

        assertThat(a.sameKeysAs(freshDataKey, "pk"::equals)).isTrue();
        assertThat(a.sameKeysAs(freshDataKey, name -> false)).isFalse();
        assertThat(a.sameKeysAs(a.toBuilder().keyId("k2").build(), "pk"::equals)).isFalse();
        assertThat(a.sameKeysAs(a.toBuilder().parameter("ec", "table").build(), "pk"::equals)).isFalse();
        assertThat(a.sameKeysAs(a.toBuilder().addKey("k3", new byte[] {3}).build(), "pk"::equals)).isFalse();
    }
}
