package dev.coffer.internal.format;

import static dev.coffer.testing.Items.n;
import static dev.coffer.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.CryptoAction;
import dev.coffer.IntegrityException;
import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import dev.coffer.internal.crypto.RandomSource;
import dev.coffer.testing.Failures;
import dev.coffer.testing.Tamper;
import dev.coffer.testing.TestKeys;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The checks behind the signature, reached by an attacker who holds the signing key or the data
 * key (static provider: the test knows both). Each must still fail closed with an
 * IntegrityException that names the table and the attribute.
 */
class ItemCodecForgeryTest {
    private static final String SECRET = "s3cr3t-value-55";
    private static final byte[] SIGNING_KEY = TestKeys.counting(32, 100);

    private final TableConfig config = TestKeys.config(TestKeys.staticProvider());
    private final ItemEncryptor encryptor = ItemEncryptor.create(config);

    private Map<String, AttributeValue> stored() {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("pk", s("customer#1"));
        m.put("sk", n("7"));
        m.put("card", s(SECRET));
        m.put("pin", s("0000"));
        m.put("status", s("NEW"));
        return encryptor.encrypt(m);
    }

    private void assertRejected(Map<String, AttributeValue> forged, String... mentions) {
        Failures.assertFails(() -> encryptor.decrypt(forged), IntegrityException.class, "orders", List.of(SECRET),
                mentions);
    }

    @Test
    void resign_ofUntouchedItem_verifies() {
        // The forging helper computes the signature as the format says; without this, the tests
        // below could pass because the helper is wrong.
        Map<String, AttributeValue> stored = stored();

        assertThat(Forge.resign(stored, SIGNING_KEY, "orders")).isEqualTo(stored);
    }

    @Test
    void decrypt_ciphertextBitFlippedAndResigned_throwsIntegrityExceptionFromGcm() {
        Map<String, AttributeValue> forged = Forge.resign(Tamper.flipBit(stored(), "card", 3), SIGNING_KEY, "orders");

        assertRejected(forged, "do not authenticate");
    }

    @Test
    void decrypt_ciphertextsSwappedAndResigned_throwsIntegrityExceptionFromGcmAad() {
        Map<String, AttributeValue> stored = stored();
        Map<String, AttributeValue> swapped = Tamper.with(Tamper.with(stored, "card", stored.get("pin")), "pin",
                stored.get("card"));

        assertRejected(Forge.resign(swapped, SIGNING_KEY, "orders"), "do not authenticate");
    }

    @Test
    void decrypt_ciphertextFromAnotherItemResigned_throwsIntegrityExceptionFromGcmAad() {
        Map<String, AttributeValue> other = stored();
        Map<String, AttributeValue> forged = Tamper.with(stored(), "card", other.get("card"));

        assertRejected(Forge.resign(forged, SIGNING_KEY, "orders"), "do not authenticate");
    }

    @Test
    void decrypt_sliceTruncatedAndResigned_throwsIntegrityExceptionFromGcm() {
        Map<String, AttributeValue> stored = stored();
        byte[] card = Tamper.bytes(stored, "card");
        Map<String, AttributeValue> forged = Tamper.with(stored, "card",
                Tamper.binary(java.util.Arrays.copyOf(card, card.length - 1)));

        assertRejected(Forge.resign(forged, SIGNING_KEY, "orders"), "do not authenticate");
    }

    @Test
    void decrypt_sliceExtendedAndResigned_throwsIntegrityExceptionFromGcm() {
        Map<String, AttributeValue> stored = stored();
        byte[] card = Tamper.bytes(stored, "card");
        Map<String, AttributeValue> forged = Tamper.with(stored, "card",
                Tamper.binary(java.util.Arrays.copyOf(card, card.length + 1)));

        assertRejected(Forge.resign(forged, SIGNING_KEY, "orders"), "do not authenticate");
    }

    @Test
    void decrypt_bytesMovedBetweenAdjacentSlicesAndResigned_throwsIntegrityExceptionFromGcmAad() {
        // The concatenated ciphertext is unchanged; only the cut point between two slices moves.
        Map<String, AttributeValue> stored = stored();
        List<String> legend = Forge.legendNames(stored);
        String first = legend.get(0);
        String second = legend.get(1);
        byte[] a = Tamper.bytes(stored, first);
        byte[] b = Tamper.bytes(stored, second);
        byte[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        Map<String, AttributeValue> forged = Tamper.with(Tamper.with(stored, first,
                Tamper.binary(java.util.Arrays.copyOf(joined, a.length + 1))), second,
                Tamper.binary(java.util.Arrays.copyOfRange(joined, a.length + 1, joined.length)));

        assertRejected(Forge.resign(forged, SIGNING_KEY, "orders"), "do not authenticate");
    }

    @Test
    void decrypt_tagFromAnotherItemResigned_throwsIntegrityExceptionFromGcm() {
        Map<String, AttributeValue> stored = stored();
        byte[] tags = Tamper.bytes(stored, ItemEncryptor.SIGNATURE_ATTRIBUTE);
        System.arraycopy(Tamper.bytes(stored(), ItemEncryptor.SIGNATURE_ATTRIBUTE), 0, tags, 0, 16);
        Map<String, AttributeValue> forged = Tamper.with(stored, ItemEncryptor.SIGNATURE_ATTRIBUTE, Tamper.binary(tags));

        assertRejected(Forge.resign(forged, SIGNING_KEY, "orders"), "do not authenticate");
    }

    @Test
    void decrypt_validCiphertextOfMalformedEncoding_throwsIntegrityExceptionNamingAttribute() {
        Map<String, AttributeValue> stored = stored();
        Header h = Forge.header(stored);
        Forge.Keys keys = Forge.keys(TestKeys.secret(32, 0), TestKeys.secret(32, 100), h.itemId());
        // An attacker with the data key encrypts an invalid encoding: tag 0x04 (false) with a byte after it.
        Map<String, AttributeValue> forged = Forge.resign(
                Forge.reencrypt(stored, keys.encryption, Map.of("card", new byte[] {0x04, 0x07})), keys.signing, "orders");

        assertRejected(forged, "attribute 'card'", "not a valid encoding");
    }

    @Test
    void decrypt_validCiphertextOfWellFormedValue_isWhatAKeyHolderCanDo() {
        // The other side of the coin: holding the keys is holding the item (SECURITY.md).
        Map<String, AttributeValue> stored = stored();
        Header h = Forge.header(stored);
        Forge.Keys keys = Forge.keys(TestKeys.secret(32, 0), TestKeys.secret(32, 100), h.itemId());

        Map<String, AttributeValue> back = encryptor.decrypt(Forge.resign(
                Forge.reencrypt(stored, keys.encryption, Map.of("card", Forge.canonical(s("forged")))), keys.signing,
                "orders"));

        assertThat(back).containsEntry("card", s("forged"));
    }

    @Test
    void decrypt_headerWithoutPartitionKeyInLegend_throwsIntegrityExceptionNamingKey() {
        Map<String, AttributeValue> stored = stored();
        Map<String, CryptoAction> legend = new LinkedHashMap<>();
        legend.put("sk", CryptoAction.SIGN_ONLY);
        legend.put("status", CryptoAction.SIGN_ONLY);

        assertRejected(forgedWithLegend(stored, legend), "attribute 'pk'", "key attribute is not signed");
    }

    @Test
    void decrypt_legendListingAReservedName_neverReturnsIt() {
        // FORMAT.md section 1: readers never match a legend entry to coffer_head or coffer_sig, so a
        // (re-signed) header that lists one is missing an attribute, and the reserved one never
        // comes back as plaintext.
        Map<String, AttributeValue> stored = stored();
        Map<String, CryptoAction> legend = new LinkedHashMap<>();
        legend.put("pk", CryptoAction.SIGN_ONLY);
        legend.put("sk", CryptoAction.SIGN_ONLY);
        legend.put("status", CryptoAction.SIGN_ONLY);
        legend.put("card", CryptoAction.ENCRYPT_AND_SIGN);
        legend.put("pin", CryptoAction.ENCRYPT_AND_SIGN);
        legend.put(ItemEncryptor.HEADER_ATTRIBUTE, CryptoAction.SIGN_ONLY);

        assertRejected(forgedWithLegend(stored, legend), "a signed attribute was removed");
    }

    @Test
    void decrypt_headerListingPartitionKeyAsEncrypted_throwsIntegrityExceptionNamingKey() {
        Map<String, AttributeValue> stored = stored();
        Map<String, CryptoAction> legend = new LinkedHashMap<>();
        legend.put("pk", CryptoAction.ENCRYPT_AND_SIGN);
        legend.put("sk", CryptoAction.SIGN_ONLY);

        assertRejected(forgedWithLegend(stored, legend), "attribute 'pk'", "key attribute is not signed");
    }

    @Test
    void decrypt_legendShortenedToDropEncryptedAttributes_throwsIntegrityException() {
        // A valid header (right commitment, re-signed) that no longer lists card and pin: they are
        // then unsigned attributes the configuration does not accept.
        Map<String, AttributeValue> stored = stored();
        Map<String, CryptoAction> legend = new LinkedHashMap<>();
        legend.put("pk", CryptoAction.SIGN_ONLY);
        legend.put("sk", CryptoAction.SIGN_ONLY);
        legend.put("status", CryptoAction.SIGN_ONLY);

        assertRejected(forgedWithLegend(stored, legend), "is not signed and this table does not accept it unsigned");
    }

    @Test
    void encrypt_sameItemIdTwiceInARow_isRefusedNotRetried() {
        // A repeated item id means a repeated AES-GCM key and nonce. The JDK refuses the second
        // encryption; Coffer must surface that refusal, never work around it.
        RandomSource fixed = out -> java.util.Arrays.fill(out, (byte) 9);
        ItemCodec codec = new ItemCodec(config, fixed);
        codec.encrypt(Map.of("pk", s("a"), "sk", n("1"), "card", s(SECRET)));

        Failures.assertFails(() -> codec.encrypt(Map.of("pk", s("b"), "sk", n("1"), "card", s("other"))),
                dev.coffer.CofferException.class, "orders", List.of(SECRET, "other"), "item id repeated");
    }

    /** The stored item under a new header with {@code legend} and the right commitment, re-signed. */
    private static Map<String, AttributeValue> forgedWithLegend(Map<String, AttributeValue> stored,
            Map<String, CryptoAction> legend) {
        Header h = Forge.header(stored);
        Forge.Keys keys = Forge.keys(TestKeys.secret(32, 0), TestKeys.secret(32, 100), h.itemId());
        byte[] header = Forge.headerBytes(h.itemId(), h.description(), legend, keys.commitment);
        return Forge.resign(Tamper.with(stored, ItemEncryptor.HEADER_ATTRIBUTE, Tamper.binary(header)), keys.signing,
                "orders");
    }
}
