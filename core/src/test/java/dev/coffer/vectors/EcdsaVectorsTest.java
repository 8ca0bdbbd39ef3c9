package dev.coffer.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.AlgorithmSuite;
import dev.coffer.IntegrityException;
import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import dev.coffer.internal.format.ItemCodec;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.SignatureKeyPair;
import dev.coffer.materials.StaticProvider;
import dev.coffer.testing.JsonTree;
import dev.coffer.testing.TestKeys;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPrivateKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The frozen suite 0x02 vectors ({@code v2-ecdsa-*.json}, docs/FORMAT.md section 6a), beside the
 * suite 0x01 ones. ECDSA signatures are randomized, so these are verification vectors: the stored
 * item is frozen and must verify and decrypt forever (Coffer and {@link SpecReference}); everything
 * but the 64-byte ECDSA signature must be reproduced byte for byte from the vector's item id and
 * keys, and the signature each writer makes must verify under the vector's public key.
 *
 * <p>Generated once, never overwritten:
 * <pre>
 * ./mvnw -B -q -o test -pl core -Dtest=EcdsaVectorsTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dcoffer.vectors.out=$PWD/core/src/test/resources/vectors
 * </pre>
 */
class EcdsaVectorsTest {
    static final List<String> FILES = List.of("v2-ecdsa-static.json", "v2-ecdsa-public-key-in-header.json");
    private static final HexFormat HEX = HexFormat.of();
    private static final AlgorithmSuite ECDSA = AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256;

    /** One vector: the suite 0x01 layout ({@link Vector}) plus {@code ecdsa}: private scalar and public key. */
    record Ecdsa(Vector v) {
        @Override
        public String toString() {
            return v.file;
        }

        JsonNode ecdsa() {
            return v.json.get("ecdsa");
        }

        byte[] publicKey() {
            return HEX.parseHex(ecdsa().get("public_key").asText());
        }

        PrivateKey privateKey() {
            try {
                ECPublicKey pub = SignatureKeyPair.decodeCompressed(publicKey());
                return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(
                        new BigInteger(1, HEX.parseHex(ecdsa().get("private_scalar").asText())), pub.getParams()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        SignatureKeyPair keyPair() {
            return SignatureKeyPair.of(new KeyPair(SignatureKeyPair.decodeCompressed(publicKey()), privateKey()));
        }

        /** Coffer's provider: the writer's (with the key pair) or a reader's (public key, or the header's pk). */
        MaterialsProvider provider(boolean writer) {
            JsonNode p = v.json.get("provider");
            if ("static".equals(p.get("type").asText())) {
                StaticProvider.Builder b = StaticProvider.builder().keyId(p.get("key_id").asText())
                        .dataKey(SecretBytes.copyOf(HEX.parseHex(p.get("data_key").asText())))
                        .signingKey(SecretBytes.copyOf(HEX.parseHex(p.get("signing_key").asText())));
                return writer ? b.signatureKeyPair(keyPair()).build()
                        : b.verificationKey(SignatureKeyPair.decodeCompressed(publicKey())).build();
            }
            List<FixedDataKeyProvider.Entry> entries = new ArrayList<>();
            p.get("keys").forEach(k -> entries.add(new FixedDataKeyProvider.Entry(k.get("key_id").asText(),
                    HEX.parseHex(k.get("wrapped_key").asText()))));
            return new FixedDataKeyProvider(entries, Vector.parameters(p.get("parameters")), v.dataKey(),
                    writer ? keyPair() : null);
        }

        TableConfig config(boolean writer) {
            return v.config(provider(writer)).toBuilder().algorithmSuite(ECDSA).build();
        }

        /** SpecReference's reader: the keys of the suite 0x01 layout, and the public key the reader trusts. */
        SpecReference.KeyResolver resolver(byte[] trustedPublicKey) {
            SpecReference.KeyResolver keys = v.specResolver();
            boolean fromHeader = !"static".equals(v.json.get("provider").get("type").asText());
            return new SpecReference.KeyResolver() {
                @Override
                public SpecReference.Materials resolve(SpecReference.Description d) {
                    return keys.resolve(d);
                }

                @Override
                public byte[] publicKey(SpecReference.Description d) {
                    // A KMS-style provider takes it from the description once KMS has authenticated it;
                    // the vector's fixed provider stands for that check by comparing with the trusted key.
                    if (fromHeader) {
                        byte[] inHeader = Base64.getDecoder().decode(d.parameters().get("pk"));
                        if (!Arrays.equals(inHeader, trustedPublicKey)) {
                            throw new SpecReference.SpecException("the header's pk is not the authenticated key");
                        }
                    }
                    return trustedPublicKey;
                }
            };
        }
    }

    static Stream<Ecdsa> vectors() {
        return FILES.stream().map(f -> {
            try (InputStream in = EcdsaVectorsTest.class.getResourceAsStream("/vectors/" + f)) {
                Objects.requireNonNull(in, "missing vector " + f);
                return new Ecdsa(new Vector(f, JsonTree.MAPPER.readTree(in)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    // ------------------------------------------------------------------------------------------ tests

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decrypt_frozenVector_cofferAndSpecReferenceReturnTheDecryptedItem(Ecdsa e) {
        Map<String, AttributeValue> stored = e.v.stored();

        assertThat(ItemEncryptor.create(e.config(false)).decrypt(stored)).isEqualTo(e.v.decrypted());
        SpecReference.Trace t = SpecReference.decrypt(e.v.specTable(), e.resolver(e.publicKey()), stored);
        assertThat(t.decrypted).isEqualTo(e.v.decrypted());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void specReference_reproducesEveryRecordedIntermediate(Ecdsa e) {
        Map<String, AttributeValue> stored = e.v.stored();
        SpecReference.Trace t = SpecReference.decrypt(e.v.specTable(), e.resolver(e.publicKey()), stored);
        SpecReference.Keys keys = SpecReference.keySchedule(e.v.dataKey(), SpecReference.SUITE_ECDSA, e.v.itemId());
        List<String> problems = new ArrayList<>();

        equal(problems, "header", e.v.intermediate("header"), HEX.formatHex(t.header));
        equal(problems, "suite byte", "02", HEX.formatHex(t.header, 1, 2));
        equal(problems, "encryption key T(1)", e.v.intermediate("encryption_key"), HEX.formatHex(keys.t1()));
        equal(problems, "commitment T(2)", e.v.intermediate("commitment"), HEX.formatHex(t.commitment));
        equal(problems, "signing key", e.v.intermediate("signing_key"), HEX.formatHex(t.signingKey));
        equal(problems, "M", e.v.intermediate("signature_input"), HEX.formatHex(t.signatureInput));
        equal(problems, "HMAC", e.v.intermediate("signature"), HEX.formatHex(t.signature));
        equal(problems, "ECDSA signature", e.v.intermediate("ecdsa_signature"), HEX.formatHex(t.ecdsaSignature));
        equal(problems, "tag", text(e.v.intermediate().get("tag")), t.tag == null ? null : HEX.formatHex(t.tag));
        equal(problems, "coffer_sig = tag || HMAC || ECDSA", HEX.formatHex(stored.get(SpecReference.SIG).b().asByteArray()),
                (t.tag == null ? "" : HEX.formatHex(t.tag)) + HEX.formatHex(t.signature) + HEX.formatHex(t.ecdsaSignature));

        assertThat(problems).as(e + ": disagreements with docs/FORMAT.md").isEmpty();
    }

    /** Everything but the randomized ECDSA signature reproduces; the new signature verifies. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void encrypt_fixedItemIdAndKeys_reproducesAllButTheEcdsaSignature(Ecdsa e) {
        Map<String, AttributeValue> coffer = new ItemCodec(e.config(true), Vector.fixed(e.v.itemId()))
                .encrypt(e.v.plaintext());
        SpecReference.Trace spec = SpecReference.encrypt(e.v.specTable(), e.v.specMaterials(), e.v.itemId(),
                e.v.plaintext(), SpecReference.SUITE_ECDSA, e.privateKey());

        for (Map<String, AttributeValue> again : List.of(coffer, spec.stored)) {
            assertThat(JsonTree.item(withoutEcdsa(again))).isEqualTo(JsonTree.item(withoutEcdsa(e.v.stored())));
            assertThat(ItemEncryptor.create(e.config(false)).decrypt(again)).isEqualTo(e.v.decrypted());
            assertThat(SpecReference.decrypt(e.v.specTable(), e.resolver(e.publicKey()), again).decrypted)
                    .isEqualTo(e.v.decrypted());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void tamperedVector_cofferAndSpecReferenceRefuse(Ecdsa e) {
        Map<String, AttributeValue> stored = e.v.stored();
        byte[] sig = stored.get(SpecReference.SIG).b().asByteArray();
        byte[] otherKey = SignatureKeyPair.compressed(SignatureKeyPair.generate().publicKey());
        Map<String, Map<String, AttributeValue>> tampered = new LinkedHashMap<>();
        for (int bit : new int[] {0, 255, 256, 511}) {
            byte[] b = sig.clone();
            b[sig.length - 64 + bit / 8] ^= (byte) (1 << (bit % 8));
            tampered.put("ECDSA bit " + bit, with(stored, SpecReference.SIG, b));
        }
        tampered.put("ECDSA signature dropped", with(stored, SpecReference.SIG, Arrays.copyOf(sig, sig.length - 64)));
        byte[] header = stored.get(SpecReference.HEAD).b().asByteArray();
        header[1] = 0x01;
        tampered.put("suite byte 0x01, ECDSA signature dropped",
                with(with(stored, SpecReference.HEAD, header), SpecReference.SIG, Arrays.copyOf(sig, sig.length - 64)));

        for (Map.Entry<String, Map<String, AttributeValue>> t : tampered.entrySet()) {
            assertThatThrownBy(() -> ItemEncryptor.create(e.config(false)).decrypt(t.getValue())).as(t.getKey())
                    .isInstanceOf(IntegrityException.class);
            assertThatThrownBy(() -> SpecReference.decrypt(e.v.specTable(), e.resolver(e.publicKey()), t.getValue()))
                    .as(t.getKey()).isInstanceOf(SpecReference.SpecException.class);
        }
        assertThatThrownBy(() -> SpecReference.decrypt(e.v.specTable(), e.resolver(otherKey), stored))
                .isInstanceOf(SpecReference.SpecException.class);
    }

    // ------------------------------------------------------------------------------------------ generator

    @Test
    @EnabledIfSystemProperty(named = VectorGenerator.OUT_PROPERTY, matches = ".+")
    void generate() throws Exception {
        Path dir = Path.of(System.getProperty(VectorGenerator.OUT_PROPERTY));
        write(dir.resolve(FILES.get(0)), this::staticVector);
        write(dir.resolve(FILES.get(1)), this::headerKeyVector);
    }

    private static void write(Path f, java.util.concurrent.Callable<ObjectNode> make) throws Exception {
        if (Files.exists(f)) {
            System.out.println("kept (frozen): " + f);
            return;
        }
        Files.writeString(f, JsonTree.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(make.call()) + "\n");
        System.out.println("wrote " + f);
    }

    private ObjectNode base(String description, KeyPair pair) {
        ObjectNode v = JsonTree.MAPPER.createObjectNode();
        v.put("description", description);
        v.put("format", "Coffer item format 1.0");
        v.put("wire_version", 2);
        v.put("suite", 2);
        v.put("reproducible", false);
        ObjectNode ec = v.putObject("ecdsa");
        ec.put("curve", "P-256 (secp256r1)");
        ec.put("private_scalar", HEX.formatHex(fixed32(((java.security.interfaces.ECPrivateKey) pair.getPrivate()).getS())));
        ec.put("public_key", HEX.formatHex(SignatureKeyPair.compressed((ECPublicKey) pair.getPublic())));
        return v;
    }

    private ObjectNode staticVector() throws Exception {
        KeyPair pair = newPair();
        ObjectNode v = base("Static provider, suite 0x02: HMAC with the provider's signing key, plus ECDSA P-256 under "
                + "the writer's key pair, whose public key readers are configured with (the header names no public "
                + "key). Encrypted string, number and binary, a SIGN_ONLY string, a DO_NOTHING attribute; string "
                + "partition key, number sort key. coffer_sig: 16-byte tag, 32-byte HMAC, 64-byte ECDSA (r || s).", pair);
        ObjectNode p = v.putObject("provider");
        p.put("type", "static");
        p.put("provider_id", "static");
        p.put("key_id", "vector-ecdsa-static");
        p.put("data_key", HEX.formatHex(TestKeys.counting(32, 0x21)));
        p.put("signing_key", HEX.formatHex(TestKeys.counting(32, 0x61)));
        ObjectNode c = v.putObject("config");
        c.put("table", "orders");
        c.put("partition_key", "pk");
        c.put("sort_key", "sk");
        ObjectNode a = c.putObject("actions");
        a.put("status", "SIGN_ONLY");
        a.put("note", "DO_NOTHING");
        c.put("default_action", "ENCRYPT_AND_SIGN");
        v.put("item_id", HEX.formatHex(TestKeys.counting(32, 0xB0)));
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("pk", AttributeValue.fromS("customer#42"));
        m.put("sk", AttributeValue.fromN("7"));
        m.put("card", AttributeValue.fromS("4111 1111 1111 1111"));
        m.put("total", AttributeValue.fromN("129.95"));
        m.put("blob", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2, 3})));
        m.put("status", AttributeValue.fromS("SHIPPED"));
        m.put("note", AttributeValue.fromS("left at the door"));
        v.set("plaintext", JsonTree.item(m));
        return finish(v);
    }

    private ObjectNode headerKeyVector() throws Exception {
        KeyPair pair = newPair();
        ObjectNode v = base("A provider without a signing key (as KMS), suite 0x02: K_sig = T(3) of the suite 0x02 "
                + "key schedule; the ECDSA public key travels in the description's pk parameter (base64 of the "
                + "33-byte compressed point), as the KMS provider writes it (KMS authenticates it through the "
                + "encryption context; here the reader trusts the vector's key). Default SIGN_ONLY: no encrypted "
                + "attribute, so coffer_sig is the 32-byte HMAC and the 64-byte ECDSA signature.", pair);
        ObjectNode p = v.putObject("provider");
        p.put("type", "fixed-data-key");
        p.put("provider_id", FixedDataKeyProvider.PROVIDER_ID);
        ObjectNode k = p.putArray("keys").addObject();
        k.put("key_id", "arn:aws:kms:us-east-1:111122223333:key/vector-ecdsa");
        k.put("wrapped_key", HEX.formatHex(TestKeys.counting(40, 0x30)));
        ObjectNode params = p.putObject("parameters");
        params.put("ec", "table");
        params.put("pk", Base64.getEncoder().encodeToString(SignatureKeyPair.compressed((ECPublicKey) pair.getPublic())));
        p.put("data_key", HEX.formatHex(TestKeys.counting(32, 0x05)));
        ObjectNode c = v.putObject("config");
        c.put("table", "ledger");
        c.put("partition_key", "account");
        c.putObject("actions");
        c.put("default_action", "SIGN_ONLY");
        v.put("item_id", HEX.formatHex(TestKeys.counting(32, 0x0C)));
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("account", AttributeValue.fromS("acct-9"));
        m.put("balance", AttributeValue.fromN("-12.50"));
        m.put("tags", AttributeValue.fromSs(List.of("b", "a")));
        v.set("plaintext", JsonTree.item(m));
        return finish(v);
    }

    private ObjectNode finish(ObjectNode v) {
        Ecdsa e = new Ecdsa(new Vector("generated", v));
        Map<String, AttributeValue> stored = new ItemCodec(e.config(true), Vector.fixed(e.v.itemId()))
                .encrypt(e.v.plaintext());
        Map<String, AttributeValue> decrypted = ItemEncryptor.create(e.config(false)).decrypt(stored);
        SpecReference.Trace t = SpecReference.decrypt(e.v.specTable(), e.resolver(e.publicKey()), stored);
        if (!t.decrypted.equals(decrypted)) {
            throw new IllegalStateException("Coffer and SpecReference disagree on " + v.get("description"));
        }
        v.set("stored", JsonTree.item(stored));
        v.set("decrypted", JsonTree.item(decrypted));
        ObjectNode i = v.putObject("intermediate");
        i.put("data_key", HEX.formatHex(t.dataKey));
        i.put("encryption_key", HEX.formatHex(t.encryptionKey));
        i.put("commitment", HEX.formatHex(t.commitment));
        i.put("signing_key", HEX.formatHex(t.signingKey));
        i.put("signing_key_source", t.signingKeyDerived ? "derived: T(3)" : "provider");
        i.put("header", HEX.formatHex(t.header));
        if (t.tag == null) {
            i.putNull("tag");
        } else {
            i.put("tag", HEX.formatHex(t.tag));
        }
        i.put("signature_input", HEX.formatHex(t.signatureInput));
        i.put("signature", HEX.formatHex(t.signature));
        i.put("ecdsa_signature", HEX.formatHex(t.ecdsaSignature));
        return v;
    }

    private static KeyPair newPair() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static Map<String, AttributeValue> withoutEcdsa(Map<String, AttributeValue> item) {
        byte[] sig = item.get(SpecReference.SIG).b().asByteArray();
        return with(item, SpecReference.SIG, Arrays.copyOf(sig, sig.length - 64));
    }

    private static Map<String, AttributeValue> with(Map<String, AttributeValue> item, String name, byte[] value) {
        Map<String, AttributeValue> m = new LinkedHashMap<>(item);
        m.put(name, AttributeValue.fromB(SdkBytes.fromByteArray(value)));
        return m;
    }

    private static byte[] fixed32(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int len = Math.min(b.length, 32);
        System.arraycopy(b, b.length - len, out, 32 - len, len);
        return out;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static void equal(List<String> problems, String what, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            problems.add(what + ": vector has " + expected + ", got " + actual);
        }
    }
}
