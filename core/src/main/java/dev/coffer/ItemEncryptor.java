package dev.coffer;

import dev.coffer.beacon.BeaconCondition;
import dev.coffer.beacon.BeaconQuery;
import dev.coffer.internal.crypto.RandomSource;
import dev.coffer.internal.format.BeaconEngine;
import dev.coffer.internal.format.Format;
import dev.coffer.internal.format.ItemCodec;
import dev.coffer.internal.telemetry.Telemetry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Encrypts and signs DynamoDB items before they are written, and verifies and decrypts them after
 * they are read. Works on the AWS SDK v2 item model, {@code Map<String, AttributeValue>}, so it fits
 * any client: the low-level {@code DynamoDbClient}, batch and transaction calls, streams, exports.
 *
 * <p>{@link #encrypt} returns a new item in which every {@code ENCRYPT_AND_SIGN} attribute holds
 * AES-256-GCM ciphertext (a binary), {@code SIGN_ONLY} and {@code DO_NOTHING} attributes are
 * unchanged, and two reserved binary attributes are added: {@value #HEADER_ATTRIBUTE} (format
 * version, item id, materials description, the legend of signed attributes, key commitment) and
 * {@value #SIGNATURE_ATTRIBUTE} (HMAC-SHA-256 over the table name, the header, and every signed
 * attribute; with {@link AlgorithmSuite#AES_GCM_HMAC_SHA256_ECDSA_P256} also an ECDSA P-256 signature
 * over the same input, by a key readers do not hold). {@link #decrypt} checks the key commitment and
 * the signature in constant time (then the ECDSA signature) before decrypting anything, and throws {@link IntegrityException} without returning any plaintext if
 * either fails. The wire format is specified in docs/FORMAT.md and the threat model in
 * docs/SECURITY.md.
 *
 * <pre>{@code
 * ItemEncryptor encryptor = ItemEncryptor.create(TableConfig.builder()
 *         .tableName("sessions")
 *         .partitionKey("user_id")
 *         .sortKey("session_id")
 *         .action("status", CryptoAction.SIGN_ONLY)
 *         .materialsProvider(provider)
 *         .build());
 *
 * ddb.putItem(r -> r.tableName("sessions").item(encryptor.encrypt(item)));
 * Map<String, AttributeValue> stored = ddb.getItem(r -> r.tableName("sessions").key(key)).item();
 * Map<String, AttributeValue> plain = encryptor.decrypt(stored);
 * }</pre>
 *
 * <p>If the configuration has beacons ({@link TableConfig#beacons()}, docs/searchable-encryption.md),
 * {@link #encrypt} also adds each beacon as a signed plaintext attribute {@code coffer_b_<name>},
 * {@link #decrypt} verifies and removes them, and {@link #beaconCondition} with
 * {@link #decryptMatching} finds items by an encrypted attribute's value through an index.
 *
 * <p>Thread-safety: immutable and safe to share across threads; build one per table configuration
 * and reuse it. Cipher and MAC instances are kept per thread.
 */
public final class ItemEncryptor {
    /** The reserved attribute holding Coffer's header. */
    public static final String HEADER_ATTRIBUTE = Format.HEADER_ATTRIBUTE;
    /** The reserved attribute holding Coffer's item signature. */
    public static final String SIGNATURE_ATTRIBUTE = Format.SIGNATURE_ATTRIBUTE;
    /** The format version this release writes. */
    public static final int FORMAT_VERSION = Format.VERSION;

    private final ItemCodec codec;
    /** The table's beacons, computed before the codec runs; null if it has none. */
    private final BeaconEngine beacons;

    private ItemEncryptor(ItemCodec codec) {
        this.codec = codec;
        this.beacons = BeaconEngine.of(codec.config());
    }

    /** An encryptor for one table configuration. */
    public static ItemEncryptor create(TableConfig config) {
        Objects.requireNonNull(config, "config");
        return new ItemEncryptor(new ItemCodec(config, RandomSource.system()));
    }

    /** The configuration this encryptor applies. */
    public TableConfig config() {
        return codec.config();
    }

    /**
     * Encrypts and signs one item. The input is not modified; the result is a new, unmodifiable map
     * ready for {@code PutItem}. In the migration phase
     * {@link dev.coffer.migration.PlaintextPhase#WRITE_PLAINTEXT_READ_BOTH} the item is checked and
     * returned as given, unencrypted (docs/migration.md).
     *
     * @throws InvalidItemException if the item cannot be stored (missing key, invalid value,
     *     reserved attribute present, over 400 KB once encrypted)
     * @throws MaterialsException if the provider cannot supply keys
     */
    public Map<String, AttributeValue> encrypt(Map<String, AttributeValue> item) {
        if (beacons == null) {
            BeaconEngine.checkNoBeacons(codec.config().tableName(), item);
            return Telemetry.encrypt(codec, item);
        }
        return Telemetry.encrypt(codec, beacons.addBeacons(item));
    }

    /**
     * Verifies and decrypts one stored item. Returns a new, unmodifiable map without the reserved
     * attributes (like {@link #encrypt}'s result; copy it to change it). An item without a Coffer
     * header is read only as the table's migration phases allow: a legacy item through the
     * configured {@link dev.coffer.migration.LegacyReader} (which verifies it), a plaintext item as
     * it is (unverified); otherwise a {@link dev.coffer.migration.MigrationPhaseException} names the
     * phase and what to do.
     *
     * @throws IntegrityException if anything signed was changed, a signed attribute is missing, an
     *     unexpected unsigned attribute is present, or the item was not written by Coffer
     * @throws MaterialsException if the provider cannot supply the item's keys
     */
    public Map<String, AttributeValue> decrypt(Map<String, AttributeValue> item) {
        return Collections.unmodifiableMap(BeaconEngine.strip(Telemetry.decrypt(codec, item)));
    }

    /**
     * The beacon attributes ({@code coffer_b_...}) a write of the plaintext {@code item} would store
     * now, with the table's current beacon keys; empty if the table has no beacons. Computes only the
     * beacons (no materials, no encryption): for tools that check whether stored beacons are up to
     * date, such as the re-encryptor.
     *
     * @throws InvalidItemException if the item already holds a {@code coffer_b_} attribute
     */
    public Map<String, AttributeValue> beaconsOf(Map<String, AttributeValue> item) {
        Objects.requireNonNull(item, "item");
        if (beacons == null) {
            BeaconEngine.checkNoBeacons(codec.config().tableName(), item);
            return Map.of();
        }
        Map<String, AttributeValue> out = new java.util.HashMap<>();
        beacons.addBeacons(item).forEach((name, value) -> {
            if (name.startsWith(dev.coffer.beacon.StandardBeacon.ATTRIBUTE_PREFIX)) {
                out.put(name, value);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /**
     * The condition on a stored beacon that finds the items {@code query} asks for, to use in a
     * query on the beacon's index (or a scan's filter); keep the decrypted items it
     * {@linkplain BeaconCondition#matches matches}, or let {@link #decryptMatching} do both. The
     * first call may fetch the beacon key (one KMS call for a KMS-protected key).
     *
     * @throws ConfigurationException if the table has no such beacon, or the query does not fit it
     */
    public BeaconCondition beaconCondition(BeaconQuery query) {
        Objects.requireNonNull(query, "query");
        if (beacons == null) {
            throw new ConfigurationException("table '" + codec.config().tableName() + "': no beacons are configured; add "
                    + "them with TableConfig.Builder.beacons(...) (docs/searchable-encryption.md)");
        }
        return beacons.condition(query);
    }

    /**
     * Verifies and decrypts every item (all or nothing, as {@link #decryptAll(Collection)}), and
     * returns those that really {@linkplain BeaconCondition#matches match} {@code condition}: the
     * items a beacon found by false positive are left out.
     */
    public List<Map<String, AttributeValue>> decryptMatching(Collection<? extends Map<String, AttributeValue>> items,
            BeaconCondition condition) {
        Objects.requireNonNull(condition, "condition");
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        for (Map<String, AttributeValue> plain : decryptAll(items)) {
            if (condition.matches(plain)) {
                out.add(plain);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Encrypts every item, in order. All or nothing: if any item fails, the exception (of the same
     * kind as the item's failure) names its index and no result is returned, so a batch is never
     * written half-encrypted.
     */
    public List<Map<String, AttributeValue>> encryptAll(Collection<? extends Map<String, AttributeValue>> items) {
        return applyAll(items, true);
    }

    /**
     * Verifies and decrypts every item, in order. All or nothing: if any item fails verification,
     * the exception names its index and no plaintext is returned.
     */
    public List<Map<String, AttributeValue>> decryptAll(Collection<? extends Map<String, AttributeValue>> items) {
        return applyAll(items, false);
    }

    /**
     * Verifies and decrypts every item, in order, skipping the ones that cannot be verified instead
     * of failing them all: an item that throws {@link IntegrityException} or {@link MaterialsException}
     * is left out of the result and reported to {@code onSkipped} with the table, its stored primary
     * key and the reason (whose message names its index in {@code items}). No plaintext of a
     * skipped item is produced. If {@code onSkipped} throws, nothing is returned and the exception
     * propagates. Other failures (a {@code null} item) still fail the whole call.
     *
     * <p>The trade-off: {@link #decryptAll(Collection)} guarantees the result is every item given;
     * this guarantees only that every item returned is genuine. Anyone who can write to the table
     * can make an item disappear from the result by corrupting it, so use this where a partial
     * result is better than none (listings, exports, dashboards) and not where a missing item
     * changes a decision (an access check, a balance). See docs/enhanced-client.md, "Skipping items
     * that fail verification".
     *
     * <pre>{@code
     * List<Map<String, AttributeValue>> plain = encryptor.decryptAll(page.items(),
     *         skipped -> log.warn("skipped {}", skipped));
     * }</pre>
     */
    public List<Map<String, AttributeValue>> decryptAll(Collection<? extends Map<String, AttributeValue>> items,
            SkippedItemListener onSkipped) {
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(onSkipped, "onSkipped");
        List<Map<String, AttributeValue>> out = new ArrayList<>(items.size());
        int index = 0;
        for (Map<String, AttributeValue> item : items) {
            try {
                out.add(decrypt(item));
            } catch (IntegrityException | MaterialsException e) {
                onSkipped.skipped(SkippedItem.fromItem(codec.config(), null, item, e.withContext("item " + index + ": ")));
            } catch (CofferException e) {
                throw e.withContext("item " + index + ": ");
            }
            index++;
        }
        return Collections.unmodifiableList(out);
    }

    private List<Map<String, AttributeValue>> applyAll(Collection<? extends Map<String, AttributeValue>> items,
            boolean encrypt) {
        Objects.requireNonNull(items, "items");
        List<Map<String, AttributeValue>> out = new ArrayList<>(items.size());
        int index = 0;
        for (Map<String, AttributeValue> item : items) {
            try {
                out.add(encrypt ? encrypt(item) : decrypt(item));
            } catch (CofferException e) {
                throw e.withContext("item " + index + ": ");
            }
            index++;
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public String toString() {
        return "ItemEncryptor{" + codec.config() + "}";
    }
}
