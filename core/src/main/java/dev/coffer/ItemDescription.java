package dev.coffer;

import dev.coffer.internal.format.Header;
import dev.coffer.materials.spi.MaterialsDescription;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a stored item's Coffer header <em>claims</em>, read without keys: format version, algorithm
 * suite, item id, materials description, the legend of signed attributes (one entry per signed
 * attribute, with its action and the item's attribute names that match its fingerprint), the key
 * commitment, and the sizes of the header and the signature. For inspection and support tools such as
 * {@code coffer inspect}.
 *
 * <p><strong>Nothing here is verified.</strong> Anyone who can write to the table can write any
 * header; only {@link ItemEncryptor#decrypt}, with the keys, checks the key commitment and the
 * signature. Never base an access decision on a description.
 *
 * <pre>{@code
 * ItemDescription d = ItemDescription.of(storedItem);
 * System.out.println(d.materials().providerId() + " " + d.materials().keyId());
 * for (ItemDescription.LegendEntry e : d.legend()) {
 *     System.out.println(e.action() + " " + e.attributeNames());
 * }
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public final class ItemDescription {
    private final Header header;
    private final List<LegendEntry> legend;
    private final OptionalInt signatureLength;

    private ItemDescription(Header header, List<LegendEntry> legend, OptionalInt signatureLength) {
        this.header = header;
        this.legend = legend;
        this.signatureLength = signatureLength;
    }

    /**
     * Reads the header of a stored item, without keys and without verifying anything.
     *
     * @param item an item as read from DynamoDB, with its {@value ItemEncryptor#HEADER_ATTRIBUTE}
     *     attribute
     * @return what the header claims
     * @throws IntegrityException if the item has no binary {@value ItemEncryptor#HEADER_ATTRIBUTE}
     *     attribute (it was not written by Coffer, or the read left the header out), or the header
     *     is malformed or of a format version this release does not read
     * @throws ConfigurationException if {@code item} is null
     */
    public static ItemDescription of(Map<String, AttributeValue> item) {
        if (item == null) {
            throw new ConfigurationException("item is null; pass an item as read from DynamoDB");
        }
        AttributeValue h = item.get(ItemEncryptor.HEADER_ATTRIBUTE);
        if (h == null || h.b() == null) {
            throw new IntegrityException("item has no binary '" + ItemEncryptor.HEADER_ATTRIBUTE + "' attribute: it was "
                    + "written without Coffer, or the read that fetched it left the header out");
        }
        Header header = Header.decode(h.b().asByteArray());
        List<List<String>> matches = header.match(item.keySet());
        List<LegendEntry> legend = new ArrayList<>(header.legendSize());
        for (int i = 0; i < header.legendSize(); i++) {
            legend.add(new LegendEntry(header.isEncrypted(i) ? CryptoAction.ENCRYPT_AND_SIGN : CryptoAction.SIGN_ONLY,
                    header.fingerprint(i), matches.get(i)));
        }
        AttributeValue sig = item.get(ItemEncryptor.SIGNATURE_ATTRIBUTE);
        OptionalInt signatureLength = sig == null || sig.b() == null ? OptionalInt.empty()
                : OptionalInt.of(sig.b().asByteArrayUnsafe().length);
        return new ItemDescription(header, Collections.unmodifiableList(legend), signatureLength);
    }

    /** The format version the header declares (this release reads {@value ItemEncryptor#FORMAT_VERSION}). */
    public int formatVersion() {
        return header.version();
    }

    /**
     * The algorithm suite byte (docs/FORMAT.md, "Header"): {@code 0x01} is AES-256-GCM with HMAC-SHA-256,
     * {@code 0x02} the same plus an ECDSA P-256 signature ({@link AlgorithmSuite}).
     */
    public int suite() {
        return header.suite();
    }

    /** The item id, lower-case hex. */
    public String itemIdHex() {
        return HexFormat.of().formatHex(header.itemId());
    }

    /** The materials description: provider id, key ids, wrapped data keys (ciphertext), parameters. */
    public MaterialsDescription materials() {
        return header.description();
    }

    /**
     * The legend: one entry per signed attribute, the encrypted ones first, in signing order.
     * Unmodifiable.
     */
    public List<LegendEntry> legend() {
        return legend;
    }

    /** The key commitment, lower-case hex. */
    public String keyCommitmentHex() {
        return header.commitmentHex();
    }

    /** The header's length in bytes, as stored. */
    public int headerLength() {
        return header.encodedLength();
    }

    /**
     * The length in bytes of the {@value ItemEncryptor#SIGNATURE_ATTRIBUTE} attribute, or empty if the
     * item has no binary signature attribute (decrypt will then fail).
     */
    public OptionalInt signatureLength() {
        return signatureLength;
    }

    @Override
    public String toString() {
        return "ItemDescription[version=" + formatVersion() + ", provider=" + materials().providerId() + ", legend="
                + legend.size() + " entries, unverified]";
    }

    /**
     * One signed attribute as the header lists it: its action, its 32-bit name fingerprint, and the
     * names of the item's attributes with that fingerprint: normally one; none if the attribute is
     * missing from the item (decrypt will fail); several if ambiguous (decrypt tries each).
     * Unverified, like the whole description.
     *
     * <p>Thread-safety: immutable.
     */
    public static final class LegendEntry {
        private final CryptoAction action;
        private final int fingerprint;
        private final List<String> attributeNames;

        LegendEntry(CryptoAction action, int fingerprint, List<String> attributeNames) {
            this.action = action;
            this.fingerprint = fingerprint;
            this.attributeNames = List.copyOf(attributeNames);
        }

        /** {@link CryptoAction#ENCRYPT_AND_SIGN} or {@link CryptoAction#SIGN_ONLY}. */
        public CryptoAction action() {
            return action;
        }

        /** The name fingerprint stored in the legend (docs/FORMAT.md, "Legend"). */
        public int fingerprint() {
            return fingerprint;
        }

        /** The item's attribute names with this fingerprint; unmodifiable, possibly empty. */
        public List<String> attributeNames() {
            return attributeNames;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LegendEntry && ((LegendEntry) o).action == action
                    && ((LegendEntry) o).fingerprint == fingerprint
                    && ((LegendEntry) o).attributeNames.equals(attributeNames);
        }

        @Override
        public int hashCode() {
            return Objects.hash(action, fingerprint, attributeNames);
        }

        @Override
        public String toString() {
            return action + " " + String.format("%08x", fingerprint) + " " + attributeNames;
        }
    }
}
