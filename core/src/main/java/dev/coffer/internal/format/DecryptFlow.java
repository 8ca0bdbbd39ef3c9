package dev.coffer.internal.format;

import dev.coffer.AlgorithmSuite;
import dev.coffer.CofferException;
import dev.coffer.IntegrityException;
import dev.coffer.MaterialsException;
import dev.coffer.TableConfig;
import dev.coffer.internal.crypto.Primitives;
import dev.coffer.internal.format.NameCache.Name;
import dev.coffer.internal.telemetry.Telemetry;
import dev.coffer.materials.spi.DecryptionMaterials;
import dev.coffer.materials.spi.EncryptionContext;
import dev.coffer.materials.spi.MaterialsDescription;
import dev.coffer.materials.MaterialsProvider;
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
import javax.crypto.AEADBadTagException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The read side of {@link ItemCodec}: parses the header, matches the item's attributes to the
 * legend, checks every reading's structure before any key is asked for, verifies the key
 * commitment, the HMAC and (suite 0x02) the ECDSA signature, and only then decrypts. Items without
 * a Coffer header go to the migration phases (docs/migration.md): the table's legacy reader, or
 * plaintext as it is, each only if the phase reads it. Immutable and thread-safe; per-thread state
 * is in {@link Scratch} and {@link Primitives}.
 */
final class DecryptFlow {
    private final TableConfig config;
    private final String table;
    private final byte[] logicalTableUtf8;
    private final MaterialsProvider provider;
    private final String partitionKey;
    private final String sortKey;
    private final AlgorithmSuite suite;
    private final LegacyReader legacy;
    private final ItemRules rules;
    private final NameCache names;
    private final DescriptionCache descriptions;

    DecryptFlow(TableConfig config, ItemRules rules, NameCache names, DescriptionCache descriptions) {
        this.config = config;
        this.table = config.tableName();
        this.logicalTableUtf8 = config.logicalTableName().getBytes(StandardCharsets.UTF_8);
        this.provider = config.materialsProvider();
        this.partitionKey = config.partitionKeyName();
        this.sortKey = config.sortKeyName().orElse(null);
        this.suite = config.algorithmSuite();
        this.legacy = config.legacyReader().orElse(null);
        this.rules = rules;
        this.names = names;
        this.descriptions = descriptions;
    }

    Map<String, AttributeValue> decrypt(Map<String, AttributeValue> item) {
        rules.requireItem(item);
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
        rules.checkStoredAttributeCount(n);
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
            Name nm = names.forRead(name);
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
            String problem = rules.structuralProblem(reading, attrs, values, encrypted, n);
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
        EncryptionContext context = rules.context(pk, sk, false, itemSuite);
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
                String problem = rules.structuralProblem(reading, attrs, values, encrypted, n);
                if (problem != null) {
                    throw new IntegrityException(problem);
                }
            }

            Map<String, AttributeValue> out = new HashMap<>(ItemRules.capacity(n));
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

    // Migration (docs/migration.md): items without a Coffer header, as the table's phases allow

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
                throw new IntegrityException(rules.at(keyName) + "the " + legacy.formatName() + " reader returned a key "
                        + "other than the stored one; refusing the item");
            }
        }
        if (plain.containsKey(Format.HEADER_ATTRIBUTE) || plain.containsKey(Format.SIGNATURE_ATTRIBUTE)) {
            throw new IntegrityException(where + "returned a Coffer reserved attribute; refusing the item");
        }
        return Collections.unmodifiableMap(new HashMap<>(plain));
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
                    throw new IntegrityException(rules.at(nm.name) + "signed value " + bad.getMessage());
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
            p.gcmDecrypt(keys.encryption, DerivedKeys.NONCE, aad.array(), 0, aad.size(), ct, 0, off + Format.TAG_BYTES,
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
                throw new IntegrityException(rules.at(nm.name) + "decrypted value is not a valid encoding: " + bad.getMessage());
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
                if (Fingerprints.of(key, NameCache.hash(ValueCodec.utf8(name))) == fp) {
                    return rules.at(name) + "signed attribute (" + action + ") is missing from the item; it was removed, or the "
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

    private static byte[] binary(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.b() == null ? null : v.b().asByteArrayUnsafe();
    }
}
