package dev.coffer.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.ConfigurationException;
import dev.coffer.CryptoAction;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/** Every invalid setting is a ConfigurationException that says what to do; nothing prints key material. */
class LegacyKeysTest {
    private static final SecretKeySpec AES = new SecretKeySpec(new byte[16], "AES");
    private static final SecretKeySpec HMAC = new SecretKeySpec(new byte[32], "HmacSHA256");
    private static final String ARN = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    @Test
    void symmetricStatic_hmacKeyNamedAes_throwsConfigurationException() {
        assertThatThrownBy(() -> LegacyKeys.symmetricStatic(AES, new SecretKeySpec(new byte[32], "AES")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("HmacSHA256");
    }

    @Test
    void symmetricStatic_aesKeyOfWrongSize_throwsConfigurationException() {
        assertThatThrownBy(() -> LegacyKeys.symmetricStatic(new SecretKeySpec(new byte[20], "AES"), HMAC))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("160 bits");
    }

    @Test
    void wrapped_publicKeyToUnwrap_throwsConfigurationExceptionNamingThePrivateKey() throws Exception {
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();

        assertThatThrownBy(() -> LegacyKeys.wrapped(rsa.getPublic(), HMAC))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("private key");
        assertThat(LegacyKeys.wrapped(rsa.getPrivate(), rsa.getPublic()).toString()).contains("wrapped").contains("RSA");
    }

    @Test
    void nullArguments_throwConfigurationException() {
        assertThatThrownBy(() -> LegacyKeys.symmetricStatic(null, HMAC)).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> LegacyKeys.symmetricStatic(AES, null)).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> LegacyKeys.wrapped(null, HMAC)).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> LegacyKeys.directKms(null, ARN)).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> LegacyItemReader.builder().keys(null)).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> LegacyItemReader.builder().build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("keys(...)");
    }

    @Test
    void directKms_aliasOrNoKey_throwsConfigurationException() {
        try (KmsClient kms = KmsClient.builder().region(Region.US_WEST_2).build()) {
            assertThatThrownBy(() -> LegacyKeys.directKms(kms, "alias/orders"))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("not a KMS key ARN");
            assertThatThrownBy(() -> LegacyKeys.directKms(kms, List.of()))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("at least one");
            assertThat(LegacyKeys.directKms(kms, ARN).toString()).contains(ARN);
        }
    }

    @Test
    void mostRecent_missingTableOrKeys_throwsConfigurationException() {
        try (DynamoDbClient ddb = DynamoDbClient.builder().region(Region.US_WEST_2).build()) {
            assertThatThrownBy(() -> LegacyKeys.mostRecent(ddb, "", LegacyKeys.symmetricStatic(AES, HMAC)))
                    .isInstanceOf(ConfigurationException.class);
            assertThatThrownBy(() -> LegacyKeys.mostRecent(ddb, "meta", null))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("'meta'");
        }
    }

    @Test
    void readerBuilder_actionOnReservedAttribute_throwsConfigurationException() {
        LegacyItemReader.Builder b = LegacyItemReader.builder().keys(LegacyKeys.symmetricStatic(AES, HMAC));

        assertThatThrownBy(() -> b.action("*amzn-ddb-map-sig*", CryptoAction.SIGN_ONLY))
                .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> b.signedTableName("")).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> b.descriptionAttribute("x").signatureAttribute("x").build())
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void toString_namesTheProviderKind_neverKeyBytes() {
        SecretKeySpec marked = new SecretKeySpec("0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "AES");

        String s = LegacyItemReader.builder().keys(LegacyKeys.symmetricStatic(marked, HMAC)).build().toString();

        assertThat(s).contains("static").doesNotContain("0123456789abcdef").doesNotContain("MDEyMzQ1Njc4OWFiY2RlZg");
    }
}
