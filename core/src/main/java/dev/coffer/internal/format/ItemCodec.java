package dev.coffer.internal.format;

import dev.coffer.CofferException;
import dev.coffer.CryptoAction;
import dev.coffer.IntegrityException;
import dev.coffer.InvalidItemException;
import dev.coffer.MaterialsException;
import dev.coffer.TableConfig;
import dev.coffer.internal.crypto.Primitives;
import dev.coffer.internal.crypto.RandomSource;
import dev.coffer.materials.DecryptionMaterials;
import dev.coffer.materials.EncryptionContext;
import dev.coffer.materials.EncryptionMaterials;
import dev.coffer.materials.MaterialsDescription;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Format v1 encryption and decryption of one item, exactly as docs/FORMAT.md specifies. Immutable
 * and thread-safe: per-thread state lives in {@link Primitives} and {@link Scratch}. Not API; use
 * {@link dev.coffer.ItemEncryptor}.
 */
public final class ItemCodec {
    private static final int SUITE = FormatV1.SUITE_AES256GCM_HKDFSHA256_COMMIT_HMACSHA256;
    /**
     * Per-thread buffers up to this size are kept between items (twice this for the signature
     * input): enough for items with values of 64 KB and more without reallocating per item, while a
     * thread that once saw a near-400 KB item does not keep its buffers.
     */
    private static final int KEEP_BUFFER_BYTES = 128 * 1024;
    private static final int MAX_CACHED_NAMES = 1024;
    /**
     * Strings and binaries from this size on are encrypted in two parts (type tag, then the value
     * where it lies); measured: cheaper than one copy for 64 KB values, dearer for 100-byte ones.
     */
    private static final int LARGE_VALUE_BYTES = 2048;

    private final TableConfig config;
    private final String table;
    private final byte[] logicalTableUtf8;
    private final MaterialsProvider provider;
    private final RandomSource random;
    private final String partitionKey;
    private final String sortKey;
    private final ConcurrentHashMap<String, Header.Entry> entries = new ConcurrentHashMap<>();
    private volatile LegendOrder lastOrder;

    public ItemCodec(TableConfig config, RandomSource random) {
        this.config = config;
        this.table = config.tableName();
        this.logicalTableUtf8 = config.logicalTableName().getBytes(StandardCharsets.UTF_8);
        this.provider = config.materialsProvider();
        this.random = random;
        this.partitionKey = config.partitionKeyName();
        this.sortKey = config.sortKeyName().orElse(null);
    }

    public TableConfig config() {
        return config;
    }

    /** Per-thread reusable buffers; taken only after provider calls, which may re-enter Coffer. */
    private static final class Scratch {
        private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);
        final ByteBuf value = new ByteBuf(1024);
        final SignatureInput signed = new SignatureInput();
        final ByteBuf header = new ByteBuf(512);
        /**
         * GCM additional data {@code u32(len(name)) || name || header}: the header sits at the end,
         * and each attribute's length prefix and name are written just before it, so the header is
         * copied once per item and the JDK gets the additional data in one piece.
         */
        byte[] aad = new byte[1024];
        int aadHeaderAt;
        /** Decrypted plaintext, wiped after each attribute is decoded. */
        byte[] plain = new byte[1024];
        boolean busy;

        static Scratch acquire() {
            Scratch s = LOCAL.get();
            if (s.busy) {
                // Re-entered on this thread (a provider that encrypts with Coffer): use a private one.
                Scratch fresh = new Scratch();
                fresh.busy = true;
                return fresh;
            }
            s.busy = true;
            return s;
        }

        /** Places {@code header} at the end of the additional-data buffer, after room for the longest name. */
        void aadHeader(byte[] header, int longestName) {
            int at = 4 + longestName;
            if (aad.length < at + header.length) {
                aad = new byte[at + header.length];
            }
            System.arraycopy(header, 0, aad, at, header.length);
            aadHeaderAt = at;
        }

        /** Writes {@code u32(len(name)) || name} before the header; returns where the additional data starts. */
        int aadName(byte[] nameUtf8) {
            int n = nameUtf8.length;
            int at = aadHeaderAt - 4 - n;
            aad[at] = (byte) (n >>> 24);
            aad[at + 1] = (byte) (n >>> 16);
            aad[at + 2] = (byte) (n >>> 8);
            aad[at + 3] = (byte) n;
            System.arraycopy(nameUtf8, 0, aad, at + 4, n);
            return at;
        }

        int aadEnd(byte[] header) {
            return aadHeaderAt + header.length;
        }

        byte[] plain(int capacity) {
            if (plain.length < capacity) {
                plain = new byte[capacity];
            }
            return plain;
        }

        void release() {
            if (value.array().length > KEEP_BUFFER_BYTES) {
                value.trim(1024);
            }
            signed.trim(KEEP_BUFFER_BYTES);
            if (header.array().length > KEEP_BUFFER_BYTES) {
                header.trim(512);
            }
            if (aad.length > KEEP_BUFFER_BYTES) {
                aad = new byte[1024];
            }
            if (plain.length > KEEP_BUFFER_BYTES) {
                plain = new byte[1024];
            }
            busy = false;
        }
    }

    /**
     * The canonical legend order for one sequence of signed attributes, as the item map iterated
     * them. Items of a table usually come with the same attributes in the same iteration order, and
     * legend entries are cached per name, so comparing the new sequence with the last one by
     * reference (a few pointer comparisons) replaces sorting names byte by byte on most items.
     * Immutable; published through a volatile field.
     */
    private static final class LegendOrder {
        final Header.Entry[] unsorted;
        final Header.Entry[] sorted;
        /** {@code sorted[i] == unsorted[from[i]]}. */
        final int[] from;

        LegendOrder(Header.Entry[] found, int count) {
            unsorted = Arrays.copyOf(found, count);
            Integer[] order = new Integer[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(unsorted[a].nameUtf8, unsorted[b].nameUtf8));
            sorted = new Header.Entry[count];
            from = new int[count];
            for (int i = 0; i < count; i++) {
                from[i] = order[i];
                sorted[i] = unsorted[order[i]];
            }
        }

        boolean isFor(Header.Entry[] found, int count) {
            if (unsorted.length != count) {
                return false;
            }
            for (int i = 0; i < count; i++) {
                if (unsorted[i] != found[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Encrypt
    // ---------------------------------------------------------------------------------------------

    public Map<String, AttributeValue> encrypt(Map<String, AttributeValue> item) {
        if (item == null) {
            throw new InvalidItemException("table '" + table + "': item is null");
        }
        if (item.containsKey(FormatV1.HEADER_ATTRIBUTE) || item.containsKey(FormatV1.SIGNATURE_ATTRIBUTE)) {
            throw new InvalidItemException("table '" + table + "': item already has Coffer's reserved attribute '"
                    + (item.containsKey(FormatV1.HEADER_ATTRIBUTE) ? FormatV1.HEADER_ATTRIBUTE : FormatV1.SIGNATURE_ATTRIBUTE)
                    + "'; it looks encrypted already. Encrypt plaintext items only (decrypt first to re-encrypt)");
        }
        AttributeValue pk = keyValue(item, partitionKey, "partition key");
        AttributeValue sk = sortKey == null ? null : keyValue(item, sortKey, "sort key");

        Header.Entry[] found = new Header.Entry[item.size()];
        AttributeValue[] values = new AttributeValue[item.size()];
        int count = 0;
        List<Map.Entry<String, AttributeValue>> unsigned = null;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isEmpty()) {
                throw new InvalidItemException("table '" + table + "': item has an attribute with an empty name");
            }
            if (e.getValue() == null) {
                throw new InvalidItemException(at(name) + "value is null; remove the attribute or store NULL=true");
            }
            Header.Entry entry = entry(name);
            if (entry.action.isSigned()) {
                if (count == found.length) {
                    found = Arrays.copyOf(found, count * 2 + 1);
                    values = Arrays.copyOf(values, count * 2 + 1);
                }
                found[count] = entry;
                values[count] = e.getValue();
                count++;
            } else {
                if (unsigned == null) {
                    unsigned = new ArrayList<>();
                }
                unsigned.add(e);
            }
        }
        LegendOrder order = lastOrder;
        if (order == null || !order.isFor(found, count)) {
            order = new LegendOrder(found, count);
            lastOrder = order;
        }
        Header.Entry[] legend = order.sorted;

        EncryptionContext context = context(pk, sk, true);
        EncryptionMaterials materials;
        try {
            materials = provider.encryptionMaterials(context);
        } catch (CofferException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MaterialsException("table '" + table + "': the materials provider failed to supply encryption keys: "
                    + e.getClass().getSimpleName(), e);
        }
        if (materials == null) {
            throw new MaterialsException("table '" + table + "': the materials provider returned no encryption materials");
        }

        byte[] itemId = new byte[FormatV1.ITEM_ID_BYTES];
        random.nextItemId(itemId);
        Primitives p = Primitives.get();
        DerivedKeys keys = DerivedKeys.derive(p, materials.dataKey(), materials.signingKey().orElse(null), itemId);
        Scratch s = Scratch.acquire();
        try {
            ByteBuf hb = s.header;
            hb.reset();
            Header.writeBody(hb, itemId, materials.description(), legend);
            hb.bytes(keys.commitment);
            byte[] header = hb.toByteArray();

            Map<String, AttributeValue> out = new HashMap<>(capacity(item.size() + 2));
            // The encrypted item's size as DynamoDB counts it, summed from its parts as they are made
            // (equal to ItemSize.of(out), without a second walk over the plaintext).
            long size = ItemSize.utf8Length(FormatV1.HEADER_ATTRIBUTE) + header.length
                    + ItemSize.utf8Length(FormatV1.SIGNATURE_ATTRIBUTE) + FormatV1.SIGNATURE_BYTES;
            if (unsigned != null) {
                for (Map.Entry<String, AttributeValue> e : unsigned) {
                    out.put(e.getKey(), e.getValue());
                    size += ItemSize.utf8Length(e.getKey()) + ItemSize.of(e.getValue());
                }
            }

            int longestEncrypted = 0;
            for (Header.Entry e : legend) {
                if (e.action == CryptoAction.ENCRYPT_AND_SIGN) {
                    longestEncrypted = Math.max(longestEncrypted, e.nameUtf8.length);
                }
            }
            s.aadHeader(header, longestEncrypted);
            int aadEnd = s.aadEnd(header);

            SignatureInput signed = s.signed;
            signed.start(p, keys.signing, keys.configuredSigningKey, logicalTableUtf8, header);
            byte[] nonce = new byte[FormatV1.NONCE_BYTES];
            for (int i = 0; i < count; i++) {
                Header.Entry e = legend[i];
                AttributeValue plain = values[order.from[i]];
                boolean encrypt = e.action == CryptoAction.ENCRYPT_AND_SIGN;
                ByteBuf v = s.value;
                v.reset();
                byte[] large = null;
                try {
                    // A large string or binary to encrypt is handed to the cipher where it lies
                    // (type tag first), not copied into the value buffer: same bytes, one copy less.
                    large = encrypt ? ValueCodec.largePayload(plain, LARGE_VALUE_BYTES) : null;
                    if (large == null) {
                        ValueCodec.encode(plain, v);
                    }
                } catch (InvalidValue bad) {
                    throw new InvalidItemException(at(e.name) + bad.getMessage());
                }
                signed.lp32(e.nameUtf8, 0, e.nameUtf8.length);
                signed.u8(Header.actionByte(e.action));
                if (encrypt) {
                    nonce(nonce, i);
                    int aadAt = s.aadName(e.nameUtf8);
                    byte[] ct = large != null
                            ? p.gcmEncrypt(keys.encryption, nonce, s.aad, aadAt, aadEnd - aadAt, ValueCodec.tag(plain), large)
                            : p.gcmEncrypt(keys.encryption, nonce, s.aad, aadAt, aadEnd - aadAt, v.array(), 0, v.size());
                    out.put(e.name, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(ct)));
                    signed.lp32(ct, 0, ct.length);
                    size += ItemSize.utf8Length(e.name) + ct.length;
                } else {
                    out.put(e.name, plain);
                    signed.lp32(v.array(), 0, v.size());
                    size += ItemSize.utf8Length(e.name) + ItemSize.of(plain);
                }
            }
            byte[] mac = signed.finish();
            out.put(FormatV1.HEADER_ATTRIBUTE, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(header)));
            out.put(FormatV1.SIGNATURE_ATTRIBUTE, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(mac)));
            checkSize(item, size);
            return Collections.unmodifiableMap(out);
        } finally {
            s.release();
            keys.wipe();
        }
    }

    private void checkSize(Map<String, AttributeValue> plaintext, long size) {
        if (size > FormatV1.MAX_ITEM_BYTES) {
            long before = ItemSize.of(plaintext);
            throw new InvalidItemException("table '" + table + "': encrypted item would be " + size + " bytes ("
                    + before + " bytes of plaintext item plus " + (size - before) + " bytes of Coffer overhead), over "
                    + "DynamoDB's 400 KB (" + FormatV1.MAX_ITEM_BYTES + " bytes) item limit; nothing was written. "
                    + "Store large values elsewhere (e.g. S3) or split the item");
        }
    }

    /**
     * The legend entry for attribute {@code name} under this configuration (for an unsigned name, an
     * entry with its action and no UTF-8 form). Cached per name, since a table's items repeat their
     * attribute names; the cache stops growing at {@value #MAX_CACHED_NAMES} names, so items with
     * ever-new names cost a lookup and no memory.
     */
    private Header.Entry entry(String name) {
        Header.Entry e = entries.get(name);
        if (e == null) {
            CryptoAction action = config.actionFor(name);
            e = new Header.Entry(name, action.isSigned() ? nameUtf8(name) : null, action);
            if (entries.size() < MAX_CACHED_NAMES) {
                entries.putIfAbsent(name, e);
            }
        }
        return e;
    }

    // ---------------------------------------------------------------------------------------------
    // Decrypt
    // ---------------------------------------------------------------------------------------------

    public Map<String, AttributeValue> decrypt(Map<String, AttributeValue> item) {
        if (item == null) {
            throw new InvalidItemException("table '" + table + "': item is null");
        }
        Header header = header(item);
        byte[] sig = binary(item, FormatV1.SIGNATURE_ATTRIBUTE);
        if (sig == null) {
            throw new IntegrityException("table '" + table + "': item has no signature attribute '"
                    + FormatV1.SIGNATURE_ATTRIBUTE + "' (or it is not binary); the item was modified");
        }
        List<Header.Entry> legend = header.legendUnsafe();
        checkKeysSigned(legend);
        int n = legend.size();
        AttributeValue[] values = new AttributeValue[n];
        int encrypted = 0;
        for (int i = 0; i < n; i++) {
            Header.Entry e = legend.get(i);
            AttributeValue v = item.get(e.name);
            if (v == null) {
                throw new IntegrityException(at(e.name) + "signed attribute (" + e.action + ") is missing from the item; "
                        + "it was removed, or the read projected it away (project every signed attribute and "
                        + FormatV1.HEADER_ATTRIBUTE + ", " + FormatV1.SIGNATURE_ATTRIBUTE + ")");
            }
            if (e.action == CryptoAction.ENCRYPT_AND_SIGN) {
                encrypted++;
                if (v.b() == null) {
                    throw new IntegrityException(at(e.name) + "encrypted attribute should hold ciphertext (type B) but holds "
                            + v.type() + "; the item was modified");
                }
            }
            values[i] = v;
        }
        // Every legend name is present and names are unique, so the item holds more than the legend
        // and the two reserved attributes exactly when it has unsigned attributes.
        boolean hasUnsigned = item.size() - 2 > n;
        if (hasUnsigned) {
            for (String name : item.keySet()) {
                if (!FormatV1.isReserved(name) && !inLegend(legend, name) && !config.acceptsUnsigned(name)) {
                    throw new IntegrityException(at(name) + "attribute is not signed and this table does not accept it "
                            + "unsigned; it was added after the item was written. If it is meant to be unsigned, declare it "
                            + "DO_NOTHING or accept it with allowedUnsignedAttributes/allowedUnsignedPrefix");
                }
            }
        }

        AttributeValue pk = item.get(partitionKey);
        AttributeValue sk = sortKey == null ? null : item.get(sortKey);
        EncryptionContext context = context(pk, sk, false);
        MaterialsDescription description = header.description();
        DecryptionMaterials materials;
        try {
            materials = provider.decryptionMaterials(context, description);
        } catch (CofferException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MaterialsException("table '" + table + "': the materials provider failed to supply decryption keys for "
                    + "provider '" + description.providerId() + "' key '" + description.keyId() + "': "
                    + e.getClass().getSimpleName(), e);
        }
        if (materials == null) {
            throw new MaterialsException("table '" + table + "': the materials provider returned no decryption materials");
        }

        Primitives p = Primitives.get();
        DerivedKeys keys = DerivedKeys.derive(p, materials.dataKey(), materials.signingKey().orElse(null),
                header.itemIdUnsafe());
        Scratch s = Scratch.acquire();
        try {
            if (!MessageDigest.isEqual(keys.commitment, header.commitmentUnsafe())) {
                throw new IntegrityException("table '" + table + "': key commitment does not match: the keys from provider '"
                        + description.providerId() + "' (key '" + description.keyId() + "') are not the keys this item "
                        + "was written with; the item or its header was modified");
            }
            byte[] headerBytes = header.encodedUnsafe();
            SignatureInput signed = s.signed;
            signed.start(p, keys.signing, keys.configuredSigningKey, logicalTableUtf8, headerBytes);
            int longestEncrypted = 0;
            for (int i = 0; i < n; i++) {
                Header.Entry e = legend.get(i);
                AttributeValue v = values[i];
                signed.lp32(e.nameUtf8, 0, e.nameUtf8.length);
                signed.u8(Header.actionByte(e.action));
                if (e.action == CryptoAction.ENCRYPT_AND_SIGN) {
                    byte[] ct = v.b().asByteArrayUnsafe();
                    signed.lp32(ct, 0, ct.length);
                    longestEncrypted = Math.max(longestEncrypted, e.nameUtf8.length);
                } else {
                    ByteBuf vb = s.value;
                    vb.reset();
                    try {
                        ValueCodec.encode(v, vb);
                    } catch (InvalidValue bad) {
                        throw new IntegrityException(at(e.name) + "signed value " + bad.getMessage());
                    }
                    signed.lp32(vb.array(), 0, vb.size());
                }
            }
            byte[] expected = signed.finish();
            if (!MessageDigest.isEqual(expected, sig)) {
                throw new IntegrityException("table '" + table + "': item signature does not verify: a signed attribute, "
                        + "the header or the signature was modified, the item was moved under another primary key or "
                        + "from another table, or it was signed with another key (provider '" + description.providerId()
                        + "', key '" + description.keyId() + "')");
            }

            Map<String, AttributeValue> out = new HashMap<>(capacity(item.size()));
            if (hasUnsigned) {
                for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
                    if (!FormatV1.isReserved(e.getKey())) {
                        out.put(e.getKey(), e.getValue());
                    }
                }
            }
            if (encrypted > 0) {
                s.aadHeader(headerBytes, longestEncrypted);
            }
            int aadEnd = s.aadEnd(headerBytes);
            byte[] nonce = new byte[FormatV1.NONCE_BYTES];
            for (int i = 0; i < n; i++) {
                Header.Entry e = legend.get(i);
                if (e.action != CryptoAction.ENCRYPT_AND_SIGN) {
                    out.put(e.name, values[i]);
                    continue;
                }
                nonce(nonce, i);
                byte[] ct = values[i].b().asByteArrayUnsafe();
                byte[] pt = s.plain(ct.length);
                int aadAt = s.aadName(e.nameUtf8);
                try {
                    int len = p.gcmDecrypt(keys.encryption, nonce, s.aad, aadAt, aadEnd - aadAt, ct, pt, 0);
                    out.put(e.name, ValueCodec.decode(pt, 0, len));
                } catch (AEADBadTagException bad) {
                    throw new IntegrityException(at(e.name) + "encrypted value does not authenticate; it was modified");
                } catch (ByteReader.Malformed | InvalidValue bad) {
                    throw new IntegrityException(at(e.name) + "decrypted value is not a valid encoding: "
                            + bad.getMessage());
                } finally {
                    Arrays.fill(pt, 0, ct.length, (byte) 0);
                }
            }
            return out;
        } finally {
            s.release();
            keys.wipe();
        }
    }

    /** Parses the header of a stored item. */
    private Header header(Map<String, AttributeValue> item) {
        AttributeValue h = item.get(FormatV1.HEADER_ATTRIBUTE);
        if (h == null) {
            throw new IntegrityException("table '" + table + "': item has no Coffer header attribute '"
                    + FormatV1.HEADER_ATTRIBUTE + "': it was not written by Coffer, the header was removed, or the read "
                    + "projected it away. Items written before encryption was enabled must be migrated "
                    + "(see docs/enhanced-client.md, \"Migrating a plaintext table\")");
        }
        if (h.b() == null) {
            throw new IntegrityException("table '" + table + "': header attribute '" + FormatV1.HEADER_ATTRIBUTE
                    + "' is not binary (it holds " + h.type() + "); the item was modified");
        }
        try {
            return Header.parse(h.b().asByteArrayUnsafe());
        } catch (Header.UnknownVersion v) {
            throw new IntegrityException("table '" + table + "': item header has format version " + v.version
                    + ", this Coffer release reads version " + FormatV1.VERSION + ". If the item was written by a newer "
                    + "Coffer, upgrade this application; otherwise the header was modified");
        } catch (ByteReader.Malformed m) {
            throw new IntegrityException("table '" + table + "': item header is malformed (" + m.getMessage()
                    + "); the item was modified or truncated");
        }
    }

    private void checkKeysSigned(List<Header.Entry> legend) {
        for (String key : new String[] {partitionKey, sortKey}) {
            if (key == null) {
                continue;
            }
            Header.Entry e = find(legend, key);
            if (e == null || e.action != CryptoAction.SIGN_ONLY) {
                throw new IntegrityException(at(key) + "key attribute is not signed in this item's header; it was written "
                        + "for a table with other keys, or the header was modified");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers shared by both directions
    // ---------------------------------------------------------------------------------------------

    /** Nonce for the attribute at legend position {@code ordinal}: 8 zero bytes, then u32 ordinal. */
    private static void nonce(byte[] nonce, int ordinal) {
        nonce[8] = (byte) (ordinal >>> 24);
        nonce[9] = (byte) (ordinal >>> 16);
        nonce[10] = (byte) (ordinal >>> 8);
        nonce[11] = (byte) ordinal;
    }

    private AttributeValue keyValue(Map<String, AttributeValue> item, String name, String role) {
        AttributeValue v = item.get(name);
        if (v == null) {
            throw new InvalidItemException(at(name) + "the " + role + " is missing from the item");
        }
        switch (v.type()) {
            case S:
                if (v.s().isEmpty()) {
                    throw new InvalidItemException(at(name) + "the " + role + " is an empty string, which DynamoDB rejects");
                }
                return v;
            case B:
                if (v.b().asByteArrayUnsafe().length == 0) {
                    throw new InvalidItemException(at(name) + "the " + role + " is an empty binary, which DynamoDB rejects");
                }
                return v;
            case N:
                return v;
            default:
                throw new InvalidItemException(at(name) + "the " + role + " has type " + v.type()
                        + "; DynamoDB keys must be S, N or B");
        }
    }

    /**
     * The provider's context. Number keys are given in DynamoDB's normalized form, so a provider
     * sees the same value on write ({@code "1.0"} as the caller spelled it) and on read ({@code "1"}
     * as DynamoDB returns it).
     */
    private EncryptionContext context(AttributeValue pk, AttributeValue sk, boolean writing) {
        EncryptionContext.Builder b = EncryptionContext.builder().tableName(config.logicalTableName())
                .partitionKey(partitionKey, normalizedKey(partitionKey, pk, writing));
        if (sortKey != null) {
            if (sk == null) {
                throw new IntegrityException(at(sortKey) + "the sort key is missing from the item");
            }
            b.sortKey(sortKey, normalizedKey(sortKey, sk, writing));
        }
        return b.build();
    }

    private AttributeValue normalizedKey(String name, AttributeValue v, boolean writing) {
        if (v == null || v.n() == null) {
            return v;
        }
        try {
            String canonical = Numbers.canonical(v.n());
            return canonical.equals(v.n()) ? v : AttributeValue.fromN(canonical);
        } catch (InvalidValue bad) {
            String m = at(name) + "key number " + bad.getMessage();
            throw writing ? new InvalidItemException(m) : new IntegrityException(m);
        }
    }

    private byte[] nameUtf8(String name) {
        byte[] b;
        try {
            // String.getBytes would turn an unpaired surrogate into '?', so the legend would name an
            // attribute the item does not have and the item could never be read back.
            b = ValueCodec.utf8(name);
        } catch (InvalidValue bad) {
            throw new InvalidItemException(at(name) + "the attribute name holds an unpaired UTF-16 surrogate, which is "
                    + "not valid Unicode and cannot be signed; rename the attribute");
        }
        if (b.length > FormatV1.MAX_NAME_BYTES) {
            throw new InvalidItemException("table '" + table + "': attribute name of " + b.length
                    + " bytes is longer than DynamoDB's " + FormatV1.MAX_NAME_BYTES + "; shorten it");
        }
        return b;
    }

    private static byte[] binary(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.b() == null ? null : v.b().asByteArrayUnsafe();
    }

    private static boolean inLegend(List<Header.Entry> legend, String name) {
        return find(legend, name) != null;
    }

    private static Header.Entry find(List<Header.Entry> legend, String name) {
        for (Header.Entry e : legend) {
            if (e.name.equals(name)) {
                return e;
            }
        }
        return null;
    }

    private String at(String attribute) {
        return "table '" + table + "': attribute '" + attribute + "': ";
    }

    private static int capacity(int n) {
        return n * 4 / 3 + 2;
    }

    /** The per-item keys of docs/FORMAT.md, "Key derivation". */
    static final class DerivedKeys {
        final SecretKeySpec encryption;
        final byte[] commitment;
        final byte[] signing;
        /** Whether {@link #signing} is the provider's signing key (long-lived) rather than derived per item. */
        final boolean configuredSigningKey;
        private final byte[] encRaw;

        private DerivedKeys(byte[] encRaw, byte[] commitment, byte[] signing, boolean configuredSigningKey) {
            this.encRaw = encRaw;
            this.encryption = new SecretKeySpec(encRaw, "AES");
            this.commitment = commitment;
            this.signing = signing;
            this.configuredSigningKey = configuredSigningKey;
        }

        static DerivedKeys derive(Primitives p, SecretBytes dataKey, SecretBytes signingKey, byte[] itemId) {
            byte[] dk = dataKey.toByteArray();
            byte[] prk = p.hkdfExtract(itemId, dk);
            Primitives.wipe(dk);
            p.hkdfExpandKey(prk);
            Primitives.wipe(prk);
            byte[] enc = p.hkdfExpandNext(FormatV1.LABEL_ENC, SUITE);
            byte[] commit = p.hkdfExpandNext(FormatV1.LABEL_COMMIT, SUITE);
            byte[] sign = signingKey != null ? signingKey.toByteArray() : p.hkdfExpandNext(FormatV1.LABEL_SIGN, SUITE);
            return new DerivedKeys(enc, commit, sign, signingKey != null);
        }

        void wipe() {
            Primitives.wipe(encRaw);
            Primitives.wipe(signing);
        }
    }
}
