package dev.coffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.internal.format.Canonical;
import dev.coffer.internal.format.ItemSize;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.testing.Gen;
import dev.coffer.testing.ItemGen;
import dev.coffer.testing.ItemGen.GeneratedItem;
import dev.coffer.testing.Items;
import dev.coffer.testing.Property;
import dev.coffer.testing.TestKeys;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Round trips over arbitrary items DynamoDB accepts: every type, nesting to DynamoDB's limit,
 * unicode, numbers in many spellings, random actions per attribute, for every local provider.
 * Tries are kept modest so the suite stays fast; the generators lean towards edge cases. A failure
 * prints its seed and the command that replays it ({@link Property}).
 */
class ItemEncryptorPropertiesTest {
    private static final MaterialsProvider STATIC = TestKeys.staticProvider();
    private static final MaterialsProvider WRAPPED_AES = TestKeys.wrappedProvider();
    private static final MaterialsProvider WRAPPED_RSA = TestKeys.wrappedRsaProvider();

    private static final Gen<GeneratedItem> ITEMS = ItemGen.items(12);
    private static final Gen<MaterialsProvider> PROVIDERS = Gen.of(STATIC, WRAPPED_AES, WRAPPED_RSA);

    @Test
    void decryptAfterEncrypt_staticProvider_returnsTheItem() {
        Property.forAll(300, ITEMS, g -> assertRoundTrip(g, STATIC));
    }

    @Test
    void decryptAfterEncrypt_wrappedAesProvider_returnsTheItem() {
        Property.forAll(150, ITEMS, g -> assertRoundTrip(g, WRAPPED_AES));
    }

    @Test
    void decryptAfterEncrypt_wrappedRsaProvider_returnsTheItem() {
        Property.forAll(60, ITEMS, g -> assertRoundTrip(g, WRAPPED_RSA));
    }

    @Test
    void decryptAfterEncrypt_largeItem_returnsTheItem() {
        Gen<AttributeValue> big = ItemGen.largeValues(50_000, 300_000);
        Gen<CryptoAction> action = Gen.of(CryptoAction.class);
        Gen<GeneratedItem> large = r -> ITEMS.next(r).with("large", big.next(r), action.next(r));

        Property.forAll(24, large.filter(g -> ItemSize.of(g.item) < 380_000), PROVIDERS, (g, p) -> assertRoundTrip(g, p));
    }

    @Test
    void decrypt_signOnlyValuesAsDynamoDbReturnsThem_verifies() {
        Property.forAll(200, ITEMS, Gen.longs(), (g, seed) -> {
            ItemEncryptor enc = ItemEncryptor.create(g.config(STATIC));
            Map<String, AttributeValue> stored = enc.encrypt(g.item);
            Random random = new Random(seed);
            // DynamoDB returns numbers normalized and set members and map entries in its own order.
            Map<String, AttributeValue> read = new HashMap<>(stored);
            for (Map.Entry<String, CryptoAction> e : actionsWithKeys(g).entrySet()) {
                if (e.getValue() != CryptoAction.ENCRYPT_AND_SIGN) {
                    read.put(e.getKey(), ItemGen.asReturnedByDynamoDb(stored.get(e.getKey()), random));
                }
            }

            Map<String, AttributeValue> back = enc.decrypt(read);

            assertThat(Canonical.normalize(back)).isEqualTo(Canonical.normalize(g.item));
        });
    }

    @Test
    void encrypt_sameItemTwice_givesFreshItemIdAndCiphertexts() {
        Property.forAll(50, ITEMS, g -> {
            ItemEncryptor enc = ItemEncryptor.create(g.config(STATIC));

            Map<String, AttributeValue> first = enc.encrypt(g.item);
            Map<String, AttributeValue> second = enc.encrypt(g.item);

            assertThat(second.get(ItemEncryptor.HEADER_ATTRIBUTE)).isNotEqualTo(first.get(ItemEncryptor.HEADER_ATTRIBUTE));
            assertThat(second.get(ItemEncryptor.SIGNATURE_ATTRIBUTE))
                    .isNotEqualTo(first.get(ItemEncryptor.SIGNATURE_ATTRIBUTE));
            // A slice of n bytes repeats by chance one time in 2^(8n): a 1-byte slice (BOOL, NULL, an
            // empty S or B) one time in 256. So slices of 8 bytes or more are compared one by one, and
            // all slices together once they make 8 bytes.
            ByteArrayOutputStream firstSlices = new ByteArrayOutputStream();
            ByteArrayOutputStream secondSlices = new ByteArrayOutputStream();
            g.actions.forEach((name, action) -> {
                if (action == CryptoAction.ENCRYPT_AND_SIGN) {
                    firstSlices.writeBytes(first.get(name).b().asByteArrayUnsafe());
                    secondSlices.writeBytes(second.get(name).b().asByteArrayUnsafe());
                    if (first.get(name).b().asByteArrayUnsafe().length >= 8) {
                        assertThat(second.get(name)).as(name).isNotEqualTo(first.get(name));
                    }
                }
            });
            if (firstSlices.size() >= 8) {
                assertThat(secondSlices.toByteArray()).isNotEqualTo(firstSlices.toByteArray());
            }
        });
    }

    private static Map<String, CryptoAction> actionsWithKeys(GeneratedItem g) {
        Map<String, CryptoAction> a = new HashMap<>(g.actions);
        a.put("pk", CryptoAction.SIGN_ONLY);
        a.put("sk", CryptoAction.SIGN_ONLY);
        return a;
    }

    private static void assertRoundTrip(GeneratedItem g, MaterialsProvider provider) {
        ItemEncryptor enc = ItemEncryptor.create(g.config(provider));

        Map<String, AttributeValue> stored = enc.encrypt(g.item);

        Set<String> names = new HashSet<>(g.item.keySet());
        names.add(ItemEncryptor.HEADER_ATTRIBUTE);
        names.add(ItemEncryptor.SIGNATURE_ATTRIBUTE);
        assertThat(stored.keySet()).isEqualTo(names);
        boolean anyEncrypted = actionsWithKeys(g).containsValue(CryptoAction.ENCRYPT_AND_SIGN);
        // The GCM tag (once per item, if anything is encrypted), then the HMAC signature.
        assertThat(stored.get(ItemEncryptor.SIGNATURE_ATTRIBUTE).b().asByteArrayUnsafe()).hasSize(anyEncrypted ? 48 : 32);
        actionsWithKeys(g).forEach((name, action) -> {
            AttributeValue plain = g.item.get(name);
            if (action == CryptoAction.ENCRYPT_AND_SIGN) {
                // Its slice of the item's GCM ciphertext: as long as its canonical encoding (type tag included).
                assertThat(stored.get(name).b()).as(name).isNotNull();
                assertThat(stored.get(name).b().asByteArrayUnsafe()).as(name)
                        .hasSize(Canonical.encodeHex(plain).length() / 2);
            } else {
                assertThat(stored.get(name)).as(name).isSameAs(plain);
            }
        });
        assertThat(ItemSize.of(stored)).isLessThanOrEqualTo(400 * 1024);

        Map<String, AttributeValue> back = enc.decrypt(stored);

        assertThat(Canonical.normalize(back)).isEqualTo(Canonical.normalize(g.item));
        g.actions.forEach((name, action) -> {
            if (action == CryptoAction.ENCRYPT_AND_SIGN) {
                assertThat(Items.numbersNormalized(back.get(name))).as("numbers of %s come back normalized", name).isTrue();
            } else {
                assertThat(back.get(name)).as(name).isSameAs(g.item.get(name));
            }
        });
    }
}
