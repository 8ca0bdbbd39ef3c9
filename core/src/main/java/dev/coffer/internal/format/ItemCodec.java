package dev.coffer.internal.format;

import dev.coffer.AlgorithmSuite;
import dev.coffer.CofferException;
import dev.coffer.CryptoAction;
import dev.coffer.IntegrityException;
import dev.coffer.InvalidItemException;
import dev.coffer.MaterialsException;
import dev.coffer.TableConfig;
import dev.coffer.internal.crypto.Primitives;
import dev.coffer.internal.crypto.RandomSource;
import dev.coffer.internal.telemetry.Telemetry;
import dev.coffer.materials.DecryptionMaterials;
import dev.coffer.materials.EncryptionContext;
import dev.coffer.materials.EncryptionMaterials;
import dev.coffer.materials.MaterialsDescription;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.SignatureKeyPair;
import dev.coffer.migration.ItemKind;
import dev.coffer.migration.LegacyPhase;
import dev.coffer.migration.LegacyReader;
import dev.coffer.migration.MigrationPhaseException;
import dev.coffer.migration.PlaintextPhase;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
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
 * Encryption and decryption of one item in the Coffer 1.0 format, exactly as docs/FORMAT.md
 * specifies: one AES-256-GCM message per item whose ciphertext is cut into one slice per encrypted
 * attribute, a compact legend of name fingerprints, and an HMAC-SHA-256 signature over everything
 * stored, plus for suite 0x02 an ECDSA P-256 signature over the same input. Immutable and
 * thread-safe: per-thread state lives in {@link Primitives} and {@link Scratch}. Not API; use
 * {@link dev.coffer.ItemEncryptor}.
 */
public final class ItemCodec {
    /**
     * Per-thread buffers up to this size are kept between items: enough for items with values of
     * 64 KB and more without reallocating per item, while a thread that once saw a near-400 KB item
     * does not keep its buffers.
     */
    private static final int KEEP_BUFFER_BYTES = 128 * 1024;
    private static final int MAX_CACHED_NAMES = 1024;
    /** The nonce of the item's one GCM message: the key is unique to the item (docs/FORMAT.md, section 5). */
    private static final byte[] NONCE = new byte[Format.NONCE_BYTES];
    /**
     * Strings and binaries from this size on are encrypted where they lie (type tag, then the value)
     * instead of being copied into the plaintext buffer first.
     */
    private static final int LARGE_VALUE_BYTES = 2048;

    private final TableConfig config;
    private final String table;
    private final byte[] logicalTableUtf8;
    private final MaterialsProvider provider;
    private final RandomSource random;
    private final String partitionKey;
    private final String sortKey;
    private final AlgorithmSuite suite;
    private final ConcurrentHashMap<String, Name> names = new ConcurrentHashMap<>();
    private final DescriptionCache descriptions = new DescriptionCache();
    private final LegacyReader legacy;

    public ItemCodec(TableConfig config, RandomSource random) {
        this.config = config;
        this.table = config.tableName();
        this.logicalTableUtf8 = config.logicalTableName().getBytes(StandardCharsets.UTF_8);
        this.provider = config.materialsProvider();
        this.random = random;
        this.partitionKey = config.partitionKeyName();
        this.sortKey = config.sortKeyName().orElse(null);
        this.suite = config.algorithmSuite();
        this.legacy = config.legacyReader().orElse(null);
    }

    public TableConfig config() {
        return config;
    }

    /** What the codec knows of one attribute name: its bytes, its hash and this table's view of it. */
    static final class Name {
        final String name;
        final byte[] utf8;
        final long hash;
        final CryptoAction action;
        final boolean acceptsUnsigned;

        Name(String name, byte[] utf8, long hash, CryptoAction action, boolean acceptsUnsigned) {
            this.name = name;
            this.utf8 = utf8;
            this.hash = hash;
            this.action = action;
            this.acceptsUnsigned = acceptsUnsigned;
        }
    }

    /** Per-thread reusable buffers; taken only after provider calls, which may re-enter Coffer. */
    private static final class Scratch {
        private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);
        /** Canonical encodings of sign-only values, one at a time. */
        final ByteBuf value = new ByteBuf(1024);
        /** The GCM plaintext: canonical encodings of the encrypted values, wiped after use. */
        final ByteBuf plain = new ByteBuf(1024);
        final ByteBuf aad = new ByteBuf(1024);
        final ByteBuf header = new ByteBuf(512);
        final SignatureInput signed = new SignatureInput();
        /** GCM ciphertext and tag. */
        byte[] cipher = new byte[1024];
        /** ECDSA signing and verifying instances, made on first use (suite 0x02 only). */
        private Signature signer;
        private Signature verifier;
        boolean busy;

        Signature signer() {
            if (signer == null) {
                signer = ecdsaInstance();
            }
            return signer;
        }

        Signature verifier() {
            if (verifier == null) {
                verifier = ecdsaInstance();
            }
            return verifier;
        }

        private static Signature ecdsaInstance() {
            try {
                return Signature.getInstance(SignatureKeyPair.JCE_ALGORITHM);
            } catch (GeneralSecurityException e) {
                throw new CofferException("this JDK has no " + SignatureKeyPair.JCE_ALGORITHM + " signature; the "
                        + "ECDSA suite needs JDK 17 or later with the SunEC provider", e);
            }
        }

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

        byte[] cipher(int capacity) {
            if (cipher.length < capacity) {
                cipher = new byte[Math.max(capacity, cipher.length * 2)];
            }
            return cipher;
        }

        void release() {
            plain.wipe();
            if (plain.array().length > KEEP_BUFFER_BYTES) {
                plain.trim(1024);
            }
            trim(value);
            trim(aad);
            trim(header);
            signed.trim(KEEP_BUFFER_BYTES);
            if (cipher.length > KEEP_BUFFER_BYTES) {
                cipher = new byte[1024];
            }
            busy = false;
        }

        private static void trim(ByteBuf b) {
            if (b.array().length > KEEP_BUFFER_BYTES) {
                b.trim(512);
            }
        }
    }

    /**
     * Test seam (docs/SECURITY.md, "Secrets in memory"): whether any per-thread buffer of the
     * calling thread still holds {@code needle}, e.g. a plaintext value after the item is done.
     */
    static boolean threadBuffersContain(byte[] needle) {
        Scratch s = Scratch.LOCAL.get();
        return contains(s.plain.array(), needle) || contains(s.cipher, needle) || contains(s.value.array(), needle)
                || contains(s.aad.array(), needle);
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------
    // Encrypt
    // ---------------------------------------------------------------------------------------------

    public Map<String, AttributeValue> encrypt(Map<String, AttributeValue> item) {
        if (item == null) {
            throw new InvalidItemException("table " + Names.quote(table) + ": item is null");
        }
        for (String reserved : new String[] {Format.HEADER_ATTRIBUTE, Format.SIGNATURE_ATTRIBUTE}) {
            if (item.containsKey(reserved)) {
                throw new InvalidItemException("table " + Names.quote(table) + ": item already has Coffer's reserved "
                        + "attribute '" + reserved + "'; it looks encrypted already. Encrypt plaintext items only "
                        + "(decrypt first to re-encrypt)");
            }
        }
        AttributeValue pk = keyValue(item, partitionKey, "partition key");
        AttributeValue sk = sortKey == null ? null : keyValue(item, sortKey, "sort key");
        if (config.plaintextPhase().writesPlaintext()) {
            return plaintextWrite(item);
        }

        int n = item.size();
        if (n >= 1 << 20) {
            throw new InvalidItemException("table " + Names.quote(table) + ": item has " + n + " attributes, more than "
                    + "fit in DynamoDB's 400 KB item limit");
        }
        Name[] attrs = new Name[n];
        AttributeValue[] values = new AttributeValue[n];
        int i = 0;
        int encrypted = 0;
        int signed = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isEmpty()) {
                throw new InvalidItemException("table " + Names.quote(table) + ": item has an attribute with an empty name");
            }
            if (e.getValue() == null) {
                throw new InvalidItemException(at(name) + "value is null; remove the attribute or store NULL=true");
            }
            Name nm = nameForWrite(name);
            attrs[i] = nm;
            values[i] = e.getValue();
            if (nm.action == CryptoAction.ENCRYPT_AND_SIGN) {
                encrypted++;
                signed++;
            } else if (nm.action == CryptoAction.SIGN_ONLY) {
                signed++;
            }
            i++;
        }

        EncryptionContext context = context(pk, sk, true, suite);
        EncryptionMaterials materials;
        try {
            materials = Telemetry.encryptionMaterials(provider, context);
        } catch (CofferException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MaterialsException("table " + Names.quote(table) + ": the materials provider failed to supply "
                    + "encryption keys: " + e.getClass().getSimpleName(), e);
        }
        if (materials == null) {
            throw new MaterialsException("table " + Names.quote(table) + ": the materials provider returned no "
                    + "encryption materials");
        }
        SignatureKeyPair ecdsaKeys = null;
        if (suite.isAsymmetric()) {
            ecdsaKeys = materials.signatureKeyPair().orElseThrow(() -> new MaterialsException("table "
                    + Names.quote(table) + ": the table is configured for algorithm suite " + suite + " but the "
                    + "materials provider (" + provider + ") supplied no ECDSA signing key pair; give the local provider "
                    + "signatureKeyPair(...), or use a provider that generates one (KMS, caching over KMS). Nothing was "
                    + "encrypted"));
        }

        // Draw the item id; its fingerprint key must tell every attribute name of the item apart.
        byte[] itemId = new byte[Format.ITEM_ID_BYTES];
        long[] byFp = new long[n];
        for (int draw = 0;; draw++) {
            random.nextItemId(itemId);
            long key = Fingerprints.key(itemId);
            for (int k = 0; k < n; k++) {
                byFp[k] = ((Fingerprints.of(key, attrs[k].hash) & 0xFFFFFFFFL) << 20) | k;
            }
            Arrays.sort(byFp, 0, n);
            int clash = -1;
            for (int k = 1; k < n; k++) {
                if ((byFp[k - 1] >>> 20) == (byFp[k] >>> 20)) {
                    clash = k - 1;
                    break;
                }
            }
            if (clash < 0) {
                break;
            }
            if (draw + 1 >= Format.MAX_ITEM_ID_DRAWS) {
                String a = attrs[(int) (byFp[clash] & 0xFFFFF)].name;
                String b = attrs[(int) (byFp[clash + 1] & 0xFFFFF)].name;
                throw new InvalidItemException("table " + Names.quote(table) + ": attributes " + Names.quote(a) + " and "
                        + Names.quote(b) + " share a name hash, so the compact legend cannot tell them apart; rename one");
            }
        }
        // Legend order: encrypted attributes by fingerprint, then sign-only ones by fingerprint.
        int[] fps = new int[signed];
        int[] index = new int[signed];
        int enc = 0;
        int so = encrypted;
        for (int k = 0; k < n; k++) {
            int at = (int) (byFp[k] & 0xFFFFF);
            CryptoAction action = attrs[at].action;
            int to = action == CryptoAction.ENCRYPT_AND_SIGN ? enc++ : action == CryptoAction.SIGN_ONLY ? so++ : -1;
            if (to >= 0) {
                fps[to] = (int) (byFp[k] >>> 20);
                index[to] = at;
            }
        }

        Primitives p = Primitives.get();
        DerivedKeys keys = DerivedKeys.derive(p, materials.dataKey(), materials.signingKey().orElse(null), itemId,
                suite.id());
        Scratch s = Scratch.acquire();
        try {
            ByteBuf hb = s.header;
            hb.reset();
            Header.writeBody(hb, suite.id(), itemId, descriptions.encode(materials.description()), fps, signed, encrypted);
            hb.bytes(keys.commitment);
            byte[] header = hb.toByteArray();

            Map<String, AttributeValue> out = new HashMap<>(capacity(n + 2));
            // The encrypted item's size as DynamoDB counts it, summed from its parts as they are made.
            long size = ItemSize.utf8Length(Format.HEADER_ATTRIBUTE) + header.length
                    + ItemSize.utf8Length(Format.SIGNATURE_ATTRIBUTE) + Format.tagsLength(encrypted > 0, suite.id());
            for (int k = 0; k < n; k++) {
                if (!attrs[k].action.isSigned()) {
                    out.put(attrs[k].name, values[k]);
                    size += attrs[k].utf8.length + ItemSize.of(values[k]);
                }
            }

            // One GCM message over the canonical encodings of every encrypted value, in legend order.
            // The additional data holds every slice's length, so it is complete before any plaintext:
            // first encode (large strings and binaries are only measured, not copied), then encrypt.
            int[] sliceLen = new int[encrypted];
            byte[][] large = null;
            int[] largeAt = null;
            ByteBuf plain = s.plain;
            plain.reset();
            ByteBuf aad = s.aad;
            aad.reset();
            aad.bytes(header);
            long total = 0;
            for (int k = 0; k < encrypted; k++) {
                Name nm = attrs[index[k]];
                AttributeValue v = values[index[k]];
                byte[] payload = ValueCodec.largePayload(v, LARGE_VALUE_BYTES);
                if (payload != null) {
                    if (large == null) {
                        large = new byte[encrypted][];
                        largeAt = new int[encrypted];
                    }
                    large[k] = payload;
                    largeAt[k] = plain.size();
                    sliceLen[k] = 1 + payload.length;
                } else {
                    int start = plain.size();
                    try {
                        ValueCodec.encode(v, plain);
                    } catch (InvalidValue bad) {
                        throw new InvalidItemException(at(nm.name) + bad.getMessage());
                    }
                    sliceLen[k] = plain.size() - start;
                }
                total += sliceLen[k];
                aad.lpv(nm.utf8);
                aad.varint(sliceLen[k]);
            }
            if (total > Format.MAX_ITEM_BYTES * 2L) {
                throw new InvalidItemException("table " + Names.quote(table) + ": the encrypted values alone are " + total
                        + " bytes, over DynamoDB's " + Format.MAX_ITEM_BYTES + "-byte item limit; nothing was written");
            }
            byte[] tags = new byte[Format.tagsLength(encrypted > 0, suite.id())];
            byte[] ct = null;
            if (encrypted > 0) {
                ct = s.cipher((int) total + Format.TAG_BYTES);
                try {
                    if (large == null) {
                        p.gcmEncrypt(keys.encryption, NONCE, aad.array(), 0, aad.size(), plain.array(), 0, plain.size(),
                                ct, 0);
                    } else {
                        encryptStreamed(p, keys, aad, plain, large, largeAt, values, index, ct);
                    }
                } catch (Primitives.NonceReuseException reuse) {
                    throw new CofferException("table " + Names.quote(table) + ": refused to encrypt: the JDK reports the "
                            + "same AES-GCM key and nonce twice in a row, which means an item id repeated. Nothing was "
                            + "encrypted; check the process's random source (see docs/SECURITY.md, \"Randomness\")");
                }
                System.arraycopy(ct, (int) total, tags, 0, Format.TAG_BYTES);
            }

            SignatureInput sig = s.signed;
            Signature ecdsa = null;
            if (ecdsaKeys != null) {
                ecdsa = s.signer();
                try {
                    ecdsaKeys.initSign(ecdsa);
                } catch (GeneralSecurityException e) {
                    throw new MaterialsException("table " + Names.quote(table) + ": the ECDSA key pair from the materials "
                            + "provider cannot sign: " + e.getClass().getSimpleName() + "; nothing was encrypted", e);
                }
            }
            sig.start(p, keys.signing, keys.configuredSigningKey, logicalTableUtf8, header, ecdsa);
            int off = 0;
            for (int k = 0; k < signed; k++) {
                Name nm = attrs[index[k]];
                sig.lpv(nm.utf8, 0, nm.utf8.length);
                if (k < encrypted) {
                    byte[] slice = Arrays.copyOfRange(ct, off, off + sliceLen[k]);
                    off += sliceLen[k];
                    sig.lpv(slice, 0, slice.length);
                    out.put(nm.name, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(slice)));
                    size += nm.utf8.length + slice.length;
                } else {
                    AttributeValue v = values[index[k]];
                    ByteBuf vb = s.value;
                    vb.reset();
                    try {
                        ValueCodec.encode(v, vb);
                    } catch (InvalidValue bad) {
                        throw new InvalidItemException(at(nm.name) + bad.getMessage());
                    }
                    sig.lpv(vb.array(), 0, vb.size());
                    out.put(nm.name, v);
                    size += nm.utf8.length + ItemSize.of(v);
                }
            }
            if (encrypted > 0) {
                sig.raw(tags, 0, Format.TAG_BYTES);
            }
            byte[] mac = sig.finish();
            int macAt = (encrypted > 0 ? Format.TAG_BYTES : 0);
            System.arraycopy(mac, 0, tags, macAt, Format.SIGNATURE_BYTES);
            if (ecdsa != null) {
                sig.ecdsa();
                byte[] signature;
                try {
                    signature = ecdsa.sign();
                } catch (SignatureException e) {
                    throw new CofferException("table " + Names.quote(table) + ": ECDSA signing failed: "
                            + e.getClass().getSimpleName() + "; nothing was encrypted", e);
                }
                if (signature.length != Format.ECDSA_SIGNATURE_BYTES) {
                    throw new CofferException("table " + Names.quote(table) + ": ECDSA signature of " + signature.length
                            + " bytes, expected " + Format.ECDSA_SIGNATURE_BYTES + "; nothing was encrypted");
                }
                System.arraycopy(signature, 0, tags, macAt + Format.SIGNATURE_BYTES, Format.ECDSA_SIGNATURE_BYTES);
            }
            if (size > Format.MAX_ITEM_BYTES) {
                long before = ItemSize.of(item);
                throw new InvalidItemException("table " + Names.quote(table) + ": encrypted item would be " + size
                        + " bytes (" + before + " bytes of plaintext item plus " + (size - before) + " bytes of Coffer "
                        + "overhead), over DynamoDB's 400 KB (" + Format.MAX_ITEM_BYTES + " bytes) item limit; nothing "
                        + "was written. Store large values elsewhere (e.g. S3) or split the item");
            }
            out.put(Format.HEADER_ATTRIBUTE, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(header)));
            out.put(Format.SIGNATURE_ATTRIBUTE, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(tags)));
            return Collections.unmodifiableMap(out);
        } finally {
            s.release();
            keys.wipe();
        }
    }

    /**
     * The item's GCM message when some encrypted values are large strings or binaries: the small
     * encodings in {@code plain} are fed in runs, each large value as its type tag and then its bytes
     * where they lie, so a 64 KB value is not copied into the plaintext buffer first. The output is
     * contiguous and identical to one {@code doFinal} over the concatenation.
     */
    private static void encryptStreamed(Primitives p, DerivedKeys keys, ByteBuf aad, ByteBuf plain, byte[][] large,
            int[] largeAt, AttributeValue[] values, int[] index, byte[] ct) {
        p.gcmEncryptStart(keys.encryption, NONCE, aad.array(), 0, aad.size());
        byte[] pt = plain.array();
        int fed = 0;
        int out = 0;
        byte[] tag = new byte[1];
        for (int k = 0; k < large.length; k++) {
            if (large[k] == null) {
                continue;
            }
            out += p.gcmEncryptUpdate(pt, fed, largeAt[k] - fed, ct, out);
            fed = largeAt[k];
            tag[0] = ValueCodec.tag(values[index[k]]);
            out += p.gcmEncryptUpdate(tag, 0, 1, ct, out);
            out += p.gcmEncryptUpdate(large[k], 0, large[k].length, ct, out);
        }
        p.gcmEncryptFinish(pt, fed, plain.size() - fed, ct, out);
    }

    // ---------------------------------------------------------------------------------------------
    // Decrypt
    // ---------------------------------------------------------------------------------------------

    public Map<String, AttributeValue> decrypt(Map<String, AttributeValue> item) {
        if (item == null) {
            throw new InvalidItemException("table " + Names.quote(table) + ": item is null");
        }
        if (!item.containsKey(Format.HEADER_ATTRIBUTE)) {
            Map<String, AttributeValue> other = readWithoutHeader(item);
            if (other != null) {
                return other;
            }
        }
        Header header = header(item);
        byte[] tags = binary(item, Format.SIGNATURE_ATTRIBUTE);
        int encrypted = header.encryptedCount();
        int legendSize = header.legendSize();
        if (tags == null) {
            throw new IntegrityException("table " + Names.quote(table) + ": item has no signature attribute '"
                    + Format.SIGNATURE_ATTRIBUTE + "' (or it is not binary); the item was modified, or the read "
                    + "projected it away");
        }
        AlgorithmSuite itemSuite = AlgorithmSuite.of(header.suite()).orElseThrow();
        if (!config.readsSuite(itemSuite)) {
            throw new IntegrityException("table " + Names.quote(table) + ": item is protected by algorithm suite "
                    + itemSuite + " (HMAC only), but this table is configured for " + suite + ", whose readers refuse "
                    + "HMAC-only items: anyone who can decrypt could have forged it. If old items are still being "
                    + "re-encrypted, open a migration window with acceptHmacOnlyItems(true) (docs/SECURITY.md)");
        }
        int tagsLength = Format.tagsLength(encrypted > 0, itemSuite.id());
        if (tags.length != tagsLength) {
            throw new IntegrityException("table " + Names.quote(table) + ": signature attribute '"
                    + Format.SIGNATURE_ATTRIBUTE + "' is " + tags.length + " bytes, not " + tagsLength
                    + " (suite 0x0" + itemSuite.id() + "); the item was modified");
        }

        // Every attribute but the two reserved ones, with its fingerprint under this item's key.
        int n = item.size() - 2;
        if (n >= 1 << 20) {
            throw new IntegrityException("table " + Names.quote(table) + ": item has " + n + " attributes, more than fit "
                    + "in DynamoDB's 400 KB item limit; it did not come from DynamoDB");
        }
        if (legendSize > n) {
            throw new IntegrityException("table " + Names.quote(table) + ": the header signs " + legendSize
                    + " attributes but the item has only " + n + ": a signed attribute was removed, or the read "
                    + "projected it away (project every signed attribute and " + Format.HEADER_ATTRIBUTE + ", "
                    + Format.SIGNATURE_ATTRIBUTE + ")");
        }
        Name[] attrs = new Name[n];
        AttributeValue[] values = new AttributeValue[n];
        int[] fps = new int[n];
        long key = header.fingerprintKey();
        int i = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            String name = e.getKey();
            if (name == null) {
                throw new IntegrityException("table " + Names.quote(table) + ": item has an attribute with no name; "
                        + "it did not come from DynamoDB");
            }
            if (Format.isReserved(name)) {
                continue;
            }
            Name nm = nameForRead(name);
            attrs[i] = nm;
            values[i] = e.getValue();
            fps[i] = Fingerprints.of(key, nm.hash);
            i++;
        }
        Legend legend = Legend.resolve(header.fingerprintsUnsafe(), fps, n, Format.MAX_LEGEND_READINGS);
        if (legend.missing >= 0) {
            throw new IntegrityException(missingMessage(header, legend.missing));
        }

        // Structural checks of every reading of the legend, before any key is asked for.
        List<int[]> readings = new ArrayList<>(1);
        IntegrityException firstProblem = null;
        for (int[] reading : legend.readings(Format.MAX_LEGEND_READINGS)) {
            String problem = structuralProblem(reading, attrs, values, encrypted, n);
            if (problem == null) {
                readings.add(reading);
            } else if (firstProblem == null) {
                firstProblem = new IntegrityException(problem);
            }
        }
        if (legend.tooAmbiguous) {
            throw new IntegrityException("table " + Names.quote(table) + ": the item's attribute names match its "
                    + "legend in more than " + Format.MAX_LEGEND_READINGS + " ways (attributes were added whose names "
                    + "share fingerprints with signed ones); refusing to try them all. The item was modified");
        }
        if (readings.isEmpty()) {
            throw firstProblem;
        }

        int[] first = readings.get(0);
        AttributeValue pk = item.get(partitionKey);
        AttributeValue sk = sortKey == null ? null : item.get(sortKey);
        EncryptionContext context = context(pk, sk, false, itemSuite);
        MaterialsDescription description = header.description();
        DecryptionMaterials materials;
        try {
            materials = Telemetry.decryptionMaterials(provider, context, description);
        } catch (CofferException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MaterialsException("table " + Names.quote(table) + ": the materials provider failed to supply "
                    + "decryption keys for provider '" + description.providerId() + "' key "
                    + Names.quote(description.keyId()) + ": " + e.getClass().getSimpleName(), e);
        }
        if (materials == null) {
            throw new MaterialsException("table " + Names.quote(table) + ": the materials provider returned no "
                    + "decryption materials");
        }
        ECPublicKey verificationKey = null;
        if (itemSuite.isAsymmetric()) {
            verificationKey = materials.verificationKey().orElseThrow(() -> new MaterialsException("table "
                    + Names.quote(table) + ": item is signed with ECDSA (suite " + itemSuite + ") but the materials "
                    + "provider (" + provider + ") supplied no public key to verify it; configure the writer's public "
                    + "key in the provider (verificationKey(...))"));
        }

        Primitives p = Primitives.get();
        DerivedKeys keys = DerivedKeys.derive(p, materials.dataKey(), materials.signingKey().orElse(null),
                header.itemIdUnsafe(), itemSuite.id());
        Scratch s = Scratch.acquire();
        try {
            if (!MessageDigest.isEqual(keys.commitment, header.commitmentUnsafe())) {
                throw new IntegrityException("table " + Names.quote(table) + ": key commitment does not match: the keys "
                        + "from provider '" + description.providerId() + "' (key " + Names.quote(description.keyId())
                        + ") are not the keys this item was written with; the item or its header was modified");
            }
            byte[] headerBytes = header.encodedUnsafe();
            int macAt = encrypted > 0 ? Format.TAG_BYTES : 0;
            byte[] storedMac = Arrays.copyOfRange(tags, macAt, macAt + Format.SIGNATURE_BYTES);
            int[] reading = null;
            Signature ecdsa = null;
            for (int[] candidate : readings) {
                if (verificationKey != null) {
                    ecdsa = s.verifier();
                    try {
                        ecdsa.initVerify(verificationKey);
                    } catch (GeneralSecurityException e) {
                        throw new MaterialsException("table " + Names.quote(table) + ": the public key from the "
                                + "materials provider cannot verify ECDSA signatures: " + e.getClass().getSimpleName(), e);
                    }
                }
                byte[] expected = signature(s, p, keys, headerBytes, candidate, attrs, values, encrypted, tags, ecdsa);
                if (MessageDigest.isEqual(expected, storedMac)) {
                    reading = candidate;
                    break;
                }
            }
            if (reading == null) {
                throw new IntegrityException("table " + Names.quote(table) + ": item signature does not verify: a signed "
                        + "attribute, the header or the signature was modified, the item was moved under another "
                        + "primary key or from another table, or it was signed with another key (provider '"
                        + description.providerId() + "', key " + Names.quote(description.keyId()) + ")");
            }
            if (ecdsa != null) {
                // After the HMAC (constant time), before anything is decrypted.
                boolean valid;
                try {
                    valid = ecdsa.verify(tags, macAt + Format.SIGNATURE_BYTES, Format.ECDSA_SIGNATURE_BYTES);
                } catch (SignatureException malformed) {
                    valid = false;
                }
                if (!valid) {
                    throw new IntegrityException("table " + Names.quote(table) + ": item's ECDSA signature does not "
                            + "verify under the public key " + SignatureKeyPair.encodePublicKey(verificationKey)
                            + " from provider '" + description.providerId() + "' (key " + Names.quote(description.keyId())
                            + "): the item was written by someone who holds the data key but not the writers' private "
                            + "key (a forgery), modified, or signed with another key pair");
                }
            }
            if (reading != first) {
                // Another reading verified; only now are its structural checks the ones that matter.
                String problem = structuralProblem(reading, attrs, values, encrypted, n);
                if (problem != null) {
                    throw new IntegrityException(problem);
                }
            }

            Map<String, AttributeValue> out = new HashMap<>(capacity(n));
            boolean[] inLegend = new boolean[n];
            for (int k = 0; k < legendSize; k++) {
                inLegend[reading[k]] = true;
                if (k >= encrypted) {
                    out.put(attrs[reading[k]].name, values[reading[k]]);
                }
            }
            for (int k = 0; k < n; k++) {
                if (!inLegend[k]) {
                    out.put(attrs[k].name, values[k]);
                }
            }
            if (encrypted > 0) {
                decryptInto(out, s, p, keys, headerBytes, reading, attrs, values, encrypted, tags);
            }
            return out;
        } finally {
            s.release();
            keys.wipe();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Migration (docs/migration.md): items without a Coffer header, as the table's phases allow
    // ---------------------------------------------------------------------------------------------

    /** Phase WRITE_PLAINTEXT_READ_BOTH: the item as given (keys checked above), for readers that read both. */
    private Map<String, AttributeValue> plaintextWrite(Map<String, AttributeValue> item) {
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty()) {
                throw new InvalidItemException("table " + Names.quote(table) + ": item has an attribute with an empty name");
            }
            if (e.getValue() == null) {
                throw new InvalidItemException(at(e.getKey()) + "value is null; remove the attribute or store NULL=true");
            }
        }
        return Collections.unmodifiableMap(new HashMap<>(item));
    }

    /**
     * A stored item without a Coffer header: a legacy item (through the table's legacy reader), or a
     * plaintext item, each only if the table's phase reads it. Returns null for an item that is
     * neither but carries Coffer's signature, so the caller reports the missing header.
     */
    private Map<String, AttributeValue> readWithoutHeader(Map<String, AttributeValue> item) {
        if (legacy != null && legacy.recognizes(item)) {
            LegacyPhase phase = config.legacyPhase();
            if (!phase.reads(ItemKind.LEGACY)) {
                throw new MigrationPhaseException(table, ItemKind.LEGACY, phase, "table " + Names.quote(table)
                        + ": item was written by the " + legacy.formatName() + ", and the table's legacy phase is "
                        + phase.name() + ", which refuses legacy items (the migration is recorded as done). If legacy "
                        + "items are still expected, configure legacyPhase(READ_LEGACY_WRITE_COFFER) and rewrite them "
                        + "with 'coffer reencrypt'; otherwise the item was restored from an old backup or planted. "
                        + "See docs/migration.md");
            }
            return legacyRead(item);
        }
        if (item.containsKey(Format.SIGNATURE_ATTRIBUTE)) {
            return null;
        }
        PlaintextPhase phase = config.plaintextPhase();
        if (phase.reads(ItemKind.PLAINTEXT)) {
            // Unverified by definition: the phase accepts plaintext items as they are (docs/SECURITY.md).
            return Collections.unmodifiableMap(new HashMap<>(item));
        }
        throw new MigrationPhaseException(table, ItemKind.PLAINTEXT, phase, "table " + Names.quote(table)
                + ": item has no Coffer header attribute '" + Format.HEADER_ATTRIBUTE + "': it was not written by Coffer"
                + (legacy == null ? "" : " or the " + legacy.formatName()) + " (a plaintext item), the header was "
                + "removed, or the read projected it away; the table's plaintext phase is " + phase.name()
                + ", which refuses plaintext items. While a plaintext table is migrated, configure "
                + "plaintextPhase(WRITE_ENCRYPTED_READ_BOTH) until 'coffer reencrypt' has rewritten every item "
                + "(see docs/migration.md)");
    }

    /** A legacy item, verified and decrypted by the reader; its result is checked before it is returned. */
    private Map<String, AttributeValue> legacyRead(Map<String, AttributeValue> item) {
        String where = "table " + Names.quote(table) + ": the " + legacy.formatName() + " reader ";
        Map<String, AttributeValue> plain;
        try {
            plain = legacy.decrypt(item, config);
        } catch (CofferException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MaterialsException(where + "failed: " + e.getClass().getSimpleName(), e);
        }
        if (plain == null) {
            throw new IntegrityException(where + "returned no item; refusing it");
        }
        for (String reserved : legacy.reservedAttributes()) {
            if (plain.containsKey(reserved)) {
                throw new IntegrityException(where + "returned its reserved attribute " + Names.quote(reserved)
                        + "; refusing the item");
            }
        }
        for (String keyName : new String[] {partitionKey, sortKey}) {
            if (keyName != null && (item.get(keyName) == null || !item.get(keyName).equals(plain.get(keyName)))) {
                throw new IntegrityException(at(keyName) + "the " + legacy.formatName() + " reader returned a key "
                        + "other than the stored one; refusing the item");
            }
        }
        if (plain.containsKey(Format.HEADER_ATTRIBUTE) || plain.containsKey(Format.SIGNATURE_ATTRIBUTE)) {
            throw new IntegrityException(where + "returned a Coffer reserved attribute; refusing the item");
        }
        return Collections.unmodifiableMap(new HashMap<>(plain));
    }

    /** Why a reading of the legend cannot be this table's item, or null if it can. */
    private String structuralProblem(int[] reading, Name[] attrs, AttributeValue[] values, int encrypted, int n) {
        for (String keyName : new String[] {partitionKey, sortKey}) {
            if (keyName == null) {
                continue;
            }
            boolean signedKey = false;
            for (int k = encrypted; k < reading.length; k++) {
                if (attrs[reading[k]].name.equals(keyName)) {
                    signedKey = true;
                    break;
                }
            }
            if (!signedKey) {
                return at(keyName) + "key attribute is not signed (sign-only) in this item's header; it is missing, was "
                        + "written for a table with other keys, or the header was modified";
            }
        }
        boolean[] inLegend = new boolean[n];
        for (int k = 0; k < reading.length; k++) {
            int a = reading[k];
            inLegend[a] = true;
            if (k < encrypted) {
                AttributeValue v = values[a];
                if (v == null || v.b() == null || v.b().asByteArrayUnsafe().length == 0) {
                    return at(attrs[a].name) + "encrypted attribute should hold ciphertext (type B, not empty) but holds "
                            + (v == null ? "nothing" : v.type()) + "; the item was modified";
                }
            }
        }
        for (int k = 0; k < n; k++) {
            if (!inLegend[k] && !attrs[k].acceptsUnsigned) {
                return at(attrs[k].name) + "attribute is not signed and this table does not accept it unsigned; it was "
                        + "added after the item was written. If it is meant to be unsigned, declare it DO_NOTHING or "
                        + "accept it with allowedUnsignedAttributes/allowedUnsignedPrefix";
            }
        }
        return null;
    }

    private byte[] signature(Scratch s, Primitives p, DerivedKeys keys, byte[] headerBytes, int[] reading, Name[] attrs,
            AttributeValue[] values, int encrypted, byte[] tags, Signature ecdsa) {
        SignatureInput sig = s.signed;
        sig.start(p, keys.signing, keys.configuredSigningKey, logicalTableUtf8, headerBytes, ecdsa);
        for (int k = 0; k < reading.length; k++) {
            Name nm = attrs[reading[k]];
            AttributeValue v = values[reading[k]];
            sig.lpv(nm.utf8, 0, nm.utf8.length);
            if (k < encrypted) {
                byte[] slice = v.b().asByteArrayUnsafe();
                sig.lpv(slice, 0, slice.length);
            } else {
                ByteBuf vb = s.value;
                vb.reset();
                try {
                    ValueCodec.encode(v, vb);
                } catch (InvalidValue bad) {
                    throw new IntegrityException(at(nm.name) + "signed value " + bad.getMessage());
                }
                sig.lpv(vb.array(), 0, vb.size());
            }
        }
        if (encrypted > 0) {
            sig.raw(tags, 0, Format.TAG_BYTES);
        }
        byte[] mac = sig.finish();
        sig.ecdsa();
        return mac;
    }

    private void decryptInto(Map<String, AttributeValue> out, Scratch s, Primitives p, DerivedKeys keys,
            byte[] headerBytes, int[] reading, Name[] attrs, AttributeValue[] values, int encrypted, byte[] tags) {
        ByteBuf aad = s.aad;
        aad.reset();
        aad.bytes(headerBytes);
        long total = 0;
        for (int k = 0; k < encrypted; k++) {
            total += values[reading[k]].b().asByteArrayUnsafe().length;
        }
        if (total > Integer.MAX_VALUE - 64) {
            throw new IntegrityException("table " + Names.quote(table) + ": encrypted attributes are too large");
        }
        byte[] ct = s.cipher((int) total + Format.TAG_BYTES);
        int off = 0;
        for (int k = 0; k < encrypted; k++) {
            Name nm = attrs[reading[k]];
            byte[] slice = values[reading[k]].b().asByteArrayUnsafe();
            System.arraycopy(slice, 0, ct, off, slice.length);
            off += slice.length;
            aad.lpv(nm.utf8);
            aad.varint(slice.length);
        }
        System.arraycopy(tags, 0, ct, off, Format.TAG_BYTES);
        ByteBuf plain = s.plain;
        plain.reset();
        int at = plain.skip(off);
        try {
            p.gcmDecrypt(keys.encryption, NONCE, aad.array(), 0, aad.size(), ct, 0, off + Format.TAG_BYTES,
                    plain.array(), at);
        } catch (AEADBadTagException bad) {
            throw new IntegrityException("table " + Names.quote(table) + ": encrypted attributes do not authenticate "
                    + "(AES-GCM tag); a ciphertext slice or the tag was modified, moved or swapped");
        }
        byte[] pt = plain.array();
        int pos = at;
        for (int k = 0; k < encrypted; k++) {
            Name nm = attrs[reading[k]];
            int len = values[reading[k]].b().asByteArrayUnsafe().length;
            try {
                out.put(nm.name, ValueCodec.decode(pt, pos, len));
            } catch (ByteReader.Malformed | InvalidValue bad) {
                throw new IntegrityException(at(nm.name) + "decrypted value is not a valid encoding: " + bad.getMessage());
            }
            pos += len;
        }
    }

    /** Parses the header of a stored item. */
    private Header header(Map<String, AttributeValue> item) {
        AttributeValue h = item.get(Format.HEADER_ATTRIBUTE);
        if (h == null) {
            throw new IntegrityException("table " + Names.quote(table) + ": item has no Coffer header attribute '"
                    + Format.HEADER_ATTRIBUTE + "': it was not written by Coffer, the header was removed, or the read "
                    + "projected it away. Items written before encryption was enabled must be migrated "
                    + "(see docs/migration.md)");
        }
        if (h.b() == null) {
            throw new IntegrityException("table " + Names.quote(table) + ": header attribute '" + Format.HEADER_ATTRIBUTE
                    + "' is not binary (it holds " + h.type() + "); the item was modified");
        }
        try {
            return Header.parse(h.b().asByteArrayUnsafe(), descriptions);
        } catch (Header.UnknownVersion v) {
            throw new IntegrityException("table " + Names.quote(table) + ": " + v.describe());
        } catch (ByteReader.Malformed m) {
            throw new IntegrityException("table " + Names.quote(table) + ": item header is malformed (" + m.getMessage()
                    + "); the item was modified or truncated");
        }
    }

    /** Names a legend entry no attribute matches, from this table's configured names where one fits. */
    private String missingMessage(Header header, int entry) {
        long key = header.fingerprintKey();
        int fp = header.fingerprint(entry);
        String action = entry < header.encryptedCount() ? "encrypted" : "sign-only";
        List<String> known = new ArrayList<>(config.actions().keySet());
        known.add(partitionKey);
        if (sortKey != null) {
            known.add(sortKey);
        }
        for (String name : known) {
            try {
                if (Fingerprints.of(key, nameHash(ValueCodec.utf8(name))) == fp) {
                    return at(name) + "signed attribute (" + action + ") is missing from the item; it was removed, or the "
                            + "read projected it away (project every signed attribute and " + Format.HEADER_ATTRIBUTE
                            + ", " + Format.SIGNATURE_ATTRIBUTE + ")";
                }
            } catch (InvalidValue ignored) {
                // A configured name that cannot be encoded cannot be the missing one.
            }
        }
        return "table " + Names.quote(table) + ": a signed attribute (" + action + ", fingerprint "
                + String.format("%08x", fp) + ") is missing from the item, or was renamed; it was removed, or the read "
                + "projected it away (project every signed attribute and " + Format.HEADER_ATTRIBUTE + ", "
                + Format.SIGNATURE_ATTRIBUTE + ")";
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers shared by both directions
    // ---------------------------------------------------------------------------------------------

    private Name nameForWrite(String name) {
        return name(name, true);
    }

    private Name nameForRead(String name) {
        return name(name, false);
    }

    /** The cached view of {@code name}; a name that cannot be signed is an invalid item or a modified one. */
    private Name name(String name, boolean writing) {
        Name nm = names.get(name);
        if (nm != null) {
            return nm;
        }
        byte[] utf8;
        try {
            // String.getBytes would turn an unpaired surrogate into '?', so the item could never be
            // read back under the name it was signed with.
            utf8 = ValueCodec.utf8(name);
        } catch (InvalidValue bad) {
            if (!writing) {
                throw new IntegrityException(at(name) + "the attribute name is not valid Unicode; the item was modified");
            }
            throw new InvalidItemException(at(name) + "the attribute name holds an unpaired UTF-16 surrogate, which is "
                    + "not valid Unicode and cannot be signed; rename the attribute");
        }
        if (writing && utf8.length > Format.MAX_NAME_BYTES) {
            throw new InvalidItemException("table " + Names.quote(table) + ": attribute name of " + utf8.length
                    + " bytes is longer than DynamoDB's " + Format.MAX_NAME_BYTES + "; shorten it");
        }
        return remember(name, utf8);
    }

    private Name remember(String name, byte[] utf8) {
        Name nm = new Name(name, utf8, nameHash(utf8), config.actionFor(name), config.acceptsUnsigned(name));
        // Bounded: items with ever-new attribute names must not grow the cache without limit.
        if (names.size() < MAX_CACHED_NAMES) {
            names.putIfAbsent(name, nm);
        }
        return nm;
    }

    private static long nameHash(byte[] utf8) {
        return Primitives.get().sha256Prefix64(utf8);
    }

    private AttributeValue keyValue(Map<String, AttributeValue> item, String name, String role) {
        AttributeValue v = item.get(name);
        if (v == null) {
            throw new InvalidItemException(at(name) + "the " + role + " is missing from the item");
        }
        AttributeValue.Type type = v.type();
        if (type == AttributeValue.Type.S) {
            if (v.s().isEmpty()) {
                throw new InvalidItemException(at(name) + "the " + role + " is an empty string, which DynamoDB rejects");
            }
            return v;
        }
        if (type == AttributeValue.Type.B) {
            if (v.b().asByteArrayUnsafe().length == 0) {
                throw new InvalidItemException(at(name) + "the " + role + " is an empty binary, which DynamoDB rejects");
            }
            return v;
        }
        if (type == AttributeValue.Type.N) {
            return v;
        }
        throw new InvalidItemException(at(name) + "the " + role + " has type " + type + "; DynamoDB keys must be S, N or B");
    }

    /**
     * The provider's context. Number keys are given in DynamoDB's normalized form, so a provider
     * sees the same value on write ({@code "1.0"} as the caller spelled it) and on read ({@code "1"}
     * as DynamoDB returns it).
     */
    private EncryptionContext context(AttributeValue pk, AttributeValue sk, boolean writing, AlgorithmSuite itemSuite) {
        if (pk == null) {
            throw new IntegrityException(at(partitionKey) + "the partition key is missing from the item");
        }
        EncryptionContext.Builder b = EncryptionContext.builder().tableName(config.logicalTableName())
                .algorithmSuite(itemSuite)
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

    private static byte[] binary(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.b() == null ? null : v.b().asByteArrayUnsafe();
    }

    private String at(String attribute) {
        return "table " + Names.quote(table) + ": attribute " + Names.quote(attribute) + ": ";
    }

    private static int capacity(int n) {
        return n * 4 / 3 + 2;
    }

    /** The per-item keys of docs/FORMAT.md, "Key schedule". */
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

        /** {@code info = "coffer/2/keys" || suite || item id}; T(1) encrypts, T(2) commits, T(3) signs. */
        static DerivedKeys derive(Primitives p, SecretBytes dataKey, SecretBytes signingKey, byte[] itemId) {
            return derive(p, dataKey, signingKey, itemId, Format.SUITE_HMAC);
        }

        static DerivedKeys derive(Primitives p, SecretBytes dataKey, SecretBytes signingKey, byte[] itemId, int suite) {
            byte[] dk = dataKey.toByteArray();
            p.expandStart(dk);
            Primitives.wipe(dk);
            byte[] info = new byte[Format.LABEL_KEYS.length + 1 + itemId.length];
            System.arraycopy(Format.LABEL_KEYS, 0, info, 0, Format.LABEL_KEYS.length);
            info[Format.LABEL_KEYS.length] = (byte) suite;
            System.arraycopy(itemId, 0, info, Format.LABEL_KEYS.length + 1, itemId.length);
            byte[] enc = p.expandBlock(null, info, 1);
            byte[] commit = p.expandBlock(enc, info, 2);
            byte[] sign = signingKey != null ? signingKey.toByteArray() : p.expandBlock(commit, info, 3);
            return new DerivedKeys(enc, commit, sign, signingKey != null);
        }

        void wipe() {
            Primitives.wipe(encRaw);
            Primitives.wipe(signing);
        }
    }
}
