package dev.coffer;

import static dev.coffer.testing.Items.n;
import static dev.coffer.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.testing.TestKeys;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemDescriptionTest {
    private static final ItemEncryptor ENCRYPTOR = ItemEncryptor.create(TestKeys.config(TestKeys.staticProvider()));

    private static Map<String, AttributeValue> stored() {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("pk", s("p1"));
        m.put("sk", n("7"));
        m.put("card", s("4111"));
        m.put("status", s("SHIPPED"));
        m.put("note", s("unsigned"));
        return ENCRYPTOR.encrypt(m);
    }

    @Test
    void of_storedItem_showsWhatTheHeaderClaims() {
        Map<String, AttributeValue> item = stored();

        ItemDescription d = ItemDescription.of(item);

        assertThat(d.formatVersion()).isEqualTo(ItemEncryptor.FORMAT_VERSION);
        assertThat(d.suite()).isEqualTo(1);
        assertThat(d.itemIdHex()).matches("[0-9a-f]+");
        assertThat(d.materials().providerId()).isEqualTo("static");
        assertThat(d.materials().keyId()).isEqualTo("test-static");
        assertThat(d.keyCommitmentHex()).matches("[0-9a-f]{2,}");
        assertThat(d.headerLength()).isEqualTo(item.get(ItemEncryptor.HEADER_ATTRIBUTE).b().asByteArray().length);
        assertThat(d.signatureLength()).hasValue(item.get(ItemEncryptor.SIGNATURE_ATTRIBUTE).b().asByteArray().length);
        Map<String, CryptoAction> actions = d.legend().stream()
                .collect(Collectors.toMap(e -> String.join("|", e.attributeNames()), ItemDescription.LegendEntry::action));
        assertThat(actions).containsOnly(
                Map.entry("card", CryptoAction.ENCRYPT_AND_SIGN),
                Map.entry("pk", CryptoAction.SIGN_ONLY),
                Map.entry("sk", CryptoAction.SIGN_ONLY),
                Map.entry("status", CryptoAction.SIGN_ONLY));
        assertThat(d.legend().get(0).action()).isEqualTo(CryptoAction.ENCRYPT_AND_SIGN);
    }

    @Test
    void of_signedAttributeRemoved_listsItsEntryWithoutNames() {
        Map<String, AttributeValue> item = new HashMap<>(stored());
        item.remove("status");
        item.remove(ItemEncryptor.SIGNATURE_ATTRIBUTE);

        ItemDescription d = ItemDescription.of(item);

        List<ItemDescription.LegendEntry> unmatched = d.legend().stream()
                .filter(e -> e.attributeNames().isEmpty()).collect(Collectors.toList());
        assertThat(unmatched).hasSize(1);
        assertThat(unmatched.get(0).action()).isEqualTo(CryptoAction.SIGN_ONLY);
        assertThat(d.signatureLength()).isEmpty();
    }

    @Test
    void of_itemWithoutHeader_throwsIntegrityException() {
        assertThatThrownBy(() -> ItemDescription.of(Map.of("pk", s("p1"))))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining(ItemEncryptor.HEADER_ATTRIBUTE);
    }

    @Test
    void of_truncatedHeader_throwsIntegrityException() {
        Map<String, AttributeValue> item = new HashMap<>(stored());
        byte[] h = item.get(ItemEncryptor.HEADER_ATTRIBUTE).b().asByteArray();
        item.put(ItemEncryptor.HEADER_ATTRIBUTE,
                AttributeValue.fromB(SdkBytes.fromByteArray(java.util.Arrays.copyOf(h, h.length - 1))));

        assertThatThrownBy(() -> ItemDescription.of(item)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("malformed");
    }

    @Test
    void of_null_throwsConfigurationException() {
        assertThatThrownBy(() -> ItemDescription.of(null)).isInstanceOf(ConfigurationException.class);
    }
}
