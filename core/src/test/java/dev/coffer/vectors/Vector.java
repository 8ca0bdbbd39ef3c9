package dev.coffer.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.CryptoAction;
import dev.coffer.TableConfig;
import dev.coffer.internal.crypto.RandomSource;
import dev.coffer.internal.format.ItemCodec;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.StaticProvider;
import dev.coffer.materials.TestSeams;
import dev.coffer.materials.WrappedProvider;
import dev.coffer.materials.WrappingKey;
import dev.coffer.testing.DynamoJson;
import java.io.IOException;
import java.io.InputStream;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One frozen test vector, as read from core/src/test/resources/vectors/*.json. */
final class Vector {
    static final List<String> FILES = List.of(
            "v1-static-every-type.json",
            "v1-wrapped-aes-kwp.json",
            "v1-wrapped-rsa-oaep.json",
            "v1-derived-signing-key.json",
            "v1-sign-only-default.json");
    static final HexFormat HEX = HexFormat.of();

    final String file;
    final JsonNode json;

    Vector(String file, JsonNode json) {
        this.file = file;
        this.json = json;
    }

    static Vector load(String file) {
        try (InputStream in = Vector.class.getResourceAsStream("/vectors/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing vector " + file);
            }
            return new Vector(file, DynamoJson.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return file;
    }

    boolean reproducible() {
        return json.get("reproducible").asBoolean();
    }

    byte[] itemId() {
        return HEX.parseHex(json.get("item_id").asText());
    }

    Map<String, AttributeValue> plaintext() {
        return DynamoJson.item(json.get("plaintext"));
    }

    Map<String, AttributeValue> encrypted() {
        return DynamoJson.item(json.get("encrypted"));
    }

    Map<String, AttributeValue> decrypted() {
        return DynamoJson.item(json.get("decrypted"));
    }

    String intermediate(String name) {
        return json.get("intermediate").get(name).asText();
    }

    /** A codec for this vector: its config and provider, and a fixed item id. */
    ItemCodec codec() {
        return new ItemCodec(config(provider()), fixed(itemId()));
    }

    TableConfig config(MaterialsProvider provider) {
        JsonNode c = json.get("config");
        TableConfig.Builder b = TableConfig.builder()
                .tableName(c.get("table").asText())
                .partitionKey(c.get("partition_key").asText())
                .defaultAction(CryptoAction.valueOf(c.get("default_action").asText()))
                .materialsProvider(provider);
        if (c.hasNonNull("logical_table")) {
            b.logicalTableName(c.get("logical_table").asText());
        }
        if (c.hasNonNull("sort_key")) {
            b.sortKey(c.get("sort_key").asText());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = c.get("actions").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            b.action(e.getKey(), CryptoAction.valueOf(e.getValue().asText()));
        }
        if (c.has("allowed_unsigned")) {
            c.get("allowed_unsigned").forEach(n -> b.allowedUnsignedAttributes(List.of(n.asText())));
        }
        return b.build();
    }

    MaterialsProvider provider() {
        JsonNode p = json.get("provider");
        switch (p.get("type").asText()) {
            case "static":
                return StaticProvider.builder().keyId(p.get("key_id").asText())
                        .dataKey(secret(p.get("data_key"))).signingKey(secret(p.get("signing_key"))).build();
            case "wrapped": {
                RandomSource dataKeys = fixed(HEX.parseHex(p.get("data_key").asText()));
                WrappedProvider.Builder b = TestSeams.wrappedWithRandom(dataKeys);
                JsonNode wk = p.get("wrapping_key");
                if ("AES-KWP".equals(wk.get("alg").asText())) {
                    b.addWrappingKey(WrappingKey.aes(wk.get("id").asText(), secret(wk.get("key"))));
                } else {
                    b.addWrappingKey(WrappingKey.rsa(wk.get("id").asText(), rsaPublic(wk.get("public_key")),
                            rsaPrivate(wk.get("private_key"))));
                }
                JsonNode sk = p.get("signing_key");
                return b.addSigningKey(sk.get("id").asText(), secret(sk.get("key"))).build();
            }
            case "fixed-data-key":
                return new FixedDataKeyProvider(p.get("key_id").asText(), HEX.parseHex(p.get("data_key").asText()));
            default:
                throw new IllegalArgumentException("provider type " + p.get("type"));
        }
    }

    static RandomSource fixed(byte[] value) {
        return out -> {
            if (out.length != value.length) {
                throw new IllegalStateException("fixed source of " + value.length + " bytes asked for " + out.length);
            }
            System.arraycopy(value, 0, out, 0, value.length);
        };
    }

    private static SecretBytes secret(JsonNode hex) {
        return SecretBytes.copyOf(HEX.parseHex(hex.asText()));
    }

    static RSAPublicKey rsaPublic(JsonNode b64) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64.asText())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static RSAPrivateKey rsaPrivate(JsonNode b64) {
        try {
            return (RSAPrivateKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64.asText())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode itemJson(Map<String, AttributeValue> item) {
        return DynamoJson.item(item);
    }
}
