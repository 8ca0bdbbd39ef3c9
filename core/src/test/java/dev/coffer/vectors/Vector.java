package dev.coffer.vectors;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.coffer.testing.JsonTree;
import java.io.IOException;
import java.io.InputStream;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One frozen test vector, as read from core/src/test/resources/vectors/v2-*.json, with the two
 * ways of using it: as Coffer's inputs (provider, {@link TableConfig}, a codec with the fixed item
 * id) and as {@link SpecReference}'s inputs (its own table and materials records, built from the
 * JSON alone). The JSON layout is described in core/src/test/resources/vectors/README.md.
 */
final class Vector {
    static final List<String> FILES = List.of(
            "v2-static-every-type.json",
            "v2-static-large-value.json",
            "v2-static-deep-nesting.json",
            "v2-static-sign-only.json",
            "v2-static-default-do-nothing.json",
            "v2-wrapped-aes-kwp.json",
            "v2-wrapped-rsa-oaep.json",
            "v2-derived-signing-key.json");
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
            return new Vector(file, JsonTree.MAPPER.readTree(in));
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
        return JsonTree.item(json.get("plaintext"));
    }

    Map<String, AttributeValue> stored() {
        return JsonTree.item(json.get("stored"));
    }

    Map<String, AttributeValue> decrypted() {
        return JsonTree.item(json.get("decrypted"));
    }

    JsonNode intermediate() {
        return json.get("intermediate");
    }

    String intermediate(String name) {
        JsonNode n = intermediate().get(name);
        if (n == null) {
            throw new IllegalStateException(file + ": no intermediate '" + name + "'");
        }
        return n.asText();
    }

    byte[] dataKey() {
        return HEX.parseHex(json.get("provider").get("data_key").asText());
    }

    String logicalTable() {
        JsonNode c = json.get("config");
        return c.hasNonNull("logical_table") ? c.get("logical_table").asText() : c.get("table").asText();
    }

    // ------------------------------------------------------------------------------ Coffer's inputs

    /** A fresh codec for this vector: its config and provider, and the fixed item id. */
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
        b.allowedUnsignedAttributes(allowedUnsigned());
        if (c.hasNonNull("allowed_unsigned_prefix")) {
            b.allowedUnsignedPrefix(c.get("allowed_unsigned_prefix").asText());
        }
        return b.build();
    }

    private Set<String> allowedUnsigned() {
        Set<String> out = new LinkedHashSet<>();
        JsonNode a = json.get("config").get("allowed_unsigned");
        if (a != null) {
            a.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    MaterialsProvider provider() {
        JsonNode p = json.get("provider");
        switch (p.get("type").asText()) {
            case "static":
                return StaticProvider.builder().keyId(p.get("key_id").asText())
                        .dataKey(secret(p.get("data_key"))).signingKey(secret(p.get("signing_key"))).build();
            case "wrapped": {
                // The provider draws the item's data key from this source: the vector's data key.
                WrappedProvider.Builder b = TestSeams.wrappedWithRandom(fixed(dataKey()));
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
            case "fixed-data-key": {
                List<FixedDataKeyProvider.Entry> entries = new ArrayList<>();
                p.get("keys").forEach(k -> entries.add(new FixedDataKeyProvider.Entry(k.get("key_id").asText(),
                        HEX.parseHex(k.get("wrapped_key").asText()))));
                return new FixedDataKeyProvider(entries, parameters(p.get("parameters")), dataKey());
            }
            default:
                throw new IllegalArgumentException("provider type " + p.get("type"));
        }
    }

    static RandomSource fixed(byte[] value) {
        byte[] copy = value.clone();
        return out -> {
            if (out.length != copy.length) {
                throw new IllegalStateException("fixed source of " + copy.length + " bytes asked for " + out.length);
            }
            System.arraycopy(copy, 0, out, 0, copy.length);
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

    static Map<String, String> parameters(JsonNode o) {
        Map<String, String> out = new LinkedHashMap<>();
        if (o != null) {
            o.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    // ------------------------------------------------------------------------------ SpecReference's inputs

    SpecReference.Table specTable() {
        JsonNode c = json.get("config");
        Map<String, String> actions = new LinkedHashMap<>();
        c.get("actions").fields().forEachRemaining(e -> actions.put(e.getKey(), e.getValue().asText()));
        return new SpecReference.Table(c.get("table").asText(),
                c.hasNonNull("logical_table") ? c.get("logical_table").asText() : null,
                c.get("partition_key").asText(),
                c.hasNonNull("sort_key") ? c.get("sort_key").asText() : null,
                actions, c.get("default_action").asText(), allowedUnsigned(),
                c.hasNonNull("allowed_unsigned_prefix") ? c.get("allowed_unsigned_prefix").asText() : null);
    }

    /**
     * What the provider hands a writer, computed from the JSON and FORMAT.md section 3 alone: the
     * description (for the wrapped provider the data key is wrapped here, with plain JCE), the data
     * key and the signing key (null when it is derived).
     */
    SpecReference.Materials specMaterials() {
        JsonNode p = json.get("provider");
        byte[] dk = dataKey();
        switch (p.get("type").asText()) {
            case "static":
                return new SpecReference.Materials(new SpecReference.Description("static",
                        List.of(new SpecReference.KeyEntry(p.get("key_id").asText(), new byte[0])), Map.of()),
                        dk, HEX.parseHex(p.get("signing_key").asText()));
            case "wrapped": {
                JsonNode wk = p.get("wrapping_key");
                JsonNode sk = p.get("signing_key");
                String alg = wk.get("alg").asText();
                byte[] wrapped = "AES-KWP".equals(alg)
                        ? SpecReference.kwpWrap(HEX.parseHex(wk.get("key").asText()), dk)
                        : SpecReference.oaepWrap(rsaPublic(wk.get("public_key")), dk);
                return new SpecReference.Materials(new SpecReference.Description("wrapped",
                        List.of(new SpecReference.KeyEntry(wk.get("id").asText(), wrapped)),
                        Map.of("alg", alg, "sk", sk.get("id").asText())),
                        dk, HEX.parseHex(sk.get("key").asText()));
            }
            case "fixed-data-key": {
                List<SpecReference.KeyEntry> keys = new ArrayList<>();
                p.get("keys").forEach(k -> keys.add(new SpecReference.KeyEntry(k.get("key_id").asText(),
                        HEX.parseHex(k.get("wrapped_key").asText()))));
                return new SpecReference.Materials(new SpecReference.Description(p.get("provider_id").asText(), keys,
                        parameters(p.get("parameters"))), dk, null);
            }
            default:
                throw new IllegalArgumentException("provider type " + p.get("type"));
        }
    }

    /**
     * The reader's side of the provider (FORMAT.md section 8, step 5), from the JSON alone: checks
     * that the header's description is one this provider wrote and recovers the keys; the wrapped
     * provider's data key is unwrapped from the header with plain JCE, not taken from the JSON.
     */
    SpecReference.KeyResolver specResolver() {
        JsonNode p = json.get("provider");
        return d -> {
            String type = p.get("type").asText();
            String expectedId = switch (type) {
                case "static" -> "static";
                case "wrapped" -> "wrapped";
                default -> p.get("provider_id").asText();
            };
            if (!expectedId.equals(d.providerId())) {
                throw new SpecReference.SpecException("provider id " + d.providerId() + ", expected " + expectedId);
            }
            SpecReference.KeyEntry first = d.keys().get(0);
            switch (type) {
                case "static":
                    if (!first.keyId().equals(p.get("key_id").asText())) {
                        throw new SpecReference.SpecException("static key id " + first.keyId());
                    }
                    return new SpecReference.Materials(d, dataKey(), HEX.parseHex(p.get("signing_key").asText()));
                case "wrapped": {
                    JsonNode wk = p.get("wrapping_key");
                    JsonNode sk = p.get("signing_key");
                    if (!first.keyId().equals(wk.get("id").asText())
                            || !wk.get("alg").asText().equals(d.parameters().get("alg"))
                            || !sk.get("id").asText().equals(d.parameters().get("sk"))) {
                        throw new SpecReference.SpecException("wrapped description names other keys: " + d);
                    }
                    byte[] dk = "AES-KWP".equals(wk.get("alg").asText())
                            ? SpecReference.kwpUnwrap(HEX.parseHex(wk.get("key").asText()), first.wrappedKey())
                            : SpecReference.oaepUnwrap(rsaPrivate(wk.get("private_key")), first.wrappedKey());
                    return new SpecReference.Materials(d, dk, HEX.parseHex(sk.get("key").asText()));
                }
                default:
                    if (!first.keyId().equals(p.get("keys").get(0).get("key_id").asText())) {
                        throw new SpecReference.SpecException("fixed key id " + first.keyId());
                    }
                    return new SpecReference.Materials(d, dataKey(), null);
            }
        };
    }
}
