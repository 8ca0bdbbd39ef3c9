package dev.coffer.keyring;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.ConfigurationException;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.SignatureKeyPair;
import dev.coffer.materials.WrappedProvider;
import dev.coffer.materials.WrappingKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Coffer keyring: AES-256 wrapping keys and HMAC-SHA-256 signing keys by id, optionally ECDSA P-256
 * signature key pairs (for tables on the ECDSA suite), with the current ones named. It becomes a
 * {@link WrappedProvider} with {@link #toProvider()}. Its text is the keyring file format
 * {@value #FORMAT} (docs/cli.md, "The keyring file"):
 *
 * <pre>
 * {"format":"coffer-keyring-1",
 *  "wrapping_keys":[{"id":"wk-...","alg":"AES-256","key":"base64 (32 bytes)"}],
 *  "signing_keys":[{"id":"sk-...","key":"base64 (32 bytes)"}],
 *  "current_wrapping_key":"wk-...","current_signing_key":"sk-...",
 *  "signature_key_pairs":[{"id":"ec-...","public_key":"base64 (33-byte compressed P-256 point)",
 *                          "private_key":"base64 (PKCS#8)"}],
 *  "current_signature_key_pair":"ec-..."}
 * </pre>
 *
 * <p>A reader's keyring ({@link #readerCopy()}) holds the signature key pairs' public keys only:
 * whoever holds it can decrypt, but cannot sign items of the ECDSA suite. Parsing is strict (a
 * missing or mistyped field, a key of the wrong length, a duplicate id or JSON name, a current id
 * that names no entry are {@link ConfigurationException}s naming the file and field) and never
 * quotes the text: a keyring holds keys. Read and write files with {@link KeyringFile}.
 *
 * <pre>{@code
 * Keyring keyring = KeyringFile.read(Path.of("keyring.json"));
 * ItemEncryptor encryptor = ItemEncryptor.create(TableConfig.builder().tableName("orders").partitionKey("id")
 *         .materialsProvider(keyring.toProvider()).build());
 * }</pre>
 *
 * <p>Thread-safety: immutable and thread-safe. It holds key material: keep it no longer than needed.
 */
public final class Keyring {
    /** The value of the file's {@code format} field. */
    public static final String FORMAT = "coffer-keyring-1";
    /** Wrapping and signing keys are 32 bytes (AES-256, HMAC-SHA-256). */
    static final int KEY_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private final List<Secret> wrappingKeys;
    private final List<Secret> signingKeys;
    private final String currentWrappingKey;
    private final String currentSigningKey;
    private final List<Pair> signatureKeyPairs;
    private final String currentSignatureKeyPair;

    private Keyring(List<Secret> wrappingKeys, List<Secret> signingKeys, String currentWrappingKey,
            String currentSigningKey, List<Pair> signatureKeyPairs, String currentSignatureKeyPair) {
        this.wrappingKeys = List.copyOf(wrappingKeys);
        this.signingKeys = List.copyOf(signingKeys);
        this.currentWrappingKey = currentWrappingKey;
        this.currentSigningKey = currentSigningKey;
        this.signatureKeyPairs = List.copyOf(signatureKeyPairs);
        this.currentSignatureKeyPair = currentSignatureKeyPair;
    }

    /** One wrapping or signing key. */
    private record Secret(String id, SecretBytes key) {
    }

    /** One signature key pair; {@code privateKey} (PKCS#8) is null in a reader's copy. */
    private record Pair(String id, ECPublicKey publicKey, SecretBytes privateKey) {
    }

    // ---- making keyrings

    /** A new keyring with one fresh wrapping key and one fresh signing key, both current. */
    public static Keyring generate() {
        return new Keyring(List.of(), List.of(), null, null, List.of(), null).withNewKeys();
    }

    /**
     * This keyring with a fresh wrapping key and signing key added and made current (rotation): new
     * items use them, older items still read with the keys kept here.
     */
    public Keyring withNewKeys() {
        String suffix = idSuffix();
        Secret w = new Secret("wk-" + suffix, SecretBytes.random(KEY_BYTES));
        Secret s = new Secret("sk-" + suffix, SecretBytes.random(KEY_BYTES));
        List<Secret> ws = new ArrayList<>(wrappingKeys);
        ws.add(w);
        List<Secret> ss = new ArrayList<>(signingKeys);
        ss.add(s);
        return new Keyring(ws, ss, w.id(), s.id(), signatureKeyPairs, currentSignatureKeyPair);
    }

    /** This keyring with a fresh ECDSA P-256 signature key pair added and made current. */
    public Keyring withNewSignatureKeyPair() {
        KeyPair pair;
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            pair = g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException("this JDK cannot generate EC P-256 keys (secp256r1); Coffer needs JDK 17 or "
                    + "later with the SunEC provider", e);
        }
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        Pair p;
        try {
            p = new Pair("ec-" + idSuffix(), (ECPublicKey) pair.getPublic(), SecretBytes.copyOf(pkcs8));
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
        List<Pair> ps = new ArrayList<>(signatureKeyPairs);
        ps.add(p);
        return new Keyring(wrappingKeys, signingKeys, currentWrappingKey, currentSigningKey, ps, p.id());
    }

    /**
     * A copy for readers: the signature key pairs without their private keys, and no current pair.
     * Its holder can decrypt and verify items of both suites, but cannot sign items of the ECDSA suite.
     */
    public Keyring readerCopy() {
        List<Pair> ps = new ArrayList<>();
        for (Pair p : signatureKeyPairs) {
            ps.add(new Pair(p.id(), p.publicKey(), null));
        }
        return new Keyring(wrappingKeys, signingKeys, currentWrappingKey, currentSigningKey, ps, null);
    }

    // ---- reading what is in it

    /** The id of the wrapping key new items use, if one is named. */
    public Optional<String> currentWrappingKey() {
        return Optional.ofNullable(currentWrappingKey);
    }

    /** The id of the signing key new items use, if one is named. */
    public Optional<String> currentSigningKey() {
        return Optional.ofNullable(currentSigningKey);
    }

    /** The id of the signature key pair new items of the ECDSA suite are signed with, if one is named. */
    public Optional<String> currentSignatureKeyPair() {
        return Optional.ofNullable(currentSignatureKeyPair);
    }

    /** The public key (44 characters of base64) of the current signature key pair, if one is named. */
    public Optional<String> currentPublicKey() {
        return signatureKeyPairs.stream().filter(p -> p.id().equals(currentSignatureKeyPair)).findFirst()
                .map(p -> SignatureKeyPair.encodePublicKey(p.publicKey()));
    }

    /** The ids of the wrapping keys, oldest first. */
    public List<String> wrappingKeyIds() {
        return wrappingKeys.stream().map(Secret::id).toList();
    }

    /** The ids of the signing keys, oldest first. */
    public List<String> signingKeyIds() {
        return signingKeys.stream().map(Secret::id).toList();
    }

    /** The ids of the signature key pairs, oldest first. */
    public List<String> signatureKeyPairIds() {
        return signatureKeyPairs.stream().map(Pair::id).toList();
    }

    /**
     * A wrapped provider over these keys: every key decrypts and verifies; the current ones protect
     * new items; the current signature key pair signs items of the ECDSA suite, the others verify.
     *
     * @throws ConfigurationException if the keyring cannot write (no current wrapping or signing key)
     *     or its entries do not fit together
     */
    public WrappedProvider toProvider() {
        WrappedProvider.Builder b = WrappedProvider.builder();
        for (Secret w : wrappingKeys) {
            b.addWrappingKey(WrappingKey.aes(w.id(), w.key()));
        }
        for (Secret s : signingKeys) {
            b.addSigningKey(s.id(), s.key());
        }
        if (currentWrappingKey != null) {
            b.currentWrappingKey(currentWrappingKey);
        }
        if (currentSigningKey != null) {
            b.currentSigningKey(currentSigningKey);
        }
        for (Pair p : signatureKeyPairs) {
            if (p.id().equals(currentSignatureKeyPair)) {
                b.addSignatureKeyPair(p.id(), signatureKeyPair(p));
            } else {
                b.addVerificationKey(p.id(), p.publicKey());
            }
        }
        return b.build();
    }

    private static SignatureKeyPair signatureKeyPair(Pair p) {
        byte[] pkcs8 = p.privateKey().toByteArray();
        try {
            return SignatureKeyPair.of(new KeyPair(p.publicKey(),
                    KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC key factory", e); // checked when parsed
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    // ---- text

    /**
     * Parses a keyring file's text; {@code where} (for example {@code "keyring 'keys.json'"}) begins
     * every message.
     *
     * @throws ConfigurationException naming the field and what is wrong; never any part of a key
     */
    public static Keyring parse(String json, String where) {
        JsonNode root;
        try {
            root = JSON.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String dup = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                    ? "a name appears twice in one object" : "the text there is not JSON";
            throw new ConfigurationException(where + " is not valid JSON" + (at == null || at.getLineNr() < 1 ? ""
                    : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": " + dup
                    + " (the text is not repeated here: it holds keys)");
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText(null))) {
            throw new ConfigurationException(where + " is not a Coffer keyring (expected \"format\": \"" + FORMAT
                    + "\"); create one with 'coffer keygen'");
        }
        List<Secret> ws = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode w : array(root, "wrapping_keys", where)) {
            String id = id(w, "wrapping_keys", where, ids);
            String alg = w.path("alg").asText("AES-256");
            if (!"AES-256".equals(alg) || (w.has("alg") && !w.get("alg").isTextual())) {
                throw new ConfigurationException(where + ": wrapping key '" + id + "': alg must be \"AES-256\", the only "
                        + "algorithm of keyring files");
            }
            ws.add(new Secret(id, key(w, where, "wrapping key '" + id + "'")));
        }
        List<Secret> ss = new ArrayList<>();
        ids = new HashSet<>();
        for (JsonNode s : array(root, "signing_keys", where)) {
            String id = id(s, "signing_keys", where, ids);
            ss.add(new Secret(id, key(s, where, "signing key '" + id + "'")));
        }
        List<Pair> ps = new ArrayList<>();
        ids = new HashSet<>();
        for (JsonNode p : array(root, "signature_key_pairs", where)) {
            String id = id(p, "signature_key_pairs", where, ids);
            ps.add(pair(p, id, where));
        }
        String cw = current(root, "current_wrapping_key", where, ws.stream().map(Secret::id).toList());
        String cs = current(root, "current_signing_key", where, ss.stream().map(Secret::id).toList());
        String cp = current(root, "current_signature_key_pair", where, ps.stream().map(Pair::id).toList());
        if (cp != null) {
            for (Pair p : ps) {
                if (p.id().equals(cp) && p.privateKey() == null) {
                    throw new ConfigurationException(where + ": the current signature key pair '" + cp + "' has no "
                            + "private_key; a reader keyring names no current_signature_key_pair");
                }
            }
        }
        return new Keyring(ws, ss, cw, cs, ps, cp);
    }

    private static Iterable<JsonNode> array(JsonNode root, String field, String where) {
        JsonNode a = root.get(field);
        if (a == null || a.isNull()) {
            return List.of();
        }
        if (!a.isArray()) {
            throw new ConfigurationException(where + ": " + field + " must be a JSON array of keys");
        }
        return a;
    }

    private static String id(JsonNode entry, String field, String where, Set<String> seen) {
        JsonNode id = entry.get("id");
        if (!entry.isObject() || id == null || !id.isTextual() || id.asText().isEmpty()) {
            throw new ConfigurationException(where + ": every entry of " + field + " needs an \"id\" string");
        }
        if (!seen.add(id.asText())) {
            throw new ConfigurationException(where + ": id '" + id.asText() + "' is used twice in " + field + "; every key needs its own id");
        }
        return id.asText();
    }

    private static SecretBytes key(JsonNode entry, String where, String what) {
        byte[] bytes = base64(entry, "key", where, what);
        try {
            if (bytes.length != KEY_BYTES) {
                throw new ConfigurationException(where + ": " + what + " is " + bytes.length + " bytes; keyring keys are "
                        + KEY_BYTES + " bytes (base64)");
            }
            return SecretBytes.copyOf(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static byte[] base64(JsonNode entry, String field, String where, String what) {
        JsonNode v = entry.get(field);
        if (v == null || !v.isTextual()) {
            throw new ConfigurationException(where + ": " + what + " has no \"" + field + "\" string");
        }
        try {
            return Base64.getDecoder().decode(v.asText());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(where + ": " + what + ": " + field + " is not valid base64");
        }
    }

    private static Pair pair(JsonNode p, String id, String where) {
        String what = "signature key pair '" + id + "'";
        JsonNode pub = p.get("public_key");
        if (pub == null || !pub.isTextual()) {
            throw new ConfigurationException(where + ": " + what + " has no \"public_key\" string");
        }
        ECPublicKey publicKey;
        try {
            publicKey = SignatureKeyPair.decodePublicKey(pub.asText());
        } catch (IllegalArgumentException bad) {
            throw new ConfigurationException(where + ": " + what + ": public_key: " + bad.getMessage());
        }
        if (!p.has("private_key") || p.get("private_key").isNull()) {
            return new Pair(id, publicKey, null);
        }
        byte[] pkcs8 = base64(p, "private_key", where, what);
        try {
            SignatureKeyPair.of(new KeyPair(publicKey,
                    KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8))));
            return new Pair(id, publicKey, SecretBytes.copyOf(pkcs8));
        } catch (GeneralSecurityException | ConfigurationException bad) {
            throw new ConfigurationException(where + ": " + what + ": private_key is not an EC P-256 PKCS#8 key "
                    + "matching public_key");
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private static String current(JsonNode root, String field, String where, List<String> ids) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || !ids.contains(v.asText())) {
            throw new ConfigurationException(where + ": " + field + " must name one of " + ids);
        }
        return v.asText();
    }

    /** The keyring file's text (pretty-printed JSON). It holds the keys: write it only where others cannot read. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        ArrayNode ws = root.putArray("wrapping_keys");
        for (Secret w : wrappingKeys) {
            ws.addObject().put("id", w.id()).put("alg", "AES-256").put("key", encode(w.key()));
        }
        ArrayNode ss = root.putArray("signing_keys");
        for (Secret s : signingKeys) {
            ss.addObject().put("id", s.id()).put("key", encode(s.key()));
        }
        if (currentWrappingKey != null) {
            root.put("current_wrapping_key", currentWrappingKey);
        }
        if (currentSigningKey != null) {
            root.put("current_signing_key", currentSigningKey);
        }
        if (!signatureKeyPairs.isEmpty()) {
            ArrayNode ps = root.putArray("signature_key_pairs");
            for (Pair p : signatureKeyPairs) {
                ObjectNode e = ps.addObject().put("id", p.id())
                        .put("public_key", SignatureKeyPair.encodePublicKey(p.publicKey()));
                if (p.privateKey() != null) {
                    e.put("private_key", encode(p.privateKey()));
                }
            }
        }
        if (currentSignatureKeyPair != null) {
            root.put("current_signature_key_pair", currentSignatureKeyPair);
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree did not write", e);
        }
    }

    private static String encode(SecretBytes key) {
        byte[] b = key.toByteArray();
        try {
            return Base64.getEncoder().encodeToString(b);
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    private static String idSuffix() {
        byte[] b = new byte[3];
        RANDOM.nextBytes(b);
        return LocalDate.now(ZoneOffset.UTC).toString().replace("-", "") + "-" + HexFormat.of().formatHex(b);
    }

    /** Ids and which are current; never a key. */
    @Override
    public String toString() {
        return "Keyring{wrapping=" + wrappingKeyIds() + ", signing=" + signingKeyIds()
                + (signatureKeyPairs.isEmpty() ? "" : ", signatureKeyPairs=" + signatureKeyPairIds())
                + ", current=" + currentWrappingKey + "/" + currentSigningKey
                + (currentSignatureKeyPair == null ? "" : "/" + currentSignatureKeyPair) + "}";
    }
}
