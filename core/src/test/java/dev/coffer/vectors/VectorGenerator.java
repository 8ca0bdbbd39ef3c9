package dev.coffer.vectors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.testing.DynamoJson;
import dev.coffer.testing.Items;
import dev.coffer.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes the frozen vectors under core/src/test/resources/vectors/. Run once, by hand, when a new
 * vector is added; existing files are never overwritten (the format is frozen):
 *
 * <pre>
 * ./mvnw -q -pl core test-compile
 * java -cp "core/target/test-classes:core/target/classes:$(cat core/target/test-cp.txt)" \
 *     dev.coffer.vectors.VectorGenerator core/src/test/resources/vectors
 * </pre>
 */
public final class VectorGenerator {
    private VectorGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        write(dir, "v1-static-every-type.json", staticEveryType());
        write(dir, "v1-wrapped-aes-kwp.json", wrappedAes());
        write(dir, "v1-wrapped-rsa-oaep.json", wrappedRsa());
        write(dir, "v1-derived-signing-key.json", derivedSigning());
        write(dir, "v1-sign-only-default.json", signOnlyDefault());
    }

    private static void write(Path dir, String name, ObjectNode v) throws Exception {
        Path f = dir.resolve(name);
        if (Files.exists(f)) {
            System.out.println("kept (frozen): " + f);
            return;
        }
        Files.writeString(f, DynamoJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(v) + "\n");
        System.out.println("wrote " + f);
    }

    private static ObjectNode base(String description, boolean reproducible) {
        ObjectNode v = DynamoJson.MAPPER.createObjectNode();
        v.put("description", description);
        v.put("format_version", 1);
        v.put("reproducible", reproducible);
        return v;
    }

    private static ObjectNode config(String table, String logical, String pk, String sk, Map<String, String> actions,
            String defaultAction) {
        ObjectNode c = DynamoJson.MAPPER.createObjectNode();
        c.put("table", table);
        if (logical != null) {
            c.put("logical_table", logical);
        }
        c.put("partition_key", pk);
        if (sk != null) {
            c.put("sort_key", sk);
        }
        ObjectNode a = c.putObject("actions");
        actions.forEach(a::put);
        c.put("default_action", defaultAction);
        return c;
    }

    private static ObjectNode staticEveryType() {
        ObjectNode v = base("Static provider; every DynamoDB type; table 'orders' with a string partition key and a "
                + "number sort key; 'status' SIGN_ONLY, 'note' DO_NOTHING, everything else ENCRYPT_AND_SIGN.", true);
        ObjectNode p = v.putObject("provider");
        p.put("type", "static");
        p.put("key_id", "vector-static-1");
        p.put("data_key", Vector.HEX.formatHex(TestKeys.counting(32, 0x00)));
        p.put("signing_key", Vector.HEX.formatHex(TestKeys.counting(32, 0x40)));
        v.set("config", config("orders", null, "pk", "sk", Map.of("status", "SIGN_ONLY", "note", "DO_NOTHING"),
                "ENCRYPT_AND_SIGN"));
        v.put("item_id", Vector.HEX.formatHex(TestKeys.counting(32, 0xA0)));
        v.set("plaintext", DynamoJson.item(Items.everyType()));
        return finish(v, p.get("data_key").asText(), p.get("signing_key").asText());
    }

    private static ObjectNode wrappedAes() {
        ObjectNode v = base("Wrapped provider, AES-256 key wrap with padding (RFC 5649); logical table name differs "
                + "from the physical one; the data key drawn for the item is given as provider.data_key.", true);
        ObjectNode p = v.putObject("provider");
        p.put("type", "wrapped");
        ObjectNode wk = p.putObject("wrapping_key");
        wk.put("id", "wk-2026-01");
        wk.put("alg", "AES-KWP");
        wk.put("key", Vector.HEX.formatHex(TestKeys.counting(32, 0x10)));
        ObjectNode sk = p.putObject("signing_key");
        sk.put("id", "sk-2026-01");
        sk.put("key", Vector.HEX.formatHex(TestKeys.counting(48, 0x60)));
        p.put("data_key", Vector.HEX.formatHex(TestKeys.counting(32, 0xC0)));
        v.set("config", config("sessions-restored-2026", "sessions", "user_id", "session_id",
                Map.of("status", "SIGN_ONLY", "expires_at", "SIGN_ONLY"), "ENCRYPT_AND_SIGN"));
        v.put("item_id", Vector.HEX.formatHex(TestKeys.counting(32, 0x20)));
        v.set("plaintext", DynamoJson.item(session()));
        return finish(v, p.get("data_key").asText(), sk.get("key").asText());
    }

    private static ObjectNode wrappedRsa() throws Exception {
        ObjectNode v = base("Wrapped provider, RSA-OAEP with SHA-256 and MGF1-SHA-256 (2048-bit key). OAEP is "
                + "randomized, so this vector is decrypt-only; provider.data_key is the data key inside.", false);
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        ObjectNode p = v.putObject("provider");
        p.put("type", "wrapped");
        ObjectNode wk = p.putObject("wrapping_key");
        wk.put("id", "rsa-2026");
        wk.put("alg", "RSA-OAEP-SHA256");
        wk.put("public_key", Base64.getEncoder().encodeToString(kp.getPublic().getEncoded()));
        wk.put("private_key", Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded()));
        ObjectNode sk = p.putObject("signing_key");
        sk.put("id", "sk-rsa");
        sk.put("key", Vector.HEX.formatHex(TestKeys.counting(32, 0x70)));
        p.put("data_key", Vector.HEX.formatHex(TestKeys.counting(32, 0xD0)));
        v.set("config", config("sessions", null, "user_id", "session_id", Map.of("status", "SIGN_ONLY"),
                "ENCRYPT_AND_SIGN"));
        v.put("item_id", Vector.HEX.formatHex(TestKeys.counting(32, 0x30)));
        v.set("plaintext", DynamoJson.item(session()));
        return finish(v, p.get("data_key").asText(), sk.get("key").asText());
    }

    private static ObjectNode derivedSigning() {
        ObjectNode v = base("A provider that supplies only a data key (as the KMS provider does), so the signing key "
                + "is derived; binary partition key, no sort key; attribute names whose UTF-16 and UTF-8 orders "
                + "differ; deep nesting.", true);
        ObjectNode p = v.putObject("provider");
        p.put("type", "fixed-data-key");
        p.put("key_id", "vector-fixed-1");
        p.put("data_key", Vector.HEX.formatHex(TestKeys.counting(32, 0x80)));
        v.set("config", config("blobs", null, "id", null, Map.of("kind", "SIGN_ONLY", "hits", "DO_NOTHING"),
                "ENCRYPT_AND_SIGN"));
        v.put("item_id", Vector.HEX.formatHex(TestKeys.counting(32, 0x90)));
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("id", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, 2, (byte) 0xFE})));
        item.put("kind", Items.s("avatar"));
        item.put("hits", Items.n("12"));
        item.put("\uFF21wide", Items.s("U+FF21 sorts after U+1F600 in UTF-8 order only"));
        item.put("\uD83D\uDE00emoji", Items.s("U+1F600"));
        item.put("a", Items.s("a"));
        AttributeValue deep = Items.s("bottom");
        for (int i = 0; i < 31; i++) {
            deep = (i % 2 == 0) ? AttributeValue.fromL(List.of(deep)) : AttributeValue.fromM(Map.of("d" + i, deep));
        }
        item.put("deep", deep);
        v.set("plaintext", DynamoJson.item(item));
        return finish(v, p.get("data_key").asText(), null);
    }

    private static ObjectNode signOnlyDefault() {
        ObjectNode v = base("Static provider with default action SIGN_ONLY: nothing is encrypted, every attribute "
                + "is signed; numbers in non-canonical spellings are signed in canonical form.", true);
        ObjectNode p = v.putObject("provider");
        p.put("type", "static");
        p.put("key_id", "vector-static-2");
        p.put("data_key", Vector.HEX.formatHex(TestKeys.counting(32, 0x05)));
        p.put("signing_key", Vector.HEX.formatHex(TestKeys.counting(64, 0x45)));
        v.set("config", config("metrics", null, "series", "ts", Map.of(), "SIGN_ONLY"));
        v.put("item_id", Vector.HEX.formatHex(TestKeys.counting(32, 0xE0)));
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("series", Items.s("cpu#host-1"));
        item.put("ts", Items.n("1.7E9"));
        item.put("value", Items.n("0042.500"));
        item.put("samples", AttributeValue.fromNs(List.of("10", "-0.0", "2e1")));
        item.put("labels", AttributeValue.fromSs(List.of("zone-b", "zone-a")));
        v.set("plaintext", DynamoJson.item(item));
        return finish(v, p.get("data_key").asText(), p.get("signing_key").asText());
    }

    static Map<String, AttributeValue> session() {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("user_id", Items.s("user-7f3a"));
        m.put("session_id", Items.s("sess-0001"));
        m.put("token", Items.s("tok_5d2c9e8f41b7a6033f1e"));
        m.put("client_ip", Items.s("203.0.113.42"));
        m.put("status", Items.s("ACTIVE"));
        m.put("expires_at", Items.n("1795000000"));
        return m;
    }

    /** Encrypts with the vector's fixed inputs and records output and intermediates. */
    private static ObjectNode finish(ObjectNode v, String dataKeyHex, String signingKeyHex) {
        Vector vec = new Vector("generated", v);
        Map<String, AttributeValue> encrypted = vec.codec().encrypt(vec.plaintext());
        v.set("encrypted", DynamoJson.item(encrypted));
        v.set("decrypted", DynamoJson.item(vec.codec().decrypt(encrypted)));
        byte[] dataKey = Vector.HEX.parseHex(dataKeyHex);
        byte[] itemId = vec.itemId();
        ObjectNode i = v.putObject("intermediate");
        i.put("encryption_key", Vector.HEX.formatHex(SpecReference.derive(dataKey, itemId, "coffer/v1/enc")));
        i.put("commitment", Vector.HEX.formatHex(SpecReference.derive(dataKey, itemId, "coffer/v1/commit")));
        i.put("signing_key", signingKeyHex != null ? signingKeyHex
                : Vector.HEX.formatHex(SpecReference.derive(dataKey, itemId, "coffer/v1/sign")));
        byte[] header = encrypted.get("coffer_head").b().asByteArray();
        i.put("header", Vector.HEX.formatHex(header));
        String logical = v.get("config").hasNonNull("logical_table") ? v.get("config").get("logical_table").asText()
                : v.get("config").get("table").asText();
        i.put("signature_input", Vector.HEX.formatHex(SpecReference.signatureInput(logical, header, encrypted)));
        return v;
    }
}
