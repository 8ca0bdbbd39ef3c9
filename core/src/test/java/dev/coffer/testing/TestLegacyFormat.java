package dev.coffer.testing;

import dev.coffer.IntegrityException;
import dev.coffer.TableConfig;
import dev.coffer.migration.LegacyReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A small signed item format standing in for the legacy DynamoDB Encryption Client in tests of the
 * migration wiring (the real reader is {@code coffer-legacy}): every attribute is signed with
 * HMAC-SHA-256 over the table name and a canonical encoding of the item, the MAC stored in
 * {@value #SIGNATURE}, a description in {@value #DESCRIPTION}. Values stay readable. Like the real
 * one it verifies in constant time and throws {@link IntegrityException} on any change, so a test
 * that lets a tampered item through fails. Thread-safe.
 */
public final class TestLegacyFormat implements LegacyReader {
    public static final String DESCRIPTION = "*test-legacy-desc*";
    public static final String SIGNATURE = "*test-legacy-sig*";

    private final byte[] key;

    public TestLegacyFormat(byte[] key) {
        this.key = key.clone();
    }

    /** A format with a fixed test key. */
    public static TestLegacyFormat withTestKey() {
        return new TestLegacyFormat(TestKeys.counting(32, 7));
    }

    /** {@code item} as the "legacy client" would store it in {@code tableName}. */
    public Map<String, AttributeValue> write(Map<String, AttributeValue> item, String tableName) {
        Map<String, AttributeValue> out = new HashMap<>(item);
        out.put(DESCRIPTION, AttributeValue.fromS("test-legacy/v1"));
        out.put(SIGNATURE, AttributeValue.fromB(SdkBytes.fromByteArray(mac(out, tableName))));
        return out;
    }

    @Override
    public boolean recognizes(Map<String, AttributeValue> item) {
        return item.containsKey(SIGNATURE) || item.containsKey(DESCRIPTION);
    }

    @Override
    public Map<String, AttributeValue> decrypt(Map<String, AttributeValue> item, TableConfig table) {
        AttributeValue sig = item.get(SIGNATURE);
        if (sig == null || sig.b() == null || !item.containsKey(DESCRIPTION)) {
            throw new IntegrityException("table '" + table.tableName() + "': test legacy item lacks its description or "
                    + "signature");
        }
        if (!MessageDigest.isEqual(mac(item, table.tableName()), sig.b().asByteArrayUnsafe())) {
            throw new IntegrityException("table '" + table.tableName() + "': test legacy signature does not verify");
        }
        Map<String, AttributeValue> out = new HashMap<>(item);
        out.remove(SIGNATURE);
        out.remove(DESCRIPTION);
        return out;
    }

    @Override
    public Set<String> reservedAttributes() {
        return Set.of(DESCRIPTION, SIGNATURE);
    }

    @Override
    public String formatName() {
        return "test legacy format";
    }

    private byte[] mac(Map<String, AttributeValue> item, String tableName) {
        StringBuilder b = new StringBuilder(tableName).append('\u0000');
        new TreeMap<>(item).forEach((name, value) -> {
            if (!name.equals(SIGNATURE)) {
                b.append(name.length()).append(':').append(name);
                encode(value, b);
            }
        });
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m.doFinal(b.toString().getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void encode(AttributeValue v, StringBuilder b) {
        switch (v.type()) {
            case S -> b.append("S").append(v.s().length()).append(':').append(v.s());
            case N -> b.append("N").append(new java.math.BigDecimal(v.n()).stripTrailingZeros().toPlainString()).append(';');
            case B -> b.append("B").append(HexFormat.of().formatHex(v.b().asByteArrayUnsafe())).append(';');
            case BOOL -> b.append(v.bool() ? "T" : "F");
            case NUL -> b.append("0");
            case SS -> b.append("SS").append(new TreeSet<>(v.ss())).append(';');
            case NS -> {
                TreeSet<String> ns = new TreeSet<>();
                v.ns().forEach(n -> ns.add(new java.math.BigDecimal(n).stripTrailingZeros().toPlainString()));
                b.append("NS").append(ns).append(';');
            }
            case BS -> {
                TreeSet<String> bs = new TreeSet<>();
                v.bs().forEach(x -> bs.add(HexFormat.of().formatHex(x.asByteArrayUnsafe())));
                b.append("BS").append(bs).append(';');
            }
            case L -> {
                List<AttributeValue> l = v.l();
                b.append("L").append(l.size()).append('[');
                l.forEach(x -> encode(x, b));
                b.append(']');
            }
            case M -> {
                b.append("M").append(v.m().size()).append('{');
                new TreeMap<>(v.m()).forEach((k, x) -> {
                    b.append(k.length()).append(':').append(k);
                    encode(x, b);
                });
                b.append('}');
            }
            default -> throw new IllegalArgumentException("type " + v.type());
        }
    }
}
