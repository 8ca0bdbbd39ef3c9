package dev.coffer;

import static dev.coffer.testing.Items.b;
import static dev.coffer.testing.Items.n;
import static dev.coffer.testing.Items.s;
import static dev.coffer.testing.Tamper.HEADER;
import static dev.coffer.testing.Tamper.SIGNATURE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.internal.format.Header;
import dev.coffer.materials.spi.MaterialsDescription;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.StaticProvider;
import dev.coffer.materials.WrappedProvider;
import dev.coffer.materials.WrappingKey;
import dev.coffer.testing.Failures;
import dev.coffer.testing.Tamper;
import dev.coffer.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The tamper matrix: everything someone with write access to the table can do to a stored item is
 * detected on read, with an exception that names the table (and the attribute, where one is to
 * blame), never contains a protected value, and returns no plaintext.
 */
class ItemEncryptorTamperTest {
    /** Protected plaintext; it must never appear in an exception message. */
    private static final String SECRET = "4111-1111-1111-1111";
    private static final String AMOUNT = "98765.4321";

    static Stream<Named<MaterialsProvider>> providers() {
        return TestKeys.providers();
    }

    /** Table "orders": pk, sk (N), "card" and "amount" encrypted, "status" sign-only, "note" unsigned. */
    private static Map<String, AttributeValue> plainItem(String pk) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("pk", s(pk));
        m.put("sk", n("7"));
        m.put("card", s(SECRET));
        m.put("amount", n(AMOUNT));
        m.put("status", s("SHIPPED"));
        m.put("note", s("left at the door"));
        return m;
    }

    private static ItemEncryptor encryptor(MaterialsProvider p) {
        return ItemEncryptor.create(TestKeys.config(p));
    }

    /** Decrypting {@code tampered} throws IntegrityException naming the table and the given words. */
    private static void assertRejected(ItemEncryptor enc, Map<String, AttributeValue> tampered, String... mentions) {
        Failures.assertFails(() -> enc.decrypt(tampered), IntegrityException.class, "orders", List.of(SECRET, AMOUNT),
                mentions);
    }

    /**
     * Runs {@code decrypt} and returns null if it threw an acceptable exception, else a description of
     * what went wrong; so a matrix reports every failing case at once.
     */
    private static String problem(ItemEncryptor enc, Map<String, AttributeValue> tampered, boolean materialsAllowed) {
        try {
            enc.decrypt(tampered);
            return "decrypt returned an item";
        } catch (IntegrityException e) {
            return leaks(e);
        } catch (MaterialsException e) {
            return materialsAllowed ? leaks(e) : "MaterialsException: " + e.getMessage();
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    private static String leaks(CofferException e) {
        String m = e.getMessage();
        if (m.contains(SECRET) || m.contains(AMOUNT)) {
            return "message leaks plaintext: " + m;
        }
        return m.contains("table 'orders'") ? null : "message does not name the table: " + m;
    }

    // ---------------------------------------------------------------------------------------------
    // Bit flips and truncation
    // ---------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void decrypt_flippedBitOfEncryptedValueOrSignature_throwsIntegrityException(MaterialsProvider p) {
        ItemEncryptor enc = encryptor(p);
        Map<String, AttributeValue> stored = enc.encrypt(plainItem("customer#1"));
        boolean rsa = rsa(stored);
        List<String> problems = new ArrayList<>();

        for (String name : new String[] {"card", "amount", SIGNATURE}) {
            int bits = Tamper.bytes(stored, name).length * 8;
            for (int bit = 0; bit < bits; bit++) {
                if (!tried(rsa, bit)) {
                    continue;
                }
                String problem = problem(enc, Tamper.flipBit(stored, name, bit), false);
                if (problem != null) {
                    problems.add(name + " bit " + bit + ": " + problem);
                }
            }
        }

        assertThat(problems).isEmpty();
    }

    /**
     * Every bit of the header. A flip inside the materials description (provider id, key id, wrapped
     * key, parameters) reaches the provider before any key exists to verify with, so the provider may
     * refuse it first with a MaterialsException ("item was protected with static key 'tfst-static'",
     * "the data key does not unwrap"): still fail-closed, and FORMAT.md section 8 step 5 says so.
     * Every other bit must give an IntegrityException.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void decrypt_flippedBitOfHeader_throwsIntegrityExceptionOrMaterialsExceptionInDescription(MaterialsProvider p) {
        ItemEncryptor enc = encryptor(p);
        Map<String, AttributeValue> stored = enc.encrypt(plainItem("customer#1"));
        byte[] header = Tamper.bytes(stored, HEADER);
        int descriptionStart = 1 + 2 + 32;
        int descriptionEnd = descriptionStart + encodedLength(Header.decode(header).description());
        boolean rsa = rsa(stored);
        List<String> problems = new ArrayList<>();

        for (int bit = 0; bit < header.length * 8; bit++) {
            if (!tried(rsa, bit)) {
                continue;
            }
            int at = bit / 8;
            boolean inDescription = at >= descriptionStart && at < descriptionEnd;
            String problem = problem(enc, Tamper.flipBit(stored, HEADER, bit), inDescription);
            if (problem != null) {
                problems.add("header bit " + bit + " (byte " + at + "): " + problem);
            }
        }

        assertThat(problems).isEmpty();
    }

    /**
     * Every bit for the static and AES providers. With RSA every read costs a private-key operation
     * (milliseconds), and what follows the unwrap is the same code, so one bit of every byte, a
     * different bit position in consecutive bytes.
     */
    private static boolean tried(boolean rsa, int bit) {
        return !rsa || bit % 8 == (bit / 8) % 8;
    }

    private static boolean rsa(Map<String, AttributeValue> stored) {
        return "RSA-OAEP-SHA256".equals(Header.decode(Tamper.bytes(stored, HEADER)).description().parameter("alg").orElse(null));
    }

    private static int encodedLength(MaterialsDescription d) {
        int n = 2 + utf8(d.providerId()) + 2 + utf8(d.keyId()) + 2 + d.wrappedKeyLength() + 1;
        for (Map.Entry<String, String> e : d.parameters().entrySet()) {
            n += 2 + utf8(e.getKey()) + 2 + utf8(e.getValue());
        }
        return n;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void decrypt_truncatedBinary_throwsIntegrityException(MaterialsProvider p) {
        ItemEncryptor enc = encryptor(p);
        Map<String, AttributeValue> stored = enc.encrypt(plainItem("customer#1"));
        List<String> problems = new ArrayList<>();

        for (String name : new String[] {"card", "amount", HEADER, SIGNATURE}) {
            int length = Tamper.bytes(stored, name).length;
            for (int drop = 1; drop <= length; drop++) {
                // A truncated header ends inside the commitment or earlier: always malformed, never
                // a description the provider could act on.
                String problem = problem(enc, Tamper.truncate(stored, name, drop), false);
                if (problem != null) {
                    problems.add(name + " shortened by " + drop + ": " + problem);
                }
            }
        }

        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void decrypt_bytesAppendedToBinary_throwsIntegrityException(MaterialsProvider p) {
        ItemEncryptor enc = encryptor(p);
        Map<String, AttributeValue> stored = enc.encrypt(plainItem("customer#1"));

        for (String name : new String[] {"card", HEADER, SIGNATURE}) {
            byte[] longer = java.util.Arrays.copyOf(Tamper.bytes(stored, name), Tamper.bytes(stored, name).length + 1);
            assertRejected(enc, Tamper.with(stored, name, Tamper.binary(longer)));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Attributes removed, added, swapped, retyped
    // ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"pk", "sk", "card", "amount", "status"})
    void decrypt_signedAttributeRemoved_throwsIntegrityExceptionNamingIt(String name) {
        ItemEncryptor enc = encryptor(TestKeys.staticProvider());
        Map<String, AttributeValue> stored = enc.encrypt(plainItem("customer#1"));

        // The legend stores fingerprints, not names: the message names the attribute when the table's
        // configuration declares it, and otherwise gives its fingerprint.
        boolean declared = enc.config().actions().containsKey(name) || name.equals("pk") || name.equals("sk");
        assertRejected(enc, Tamper.without(stored, name), declared ? "attribute '" + name + "'" : "fingerprint",
                "missing");
    }

    @Test
    void decrypt_unsignedAttributeRemoved_verifies() {
        ItemEncryptor enc = encryptor(TestKeys.staticProvider());
        Map<String, AttributeValue> stored = enc.encrypt(plainItem("customer#1"));

        assertThat(enc.decrypt(Tamper.without(stored, "note"))).doesNotContainKey("note").containsKey("card");
    }

    @Test
    void decrypt_unsignedAttributeAddedThatConfigDoesNotAccept_throwsIntegrityExceptionNamingIt() {
        ItemEncryptor enc = encryptor(TestKeys.staticProvider());
        Map<String, AttributeValue> stored = enc.encrypt(plainItem("customer#1"));

        assertRejected(enc, Tamper.with(stored, "is_admin", AttributeValue.fromBool(true)), "attribute 'is_admin'",
                "not signed", "DO_NOTHING");
    }

    @Test
    void decrypt_unsignedAttributeAddedThatConfigAccepts_verifies() {
        TableConfig config = TestKeys.config(TestKeys.staticProvider()).toBuilder()
                .allowedUnsignedAttributes(List.of("view_count")).allowedUnsignedPrefix("x_").build();
        ItemEncryptor enc = ItemEncryptor.create(config);
        Map<String, AttributeValue> stored = enc.encrypt(plainItem("customer#1"));
        Map<String, AttributeValue> read = Tamper.with(Tamper.with(Tamper.with(stored, "view_count", n("3")),
                "x_trace", s("t-1")), "note", s("changed"));

        assertThat(enc.decrypt(read)).containsEntry("view_count", n("3")).containsEntry("x_trace", s("t-1"))
                .containsEntry("note", s("changed"));
    }

    @Test
    void decrypt_encryptedValuesSwappedBetweenAttributes_throwsIntegrityException() {
        ItemEncryptor enc = encryptor(TestKeys.staticProvider());
        Map<String, AttributeValue> stored = enc.encrypt(plainItem("customer#1"));

        assertRejected(enc, Tamper.with(Tamper.with(stored, "card", stored.get("amount")), "amount", stored.get("card")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void decrypt_encryptedValueFromAnotherItem_throwsIntegrityException(MaterialsProvider p) {
        ItemEncryptor enc = encryptor(p);
        Map<String, AttributeValue> stored = enc.encrypt(plainItem("customer#1"));
        Map<String, AttributeValue> other = enc.encrypt(plainItem("customer#2"));
        Map<String, AttributeValue> sameKeyOther = enc.encrypt(plainItem("customer#1"));

        assertRejected(enc, Tamper.with(stored, "card", other.get("card")));
        assertRejected(enc, Tamper.with(stored, "card", sameKeyOther.get("card")));
    }

    static Stream<Arguments> retyped() {
        return Stream.of(
                Arguments.of("S", AttributeValue.fromS("AAAA")),
                Arguments.of("N", n("1")),
                Arguments.of("BS", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1})))),
                Arguments.of("L", AttributeValue.fromL(List.of())),
                Arguments.of("NULL", AttributeValue.fromNul(true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("retyped")
    void decrypt_encryptedAttributeOfAnotherType_throwsIntegrityExceptionNamingIt(String type, AttributeValue v) {
        ItemEncryptor enc = encryptor(TestKeys.staticProvider());
        Map<String, AttributeValue> stored = enc.encrypt(plainItem("customer#1"));

        assertRejected(enc, Tamper.with(stored, "card", v), "attribute 'card'", "type B", "holds " + type.replace("NULL", "NUL"));
    }

    @Test
    void decrypt_encryptedValueAsStringOfSameBytes_throwsIntegrityException() {
        ItemEncryptor enc = encryptor(TestKeys.staticProvider());
        Map<String, AttributeValue> stored = enc.encrypt(plainItem("customer#1"));
        String sameBytes = new String(Tamper.bytes(stored, "card"), StandardCharsets.ISO_8859_1);

        assertRejected(enc, Tamper.with(stored, "card", s(sameBytes)), "attribute 'card'");
    }

    // ---------------------------------------------------------------------------------------------
    // Sign-only values, keys, table
    // ---------------------------------------------------------------------------------------------

    static Stream<Arguments> signOnlyChanges() {
        return Stream.of(
                Arguments.of("S", s("a"), s("b")),
                Arguments.of("S to empty", s("a"), s("")),
                Arguments.of("N", n("10"), n("10.5")),
                Arguments.of("N sign", n("10"), n("-10")),
                Arguments.of("B", b(1, 2), b(1, 3)),
                Arguments.of("B to empty", b(1), b()),
                Arguments.of("SS member", AttributeValue.fromSs(List.of("a", "b")), AttributeValue.fromSs(List.of("a", "c"))),
                Arguments.of("SS member added", AttributeValue.fromSs(List.of("a")), AttributeValue.fromSs(List.of("a", "b"))),
                Arguments.of("NS", AttributeValue.fromNs(List.of("1", "2")), AttributeValue.fromNs(List.of("1", "3"))),
                Arguments.of("BS", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1}))),
                        AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {2})))),
                Arguments.of("M value", AttributeValue.fromM(Map.of("k", n("1"))), AttributeValue.fromM(Map.of("k", n("2")))),
                Arguments.of("M key", AttributeValue.fromM(Map.of("k", n("1"))), AttributeValue.fromM(Map.of("j", n("1")))),
                Arguments.of("M entry added", AttributeValue.fromM(Map.of("k", n("1"))),
                        AttributeValue.fromM(Map.of("k", n("1"), "j", n("1")))),
                Arguments.of("L order", AttributeValue.fromL(List.of(n("1"), n("2"))), AttributeValue.fromL(List.of(n("2"), n("1")))),
                Arguments.of("L element added", AttributeValue.fromL(List.of(n("1"))), AttributeValue.fromL(List.of(n("1"), n("1")))),
                Arguments.of("nested value", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("k", s("x"))))),
                        AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("k", s("y")))))),
                Arguments.of("BOOL", AttributeValue.fromBool(true), AttributeValue.fromBool(false)),
                Arguments.of("NULL to BOOL", AttributeValue.fromNul(true), AttributeValue.fromBool(false)),
                Arguments.of("S to N", s("1"), n("1")),
                Arguments.of("S to SS", s("a"), AttributeValue.fromSs(List.of("a"))),
                Arguments.of("N to NS", n("1"), AttributeValue.fromNs(List.of("1"))),
                Arguments.of("B to S", b('a'), s("a")),
                Arguments.of("L to M", AttributeValue.fromL(List.of()), AttributeValue.fromM(Map.of())),
                Arguments.of("S to NULL=false (invalid)", s("a"), AttributeValue.fromNul(false)),
                Arguments.of("N to 39 digits (invalid)", n("1"), n("123456789012345678901234567890123456789")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signOnlyChanges")
    void decrypt_signOnlyValueChanged_throwsIntegrityException(String change, AttributeValue before, AttributeValue after) {
        ItemEncryptor enc = encryptor(TestKeys.staticProvider());
        Map<String, AttributeValue> stored = enc.encrypt(Tamper.with(plainItem("customer#1"), "status", before));

        assertThat(enc.decrypt(stored)).containsEntry("status", before);
        assertRejected(enc, Tamper.with(stored, "status", after));
    }

    @Test
    void decrypt_signOnlyNumberInAnotherSpellingOfSameValue_verifies() {
        ItemEncryptor enc = encryptor(TestKeys.staticProvider());
        Map<String, AttributeValue> stored = enc.encrypt(Tamper.with(plainItem("customer#1"), "status", n("1.50E3")));

        assertThat(enc.decrypt(Tamper.with(stored, "status", n("1500")))).containsEntry("status", n("1500"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void decrypt_itemMovedUnderAnotherPrimaryKey_throwsIntegrityException(MaterialsProvider p) {
        ItemEncryptor enc = encryptor(p);
        Map<String, AttributeValue> stored = enc.encrypt(plainItem("customer#1"));

        assertRejected(enc, Tamper.with(stored, "pk", s("customer#2")));
        assertRejected(enc, Tamper.with(stored, "pk", b('c')));
        assertRejected(enc, Tamper.with(stored, "sk", n("8")));
        assertRejected(enc, Tamper.with(stored, "sk", s("7")));
        assertRejected(enc, Tamper.with(Tamper.with(stored, "pk", s("customer#2")), "sk", n("8")));
    }

    @Test
    void decrypt_sortKeyNumberInAnotherSpelling_verifies() {
        ItemEncryptor enc = encryptor(TestKeys.staticProvider());
        Map<String, AttributeValue> stored = enc.encrypt(Tamper.with(plainItem("customer#1"), "sk", n("7.0")));

        assertThat(enc.decrypt(Tamper.with(stored, "sk", n("7")))).containsEntry("sk", n("7"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void decrypt_withConfigForAnotherTable_throwsIntegrityException(MaterialsProvider p) {
        Map<String, AttributeValue> stored = encryptor(p).encrypt(plainItem("customer#1"));
        ItemEncryptor otherTable = ItemEncryptor.create(TestKeys.config(p).toBuilder().tableName("orders_copy").build());

        assertThatThrownBy(() -> otherTable.decrypt(stored)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("table 'orders_copy'").hasMessageContaining("signature does not verify");
    }

    @Test
    void decrypt_logicalTableName_bindsItemsAcrossPhysicalTables() {
        MaterialsProvider p = TestKeys.staticProvider();
        TableConfig original = TestKeys.config(p).toBuilder().logicalTableName("orders-logical").build();
        Map<String, AttributeValue> stored = ItemEncryptor.create(original).encrypt(plainItem("customer#1"));
        ItemEncryptor restored = ItemEncryptor.create(original.toBuilder().tableName("orders_restored").build());
        ItemEncryptor withoutLogical = ItemEncryptor.create(TestKeys.config(p));
        ItemEncryptor otherLogical = ItemEncryptor.create(original.toBuilder().logicalTableName("orders-2").build());

        assertThat(restored.decrypt(stored)).containsEntry("card", s(SECRET));
        assertRejected(withoutLogical, stored, "signature does not verify");
        assertThatThrownBy(() -> otherLogical.decrypt(stored)).isInstanceOf(IntegrityException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"card", "note", "absent"})
    void decrypt_configKeyNotSignOnlyInItem_throwsIntegrityExceptionNamingIt(String key) {
        MaterialsProvider p = TestKeys.staticProvider();
        Map<String, AttributeValue> stored = encryptor(p).encrypt(plainItem("customer#1"));
        // A reader whose partition key the item does not sign: written for another key schema.
        ItemEncryptor reader = ItemEncryptor.create(TableConfig.builder().tableName("orders").partitionKey(key)
                .sortKey("sk").defaultAction(CryptoAction.DO_NOTHING).materialsProvider(p).build());

        assertRejected(reader, stored, "attribute '" + key + "'", "key attribute is not signed");
    }

    @Test
    void decrypt_configKeyThatItemSignsOnly_verifies() {
        // Any sign-only attribute of the item may serve as the reader's key: everything the item
        // signed is still verified, so nothing is lost.
        MaterialsProvider p = TestKeys.staticProvider();
        Map<String, AttributeValue> stored = encryptor(p).encrypt(plainItem("customer#1"));
        ItemEncryptor reader = ItemEncryptor.create(TableConfig.builder().tableName("orders").partitionKey("status")
                .action("note", CryptoAction.DO_NOTHING).materialsProvider(p).build());

        assertThat(reader.decrypt(stored)).containsEntry("card", s(SECRET));
        assertRejected(reader, Tamper.with(stored, "pk", s("customer#2")), "signature does not verify");
    }

    // ---------------------------------------------------------------------------------------------
    // Header and signature replaced or missing
    // ---------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void decrypt_headerOfAnotherItem_throwsIntegrityException(MaterialsProvider p) {
        ItemEncryptor enc = encryptor(p);
        Map<String, AttributeValue> stored = enc.encrypt(plainItem("customer#1"));
        Map<String, AttributeValue> sameKey = enc.encrypt(plainItem("customer#1"));
        Map<String, AttributeValue> otherKey = enc.encrypt(plainItem("customer#2"));

        assertRejected(enc, Tamper.with(stored, HEADER, sameKey.get(HEADER)));
        assertRejected(enc, Tamper.with(stored, HEADER, otherKey.get(HEADER)));
        assertRejected(enc, Tamper.with(Tamper.with(stored, HEADER, sameKey.get(HEADER)), SIGNATURE, sameKey.get(SIGNATURE)));
        assertRejected(enc, Tamper.with(stored, SIGNATURE, sameKey.get(SIGNATURE)));
    }

    @Test
    void decrypt_headerDropped_throwsIntegrityExceptionNamingIt() {
        ItemEncryptor enc = encryptor(TestKeys.staticProvider());
        Map<String, AttributeValue> stored = enc.encrypt(plainItem("customer#1"));

        assertRejected(enc, Tamper.without(stored, HEADER), "no Coffer header attribute 'coffer_head'");
        assertRejected(enc, Tamper.without(Tamper.without(stored, HEADER), SIGNATURE), "'coffer_head'");
    }

    @Test
    void decrypt_signatureDropped_throwsIntegrityExceptionNamingIt() {
        ItemEncryptor enc = encryptor(TestKeys.staticProvider());
        Map<String, AttributeValue> stored = enc.encrypt(plainItem("customer#1"));

        assertRejected(enc, Tamper.without(stored, SIGNATURE), "no signature attribute 'coffer_sig'");
    }

    @Test
    void decrypt_headerOrSignatureNotBinary_throwsIntegrityException() {
        ItemEncryptor enc = encryptor(TestKeys.staticProvider());
        Map<String, AttributeValue> stored = enc.encrypt(plainItem("customer#1"));
        String headerAsText = new String(Tamper.bytes(stored, HEADER), StandardCharsets.ISO_8859_1);

        assertRejected(enc, Tamper.with(stored, HEADER, s(headerAsText)), "'coffer_head'", "not binary");
        assertRejected(enc, Tamper.with(stored, SIGNATURE, s("x")), "'coffer_sig'");
        assertRejected(enc, Tamper.with(stored, SIGNATURE, b()), "'coffer_sig'", "0 bytes");
    }

    @Test
    void decrypt_plaintextItem_throwsIntegrityExceptionSayingToMigrate() {
        ItemEncryptor enc = encryptor(TestKeys.staticProvider());

        assertRejected(enc, plainItem("customer#1"), "not written by Coffer", "migrated");
    }

    @Test
    void decrypt_unknownFormatVersion_throwsIntegrityExceptionNamingVersion() {
        ItemEncryptor enc = encryptor(TestKeys.staticProvider());
        Map<String, AttributeValue> stored = enc.encrypt(plainItem("customer#1"));
        byte[] header = Tamper.bytes(stored, HEADER);
        header[0] = 3;

        assertRejected(enc, Tamper.with(stored, HEADER, Tamper.binary(header)), "format version 3", "upgrade");
    }

    @Test
    void decrypt_preReleaseDraftItem_throwsIntegrityExceptionSayingNotSupported() {
        ItemEncryptor enc = encryptor(TestKeys.staticProvider());
        Map<String, AttributeValue> stored = enc.encrypt(plainItem("customer#1"));
        byte[] header = Tamper.bytes(stored, HEADER);
        header[0] = 1;

        assertRejected(enc, Tamper.with(stored, HEADER, Tamper.binary(header)), "pre-release", "not supported");
    }

    @Test
    void decrypt_signOnlyValueInvalidForDynamoDb_throwsIntegrityExceptionNamingIt() {
        ItemEncryptor enc = encryptor(TestKeys.staticProvider());
        Map<String, AttributeValue> stored = enc.encrypt(plainItem("customer#1"));

        assertRejected(enc, Tamper.with(stored, "status", AttributeValue.fromSs(List.of())), "attribute 'status'",
                "empty string set");
    }

    // ---------------------------------------------------------------------------------------------
    // Other keys
    // ---------------------------------------------------------------------------------------------

    /**
     * Which exception a reader with other keys gets depends on whether the provider can tell:
     * <ul>
     *   <li>a provider that sees the item names a key it does not hold (another key id, another
     *       provider) says so: MaterialsException, naming the key and what to add;</li>
     *   <li>a static provider holding another key under the same id cannot tell: it hands over its
     *       keys and the key commitment catches the mismatch: IntegrityException;</li>
     *   <li>a wrapped provider holding another wrapping key under the same id fails to unwrap the
     *       data key (AES-KWP and RSA-OAEP both authenticate): MaterialsException;</li>
     *   <li>the right data key but another signing key under the same id: the signature fails:
     *       IntegrityException.</li>
     * </ul>
     */
    static Stream<Arguments> otherKeys() {
        SecretBytes dataKey = TestKeys.secret(32, 0);
        SecretBytes signingKey = TestKeys.secret(32, 100);
        KeyPair otherRsa = TestKeys.newRsaKeyPair(2048);
        return Stream.of(
                Arguments.of("static, same key id, other keys", TestKeys.staticProvider(),
                        StaticProvider.builder().keyId("test-static").dataKey(TestKeys.secret(32, 1))
                                .signingKey(TestKeys.secret(32, 101)).build(),
                        IntegrityException.class, "key commitment does not match"),
                Arguments.of("static, same key id, other data key", TestKeys.staticProvider(),
                        StaticProvider.builder().keyId("test-static").dataKey(TestKeys.secret(32, 1))
                                .signingKey(signingKey).build(),
                        IntegrityException.class, "key commitment does not match"),
                Arguments.of("static, same key id, other signing key", TestKeys.staticProvider(),
                        StaticProvider.builder().keyId("test-static").dataKey(dataKey)
                                .signingKey(TestKeys.secret(32, 101)).build(),
                        IntegrityException.class, "signature does not verify"),
                Arguments.of("static, other key id", TestKeys.staticProvider(),
                        StaticProvider.builder().keyId("other-static").dataKey(dataKey).signingKey(signingKey).build(),
                        MaterialsException.class, "static key 'test-static'"),
                Arguments.of("wrapped AES, same wrapping key id, other key", TestKeys.wrappedProvider(),
                        WrappedProvider.builder().addWrappingKey(WrappingKey.aes("wk-1", TestKeys.secret(32, 51)))
                                .addSigningKey("sk-1", TestKeys.secret(32, 150)).build(),
                        MaterialsException.class, "does not unwrap with key 'wk-1'"),
                Arguments.of("wrapped AES, other wrapping key id", TestKeys.wrappedProvider(),
                        WrappedProvider.builder().addWrappingKey(WrappingKey.aes("wk-2", TestKeys.secret(32, 50)))
                                .addSigningKey("sk-1", TestKeys.secret(32, 150)).build(),
                        MaterialsException.class, "wrapping key 'wk-1', which this provider does not hold"),
                Arguments.of("wrapped AES, same signing key id, other signing key", TestKeys.wrappedProvider(),
                        WrappedProvider.builder().addWrappingKey(WrappingKey.aes("wk-1", TestKeys.secret(32, 50)))
                                .addSigningKey("sk-1", TestKeys.secret(32, 151)).build(),
                        IntegrityException.class, "signature does not verify"),
                Arguments.of("wrapped AES, other signing key id", TestKeys.wrappedProvider(),
                        WrappedProvider.builder().addWrappingKey(WrappingKey.aes("wk-1", TestKeys.secret(32, 50)))
                                .addSigningKey("sk-2", TestKeys.secret(32, 150)).build(),
                        MaterialsException.class, "signing key 'sk-1', which this provider does not hold"),
                Arguments.of("wrapped RSA, same wrapping key id, other key pair", TestKeys.wrappedRsaProvider(),
                        WrappedProvider.builder().addWrappingKey(WrappingKey.rsa("rsa-1",
                                        (RSAPublicKey) otherRsa.getPublic(), (RSAPrivateKey) otherRsa.getPrivate()))
                                .addSigningKey("sk-1", TestKeys.secret(32, 150)).build(),
                        MaterialsException.class, "does not unwrap with key 'rsa-1'"),
                Arguments.of("static item, wrapped reader", TestKeys.staticProvider(), TestKeys.wrappedProvider(),
                        MaterialsException.class, "protected by provider 'static'"),
                Arguments.of("wrapped item, static reader", TestKeys.wrappedProvider(), TestKeys.staticProvider(),
                        MaterialsException.class, "protected by provider 'wrapped'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherKeys")
    void decrypt_providerWithOtherKeys_throwsMaterialsOrIntegrityException(String name, MaterialsProvider writer,
            MaterialsProvider reader, Class<? extends CofferException> expected, String reason) {
        Map<String, AttributeValue> stored = encryptor(writer).encrypt(plainItem("customer#1"));
        ThrowingCallable read = () -> encryptor(reader).decrypt(stored);

        Failures.assertFails(read, expected, "orders", List.of(SECRET, AMOUNT), reason);
        assertThatThrownBy(read).isExactlyInstanceOf(expected);
        assertThat(encryptor(writer).decrypt(stored)).containsEntry("card", s(SECRET));
    }
}
