package dev.coffer.legacy.internal;

import dev.coffer.InvalidItemException;
import dev.coffer.MaterialsException;
import dev.coffer.legacy.internal.LegacyCodec.Flag;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The legacy most-recent provider's read side: an item's description names a material version
 * ({@code amzn-ddb-meta-id}, {@code name#version}); that version's AES wrapping key and HMAC key are
 * in the meta-store table (partition key {@code N}, sort key {@code V}), in an item that is itself a
 * legacy item, encrypted with the meta-store's own provider. The data item is then a wrapped item
 * (AESWrap under the version's AES key, HMAC with the version's integrity key).
 *
 * <p>Caching: a material version never changes, so its keys are kept once read (at most
 * {@value #MAX_VERSIONS} versions; the cache is emptied when full). Loads are single-flight per
 * version (concurrent readers of one version wait for one {@code GetItem}); no lock is held during
 * the call. A failed load is not cached: the next read tries again.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class MetaStoreSource implements KeySource {
    public static final String META_ID = "amzn-ddb-meta-id";
    static final int MAX_VERSIONS = 1000;
    private static final Pattern META_ID_PATTERN = Pattern.compile("([^#]+)#(\\d+)");
    private static final Set<String> HMACS = Set.of("HmacSHA1", "HmacSHA224", "HmacSHA256", "HmacSHA384", "HmacSHA512");

    private final DynamoDbClient ddb;
    private final String table;
    private final KeySource metaKeys;
    private final String descAttr;
    private final String sigAttr;
    private final ConcurrentHashMap<Version, CompletableFuture<VersionKeys>> cache = new ConcurrentHashMap<>();

    private record Version(String name, long version) {
    }

    private record VersionKeys(SecretKey wrappingKey, SecretKey integrityKey) {
    }

    public MetaStoreSource(DynamoDbClient ddb, String table, KeySource metaKeys, String descAttr, String sigAttr) {
        this.ddb = ddb;
        this.table = table;
        this.metaKeys = metaKeys;
        this.descAttr = descAttr;
        this.sigAttr = sigAttr;
    }

    @Override
    public Materials materials(ItemContext item) {
        String id = item.description().get(META_ID);
        if (id == null) {
            throw new InvalidItemException(item.where() + "material description has no '" + META_ID
                    + "' (not written by a most-recent provider; configure the legacy keys the table was written with)");
        }
        Matcher m = META_ID_PATTERN.matcher(id);
        long version;
        try {
            if (!m.matches()) {
                throw new NumberFormatException();
            }
            version = Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            throw new InvalidItemException(item.where() + "material description entry '" + META_ID
                    + "' is not of the form name#version");
        }
        VersionKeys keys = keys(new Version(m.group(1), version), item);
        return new WrappedSource(keys.wrappingKey(), keys.integrityKey()).materials(item);
    }

    private VersionKeys keys(Version v, ItemContext item) {
        CompletableFuture<VersionKeys> mine = new CompletableFuture<>();
        CompletableFuture<VersionKeys> existing = cache.putIfAbsent(v, mine);
        if (existing != null) {
            try {
                return existing.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
        }
        try {
            VersionKeys k = load(v, item);
            if (cache.size() > MAX_VERSIONS) {
                cache.clear();
            }
            mine.complete(k);
            return k;
        } catch (RuntimeException e) {
            cache.remove(v, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private VersionKeys load(Version v, ItemContext dataItem) {
        String where = dataItem.where() + "material '" + v.name() + "' version " + v.version() + " in meta-store table '"
                + table + "': ";
        Map<String, AttributeValue> key = Map.of(
                "N", AttributeValue.builder().s(v.name()).build(),
                "V", AttributeValue.builder().n(Long.toString(v.version())).build());
        GetItemResponse r;
        try {
            r = ddb.getItem(b -> b.tableName(table).key(key).consistentRead(true));
        } catch (SdkException e) {
            throw new MaterialsException(where + "GetItem failed: " + e.getMessage(), e);
        }
        if (!r.hasItem() || r.item().isEmpty()) {
            throw new MaterialsException(where + "not found; check the meta-store table name and that the version was "
                    + "not deleted");
        }
        Map<String, AttributeValue> stored = r.item();
        Map<String, Flag> flags = new HashMap<>();
        for (String name : stored.keySet()) {
            if (!name.equals(descAttr) && !name.equals(sigAttr)) {
                flags.put(name, name.equals("N") || name.equals("V") ? Flag.SIGN : Flag.ENCRYPT_AND_SIGN);
            }
        }
        Map<String, AttributeValue> plain;
        try {
            plain = LegacyDecryptor.decrypt(table, "N", Optional.of("V"), stored, flags, metaKeys, descAttr, sigAttr);
        } catch (dev.coffer.CofferException e) {
            throw e.withContext(where + "the meta-store item does not read: ");
        }
        String type = string(plain, "t", where);
        if (!type.equals("0")) {
            throw new InvalidItemException(where + "material type '" + type + "' is not supported (only 0)");
        }
        String encAlg = string(plain, "encAlg", where);
        String intAlg = string(plain, "intAlg", where);
        byte[] enc = binary(plain, "enc", where);
        byte[] integrity = binary(plain, "int", where);
        if (!encAlg.equals("AES") || (enc.length != 16 && enc.length != 24 && enc.length != 32)) {
            throw new InvalidItemException(where + "encryption key of algorithm '" + encAlg + "' and " + enc.length
                    + " bytes is not supported (AES of 16, 24 or 32 bytes)");
        }
        if (!HMACS.contains(intAlg) || integrity.length == 0) {
            throw new InvalidItemException(where + "integrity key algorithm '" + intAlg + "' is not supported");
        }
        return new VersionKeys(new SecretKeySpec(enc, "AES"), new SecretKeySpec(integrity, intAlg));
    }

    private static String string(Map<String, AttributeValue> item, String name, String where) {
        AttributeValue v = item.get(name);
        if (v == null || v.type() != AttributeValue.Type.S) {
            throw new InvalidItemException(where + "attribute '" + name + "' is missing or not a string");
        }
        return v.s();
    }

    private static byte[] binary(Map<String, AttributeValue> item, String name, String where) {
        AttributeValue v = item.get(name);
        if (v == null || v.type() != AttributeValue.Type.B) {
            throw new InvalidItemException(where + "attribute '" + name + "' is missing or not binary");
        }
        return v.b().asByteArray();
    }

    @Override
    public String describe() {
        return "most recent (meta-store '" + table + "', " + metaKeys.describe() + ")";
    }
}
