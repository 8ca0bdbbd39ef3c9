package dev.coffer.examples;

import dev.coffer.CryptoAction;
import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.WrappedProvider;
import dev.coffer.materials.WrappingKey;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

public class QuickStart {
    public static void main(String[] args) {
        // Local keys for the example; in production load them from a secret store, or use KMS.
        MaterialsProvider provider = WrappedProvider.builder()
                .addWrappingKey(WrappingKey.aes("wk-1", SecretBytes.random(32)))
                .addSigningKey("sk-1", SecretBytes.random(32))
                .build();

        ItemEncryptor encryptor = ItemEncryptor.create(TableConfig.builder()
                .tableName("sessions")
                .partitionKey("user_id")                    // keys: always plaintext and signed
                .sortKey("session_id")
                .action("status", CryptoAction.SIGN_ONLY)   // readable, tamper-evident
                .materialsProvider(provider)                // everything else: encrypted and signed
                .build());

        Map<String, AttributeValue> item = Map.of(
                "user_id", AttributeValue.fromS("u-42"),
                "session_id", AttributeValue.fromS("s-1"),
                "token", AttributeValue.fromS("tok_5d2c9e8f41b7"),
                "status", AttributeValue.fromS("ACTIVE"));

        Map<String, AttributeValue> stored = encryptor.encrypt(item);  // write this with any DynamoDB client
        System.out.println("stored token: " + stored.get("token"));     // AttributeValue(B=...): ciphertext
        System.out.println("read back:    " + encryptor.decrypt(stored).get("token").s());
    }
}
