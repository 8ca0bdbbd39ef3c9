package dev.coffer.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.AlgorithmSuite;
import dev.coffer.ItemEncryptor;
import dev.coffer.MaterialsException;
import dev.coffer.TableConfig;
import dev.coffer.keyring.Keyring;
import dev.coffer.materials.MaterialsProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The executor side of KeyringFile, without a Spark session: what createProvider reads. */
class KeyringFileTest {
    @TempDir
    Path dir;

    @Test
    void createProvider_keyringWithSignatureKeyPair_writesAndReadsTheEcdsaSuite() {
        Path file = dir.resolve("keyring.json");
        dev.coffer.keyring.KeyringFile.write(file, Keyring.generate().withNewSignatureKeyPair(), false);
        MaterialsProvider provider = KeyringFile.of(file.toString()).createProvider();
        ItemEncryptor e = ItemEncryptor.create(TableConfig.builder().tableName("t").partitionKey("pk")
                .algorithmSuite(AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256).materialsProvider(provider).build());
        Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("a"), "v", AttributeValue.fromS("secret"));

        assertThat(e.decrypt(e.encrypt(item))).isEqualTo(item);
    }

    @Test
    void createProvider_missingOrMalformedKeyring_failsNamingThePath() throws Exception {
        assertThatThrownBy(() -> KeyringFile.of(dir.resolve("none.json").toString()).createProvider())
                .isInstanceOf(MaterialsException.class).hasMessageContaining("not found on this executor")
                .hasMessageContaining("spark-submit --files");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"format\":\"coffer-keyring-1\",\"wrapping_keys\":[{\"id\":\"w\","
                + "\"key\":\"c2VjcmV0\"}]}");
        assertThatThrownBy(() -> KeyringFile.of(bad.toString()).createProvider())
                .isInstanceOf(MaterialsException.class).hasMessageContaining("keyring file '" + bad + "' on this executor")
                .hasMessageContaining("is 6 bytes; keyring keys are 32 bytes").hasMessageNotContaining("c2VjcmV0");
    }
}
