package dev.coffer.vectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.internal.crypto.Primitives;
import dev.coffer.internal.format.Header;
import dev.coffer.internal.format.ItemSize;
import dev.coffer.materials.spi.MaterialsDescription;
import dev.coffer.testing.JsonTree;
import dev.coffer.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes the frozen wire-version-2 vectors under core/src/test/resources/vectors/. Run by hand when
 * a vector is added; a file that exists is never overwritten (the format is frozen: to change a
 * vector, delete it deliberately and say why in the commit):
 *
 * <pre>
 * ./mvnw -B -q -o test -pl core -Dtest=VectorGenerator -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dcoffer.vectors.out=$PWD/core/src/test/resources/vectors
 * </pre>
 *
 * <p>The stored item comes from Coffer ({@code ItemCodec} with the vector's fixed item id and, for
 * the wrapped provider, its fixed data key). The intermediate values are {@link SpecReference}'s
 * reading of that stored item, and each is pinned to Coffer's own output before anything is
 * written: the header is Coffer's bytes and its commitment must equal T(2); the legend's {@code a}
 * and fingerprints must equal what Coffer's {@link Header#decode} reports, each {@code h} what
 * Coffer's SHA-256 prefix gives; P, the AAD and K_enc must make Coffer's ciphertext and tag
 * authenticate; M and K_sig must give Coffer's signature; the stored size must equal Coffer's
 * {@link ItemSize}. A generator run that finds any disagreement writes nothing.
 */
public final class VectorGenerator {
    static final String OUT_PROPERTY = "coffer.vectors.out";

    @Test
    @EnabledIfSystemProperty(named = OUT_PROPERTY, matches = ".+")
    void generate() throws Exception {
        main(new String[] {System.getProperty(OUT_PROPERTY)});
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Map<String, java.util.concurrent.Callable<ObjectNode>> all = new LinkedHashMap<>();
        all.put("v2-static-every-type.json", VectorGenerator::staticEveryType);
        all.put("v2-static-large-value.json", VectorGenerator::staticLargeValue);
        all.put("v2-static-deep-nesting.json", VectorGenerator::staticDeepNesting);
        all.put("v2-static-sign-only.json", VectorGenerator::staticSignOnly);
        all.put("v2-static-default-do-nothing.json", VectorGenerator::staticDefaultDoNothing);
        all.put("v2-wrapped-aes-kwp.json", VectorGenerator::wrappedAes);
        all.put("v2-wrapped-rsa-oaep.json", VectorGenerator::wrappedRsa);
        all.put("v2-derived-signing-key.json", VectorGenerator::derivedSigning);
        if (!all.keySet().equals(new java.util.LinkedHashSet<>(Vector.FILES))) {
            throw new IllegalStateException("generator and Vector.FILES list different vectors");
        }
        for (Map.Entry<String, java.util.concurrent.Callable<ObjectNode>> e : all.entrySet()) {
            Path f = dir.resolve(e.getKey());
            if (Files.exists(f)) {
                System.out.println("kept (frozen): " + f);
                continue;
            }
            ObjectNode v = e.getValue().call();
            Files.writeString(f, JsonTree.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(v) + "\n");
            System.out.println("wrote " + f);
        }
    }

    // ---------------------------------------------------------------------------------------------- vectors

    private static ObjectNode staticEveryType() {
        ObjectNode v = base("Static provider; every DynamoDB type at the top level, inside a list and inside a map "
                + "(S, N, B, BOOL both, NULL, SS, NS, BS, L, M, nested, empty strings, binaries, lists and maps); numbers "
                + "negative, decimal, 38 digits, the largest and smallest magnitudes, zero, negative zero, spellings "
                + "DynamoDB normalizes, and the two's complement byte boundaries (127, 128, -128, -129); attribute names "
                + "and map keys outside the BMP (emoji) and U+FF21, whose UTF-16 and UTF-8 orders differ; SIGN_ONLY "
                + "values (a string, a non-canonical number and a map), one DO_NOTHING attribute; table 'orders' with "
                + "a string partition key and a number sort key.", true);
        ObjectNode p = v.putObject("provider");
        p.put("type", "static");
        p.put("provider_id", "static");
        p.put("key_id", "vector-static-1");
        p.put("data_key", hex(TestKeys.counting(32, 0x00)));
        p.put("signing_key", hex(TestKeys.counting(32, 0x40)));
        Map<String, String> actions = new LinkedHashMap<>();
        actions.put("status", "SIGN_ONLY");
        actions.put("signed_number", "SIGN_ONLY");
        actions.put("signed_map", "SIGN_ONLY");
        actions.put("\uD83D\uDD11 signed", "SIGN_ONLY");
        actions.put("note", "DO_NOTHING");
        v.set("config", config("orders", null, "pk", "sk", actions, "ENCRYPT_AND_SIGN", null, null));
        v.put("item_id", hex(TestKeys.counting(32, 0xA0)));

        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("pk", s("customer#42"));
        m.put("sk", n("7"));
        m.put("status", s("SHIPPED"));
        m.put("note", s("left at the door"));
        m.put("\uD83D\uDD11 signed", s("sign-only attribute whose name is outside the BMP"));
        m.put("\uD83D\uDE00 emoji", s("encrypted attribute whose name is outside the BMP"));
        m.put("\uFF21 wide", s("U+FF21: after U+1F600 in UTF-16 order, before it in UTF-8 order"));
        m.put("card", s("4111 1111 1111 1111"));
        m.put("empty_s", s(""));
        m.put("unicode", s("\u00fcn\u00efc\u00f8d\u00e9 \uD83D\uDE00 \u4e2d\u6587"));
        m.put("total", n("129.95"));
        m.put("n_negative", n("-42"));
        m.put("n_decimal", n("-0.5"));
        m.put("n_38_digits", n("12345678901234567890123456789012345678"));
        m.put("n_largest", n("9.9999999999999999999999999999999999999E+125"));
        m.put("n_most_negative", n("-9.9999999999999999999999999999999999999E+125"));
        m.put("n_smallest", n("1E-130"));
        m.put("n_smallest_negative", n("-1E-130"));
        m.put("n_zero", n("0"));
        m.put("n_negative_zero", n("-0.000"));
        m.put("n_spelled", n("1.50E3"));
        m.put("n_plus", n("+.5"));
        m.put("n_127", n("127"));
        m.put("n_128", n("128"));
        m.put("n_minus_128", n("-128"));
        m.put("n_minus_129", n("-129"));
        m.put("n_18_digits", n("-123456789012345678"));
        m.put("n_19_digits", n("1234567890123456789"));
        m.put("n_trailing_zeros", n("1234567890123456789000000"));
        m.put("signed_number", n("0042.500"));
        m.put("blob", b(1, 2, 3, 0, 0xFF));
        m.put("empty_b", b());
        m.put("yes", AttributeValue.fromBool(true));
        m.put("no", AttributeValue.fromBool(false));
        m.put("deleted", AttributeValue.fromNul(true));
        m.put("tags", AttributeValue.fromSs(List.of("red", "blue", "\u00fcn\u00efc\u00f8d\u00e9", "\uD83D\uDE00",
                "\uFF21")));
        m.put("scores", AttributeValue.fromNs(List.of("3", "-1.5", "1E+3", "0.001", "-0", "100", "-100", "12.5")));
        m.put("keys", AttributeValue.fromBs(List.of(bytes(9), bytes(1, 2), bytes(0), bytes(0xFF, 0xFF))));
        Map<String, AttributeValue> address = new LinkedHashMap<>();
        address.put("street", s("1 Main St"));
        address.put("zip", n("12345"));
        address.put("geo", AttributeValue.fromL(List.of(n("1.5"), n("-2.25"))));
        address.put("\uD83D\uDE00", s("map key outside the BMP"));
        address.put("\uFF21", s("map key U+FF21"));
        address.put("empty", s(""));
        address.put("bin", b());
        address.put("nested", AttributeValue.fromM(Map.of("a", AttributeValue.fromL(List.of()))));
        m.put("address", AttributeValue.fromM(address));
        m.put("lines", AttributeValue.fromL(List.of(s("a"), s(""), n("1"), n("-0.001"), n("1E+2"), b(0), b(),
                AttributeValue.fromBool(false), AttributeValue.fromBool(true), AttributeValue.fromNul(true),
                AttributeValue.fromM(Map.of()), AttributeValue.fromL(List.of()),
                AttributeValue.fromSs(List.of("y", "x")), AttributeValue.fromNs(List.of("2", "-1")),
                AttributeValue.fromBs(List.of(bytes(2), bytes(1))), AttributeValue.fromM(Map.of("k", n("12.50"))))));
        Map<String, AttributeValue> signedMap = new LinkedHashMap<>();
        signedMap.put("z", n("1.0"));
        signedMap.put("a", AttributeValue.fromNs(List.of("10", "9")));
        signedMap.put("\uD83D\uDE00", AttributeValue.fromSs(List.of("b", "a")));
        m.put("signed_map", AttributeValue.fromM(signedMap));
        v.set("plaintext", JsonTree.item(m));
        return finish(v);
    }

    private static ObjectNode staticLargeValue() {
        ObjectNode v = base("Static provider; a 70,000-byte encrypted binary (byte i = (i * 31 + (i >> 8)) mod 256), so "
                + "its length in the AAD and its slice in the signature input take 3-byte varints; a 17,000-byte "
                + "SIGN_ONLY string of 8,500 two-byte characters (its length prefix counts UTF-8 bytes, not "
                + "characters); a small encrypted string after the large slice.", true);
        ObjectNode p = v.putObject("provider");
        p.put("type", "static");
        p.put("provider_id", "static");
        p.put("key_id", "vector-static-large");
        p.put("data_key", hex(TestKeys.counting(32, 0x11)));
        p.put("signing_key", hex(TestKeys.counting(32, 0x51)));
        v.set("config", config("attachments", null, "id", null, Map.of("text", "SIGN_ONLY"), "ENCRYPT_AND_SIGN",
                null, null));
        v.put("item_id", hex(TestKeys.counting(32, 0x71)));
        byte[] payload = new byte[70_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31 + (i >> 8));
        }
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("id", s("attachment#9"));
        m.put("payload", AttributeValue.fromB(SdkBytes.fromByteArray(payload)));
        m.put("text", s("\u00e9".repeat(8_500)));
        m.put("caption", s("after the large one"));
        v.set("plaintext", JsonTree.item(m));
        return finish(v);
    }

    private static ObjectNode staticDeepNesting() {
        ObjectNode v = base("Static provider; values nested as deep as DynamoDB allows: 31 lists and maps inside one "
                + "another (alternating M and L from the outside) with a leaf at level 32, once encrypted and once "
                + "SIGN_ONLY (the signed one's leaf is the non-canonical number '-1.50').", true);
        ObjectNode p = v.putObject("provider");
        p.put("type", "static");
        p.put("provider_id", "static");
        p.put("key_id", "vector-static-deep");
        p.put("data_key", hex(TestKeys.counting(32, 0x12)));
        p.put("signing_key", hex(TestKeys.counting(32, 0x52)));
        v.set("config", config("trees", null, "id", null, Map.of("deep_signed", "SIGN_ONLY"), "ENCRYPT_AND_SIGN",
                null, null));
        v.put("item_id", hex(TestKeys.counting(32, 0x72)));
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("id", n("31"));
        m.put("deep", nest(31, s("bottom, level 32")));
        m.put("deep_signed", nest(31, n("-1.50")));
        v.set("plaintext", JsonTree.item(m));
        return finish(v);
    }

    /** {@code containers} lists and maps around {@code leaf}; the outermost is a map. */
    private static AttributeValue nest(int containers, AttributeValue leaf) {
        AttributeValue v = leaf;
        for (int i = containers; i >= 1; i--) {
            v = i % 2 == 1 ? AttributeValue.fromM(Map.of("level " + i, v)) : AttributeValue.fromL(List.of(v));
        }
        return v;
    }

    private static ObjectNode staticSignOnly() {
        ObjectNode v = base("Static provider with default action SIGN_ONLY: no attribute is encrypted, so there is no "
                + "GCM message and coffer_sig is the 32-byte signature alone; every type signed in canonical form, "
                + "numbers and sets in non-canonical spellings and orders (stored and returned as written); an 80-byte "
                + "signing key (longer than SHA-256's 64-byte block, so HMAC hashes it first); one DO_NOTHING "
                + "attribute.", true);
        ObjectNode p = v.putObject("provider");
        p.put("type", "static");
        p.put("provider_id", "static");
        p.put("key_id", "vector-static-2");
        p.put("data_key", hex(TestKeys.counting(32, 0x05)));
        p.put("signing_key", hex(TestKeys.counting(80, 0x45)));
        v.set("config", config("metrics", null, "series", "ts", Map.of("comment", "DO_NOTHING"), "SIGN_ONLY", null,
                null));
        v.put("item_id", hex(TestKeys.counting(32, 0xE0)));
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("series", s("cpu#host-1"));
        m.put("ts", n("1.7E9"));
        m.put("value", n("0042.500"));
        m.put("samples", AttributeValue.fromNs(List.of("10", "-0.0", "2e1")));
        m.put("labels", AttributeValue.fromSs(List.of("zone-b", "zone-a")));
        m.put("raw", b(0xCA, 0xFE));
        m.put("hashes", AttributeValue.fromBs(List.of(bytes(0xFF), bytes(0x00, 0x01))));
        m.put("ok", AttributeValue.fromBool(true));
        m.put("gap", AttributeValue.fromNul(true));
        m.put("window", AttributeValue.fromL(List.of(n("1.0"), s("s"), b(7))));
        m.put("meta", AttributeValue.fromM(Map.of("unit", s("%"), "scale", n("1E2"))));
        m.put("comment", s("unsigned"));
        v.set("plaintext", JsonTree.item(m));
        return finish(v);
    }

    private static ObjectNode staticDefaultDoNothing() {
        ObjectNode v = base("Static provider with default action DO_NOTHING: only the configured attributes are "
                + "protected ('secret' ENCRYPT_AND_SIGN, 'owner' SIGN_ONLY); the others are written unsigned and "
                + "accepted unsigned on read because the default action is DO_NOTHING; a number partition key in a "
                + "non-canonical spelling ('-17.250', signed in canonical form, stored as written).", true);
        ObjectNode p = v.putObject("provider");
        p.put("type", "static");
        p.put("provider_id", "static");
        p.put("key_id", "vector-static-3");
        p.put("data_key", hex(TestKeys.counting(32, 0x13)));
        p.put("signing_key", hex(TestKeys.counting(32, 0x53)));
        Map<String, String> actions = new LinkedHashMap<>();
        actions.put("secret", "ENCRYPT_AND_SIGN");
        actions.put("owner", "SIGN_ONLY");
        v.set("config", config("ledger", null, "account", null, actions, "DO_NOTHING", null, null));
        v.put("item_id", hex(TestKeys.counting(32, 0x73)));
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("account", n("-17.250"));
        m.put("secret", s("only this is encrypted"));
        m.put("owner", s("alice"));
        m.put("views", n("12"));
        m.put("cache", AttributeValue.fromM(Map.of("hit", AttributeValue.fromBool(true))));
        v.set("plaintext", JsonTree.item(m));
        return finish(v);
    }

    private static ObjectNode wrappedAes() {
        ObjectNode v = base("Wrapped provider, AES-256 key wrap with padding (RFC 5649), deterministic, so the "
                + "wrapped data key in the header is reproducible; provider.data_key is the data key the provider "
                + "drew for this item. Logical table name differs from the physical one; a 48-byte signing key; "
                + "'ttl' is allowed unsigned and 'x-trace-id' falls under the allowed unsigned prefix 'x-', so "
                + "without an explicit action both are written unsigned.", true);
        ObjectNode p = v.putObject("provider");
        p.put("type", "wrapped");
        p.put("provider_id", "wrapped");
        ObjectNode wk = p.putObject("wrapping_key");
        wk.put("id", "wk-2026-01");
        wk.put("alg", "AES-KWP");
        wk.put("key", hex(TestKeys.counting(32, 0x10)));
        ObjectNode sk = p.putObject("signing_key");
        sk.put("id", "sk-2026-01");
        sk.put("key", hex(TestKeys.counting(48, 0x60)));
        p.put("data_key", hex(TestKeys.counting(32, 0xC0)));
        ObjectNode params = p.putObject("parameters");
        params.put("alg", "AES-KWP");
        params.put("sk", "sk-2026-01");
        Map<String, String> actions = new LinkedHashMap<>();
        actions.put("status", "SIGN_ONLY");
        actions.put("expires_at", "SIGN_ONLY");
        v.set("config", config("sessions-restored-2026", "sessions", "user_id", "session_id", actions,
                "ENCRYPT_AND_SIGN", List.of("ttl"), "x-"));
        v.put("item_id", hex(TestKeys.counting(32, 0x20)));
        Map<String, AttributeValue> m = session();
        m.put("ttl", n("1795086400"));
        m.put("x-trace-id", s("4bf92f3577b34da6a3ce929d0e0e4736"));
        v.set("plaintext", JsonTree.item(m));
        return finish(v);
    }

    private static ObjectNode wrappedRsa() throws Exception {
        ObjectNode v = base("Wrapped provider, RSA-OAEP with SHA-256 and MGF1-SHA-256, empty label (2048-bit key). "
                + "OAEP is randomized, so this vector is decrypt-only (reproducible: false): the wrapped key in the "
                + "header cannot be reproduced; provider.data_key is the data key inside it.", false);
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        ObjectNode p = v.putObject("provider");
        p.put("type", "wrapped");
        p.put("provider_id", "wrapped");
        ObjectNode wk = p.putObject("wrapping_key");
        wk.put("id", "rsa-2026");
        wk.put("alg", "RSA-OAEP-SHA256");
        wk.put("public_key", Base64.getEncoder().encodeToString(kp.getPublic().getEncoded()));
        wk.put("private_key", Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded()));
        ObjectNode sk = p.putObject("signing_key");
        sk.put("id", "sk-rsa");
        sk.put("key", hex(TestKeys.counting(32, 0x70)));
        p.put("data_key", hex(TestKeys.counting(32, 0xD0)));
        ObjectNode params = p.putObject("parameters");
        params.put("alg", "RSA-OAEP-SHA256");
        params.put("sk", "sk-rsa");
        v.set("config", config("sessions", null, "user_id", "session_id", Map.of("status", "SIGN_ONLY"),
                "ENCRYPT_AND_SIGN", null, null));
        v.put("item_id", hex(TestKeys.counting(32, 0x30)));
        v.set("plaintext", JsonTree.item(session()));
        return finish(v);
    }

    private static ObjectNode derivedSigning() {
        ObjectNode v = base("A provider that supplies only a data key, as the KMS provider does, so the signing key "
                + "is derived: K_sig = T(3). Its description has two key entries (the second with a non-ASCII key "
                + "id and a non-empty wrapped key, as a multi-Region provider writes) and two parameters. Binary "
                + "partition key, no sort key; attribute names whose UTF-16 and UTF-8 orders differ.", true);
        ObjectNode p = v.putObject("provider");
        p.put("type", "fixed-data-key");
        p.put("provider_id", FixedDataKeyProvider.PROVIDER_ID);
        ArrayNode keys = p.putArray("keys");
        ObjectNode k1 = keys.addObject();
        k1.put("key_id", "vector-fixed-1");
        k1.put("wrapped_key", "");
        ObjectNode k2 = keys.addObject();
        k2.put("key_id", "r\u00e9plica-eu-west-3");
        k2.put("wrapped_key", hex(TestKeys.counting(24, 0xF0)));
        ObjectNode params = p.putObject("parameters");
        params.put("purpose", "test-vector");
        params.put("Region", "eu-west-3");
        p.put("data_key", hex(TestKeys.counting(32, 0x80)));
        v.set("config", config("blobs", null, "id", null, Map.of("kind", "SIGN_ONLY", "hits", "DO_NOTHING"),
                "ENCRYPT_AND_SIGN", null, null));
        v.put("item_id", hex(TestKeys.counting(32, 0x90)));
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("id", b(0, 1, 2, 0xFE));
        m.put("kind", s("avatar"));
        m.put("hits", n("12"));
        m.put("\uFF21wide", s("U+FF21 sorts after U+1F600 in UTF-16 order only"));
        m.put("\uD83D\uDE00emoji", s("U+1F600"));
        m.put("a", s("a"));
        m.put("payload", AttributeValue.fromM(Map.of("png", b(0x89, 0x50, 0x4E, 0x47), "w", n("64"), "h", n("64"))));
        v.set("plaintext", JsonTree.item(m));
        return finish(v);
    }

    static Map<String, AttributeValue> session() {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("user_id", s("user-7f3a"));
        m.put("session_id", s("sess-0001"));
        m.put("token", s("tok_5d2c9e8f41b7a6033f1e"));
        m.put("client_ip", s("203.0.113.42"));
        m.put("status", s("ACTIVE"));
        m.put("expires_at", n("1795000000"));
        return m;
    }

    // ---------------------------------------------------------------------------------------------- plumbing

    private static ObjectNode base(String description, boolean reproducible) {
        ObjectNode v = JsonTree.MAPPER.createObjectNode();
        v.put("description", description);
        v.put("format", "Coffer item format 1.0");
        v.put("wire_version", SpecReference.VERSION);
        v.put("suite", SpecReference.SUITE);
        v.put("reproducible", reproducible);
        return v;
    }

    private static ObjectNode config(String table, String logical, String pk, String sk, Map<String, String> actions,
            String defaultAction, List<String> allowedUnsigned, String allowedPrefix) {
        ObjectNode c = JsonTree.MAPPER.createObjectNode();
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
        if (allowedUnsigned != null) {
            ArrayNode au = c.putArray("allowed_unsigned");
            allowedUnsigned.forEach(au::add);
        }
        if (allowedPrefix != null) {
            c.put("allowed_unsigned_prefix", allowedPrefix);
        }
        return c;
    }

    /** Encrypts with Coffer and the vector's fixed inputs; records the output and pinned intermediates. */
    private static ObjectNode finish(ObjectNode v) {
        Vector vec = new Vector("generated", v);
        Map<String, AttributeValue> stored = vec.codec().encrypt(vec.plaintext());
        Map<String, AttributeValue> decrypted = vec.codec().decrypt(stored);
        v.set("stored", JsonTree.item(stored));
        v.set("decrypted", JsonTree.item(decrypted));
        v.set("intermediate", intermediates(vec, stored, decrypted));
        return v;
    }

    private static ObjectNode intermediates(Vector vec, Map<String, AttributeValue> stored,
            Map<String, AttributeValue> decrypted) {
        List<String> problems = new ArrayList<>();
        // SpecReference reads Coffer's stored item: this alone checks the commitment against Coffer's
        // header, the signature against Coffer's, and Coffer's ciphertext and tag under K_enc and the AAD.
        SpecReference.Trace t = SpecReference.decrypt(vec.specTable(), vec.specResolver(), stored);
        byte[] headerBytes = stored.get(SpecReference.HEAD).b().asByteArray();
        Header codecHeader = Header.decode(headerBytes);
        SpecReference.Keys keys = SpecReference.keySchedule(t.dataKey, SpecReference.SUITE, t.itemId);
        check(problems, Arrays.equals(t.dataKey, vec.dataKey()), "data key in the header is the vector's");
        check(problems, Arrays.equals(keys.t2(), t.commitment), "commitment is T(2)");
        check(problems, codecHeader.fingerprintKey() == t.a, "a");
        check(problems, codecHeader.legendSize() == t.legend.size(), "legend size");
        check(problems, codecHeader.encryptedCount() == t.encryptedCount, "encrypted count");
        for (int i = 0; i < t.legend.size(); i++) {
            check(problems, (codecHeader.fingerprint(i) & 0xFFFFFFFFL) == t.fingerprints.get(t.legend.get(i))[1],
                    "fingerprint of legend entry " + i);
        }
        t.fingerprints.forEach((name, hfp) -> check(problems,
                Primitives.get().sha256Prefix64(name.getBytes(StandardCharsets.UTF_8)) == hfp[0], "h of " + name));
        check(problems, t.decrypted.equals(decrypted), "SpecReference decrypts to what Coffer decrypts");
        check(problems, ItemSize.of(stored) == SpecReference.itemSize(stored), "stored size");
        check(problems, descriptionJson(t).equals(descriptionJson(codecHeader.description())), "description");
        if (!problems.isEmpty()) {
            throw new IllegalStateException(vec.file + ": Coffer and SpecReference disagree: " + problems);
        }

        ObjectNode i = JsonTree.MAPPER.createObjectNode();
        i.put("data_key", hex(t.dataKey));
        i.put("encryption_key", hex(keys.t1()));
        i.put("commitment", hex(keys.t2()));
        i.put("signing_key", hex(t.signingKey));
        i.put("signing_key_source", t.signingKeyDerived ? "derived: T(3)" : "provider");
        i.put("header", hex(headerBytes));
        i.set("materials_description", descriptionJson(t));
        i.put("fingerprint_key_a", String.format("%016x", t.a));
        ObjectNode names = i.putObject("names");
        SpecReference.Table table = vec.specTable();
        new TreeMap<>(t.fingerprints).forEach((name, hfp) -> {
            ObjectNode o = names.putObject(name);
            o.put("h", String.format("%016x", hfp[0]));
            o.put("fp", String.format("%08x", hfp[1]));
            o.put("action", t.legend.contains(name)
                    ? (t.legend.indexOf(name) < t.encryptedCount ? "ENCRYPT_AND_SIGN" : "SIGN_ONLY")
                    : "unsigned (" + table.actionFor(name) + ")");
        });
        ArrayNode legend = i.putArray("legend");
        for (int k = 0; k < t.legend.size(); k++) {
            String name = t.legend.get(k);
            ObjectNode o = legend.addObject();
            o.put("name", name);
            o.put("fp", String.format("%08x", t.fingerprints.get(name)[1]));
            o.put("run", k < t.encryptedCount ? "ENCRYPT_AND_SIGN" : "SIGN_ONLY");
            o.put("stored_length", k < t.encryptedCount ? stored.get(name).b().asByteArrayUnsafe().length
                    : SpecReference.canonical(stored.get(name)).length);
        }
        i.put("plaintext_p", hex(t.plaintext));
        if (t.aad != null) {
            i.put("aad", hex(t.aad));
            i.put("tag", hex(t.tag));
        } else {
            i.putNull("aad");
            i.putNull("tag");
        }
        i.put("signature_input", hex(t.signatureInput));
        i.put("signature", hex(t.signature));
        i.put("stored_size", ItemSize.of(stored));
        return i;
    }

    static ObjectNode descriptionJson(SpecReference.Trace t) {
        return descriptionJson(SpecReference.parseHeader(t.header).description());
    }

    static ObjectNode descriptionJson(SpecReference.Description d) {
        ObjectNode o = JsonTree.MAPPER.createObjectNode();
        o.put("provider_id", d.providerId());
        ArrayNode keys = o.putArray("keys");
        d.keys().forEach(k -> {
            ObjectNode e = keys.addObject();
            e.put("key_id", k.keyId());
            e.put("wrapped_key", hex(k.wrappedKey()));
        });
        ObjectNode params = o.putObject("parameters");
        d.parameters().forEach(params::put);
        return o;
    }

    static ObjectNode descriptionJson(MaterialsDescription d) {
        ObjectNode o = JsonTree.MAPPER.createObjectNode();
        o.put("provider_id", d.providerId());
        ArrayNode keys = o.putArray("keys");
        for (int k = 0; k < d.keyCount(); k++) {
            ObjectNode e = keys.addObject();
            e.put("key_id", d.keyId(k));
            e.put("wrapped_key", hex(d.wrappedKey(k)));
        }
        ObjectNode params = o.putObject("parameters");
        d.parameters().forEach(params::put);
        return o;
    }

    private static void check(List<String> problems, boolean ok, String what) {
        if (!ok) {
            problems.add(what);
        }
    }

    static String hex(byte[] b) {
        return Vector.HEX.formatHex(b);
    }

    private static AttributeValue s(String s) {
        return AttributeValue.fromS(s);
    }

    private static AttributeValue n(String n) {
        return AttributeValue.fromN(n);
    }

    private static AttributeValue b(int... b) {
        return AttributeValue.fromB(bytes(b));
    }

    private static SdkBytes bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return SdkBytes.fromByteArray(out);
    }
}
