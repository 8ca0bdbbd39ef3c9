package dev.coffer.legacy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.json.DynamoDbJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The legacy client's published vectors, read where they are kept (never copied into this
 * repository): {@code -Dcoffer.legacyVectors=DIR}, {@code COFFER_LEGACY_VECTORS}, or the first
 * {@code shared/legacy-vectors} beside an ancestor of the working directory. Tests that need them
 * are skipped (JUnit assumption) where they are absent.
 */
public final class Vectors {
    public static final ObjectMapper JSON = new ObjectMapper();

    private Vectors() {
    }

    /** The vectors folder, if present. */
    public static Optional<Path> find() {
        String p = System.getProperty("coffer.legacyVectors", System.getenv("COFFER_LEGACY_VECTORS"));
        if (p != null && !p.isEmpty()) {
            return Optional.of(Paths.get(p)).filter(Files::isDirectory);
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("legacy-vectors");
            if (Files.isDirectory(candidate.resolve("encrypted_item"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The vectors folder, or the calling test is skipped. */
    public static Path require() {
        Optional<Path> p = find();
        Assumptions.assumeTrue(p.isPresent(), "legacy vectors not found (shared/legacy-vectors); skipped");
        return p.get();
    }

    public static JsonNode read(Path file) {
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- DynamoDB JSON

    /** A typed value of a vector file, read by the one DynamoDB JSON codec. */
    public static AttributeValue value(JsonNode n) {
        return DynamoDbJson.readValue(n.toString());
    }

    /** An item of a vector file, read by the one DynamoDB JSON codec. */
    public static Map<String, AttributeValue> item(JsonNode n) {
        return DynamoDbJson.readItem(n.toString());
    }

    /**
     * A comparable form of a value: numbers as their canonical decimal, sets as sorted sets, maps
     * sorted; so two items compare equal when DynamoDB would store the same values.
     */
    public static Object canon(AttributeValue v) {
        return switch (v.type()) {
            case S -> "S:" + v.s();
            case N -> "N:" + num(v.n());
            case B -> "B:" + Base64.getEncoder().encodeToString(v.b().asByteArray());
            case SS -> new TreeSet<>(v.ss());
            case NS -> new TreeSet<>(v.ns().stream().map(Vectors::num).toList());
            case BS -> new TreeSet<>(v.bs().stream().map(b -> "B:" + Base64.getEncoder().encodeToString(b.asByteArray())).toList());
            case BOOL -> v.bool();
            case NUL -> "NULL";
            case L -> v.l().stream().map(Vectors::canon).toList();
            case M -> canon(v.m());
            default -> throw new IllegalArgumentException(String.valueOf(v.type()));
        };
    }

    public static Map<String, Object> canon(Map<String, AttributeValue> item) {
        Map<String, Object> m = new TreeMap<>();
        item.forEach((k, v) -> m.put(k, canon(v)));
        return m;
    }

    private static String num(String n) {
        BigDecimal d = new BigDecimal(n);
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    // ---------------------------------------------------------------- keys.json

    public static SecretKey secretKey(JsonNode keys, String name) {
        JsonNode k = keys.get(name);
        return new SecretKeySpec(Base64.getDecoder().decode(k.get("material").asText()), k.get("algorithm").asText());
    }

    public static PublicKey publicKey(JsonNode keys, String name) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(keys.get(name).get("material").asText())));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static PrivateKey privateKey(JsonNode keys, String name) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(keys.get(name).get("material").asText())));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key of keys.json as the JCE object its type says. */
    public static java.security.Key key(JsonNode keys, String name) {
        return switch (keys.get(name).get("type").asText()) {
            case "symmetric" -> secretKey(keys, name);
            case "public" -> publicKey(keys, name);
            case "private" -> privateKey(keys, name);
            default -> throw new IllegalArgumentException(name);
        };
    }
}
