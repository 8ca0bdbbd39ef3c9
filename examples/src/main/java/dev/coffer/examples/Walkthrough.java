package dev.coffer.examples;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import dev.coffer.CofferException;
import dev.coffer.CryptoAction;
import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.WrappedProvider;
import dev.coffer.materials.WrappingKey;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A guided tour on an embedded, in-memory DynamoDB Local: write encrypted session records, show
 * what DynamoDB stores and what the application reads, then tamper with stored items and watch the
 * reads fail. Run with {@code ./mvnw -q -pl examples -am compile exec:java}.
 */
public final class Walkthrough {
    private static final String TABLE = "sessions";

    private Walkthrough() {
    }

    public static void main(String[] args) {
        System.setProperty("sqlite4java.library.path", System.getProperty("sqlite4java.library.path", ""));
        run(System.out);
        System.exit(0);
    }

    static void run(PrintStream out) {
        AmazonDynamoDBLocal local = DynamoDBEmbedded.create();
        try {
            DynamoDbClient ddb = local.dynamoDbClient();
            tour(ddb, out);
        } finally {
            local.shutdownNow();
        }
    }

    static void tour(DynamoDbClient ddb, PrintStream out) {
        out.println("Coffer walk-through: client-side encryption for DynamoDB (embedded DynamoDB Local, local keys)");
        out.println();
        ddb.createTable(b -> b.tableName(TABLE)
                .keySchema(KeySchemaElement.builder().attributeName("user_id").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("session_id").keyType(KeyType.RANGE).build())
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("user_id").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("session_id").attributeType(ScalarAttributeType.S).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));

        ItemEncryptor encryptor = ItemEncryptor.create(TableConfig.builder()
                .tableName(TABLE)
                .partitionKey("user_id")
                .sortKey("session_id")
                .action("status", CryptoAction.SIGN_ONLY)
                .action("expires_at", CryptoAction.SIGN_ONLY)
                .materialsProvider(WrappedProvider.builder()
                        .addWrappingKey(WrappingKey.aes("demo-wrapping-key", SecretBytes.random(32)))
                        .addSigningKey("demo-signing-key", SecretBytes.random(32))
                        .build())
                .build());
        out.println("1. Table '" + TABLE + "': user_id and session_id are keys (plaintext, signed); status and");
        out.println("   expires_at are SIGN_ONLY (readable, tamper-evident); token and client_ip are encrypted.");
        out.println();

        String[][] sessions = {
            {"alice", "s-1001", "tok_9f8e7d6c5b4a", "203.0.113.7", "ACTIVE"},
            {"alice", "s-1002", "tok_1a2b3c4d5e6f", "198.51.100.23", "REVOKED"},
            {"bob", "s-2001", "tok_0badc0ffee00", "192.0.2.144", "ACTIVE"},
        };
        for (String[] s : sessions) {
            Map<String, AttributeValue> item = new LinkedHashMap<>();
            item.put("user_id", AttributeValue.fromS(s[0]));
            item.put("session_id", AttributeValue.fromS(s[1]));
            item.put("token", AttributeValue.fromS(s[2]));
            item.put("client_ip", AttributeValue.fromS(s[3]));
            item.put("status", AttributeValue.fromS(s[4]));
            item.put("expires_at", AttributeValue.fromN("1795000000"));
            ddb.putItem(b -> b.tableName(TABLE).item(encryptor.encrypt(item)));
        }
        out.println("2. Wrote " + sessions.length + " sessions with PutItem after encryptor.encrypt(item).");
        out.println();

        Map<String, AttributeValue> key = Map.of("user_id", AttributeValue.fromS("alice"),
                "session_id", AttributeValue.fromS("s-1001"));
        Map<String, AttributeValue> stored = ddb.getItem(b -> b.tableName(TABLE).key(key).consistentRead(true)).item();
        Map<String, AttributeValue> plain = encryptor.decrypt(stored);
        out.println("3. What DynamoDB stores (GetItem, no decryption)   vs   what the application reads (decrypt)");
        out.printf("   %-12s %-44s %s%n", "attribute", "stored in DynamoDB", "read by the application");
        out.printf("   %-12s %-44s %s%n", "-".repeat(12), "-".repeat(44), "-".repeat(24));
        for (String name : new TreeMap<>(stored).keySet()) {
            AttributeValue p = plain.get(name);
            out.printf("   %-12s %-44s %s%n", name, show(stored.get(name)), p == null ? "(Coffer metadata)" : show(p));
        }
        out.println();

        out.println("4. Tampering, done directly in DynamoDB with the low-level client:");
        Map<String, AttributeValue> flipped = new HashMap<>(stored);
        byte[] token = stored.get("token").b().asByteArray();
        token[3] ^= 0x01;
        flipped.put("token", AttributeValue.fromB(SdkBytes.fromByteArray(token)));
        attempt(ddb, encryptor, out, "flip one bit of the encrypted token", flipped, key);

        Map<String, AttributeValue> revived = new HashMap<>(stored);
        revived.put("status", AttributeValue.fromS("ADMIN"));
        attempt(ddb, encryptor, out, "change the sign-only status to ADMIN", revived, key);

        Map<String, AttributeValue> moved = new HashMap<>(stored);
        moved.put("user_id", AttributeValue.fromS("bob"));
        Map<String, AttributeValue> bobKey = Map.of("user_id", AttributeValue.fromS("bob"),
                "session_id", AttributeValue.fromS("s-1001"));
        attempt(ddb, encryptor, out, "copy alice's session under user bob", moved, bobKey);
        out.println();
        out.println("Every protected attribute stayed ciphertext in the table, and every change was caught on read.");
    }

    private static void attempt(DynamoDbClient ddb, ItemEncryptor encryptor, PrintStream out, String what,
            Map<String, AttributeValue> tampered, Map<String, AttributeValue> key) {
        ddb.putItem(b -> b.tableName(TABLE).item(tampered));
        Map<String, AttributeValue> read = ddb.getItem(b -> b.tableName(TABLE).key(key).consistentRead(true)).item();
        try {
            encryptor.decrypt(read);
            out.println("   - " + what + ": NOT DETECTED (this would be a bug)");
        } catch (CofferException e) {
            out.println("   - " + what + ": rejected with " + e.getClass().getSimpleName());
            out.println("       " + e.getMessage());
        }
    }

    private static String show(AttributeValue v) {
        if (v.s() != null) {
            return "S  " + v.s();
        }
        if (v.n() != null) {
            return "N  " + v.n();
        }
        if (v.b() != null) {
            byte[] b = v.b().asByteArrayUnsafe();
            String hex = HexFormat.of().formatHex(b, 0, Math.min(b.length, 12));
            return "B  " + hex + (b.length > 12 ? "... (" + b.length + " bytes)" : "");
        }
        return v.toString();
    }
}
