package dev.coffer;

import static dev.coffer.testing.Items.n;
import static dev.coffer.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.internal.format.Canonical;
import dev.coffer.internal.format.ItemSize;
import dev.coffer.internal.format.Numbers;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.testing.TestTables;
import dev.coffer.testing.Gen;
import dev.coffer.testing.ItemGen;
import dev.coffer.testing.ItemGen.GeneratedItem;
import dev.coffer.testing.ItemGen.NumberSpelling;
import dev.coffer.testing.Items;
import dev.coffer.testing.Property;
import dev.coffer.testing.TestKeys;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Through a real DynamoDB engine (dynalite, the shared test engine): what DynamoDB does to numbers
 * and sets on the way in and out still verifies, Coffer's normalization is DynamoDB's, Coffer
 * refuses what DynamoDB refuses, and its size accounting meets the 400 KB limit to the byte.
 *
 * <p>Where dynalite is laxer than DynamoDB (docs/DEPENDENCIES.md, "dynalite and DynamoDB"), the
 * tests below say so and assert it, so a change in dynalite shows here: it refuses a leading '+'
 * on numbers that DynamoDB accepts (the round trips spell numbers without it), accepts 32 levels
 * of nesting and empty map keys, and counts strings in UTF-16 code units rather than UTF-8 bytes.
 * Coffer keeps DynamoDB's rules in every case (measured on DynamoDB Local 2.6.1, {@link Items}).
 */
class ItemEncryptorDynaliteTest {
    private static final String TABLE = TestTables.table("coffer_orders", ScalarAttributeType.S, ScalarAttributeType.N);
    private static final AtomicInteger IDS = new AtomicInteger();

    private static TableConfig config(MaterialsProvider p) {
        return TableConfig.builder().tableName(TABLE).partitionKey("pk").sortKey("sk")
                .action("n", CryptoAction.SIGN_ONLY).action("ns", CryptoAction.SIGN_ONLY)
                .action("ss", CryptoAction.SIGN_ONLY).action("bs", CryptoAction.SIGN_ONLY)
                .action("note", CryptoAction.DO_NOTHING)
                .materialsProvider(p).build();
    }

    private static final ItemEncryptor ENCRYPTOR = ItemEncryptor.create(config(TestKeys.staticProvider()));

    /** The table's encryptor with {@code attribute} sign-only instead of encrypted. */
    private static ItemEncryptor signingOnly(String attribute) {
        return ItemEncryptor.create(config(TestKeys.staticProvider()).toBuilder()
                .action(attribute, CryptoAction.SIGN_ONLY).build());
    }

    private static Map<String, AttributeValue> item(String sk, Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> m = new LinkedHashMap<>(attributes);
        m.put("pk", s("item#" + IDS.incrementAndGet()));
        m.put("sk", n(sk));
        return m;
    }

    private static Map<String, AttributeValue> throughDynamoDb(ItemEncryptor enc, Map<String, AttributeValue> plain) {
        return enc.decrypt(TestTables.putThenGet(TABLE, enc.encrypt(plain)));
    }

    /** DynamoDB accepts "+1" (and returns "1"); dynalite refuses it. */
    private static boolean dynaliteAccepts(String number) {
        return !number.startsWith("+");
    }

    /** {@code v} with the leading '+' of every number dropped, at any depth: the same values, in spellings dynalite accepts. */
    private static AttributeValue withoutPlusSigns(AttributeValue v) {
        switch (v.type()) {
            case N:
                return n(v.n().substring(dynaliteAccepts(v.n()) ? 0 : 1));
            case NS:
                return AttributeValue.fromNs(v.ns().stream().map(x -> x.substring(dynaliteAccepts(x) ? 0 : 1)).toList());
            case L:
                return AttributeValue.fromL(v.l().stream().map(ItemEncryptorDynaliteTest::withoutPlusSigns).toList());
            case M: {
                Map<String, AttributeValue> m = new LinkedHashMap<>();
                v.m().forEach((k, x) -> m.put(k, withoutPlusSigns(x)));
                return AttributeValue.fromM(m);
            }
            default:
                return v;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Numbers
    // ---------------------------------------------------------------------------------------------

    static Stream<Arguments> dynamoDbNumbers() {
        return Items.DYNAMODB_NUMBERS.stream().filter(x -> dynaliteAccepts(x[0])).map(x -> Arguments.of(x[0], x[1]));
    }

    static Stream<Arguments> plusSignedNumbers() {
        return Items.DYNAMODB_NUMBERS.stream().filter(x -> !dynaliteAccepts(x[0])).map(x -> Arguments.of(x[0], x[1]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plusSignedNumbers")
    void put_numberWithPlusSign_dynaliteRefusesItWhereDynamoDbAcceptsIt_cofferNormalizesIt(String spelling, String dynamoDb) {
        Map<String, AttributeValue> plain = item("8", Map.of("n", n(spelling)));

        assertThatThrownBy(() -> TestTables.client().putItem(r -> r.tableName(TABLE).item(plain)))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("cannot be converted to a numeric value");
        assertThat(Numbers.canonical(spelling)).isEqualTo(dynamoDb);
        // Signed as written, stored as DynamoDB returns it: it verifies.
        Map<String, AttributeValue> stored = new HashMap<>(ENCRYPTOR.encrypt(plain));
        stored.put("n", n(dynamoDb));
        assertThat(ENCRYPTOR.decrypt(TestTables.putThenGet(TABLE, stored))).containsEntry("n", n(dynamoDb));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dynamoDbNumbers")
    void putGet_signOnlyAndEncryptedNumber_verifiesAndComesBackAsDynamoDbReturnsIt(String spelling, String expected) {
        Map<String, AttributeValue> plain = item(spelling, Map.of("n", n(spelling), "n_enc", n(spelling)));

        Map<String, AttributeValue> stored = TestTables.putThenGet(TABLE, ENCRYPTOR.encrypt(plain));
        Map<String, AttributeValue> back = ENCRYPTOR.decrypt(stored);

        assertThat(stored.get("n").n()).isEqualTo(expected).isEqualTo(Numbers.canonical(spelling));
        assertThat(stored.get("sk").n()).isEqualTo(expected);
        assertThat(back).containsEntry("n", n(expected)).containsEntry("n_enc", n(expected)).containsEntry("sk", n(expected));
    }

    @Test
    void putGet_numberInAnySpelling_dynamoDbNormalizesItAsCofferDoes() {
        Property.forAll(150, spellings(), this::putGet_numberInAnySpelling_dynamoDbNormalizesItAsCofferDoes);
    }

    void putGet_numberInAnySpelling_dynamoDbNormalizesItAsCofferDoes(NumberSpelling number) {
        Map<String, AttributeValue> plain = item(number.text, Map.of("n", n(number.text), "n_enc", n(number.text)));

        Map<String, AttributeValue> stored = TestTables.putThenGet(TABLE, ENCRYPTOR.encrypt(plain));
        Map<String, AttributeValue> back = ENCRYPTOR.decrypt(stored);

        assertThat(stored.get("n").n()).isEqualTo(Numbers.canonical(number.text)).isEqualTo(number.dynamoDbForm());
        assertThat(back.get("n_enc")).isEqualTo(stored.get("n"));
        assertThat(back.get("sk")).isEqualTo(stored.get("n"));
    }

    static Gen<NumberSpelling> spellings() {
        return ItemGen.numberSpellings().filter(x -> dynaliteAccepts(x.text));
    }

    // ---------------------------------------------------------------------------------------------
    // Sets
    // ---------------------------------------------------------------------------------------------

    @Test
    void putGet_signOnlySets_verifyInWhateverOrderDynamoDbReturns() {
        Property.forAll(60, numberSets(), stringSets(), binarySets(),
                this::putGet_signOnlySets_verifyInWhateverOrderDynamoDbReturns);
    }

    void putGet_signOnlySets_verifyInWhateverOrderDynamoDbReturns(List<NumberSpelling> numbers,
            List<String> strings, List<byte[]> binaries) {
        List<String> ns = numbers.stream().map(x -> x.text).toList();
        List<SdkBytes> bs = binaries.stream().map(SdkBytes::fromByteArray).toList();
        Map<String, AttributeValue> sets = new HashMap<>();
        sets.put("ns", AttributeValue.fromNs(ns));
        sets.put("ss", AttributeValue.fromSs(strings));
        sets.put("bs", AttributeValue.fromBs(bs));
        sets.put("ns_enc", AttributeValue.fromNs(ns));
        sets.put("ss_enc", AttributeValue.fromSs(strings));
        Map<String, AttributeValue> plain = item("1", sets);

        Map<String, AttributeValue> stored = TestTables.putThenGet(TABLE, ENCRYPTOR.encrypt(plain));
        Map<String, AttributeValue> back = ENCRYPTOR.decrypt(stored);

        assertThat(stored.get("ns").ns()).containsExactlyInAnyOrderElementsOf(
                numbers.stream().map(NumberSpelling::dynamoDbForm).toList());
        assertThat(stored.get("ss").ss()).containsExactlyInAnyOrderElementsOf(strings);
        assertThat(back.get("ns")).isEqualTo(stored.get("ns"));
        assertThat(back.get("ss")).isEqualTo(stored.get("ss"));
        assertThat(back.get("bs")).isEqualTo(stored.get("bs"));
        assertThat(Canonical.normalize(back)).isEqualTo(Canonical.normalize(plain));
    }

    static Gen<List<NumberSpelling>> numberSets() {
        return spellings().uniqueList(1, 12, NumberSpelling::dynamoDbForm);
    }

    static Gen<List<String>> stringSets() {
        return ItemGen.strings(6).uniqueList(1, 12);
    }

    static Gen<List<byte[]>> binarySets() {
        return ItemGen.binaries(6).uniqueList(1, 12, b -> java.util.HexFormat.of().formatHex(b));
    }

    @Test
    void putGet_setsDynamoDbReordered_stillVerify() {
        List<String> ns = List.of("10", "9", "-1.50", "1E+2", "0.5");
        Map<String, AttributeValue> plain = item("2", Map.of("ns", AttributeValue.fromNs(ns),
                "ss", AttributeValue.fromSs(List.of("b", "a", "\uD83D\uDE00", "\uFF61", "")),
                "bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {(byte) 0xFF}),
                        SdkBytes.fromByteArray(new byte[] {1})))));

        Map<String, AttributeValue> stored = TestTables.putThenGet(TABLE, ENCRYPTOR.encrypt(plain));

        // The engine returns members in its own order, not the order written.
        assertThat(stored.get("ns").ns()).containsExactlyInAnyOrder("10", "9", "-1.5", "100", "0.5")
                .isNotEqualTo(ns);
        assertThat(ENCRYPTOR.decrypt(stored)).containsEntry("ns", stored.get("ns"));
    }

    // ---------------------------------------------------------------------------------------------
    // Whole items
    // ---------------------------------------------------------------------------------------------

    static Stream<Named<MaterialsProvider>> providers() {
        return TestKeys.providers();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void putGet_everyTypeItem_roundTrips(MaterialsProvider p) {
        TableConfig config = config(p).toBuilder().action("status", CryptoAction.SIGN_ONLY)
                .action("deep_signed", CryptoAction.SIGN_ONLY).build();
        ItemEncryptor enc = ItemEncryptor.create(config);
        Map<String, AttributeValue> plain = new LinkedHashMap<>(Items.everyType());
        plain.put("pk", s("every#" + IDS.incrementAndGet()));
        plain.put("sk", n("7.0"));
        plain.put("deep", Items.nestedLists(31, s("bottom")));
        plain.put("deep_signed", Items.nestedMaps(30, AttributeValue.fromL(List.of())));
        plain.put("\u00e9t\u00e9 \uD83D\uDE00", s("unicode name"));
        plain.put("n", n("-0.00012300"));

        Map<String, AttributeValue> stored = TestTables.putThenGet(TABLE, enc.encrypt(plain));
        Map<String, AttributeValue> back = enc.decrypt(stored);

        assertThat(Canonical.normalize(back)).isEqualTo(Canonical.normalize(plain));
        assertThat(back.get("card")).isEqualTo(plain.get("card"));
        assertThat(back.get("n")).isEqualTo(n("-0.000123"));
    }

    @Test
    void putGet_arbitraryItem_roundTrips() {
        Property.forAll(40, items(), providerGen(), this::putGet_arbitraryItem_roundTrips);
    }

    void putGet_arbitraryItem_roundTrips(GeneratedItem g, MaterialsProvider p) {
        Map<String, AttributeValue> plain = new LinkedHashMap<>();
        g.item.forEach((k, v) -> plain.put(k, withoutPlusSigns(v)));
        plain.put("pk", s("gen#" + IDS.incrementAndGet()));
        plain.put("sk", n("1"));
        ItemEncryptor enc = ItemEncryptor.create(TableConfig.builder().tableName(TABLE).partitionKey("pk").sortKey("sk")
                .actions(g.actions).materialsProvider(p).build());

        Map<String, AttributeValue> back = throughDynamoDb(enc, plain);

        assertThat(Canonical.normalize(back)).isEqualTo(Canonical.normalize(plain));
    }

    static Gen<GeneratedItem> items() {
        return ItemGen.items(10);
    }

    static Gen<MaterialsProvider> providerGen() {
        return Gen.of(TestKeys.staticProvider(), TestKeys.wrappedProvider());
    }

    // ---------------------------------------------------------------------------------------------
    // Coffer refuses what DynamoDB refuses
    // ---------------------------------------------------------------------------------------------

    static Stream<Arguments> valuesDynamoDbRejects() {
        return Stream.of(
                Arguments.of("empty SS", AttributeValue.fromSs(List.of())),
                Arguments.of("empty NS", AttributeValue.fromNs(List.of())),
                Arguments.of("empty BS", AttributeValue.fromBs(List.of())),
                Arguments.of("SS duplicates", AttributeValue.fromSs(List.of("a", "a"))),
                Arguments.of("NS 1 and 1.0", AttributeValue.fromNs(List.of("1", "1.0"))),
                Arguments.of("BS duplicates", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1}),
                        SdkBytes.fromByteArray(new byte[] {1})))),
                Arguments.of("NULL=false", AttributeValue.fromNul(false)),
                Arguments.of("N NaN", n("NaN")),
                Arguments.of("N abc", n("abc")),
                Arguments.of("N 39 significant digits", n("123456789012345678901234567890123456789")),
                Arguments.of("N 1E+126", n("1E+126")),
                Arguments.of("N 1E-131", n("1E-131")),
                Arguments.of("N 1e", n("1e")));
    }

    /** DynamoDB refuses these (DynamoDB Local 2.6.1 did); dynalite has no such checks. */
    static Stream<Arguments> valuesOnlyDynamoDbRejects() {
        return Stream.of(
                Arguments.of("32 nested lists", Items.nestedLists(32, s("x"))),
                Arguments.of("32 nested maps, empty innermost", Items.nestedMaps(31, AttributeValue.fromM(Map.of()))),
                Arguments.of("map with an empty key", AttributeValue.fromM(Map.of("", s("x")))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesOnlyDynamoDbRejects")
    void encrypt_valueDynamoDbRejectsAndDynaliteAccepts_isRefusedByCoffer(String what, AttributeValue v) {
        Map<String, AttributeValue> plain = item("3", Map.of("v", v));
        ItemEncryptor signOnly = signingOnly("v");

        TestTables.client().putItem(r -> r.tableName(TABLE).item(plain));
        assertThatThrownBy(() -> signOnly.encrypt(plain)).isInstanceOf(InvalidItemException.class);
        assertThatThrownBy(() -> ENCRYPTOR.encrypt(plain)).isInstanceOf(InvalidItemException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesDynamoDbRejects")
    void encrypt_valueDynamoDbRejects_isRefusedByBoth(String what, AttributeValue v) {
        Map<String, AttributeValue> plain = item("3", Map.of("v", v));
        ItemEncryptor signOnly = signingOnly("v");

        assertThatThrownBy(() -> TestTables.client().putItem(r -> r.tableName(TABLE).item(plain)))
                .isInstanceOf(DynamoDbException.class);
        assertThatThrownBy(() -> signOnly.encrypt(plain)).isInstanceOf(InvalidItemException.class);
        assertThatThrownBy(() -> ENCRYPTOR.encrypt(plain)).isInstanceOf(InvalidItemException.class);
    }

    static Stream<Arguments> valuesAtDynamoDbLimits() {
        return Stream.of(
                Arguments.of("31 nested lists", Items.nestedLists(31, s("x"))),
                Arguments.of("31 nested maps, empty innermost", Items.nestedMaps(30, AttributeValue.fromM(Map.of()))),
                Arguments.of("N 1E-130", n("1E-130")),
                Arguments.of("N -9.99..E+125", n("-9.9999999999999999999999999999999999999E+125")),
                Arguments.of("N 38 digits and trailing zeros", n("1234567890123456789012345678901234567800000")),
                Arguments.of("empty S and B", AttributeValue.fromL(List.of(s(""), Items.b()))),
                Arguments.of("empty string in SS", AttributeValue.fromSs(List.of("", "a"))),
                Arguments.of("empty binary in BS", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[0])))),
                Arguments.of("supplementary characters", s("\uD83D\uDE00\uD800\uDC00")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesAtDynamoDbLimits")
    void putGet_valueAtDynamoDbLimits_isAcceptedByBoth(String what, AttributeValue v) {
        ItemEncryptor signOnly = signingOnly("v");
        Map<String, AttributeValue> plain = item("4", Map.of("v", v, "v_enc", v));

        Map<String, AttributeValue> back = throughDynamoDb(signOnly, plain);

        assertThat(Canonical.normalize(back)).isEqualTo(Canonical.normalize(plain));
    }

    // ---------------------------------------------------------------------------------------------
    // The 400 KB limit, to the byte
    // ---------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void put_encryptedItemExactlyAtLimit_isAcceptedAndOneByteMoreIsRefusedByBoth(MaterialsProvider p) {
        ItemEncryptor enc = ItemEncryptor.create(config(p));
        Map<String, AttributeValue> base = item("5", Map.of("n", n("-1.5"), "ns", AttributeValue.fromNs(List.of("1", "-0.25"))));
        long overhead = ItemSize.of(enc.encrypt(with(base, "blob", 0)));
        int largest = (int) (409_600 - overhead);

        Map<String, AttributeValue> stored = enc.encrypt(with(base, "blob", largest));
        TestTables.client().putItem(r -> r.tableName(TABLE).item(stored));
        Map<String, AttributeValue> overLimit = new HashMap<>(stored);
        overLimit.put("pad", s("x"));

        assertThat(ItemSize.of(stored)).isEqualTo(409_600);
        assertThat(enc.decrypt(TestTables.putThenGet(TABLE, stored)).get("blob").b().asByteArrayUnsafe()).hasSize(largest);
        assertThatThrownBy(() -> TestTables.client().putItem(r -> r.tableName(TABLE).item(overLimit)))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("Item size has exceeded the maximum allowed size");
        assertThatThrownBy(() -> enc.encrypt(with(base, "blob", largest + 1))).isInstanceOf(InvalidItemException.class);
    }

    /**
     * dynalite counts a string in UTF-16 code units where DynamoDB counts UTF-8 bytes, so it takes
     * this item DynamoDB would refuse; Coffer counts as DynamoDB does and refuses it.
     */
    @Test
    void put_nonAsciiItemOverTheLimitInUtf8_dynaliteAcceptsIt_cofferRefusesIt() {
        Map<String, AttributeValue> item = new HashMap<>(item("9", Map.of()));
        long rest = ItemSize.of(item) + "text".length();
        // "\u00e9" is 2 bytes in UTF-8 and 1 unit in UTF-16: one byte over DynamoDB's limit, about half of it for dynalite.
        int twoByteChars = (int) (409_600 - rest) / 2;
        item.put("text", s("\u00e9".repeat(twoByteChars) + "x".repeat((int) (409_601 - rest) - 2 * twoByteChars)));
        ItemEncryptor signOnly = signingOnly("text");

        assertThat(ItemSize.of(item)).isEqualTo(409_601);
        TestTables.client().putItem(r -> r.tableName(TABLE).item(item));
        assertThatThrownBy(() -> signOnly.encrypt(item)).isInstanceOf(InvalidItemException.class);
        assertThatThrownBy(() -> ENCRYPTOR.encrypt(item)).isInstanceOf(InvalidItemException.class);
    }

    private static Map<String, AttributeValue> with(Map<String, AttributeValue> item, String name, int bytes) {
        Map<String, AttributeValue> m = new HashMap<>(item);
        m.put(name, AttributeValue.fromB(SdkBytes.fromByteArray(new byte[bytes])));
        return m;
    }

    /** ItemSize's number sizes (ItemSizeTest) against DynamoDB's own limit check. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"0", "1", "-1", "10", "-10", "123", "-123", "1.5", "-1.5", "0.005", "12.34", "1.234", "1E+100",
            "1.5E-100", "1E+101", "99999999999999999999999999999999999999", "-99999999999999999999999999999999999999",
            "1.2345678901234567890123456789012345678", "1000000000000000000000000000000", "-1E-130"})
    void itemSize_ofNumber_meetsDynamoDbLimitExactly(String number) {
        Map<String, AttributeValue> item = new HashMap<>(item("6", Map.of("n", n(number))));
        long rest = ItemSize.of(item) + "pad".length();
        item.put("pad", s("x".repeat((int) (409_600 - rest))));
        Map<String, AttributeValue> oneMore = new HashMap<>(item);
        oneMore.put("pad", s("x".repeat((int) (409_600 - rest + 1))));

        assertThat(ItemSize.of(item)).isEqualTo(409_600);
        TestTables.client().putItem(r -> r.tableName(TABLE).item(item));
        assertThatThrownBy(() -> TestTables.client().putItem(r -> r.tableName(TABLE).item(oneMore)))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("Item size has exceeded");
    }
}
