package dev.coffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.internal.format.Canonical;
import dev.coffer.internal.format.ItemSize;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.testing.ItemArbitraries;
import dev.coffer.testing.ItemArbitraries.GeneratedItem;
import dev.coffer.testing.Items;
import dev.coffer.testing.TestKeys;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Round trips over arbitrary items DynamoDB accepts: every type, nesting to DynamoDB's limit,
 * unicode, numbers in many spellings, random actions per attribute, for every local provider.
 * Tries are kept modest so the suite stays fast; the generators lean towards edge cases.
 */
class ItemEncryptorPropertiesTest {
    private static final MaterialsProvider STATIC = TestKeys.staticProvider();
    private static final MaterialsProvider WRAPPED_AES = TestKeys.wrappedProvider();
    private static final MaterialsProvider WRAPPED_RSA = TestKeys.wrappedRsaProvider();

    @Property(tries = 300)
    void decryptAfterEncrypt_staticProvider_returnsTheItem(@ForAll("items") GeneratedItem g) {
        assertRoundTrip(g, STATIC);
    }

    @Property(tries = 150)
    void decryptAfterEncrypt_wrappedAesProvider_returnsTheItem(@ForAll("items") GeneratedItem g) {
        assertRoundTrip(g, WRAPPED_AES);
    }

    @Property(tries = 60)
    void decryptAfterEncrypt_wrappedRsaProvider_returnsTheItem(@ForAll("items") GeneratedItem g) {
        assertRoundTrip(g, WRAPPED_RSA);
    }

    @Property(tries = 24)
    void decryptAfterEncrypt_largeItem_returnsTheItem(@ForAll("items") GeneratedItem g,
            @ForAll("largeValues") AttributeValue big, @ForAll CryptoAction action, @ForAll("providers") MaterialsProvider p) {
        GeneratedItem large = g.with("large", big, action);
        Assume.that(ItemSize.of(large.item) < 380_000);

        assertRoundTrip(large, p);
    }

    @Property(tries = 200)
    void decrypt_signOnlyValuesAsDynamoDbReturnsThem_verifies(@ForAll("items") GeneratedItem g, @ForAll long seed) {
        ItemEncryptor enc = ItemEncryptor.create(g.config(STATIC));
        Map<String, AttributeValue> stored = enc.encrypt(g.item);
        Random random = new Random(seed);
        // DynamoDB returns numbers normalized and set members and map entries in its own order.
        Map<String, AttributeValue> read = new HashMap<>(stored);
        for (Map.Entry<String, CryptoAction> e : actionsWithKeys(g).entrySet()) {
            if (e.getValue() != CryptoAction.ENCRYPT_AND_SIGN) {
                read.put(e.getKey(), ItemArbitraries.asReturnedByDynamoDb(stored.get(e.getKey()), random));
            }
        }

        Map<String, AttributeValue> back = enc.decrypt(read);

        assertThat(Canonical.normalize(back)).isEqualTo(Canonical.normalize(g.item));
    }

    @Property(tries = 50)
    void encrypt_sameItemTwice_givesFreshItemIdAndCiphertexts(@ForAll("items") GeneratedItem g) {
        ItemEncryptor enc = ItemEncryptor.create(g.config(STATIC));

        Map<String, AttributeValue> first = enc.encrypt(g.item);
        Map<String, AttributeValue> second = enc.encrypt(g.item);

        assertThat(second.get(ItemEncryptor.HEADER_ATTRIBUTE)).isNotEqualTo(first.get(ItemEncryptor.HEADER_ATTRIBUTE));
        assertThat(second.get(ItemEncryptor.SIGNATURE_ATTRIBUTE))
                .isNotEqualTo(first.get(ItemEncryptor.SIGNATURE_ATTRIBUTE));
        g.actions.forEach((name, action) -> {
            if (action == CryptoAction.ENCRYPT_AND_SIGN) {
                assertThat(second.get(name)).as(name).isNotEqualTo(first.get(name));
            }
        });
    }

    @Provide
    Arbitrary<GeneratedItem> items() {
        return ItemArbitraries.items(12);
    }

    @Provide
    Arbitrary<AttributeValue> largeValues() {
        return ItemArbitraries.largeValues(50_000, 300_000);
    }

    @Provide
    Arbitrary<MaterialsProvider> providers() {
        return Arbitraries.of(STATIC, WRAPPED_AES, WRAPPED_RSA);
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
