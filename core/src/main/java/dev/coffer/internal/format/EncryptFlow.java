package dev.coffer.internal.format;

import dev.coffer.AlgorithmSuite;
import dev.coffer.CofferException;
import dev.coffer.CryptoAction;
import dev.coffer.InvalidItemException;
import dev.coffer.MaterialsException;
import dev.coffer.TableConfig;
import dev.coffer.internal.crypto.Primitives;
import dev.coffer.internal.crypto.RandomSource;
import dev.coffer.internal.format.NameCache.Name;
import dev.coffer.internal.telemetry.Telemetry;
import dev.coffer.materials.spi.EncryptionContext;
import dev.coffer.materials.spi.EncryptionMaterials;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.SignatureKeyPair;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The write side of {@link ItemCodec}: checks a plaintext item, asks the provider for materials,
 * draws the item id, and builds the header, the one GCM message cut into per-attribute slices, and
 * the signature (docs/FORMAT.md). In phase WRITE_PLAINTEXT_READ_BOTH it returns the checked item as
 * it is. Immutable and thread-safe; per-thread state is in {@link Scratch} and {@link Primitives}.
 */
final class EncryptFlow {
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
    private final ItemRules rules;
    private final NameCache names;
    private final DescriptionCache descriptions;

    EncryptFlow(TableConfig config, RandomSource random, ItemRules rules, NameCache names,
            DescriptionCache descriptions) {
        this.config = config;
        this.table = config.tableName();
        this.logicalTableUtf8 = config.logicalTableName().getBytes(StandardCharsets.UTF_8);
        this.provider = config.materialsProvider();
        this.random = random;
        this.partitionKey = config.partitionKeyName();
        this.sortKey = config.sortKeyName().orElse(null);
        this.suite = config.algorithmSuite();
        this.rules = rules;
        this.names = names;
        this.descriptions = descriptions;
    }

    Map<String, AttributeValue> encrypt(Map<String, AttributeValue> item) {
        rules.requireItem(item);
        rules.requireUnencrypted(item);
        AttributeValue pk = rules.keyValue(item, partitionKey, "partition key");
        AttributeValue sk = sortKey == null ? null : rules.keyValue(item, sortKey, "sort key");
        if (config.plaintextPhase().writesPlaintext()) {
            return plaintextWrite(item);
        }

        int n = item.size();
        rules.checkAttributeCount(n);
        Name[] attrs = new Name[n];
        AttributeValue[] values = new AttributeValue[n];
        int i = 0;
        int encrypted = 0;
        int signed = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            String name = e.getKey();
            rules.checkAttribute(name, e.getValue());
            Name nm = names.forWrite(name);
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

        EncryptionContext context = rules.context(pk, sk, true, suite);
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

            Map<String, AttributeValue> out = new HashMap<>(ItemRules.capacity(n + 2));
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
                        throw new InvalidItemException(rules.at(nm.name) + bad.getMessage());
                    }
                    sliceLen[k] = plain.size() - start;
                }
                total += sliceLen[k];
                aad.lpv(nm.utf8);
                aad.varint(sliceLen[k]);
            }
            rules.checkEncryptedTotal(total);
            byte[] tags = new byte[Format.tagsLength(encrypted > 0, suite.id())];
            byte[] ct = null;
            if (encrypted > 0) {
                ct = s.cipher((int) total + Format.TAG_BYTES);
                try {
                    if (large == null) {
                        p.gcmEncrypt(keys.encryption, DerivedKeys.NONCE, aad.array(), 0, aad.size(), plain.array(), 0, plain.size(),
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
                        throw new InvalidItemException(rules.at(nm.name) + bad.getMessage());
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
            rules.checkItemSize(size, item);
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
        p.gcmEncryptStart(keys.encryption, DerivedKeys.NONCE, aad.array(), 0, aad.size());
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

    /** Phase WRITE_PLAINTEXT_READ_BOTH: the item as given (keys checked above), for readers that read both. */
    private Map<String, AttributeValue> plaintextWrite(Map<String, AttributeValue> item) {
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            rules.checkAttribute(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(new HashMap<>(item));
    }
}
