package dev.coffer.keyring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.AlgorithmSuite;
import dev.coffer.ConfigurationException;
import dev.coffer.CofferException;
import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import dev.coffer.materials.MaterialsProvider;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class KeyringTest {
    private static final Map<String, AttributeValue> ITEM = Map.of("pk", AttributeValue.fromS("user#1"),
            "secret", AttributeValue.fromS("card 4111"));

    private static ItemEncryptor encryptor(MaterialsProvider p, AlgorithmSuite suite) {
        return ItemEncryptor.create(TableConfig.builder().tableName("t").partitionKey("pk").materialsProvider(p)
                .algorithmSuite(suite).build());
    }

    private static ItemEncryptor encryptor(MaterialsProvider p) {
        return encryptor(p, AlgorithmSuite.AES_GCM_HMAC_SHA256);
    }

    @Test
    void generate_toJson_parse_givesAProviderThatReadsWhatTheOriginalWrote() {
        Keyring k = Keyring.generate();

        Keyring again = Keyring.parse(k.toJson(), "keyring 'k'");

        assertThat(again.toJson()).isEqualTo(k.toJson());
        assertThat(again.wrappingKeyIds()).hasSize(1).containsExactly(again.currentWrappingKey().orElseThrow());
        assertThat(encryptor(again.toProvider()).decrypt(encryptor(k.toProvider()).encrypt(ITEM))).isEqualTo(ITEM);
    }

    @Test
    void withNewKeys_writesWithTheNewKeys_andStillReadsOldItems() {
        Keyring old = Keyring.generate();
        Map<String, AttributeValue> oldItem = encryptor(old.toProvider()).encrypt(ITEM);

        Keyring rotated = old.withNewKeys();

        assertThat(rotated.wrappingKeyIds()).hasSize(2).startsWith(old.currentWrappingKey().orElseThrow());
        assertThat(rotated.currentSigningKey()).isNotEqualTo(old.currentSigningKey());
        assertThat(encryptor(rotated.toProvider()).decrypt(oldItem)).isEqualTo(ITEM);
        Map<String, AttributeValue> newItem = encryptor(rotated.toProvider()).encrypt(ITEM);
        assertThatThrownBy(() -> encryptor(old.toProvider()).decrypt(newItem)).isInstanceOf(CofferException.class);
    }

    @Test
    void readerCopy_readsEcdsaItems_butCannotSignThem_andHoldsNoPrivateKey() {
        Keyring writer = Keyring.generate().withNewSignatureKeyPair();
        Map<String, AttributeValue> stored = encryptor(writer.toProvider(), AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256)
                .encrypt(ITEM);

        Keyring reader = Keyring.parse(writer.readerCopy().toJson(), "reader");

        assertThat(reader.toJson()).doesNotContain("private_key");
        assertThat(reader.currentSignatureKeyPair()).isEmpty();
        assertThat(reader.currentPublicKey()).isEmpty();
        assertThat(writer.currentPublicKey()).hasValueSatisfying(pk -> assertThat(reader.toJson()).contains(pk));
        ItemEncryptor readerEncryptor = encryptor(reader.toProvider(), AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256);
        assertThat(readerEncryptor.decrypt(stored)).isEqualTo(ITEM);
        assertThatThrownBy(() -> readerEncryptor.encrypt(ITEM)).isInstanceOf(CofferException.class);
    }

    @Test
    void toString_namesIdsNeverKeys() {
        Keyring k = Keyring.generate().withNewSignatureKeyPair();

        assertThat(k.toString()).contains(k.currentWrappingKey().orElseThrow()).doesNotContain("key\":");
        assertThat(k.toJson()).contains("\"key\"");
    }

    private static String valid() {
        return Keyring.generate().toJson();
    }

    private static String key(int bytes) {
        return Base64.getEncoder().encodeToString(new byte[bytes]);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not JSON            | {\"format\": SECRETKEY                                                     | is not valid JSON",
        "duplicate name      | {\"format\":\"coffer-keyring-1\",\"format\":\"coffer-keyring-1\"}         | a name appears twice",
        "other format        | {\"format\":\"coffer-keyring-2\"}                                         | is not a Coffer keyring",
        "array of keys       | {\"format\":\"coffer-keyring-1\",\"wrapping_keys\":{}}                    | wrapping_keys must be a JSON array",
        "no id               | {\"format\":\"coffer-keyring-1\",\"wrapping_keys\":[{\"key\":\"KEY32\"}]}  | needs an \"id\" string",
        "short key           | {\"format\":\"coffer-keyring-1\",\"wrapping_keys\":[{\"id\":\"w\",\"key\":\"KEY16\"}]} | is 16 bytes; keyring keys are 32 bytes",
        "bad base64          | {\"format\":\"coffer-keyring-1\",\"signing_keys\":[{\"id\":\"s\",\"key\":\"SECRET*\"}]} | key is not valid base64",
        "other alg           | {\"format\":\"coffer-keyring-1\",\"wrapping_keys\":[{\"id\":\"w\",\"alg\":\"AES-128\",\"key\":\"KEY32\"}]} | alg must be \"AES-256\"",
        "duplicate id        | {\"format\":\"coffer-keyring-1\",\"signing_keys\":[{\"id\":\"s\",\"key\":\"KEY32\"},{\"id\":\"s\",\"key\":\"KEY32\"}]} | id 's' is used twice",
        "unknown current     | {\"format\":\"coffer-keyring-1\",\"current_wrapping_key\":\"w9\"}          | current_wrapping_key must name one of []",
        "bad public key      | {\"format\":\"coffer-keyring-1\",\"signature_key_pairs\":[{\"id\":\"e\",\"public_key\":\"SECRET\"}]} | public_key:",
    })
    void parse_malformed_throwsConfigurationExceptionNamingTheField_neverTheText(String name, String json, String reason) {
        String text = json.replace("KEY32", key(32)).replace("KEY16", key(16));

        assertThatThrownBy(() -> Keyring.parse(text, "keyring 'k.json'"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("keyring 'k.json'")
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRET").doesNotContain(key(32)));
    }

    @Test
    void parse_currentPairWithoutPrivateKey_orMismatchedPrivateKey_isRefused() {
        Keyring a = Keyring.generate().withNewSignatureKeyPair();
        Keyring b = Keyring.generate().withNewSignatureKeyPair();
        String noPrivate = a.readerCopy().toJson().replace("\n}", ",\n\"current_signature_key_pair\": \""
                + a.currentSignatureKeyPair().orElseThrow() + "\"\n}");
        String pubA = a.currentPublicKey().orElseThrow();
        String mismatched = b.toJson().replace(b.currentPublicKey().orElseThrow(), pubA);

        assertThatThrownBy(() -> Keyring.parse(noPrivate, "k")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("has no private_key");
        assertThatThrownBy(() -> Keyring.parse(mismatched, "k")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("private_key is not an EC P-256 PKCS#8 key matching public_key");
        assertThat(Keyring.parse(valid(), "k").signatureKeyPairIds()).isEmpty();
    }
}
