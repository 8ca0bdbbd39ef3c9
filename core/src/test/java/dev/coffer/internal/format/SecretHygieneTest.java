package dev.coffer.internal.format;

import static dev.coffer.testing.Items.n;
import static dev.coffer.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.IntegrityException;
import dev.coffer.ItemEncryptor;
import dev.coffer.testing.Tamper;
import dev.coffer.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Findings 8 and 10 of the security review: what stays in Coffer's per-thread buffers after an
 * item is done, and what an exception message may quote from an unverified item.
 */
class SecretHygieneTest {
    private static final String SSN = "078-05-1120-unique-plaintext";
    private final ItemEncryptor encryptor = ItemEncryptor.create(TestKeys.config(TestKeys.staticProvider()));

    private Map<String, AttributeValue> item() {
        return Map.of("pk", s("customer#1"), "sk", n("1"), "ssn", s(SSN), "status", s("NEW"));
    }

    @Test
    void encrypt_afterReturning_leavesNoPlaintextInThreadBuffers() {
        encryptor.encrypt(item());

        assertThat(Scratch.threadBuffersContain(SSN.getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void decrypt_afterReturning_leavesNoPlaintextInThreadBuffers() {
        Map<String, AttributeValue> stored = encryptor.encrypt(item());

        assertThat(encryptor.decrypt(stored)).containsEntry("ssn", s(SSN));
        assertThat(Scratch.threadBuffersContain(SSN.getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void decrypt_attributeNameWithNewline_isQuotedEscapedInTheMessage() {
        Map<String, AttributeValue> stored = encryptor.encrypt(item());
        String forged = "x'\n2026-01-01 INFO audit: admin login ok user=root";

        assertThatThrownBy(() -> encryptor.decrypt(Tamper.with(stored, forged, s("v"))))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("attribute 'x\\u0027\\u000a2026-01-01 INFO audit")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void decrypt_veryLongAttributeName_isCutInTheMessage() {
        Map<String, AttributeValue> stored = encryptor.encrypt(item());
        String longName = "y".repeat(5000);

        assertThatThrownBy(() -> encryptor.decrypt(Tamper.with(stored, longName, s("v"))))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("(cut; 5000 characters)")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(600));
    }
}
