package dev.coffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.internal.format.ItemSize;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.testing.Failures;
import dev.coffer.testing.Items;
import dev.coffer.testing.TestKeys;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Items that cannot be stored are refused by {@code encrypt} with a clear, value-free message. */
class ItemEncryptorInvalidItemTest {
    private static final String SECRET = "do-not-leak-7731";

    private final ItemEncryptor encryptor = ItemEncryptor.create(TestKeys.config(TestKeys.staticProvider()));

    private static Map<String, AttributeValue> item(String name, AttributeValue value) {
        return Map.of("pk", Items.s("customer#1"), "sk", Items.n("1"), name, value);
    }

    private static TableConfig configWith(String name, CryptoAction action) {
        return TestKeys.config(TestKeys.staticProvider()).toBuilder().action(name, action).build();
    }

    @ParameterizedTest
    @EnumSource(names = {"ENCRYPT_AND_SIGN", "SIGN_ONLY"})
    void encrypt_attributeNameWithUnpairedSurrogate_throwsInvalidItemException(CryptoAction action) {
        String name = "bad\uD800name";
        ItemEncryptor enc = ItemEncryptor.create(configWith(name, action));

        assertThatThrownBy(() -> enc.encrypt(item(name, Items.s(SECRET))))
                .isInstanceOf(InvalidItemException.class)
                .hasMessageContaining("table 'orders'")
                .hasMessageContaining("unpaired UTF-16 surrogate")
                .hasMessageContaining("rename the attribute")
                .message().doesNotContain(SECRET);
    }

    @ParameterizedTest
    @EnumSource(names = {"ENCRYPT_AND_SIGN", "SIGN_ONLY"})
    void encryptThenDecrypt_attributeNameWithSupplementaryCharacter_roundTrips(CryptoAction action) {
        String name = "emoji\uD83D\uDE00";
        ItemEncryptor enc = ItemEncryptor.create(configWith(name, action));

        Map<String, AttributeValue> back = enc.decrypt(enc.encrypt(item(name, Items.s(SECRET))));

        assertThat(back.get(name)).isEqualTo(Items.s(SECRET));
    }

    private static void assertRefused(ItemEncryptor enc, Map<String, AttributeValue> item, String... mentions) {
        Failures.assertFails(() -> enc.encrypt(item), InvalidItemException.class, "orders", List.of(SECRET), mentions);
    }

    // ---------------------------------------------------------------------------------------------
    // Reserved attributes and keys
    // ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"coffer_head", "coffer_sig"})
    void encrypt_itemWithReservedAttribute_throwsInvalidItemException(String reserved) {
        assertRefused(encryptor, item(reserved, Items.b(1)), "'" + reserved + "'", "looks encrypted already",
                "decrypt first");
    }

    @Test
    void encrypt_alreadyEncryptedItem_throwsInvalidItemException() {
        Map<String, AttributeValue> stored = encryptor.encrypt(item("card", Items.s(SECRET)));

        assertRefused(encryptor, stored, "already has Coffer's reserved attribute");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"pk", "sk"})
    void encrypt_missingKeyAttribute_throwsInvalidItemExceptionNamingIt(String key) {
        Map<String, AttributeValue> item = new HashMap<>(item("card", Items.s(SECRET)));
        item.remove(key);

        assertRefused(encryptor, item, "attribute '" + key + "'", "is missing from the item");
    }

    static Stream<Arguments> badKeyValues() {
        return Stream.of(
                Arguments.of(Named.of("BOOL", AttributeValue.fromBool(true)), "has type BOOL; DynamoDB keys must be S, N or B"),
                Arguments.of(Named.of("NULL", AttributeValue.fromNul(true)), "has type NUL"),
                Arguments.of(Named.of("SS", AttributeValue.fromSs(List.of("a"))), "has type SS"),
                Arguments.of(Named.of("NS", AttributeValue.fromNs(List.of("1"))), "has type NS"),
                Arguments.of(Named.of("BS", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1})))), "has type BS"),
                Arguments.of(Named.of("L", AttributeValue.fromL(List.of(Items.s("a")))), "has type L"),
                Arguments.of(Named.of("M", AttributeValue.fromM(Map.of("a", Items.s("a")))), "has type M"),
                Arguments.of(Named.of("empty S", Items.s("")), "empty string, which DynamoDB rejects"),
                Arguments.of(Named.of("empty B", Items.b()), "empty binary, which DynamoDB rejects"),
                Arguments.of(Named.of("invalid N", Items.n("12abc")), "is not a number DynamoDB accepts"),
                Arguments.of(Named.of("N of 39 digits", Items.n("123456789012345678901234567890123456789")),
                        "39 significant digits"));
    }

    static Stream<Arguments> badKeys() {
        return Stream.of("pk", "sk").flatMap(key -> badKeyValues().map(a -> Arguments.of(key, a.get()[0], a.get()[1])));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badKeys")
    void encrypt_keyValueDynamoDbCannotStore_throwsInvalidItemExceptionNamingIt(String key, AttributeValue v,
            String reason) {
        Map<String, AttributeValue> item = new HashMap<>(item("card", Items.s(SECRET)));
        item.put(key, v);

        assertRefused(encryptor, item, "attribute '" + key + "'", reason);
    }

    // ---------------------------------------------------------------------------------------------
    // Values DynamoDB rejects, whether encrypted or sign-only
    // ---------------------------------------------------------------------------------------------

    static Stream<Arguments> badValues() {
        List<Arguments> cases = new java.util.ArrayList<>();
        Object[][] values = {
                {"empty SS", AttributeValue.fromSs(List.of()), "empty string set, which DynamoDB rejects"},
                {"empty NS", AttributeValue.fromNs(List.of()), "empty number set"},
                {"empty BS", AttributeValue.fromBs(List.of()), "empty binary set"},
                {"NULL=false", AttributeValue.fromNul(false), "NULL=false, which DynamoDB rejects; use NULL=true"},
                {"N NaN", Items.n("NaN"), "is not a number DynamoDB accepts"},
                {"N abc", Items.n("abc"), "is not a number DynamoDB accepts"},
                {"N of 39 significant digits", Items.n("1.23456789012345678901234567890123456789"),
                        "has 39 significant digits; DynamoDB keeps at most 38"},
                {"N 1E+126", Items.n("1E+126"), "outside DynamoDB's number range"},
                {"N 1E-131", Items.n("1E-131"), "outside DynamoDB's number range"},
                {"SS duplicates", AttributeValue.fromSs(List.of(SECRET, SECRET)), "duplicate members, which DynamoDB rejects"},
                {"NS 1 and 1.0", AttributeValue.fromNs(List.of("1", "1.0")), "number set with duplicate members"},
                {"NS invalid member", AttributeValue.fromNs(List.of("1", "x")), "is not a number"},
                {"BS duplicates", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {7}),
                        SdkBytes.fromByteArray(new byte[] {7}))), "binary set with duplicate members"},
                {"33 levels (32 nested lists)", Items.nestedLists(32, Items.s(SECRET)), "nests lists and maps deeper"},
                {"33 levels (32 nested maps)", Items.nestedMaps(32, Items.s(SECRET)), "nests lists and maps deeper"},
                {"unpaired surrogate", Items.s(SECRET + "\uD800"), "unpaired UTF-16 surrogate"},
                {"unpaired surrogate in SS", AttributeValue.fromSs(List.of("\uDC00")), "unpaired UTF-16 surrogate"},
                {"unpaired surrogate in nested map key", AttributeValue.fromL(List.of(AttributeValue.fromM(
                        Map.of("\uD800", Items.s(SECRET))))), "unpaired UTF-16 surrogate"},
                {"empty map key", AttributeValue.fromM(Map.of("", Items.s(SECRET))), "map with an empty key"},
                {"invalid N deep inside", Items.nestedMaps(5, AttributeValue.fromL(List.of(Items.n("1e")))),
                        "is not a number"},
                {"value of no type", AttributeValue.builder().build(), "no DynamoDB type"}};
        for (CryptoAction action : new CryptoAction[] {CryptoAction.ENCRYPT_AND_SIGN, CryptoAction.SIGN_ONLY}) {
            for (Object[] v : values) {
                cases.add(Arguments.of(Named.of(v[0] + " " + action, v[1]), action, v[2]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void encrypt_valueDynamoDbRejects_throwsInvalidItemExceptionNamingAttribute(AttributeValue v, CryptoAction action,
            String reason) {
        ItemEncryptor enc = ItemEncryptor.create(configWith("v", action));

        assertRefused(enc, item("v", v), "attribute 'v'", reason);
    }

    @Test
    void encrypt_32LevelsDeep_isAccepted() {
        AttributeValue deepest = Items.nestedLists(31, Items.s(SECRET));

        Map<String, AttributeValue> back = encryptor.decrypt(encryptor.encrypt(item("v", deepest)));

        assertThat(back.get("v")).isEqualTo(deepest);
    }

    @Test
    void encrypt_nullItemValueOrName_throwsInvalidItemException() {
        Map<String, AttributeValue> nullValue = new HashMap<>(item("card", Items.s(SECRET)));
        nullValue.put("v", null);
        Map<String, AttributeValue> emptyName = new HashMap<>(item("card", Items.s(SECRET)));
        emptyName.put("", Items.s("x"));

        assertRefused(encryptor, null, "item is null");
        assertRefused(encryptor, nullValue, "attribute 'v'", "value is null", "remove the attribute or store NULL=true");
        assertRefused(encryptor, emptyName, "attribute with an empty name");
        assertThatThrownBy(() -> encryptor.decrypt(null)).isInstanceOf(InvalidItemException.class)
                .hasMessageContaining("table 'orders'");
    }

    @Test
    void encrypt_attributeNameOver65535Bytes_throwsInvalidItemException() {
        String longName = "n".repeat(65_536);

        assertRefused(encryptor, item(longName, Items.s(SECRET)), "attribute name of 65536 bytes", "65535");
    }

    // ---------------------------------------------------------------------------------------------
    // DynamoDB's 400 KB item limit, counted on the encrypted item
    // ---------------------------------------------------------------------------------------------

    static Stream<Named<MaterialsProvider>> providers() {
        return TestKeys.providers();
    }

    private static Map<String, AttributeValue> itemWithBlob(int bytes) {
        return item("blob", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[bytes])));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void encrypt_itemExactlyAtLimitOnceEncrypted_works(MaterialsProvider p) {
        ItemEncryptor enc = ItemEncryptor.create(TestKeys.config(p));
        // A ciphertext is as long as its plaintext plus a constant, so the limit is one blob size.
        long overhead = ItemSize.of(enc.encrypt(itemWithBlob(0)));
        int largest = (int) (400 * 1024 - overhead);

        Map<String, AttributeValue> stored = enc.encrypt(itemWithBlob(largest));

        assertThat(ItemSize.of(stored)).isEqualTo(409_600);
        assertThat(enc.decrypt(stored).get("blob").b().asByteArrayUnsafe()).hasSize(largest);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void encrypt_itemOneByteOverLimitOnceEncrypted_throwsInvalidItemExceptionWithSizeAndOverhead(MaterialsProvider p) {
        ItemEncryptor enc = ItemEncryptor.create(TestKeys.config(p));
        long overhead = ItemSize.of(enc.encrypt(itemWithBlob(0)));
        Map<String, AttributeValue> item = itemWithBlob((int) (400 * 1024 - overhead) + 1);
        long plaintext = ItemSize.of(item);

        assertThat(plaintext).isLessThan(409_600);
        assertRefused(enc, item, "encrypted item would be 409601 bytes",
                "(" + plaintext + " bytes of plaintext item plus " + (409_601 - plaintext) + " bytes of Coffer overhead)",
                "400 KB (409600 bytes)", "nothing was written", "Store large values elsewhere");
    }

    @Test
    void encrypt_largeSignOnlyItemJustUnderLimit_works() {
        ItemEncryptor enc = ItemEncryptor.create(configWith("text", CryptoAction.SIGN_ONLY));
        long overhead = ItemSize.of(enc.encrypt(item("text", Items.s(""))));
        // Three-byte characters: the limit counts UTF-8 bytes, not chars.
        String text = "\u20ac".repeat((int) ((400 * 1024 - overhead) / 3));

        Map<String, AttributeValue> stored = enc.encrypt(item("text", Items.s(text)));

        assertThat(ItemSize.of(stored)).isBetween(409_598L, 409_600L);
        assertThat(enc.decrypt(stored)).containsEntry("text", Items.s(text));
        assertRefused(enc, item("text", Items.s(text + "\u20ac")), "encrypted item would be");
    }

    @Test
    void encrypt_failedItem_leavesInputUntouched() {
        Map<String, AttributeValue> item = new HashMap<>(item("card", Items.s(SECRET)));
        item.put("bad", AttributeValue.fromSs(List.of()));
        Map<String, AttributeValue> before = new HashMap<>(item);

        assertThatThrownBy(() -> encryptor.encrypt(item)).isInstanceOf(InvalidItemException.class);

        assertThat(item).isEqualTo(before);
    }
}
