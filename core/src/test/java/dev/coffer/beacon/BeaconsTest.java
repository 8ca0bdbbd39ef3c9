package dev.coffer.beacon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.ConfigurationException;
import dev.coffer.CryptoAction;
import dev.coffer.IntegrityException;
import dev.coffer.InvalidItemException;
import dev.coffer.ItemEncryptor;
import dev.coffer.MaterialsException;
import dev.coffer.TableConfig;
import dev.coffer.materials.SecretBytes;
import dev.coffer.testing.Tamper;
import dev.coffer.testing.TestKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class BeaconsTest {
    private static final BeaconKeySource KEY = BeaconKeySource.local(TestKeys.secret(32, 200));

    private static TableConfig.Builder orders() {
        return TableConfig.builder().tableName("orders").partitionKey("id")
                .action("day", CryptoAction.SIGN_ONLY)
                .materialsProvider(TestKeys.staticProvider());
    }

    private static BeaconConfig.Builder beacons() {
        return BeaconConfig.builder().keySource(KEY)
                .addStandardBeacon(StandardBeacon.builder().attribute("email").bits(16)
                        .transform(BeaconTransform.LOWER_CASE).build())
                .addStandardBeacon(StandardBeacon.of("customer", 12))
                .addCompoundBeacon(CompoundBeacon.builder().name("customer_day")
                        .addEncryptedPart("C-", "customer").addSignedPart("D-", "day").build());
    }

    private static ItemEncryptor encryptor() {
        return ItemEncryptor.create(orders().beacons(beacons().build()).build());
    }

    private static Map<String, AttributeValue> order(String id, String email, String customer, String day) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("id", AttributeValue.fromS(id));
        m.put("email", AttributeValue.fromS(email));
        m.put("customer", AttributeValue.fromS(customer));
        m.put("day", AttributeValue.fromS(day));
        return m;
    }

    @Test
    void encrypt_standardBeacon_storesFixedWidthHexAndEqualValuesShareIt() {
        ItemEncryptor enc = encryptor();

        Map<String, AttributeValue> a = enc.encrypt(order("1", "Alice@Example.com", "c-1", "2026-11-30"));
        Map<String, AttributeValue> b = enc.encrypt(order("2", "alice@example.COM", "c-2", "2026-11-30"));

        assertThat(a.get("coffer_b_email").s()).matches("[0-9a-f]{4}");
        assertThat(a.get("coffer_b_customer").s()).matches("[0-9a-f]{3}");
        assertThat(a.get("coffer_b_email")).isEqualTo(b.get("coffer_b_email"));
        assertThat(a.get("coffer_b_customer_day").s())
                .isEqualTo("C-" + a.get("coffer_b_customer").s() + ".D-2026-11-30");
        assertThat(a.get("email").b()).as("the attribute itself is still encrypted").isNotNull();
    }

    @Test
    void decrypt_itemWithBeacons_returnsApplicationAttributesOnly() {
        ItemEncryptor enc = encryptor();
        Map<String, AttributeValue> plain = order("1", "alice@example.com", "c-1", "2026-11-30");

        assertThat(enc.decrypt(enc.encrypt(plain))).isEqualTo(plain);
    }

    @Test
    void decrypt_swappedBeacon_throwsIntegrityException() {
        ItemEncryptor enc = encryptor();
        Map<String, AttributeValue> a = enc.encrypt(order("1", "alice@example.com", "c-1", "2026-11-30"));
        Map<String, AttributeValue> b = enc.encrypt(order("1", "bob@example.com", "c-1", "2026-11-30"));
        assertThat(a.get("coffer_b_email")).isNotEqualTo(b.get("coffer_b_email"));

        assertThatThrownBy(() -> enc.decrypt(Tamper.with(a, "coffer_b_email", b.get("coffer_b_email"))))
                .isInstanceOf(IntegrityException.class);
    }

    @Test
    void decrypt_removedBeacon_throwsIntegrityException() {
        ItemEncryptor enc = encryptor();
        Map<String, AttributeValue> a = enc.encrypt(order("1", "alice@example.com", "c-1", "2026-11-30"));

        assertThatThrownBy(() -> enc.decrypt(Tamper.without(a, "coffer_b_customer_day")))
                .isInstanceOf(IntegrityException.class);
    }

    @Test
    void decrypt_beaconPlantedInItemWithoutOne_throwsIntegrityException() {
        ItemEncryptor before = ItemEncryptor.create(orders().build());
        ItemEncryptor after = encryptor();
        Map<String, AttributeValue> old = before.encrypt(order("1", "alice@example.com", "c-1", "2026-11-30"));
        Map<String, AttributeValue> other = after.encrypt(order("2", "mallory@example.com", "c-9", "2026-11-30"));

        assertThat(after.decrypt(old)).as("an item written before the beacon existed still reads").isNotNull();
        assertThatThrownBy(() -> after.decrypt(Tamper.with(old, "coffer_b_email", other.get("coffer_b_email"))))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("coffer_b_email");
    }

    @Test
    void condition_standardBeacon_findsItemAndFiltersOthers() {
        ItemEncryptor enc = encryptor();
        Map<String, AttributeValue> stored = enc.encrypt(order("1", "alice@example.com", "c-1", "2026-11-30"));

        BeaconCondition c = enc.beaconCondition(BeaconQuery.equalTo("email", "ALICE@example.com"));

        assertThat(c.attributeName()).isEqualTo("coffer_b_email");
        assertThat(c.value()).isEqualTo(stored.get("coffer_b_email").s());
        assertThat(c.beginsWith()).isFalse();
        assertThat(c.expression()).isEqualTo("#coffer_beacon = :coffer_beacon");
        assertThat(c.matches(enc.decrypt(stored))).isTrue();
        assertThat(c.matches(order("2", "bob@example.com", "c-1", "2026-11-30"))).isFalse();
    }

    @Test
    void decryptMatching_oneBitBeacon_keepsOnlyRealMatches() {
        ItemEncryptor enc = ItemEncryptor.create(orders().beacons(BeaconConfig.builder().keySource(KEY)
                .addStandardBeacon(StandardBeacon.of("email", 1)).build()).build());
        BeaconCondition c = enc.beaconCondition(BeaconQuery.equalTo("email", "user-0@example.com"));
        List<Map<String, AttributeValue>> sameBeacon = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Map<String, AttributeValue> s = enc.encrypt(order("o" + i, "user-" + (i % 10) + "@example.com", "c", "d"));
            if (s.get("coffer_b_email").s().equals(c.value())) {
                sameBeacon.add(s);
            }
        }
        assertThat(sameBeacon).as("with one bit, other values share the beacon").hasSizeGreaterThan(4);

        List<Map<String, AttributeValue>> found = enc.decryptMatching(sameBeacon, c);

        assertThat(found).hasSize(4).allSatisfy(m -> assertThat(m.get("email").s()).isEqualTo("user-0@example.com"));
    }

    @Test
    void condition_compoundPrefixOfSignedPart_isBeginsWithAndMatchesOnPlaintext() {
        ItemEncryptor enc = encryptor();
        Map<String, AttributeValue> nov = enc.encrypt(order("1", "a@x", "c-1", "2026-11-30"));

        BeaconCondition month = enc.beaconCondition(BeaconQuery.compound("customer_day").part("c-1").beginsWith("2026-11")
                .build());
        BeaconCondition customer = enc.beaconCondition(BeaconQuery.compound("customer_day").part("c-1").build());
        BeaconCondition exact = enc.beaconCondition(BeaconQuery.compound("customer_day").part("c-1").part("2026-11-30")
                .build());

        String stored = nov.get("coffer_b_customer_day").s();
        assertThat(month.beginsWith()).isTrue();
        assertThat(stored).startsWith(month.value()).startsWith(customer.value()).isEqualTo(exact.value());
        assertThat(customer.value()).endsWith(".");
        assertThat(exact.beginsWith()).isFalse();
        assertThat(month.expression()).isEqualTo("begins_with(#coffer_beacon, :coffer_beacon)");
        Map<String, AttributeValue> plain = enc.decrypt(nov);
        assertThat(month.matches(plain)).isTrue();
        assertThat(month.matches(order("1", "a@x", "c-1", "2026-12-01"))).isFalse();
        assertThat(month.matches(order("1", "a@x", "c-2", "2026-11-30"))).isFalse();
    }

    @Test
    void condition_prefixOfEncryptedPart_throwsConfigurationException() {
        assertThatThrownBy(() -> encryptor().beaconCondition(BeaconQuery.compound("customer_day").beginsWith("c-").build()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("encrypted");
    }

    @Test
    void condition_unknownBeacon_throwsConfigurationExceptionListingConfigured() {
        assertThatThrownBy(() -> encryptor().beaconCondition(BeaconQuery.equalTo("phone", "1")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("phone").hasMessageContaining("email");
    }

    @Test
    void encrypt_itemMissingCompoundPart_writesNoCompoundBeacon() {
        Map<String, AttributeValue> item = order("1", "a@x", "c-1", "d");
        item.remove("day");

        Map<String, AttributeValue> stored = encryptor().encrypt(item);

        assertThat(stored).containsKey("coffer_b_customer").doesNotContainKey("coffer_b_customer_day");
    }

    @Test
    void encrypt_signedPartHoldingSplitCharacter_throwsInvalidItemException() {
        assertThatThrownBy(() -> encryptor().encrypt(order("1", "a@x", "c-1", "2026.11.30")))
                .isInstanceOf(InvalidItemException.class).hasMessageContaining("'day'").hasMessageContaining("split");
    }

    @Test
    void encrypt_transformOnNumber_throwsInvalidItemException() {
        Map<String, AttributeValue> item = order("1", "a@x", "c-1", "d");
        item.put("email", AttributeValue.fromN("3"));

        assertThatThrownBy(() -> encryptor().encrypt(item)).isInstanceOf(InvalidItemException.class)
                .hasMessageContaining("'email'").hasMessageContaining("LOWER_CASE");
    }

    @Test
    void encrypt_numbersSpelledDifferently_shareTheBeacon() {
        ItemEncryptor enc = encryptor();
        Map<String, AttributeValue> a = order("1", "a@x", "c", "d");
        a.put("customer", AttributeValue.fromN("1.50"));
        Map<String, AttributeValue> b = order("2", "a@x", "c", "d");
        b.put("customer", AttributeValue.fromN("15E-1"));

        assertThat(enc.encrypt(a).get("coffer_b_customer")).isEqualTo(enc.encrypt(b).get("coffer_b_customer"));
        assertThat(enc.beaconCondition(BeaconQuery.equalTo("customer", AttributeValue.fromN("1.5")))
                .matches(enc.decrypt(enc.encrypt(a)))).isTrue();
    }

    @Test
    void encrypt_itemOverSizeLimitWithBeacons_throwsInvalidItemExceptionCountingThem() {
        Map<String, AttributeValue> item = order("1", "a@x", "c", "d");
        item.put("blob", AttributeValue.fromS("x".repeat(400 * 1024 - 200)));

        assertThatThrownBy(() -> encryptor().encrypt(item)).isInstanceOf(InvalidItemException.class)
                .hasMessageContaining("400 KB");
    }

    @Test
    void encrypt_itemHoldingBeaconAttribute_throwsInvalidItemException() {
        Map<String, AttributeValue> item = order("1", "a@x", "c", "d");
        item.put("coffer_b_email", AttributeValue.fromS("0000"));

        assertThatThrownBy(() -> encryptor().encrypt(item)).isInstanceOf(InvalidItemException.class)
                .hasMessageContaining("reserved for beacons");
        assertThatThrownBy(() -> ItemEncryptor.create(orders().build()).encrypt(item))
                .isInstanceOf(InvalidItemException.class);
    }

    @Test
    void encrypt_sameBeaconKeyOtherTable_givesOtherBeacon() {
        Map<String, AttributeValue> item = order("1", "alice@example.com", "c", "d");
        ItemEncryptor other = ItemEncryptor.create(orders().tableName("orders2").beacons(beacons().build()).build());

        assertThat(other.encrypt(item).get("coffer_b_email")).isNotEqualTo(encryptor().encrypt(item).get("coffer_b_email"));
    }

    @Test
    void encrypt_keySourceFailsOnce_nextItemRetriesAndKeyIsFetchedOnce() {
        AtomicInteger calls = new AtomicInteger();
        BeaconKeySource flaky = () -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("unreachable");
            }
            return TestKeys.secret(32, 200);
        };
        ItemEncryptor enc = ItemEncryptor.create(orders().beacons(beacons().keySource(flaky).build()).build());
        Map<String, AttributeValue> item = order("1", "alice@example.com", "c", "d");

        assertThatThrownBy(() -> enc.encrypt(item)).isInstanceOf(MaterialsException.class)
                .hasMessageContaining("beacon key source");
        Map<String, AttributeValue> first = enc.encrypt(item);
        enc.encrypt(item);

        assertThat(calls).hasValue(2);
        assertThat(first.get("coffer_b_email")).isEqualTo(encryptor().encrypt(item).get("coffer_b_email"));
    }

    @Test
    void toBuilder_withBeacons_rebuildsEqualConfiguration() {
        TableConfig config = orders().beacons(beacons().build()).build();

        TableConfig again = config.toBuilder().build();

        assertThat(again.beacons()).isEqualTo(config.beacons());
        assertThat(again.actions()).isEqualTo(config.actions());
        assertThat(config.actionFor("coffer_b_email")).isEqualTo(CryptoAction.SIGN_ONLY);
        assertThat(config.acceptsUnsigned("coffer_b_email")).isFalse();
    }

    // ------------------------------------------------------------------------------------ configuration

    @Test
    void build_beaconOnSignOnlyAttribute_throwsConfigurationException() {
        assertThatThrownBy(() -> orders().beacons(BeaconConfig.builder().keySource(KEY)
                .addStandardBeacon(StandardBeacon.of("day", 8)).build()).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'day'").hasMessageContaining("SIGN_ONLY");
    }

    @Test
    void build_beaconOnKeyAttribute_throwsConfigurationException() {
        assertThatThrownBy(() -> orders().beacons(BeaconConfig.builder().keySource(KEY)
                .addStandardBeacon(StandardBeacon.of("id", 8)).build()).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("key attribute");
    }

    @Test
    void build_beaconOnDoNothingAttribute_throwsConfigurationException() {
        assertThatThrownBy(() -> orders().action("note", CryptoAction.DO_NOTHING).beacons(BeaconConfig.builder()
                .keySource(KEY).addStandardBeacon(StandardBeacon.of("note", 8)).build()).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("DO_NOTHING");
    }

    @Test
    void build_twoBeaconsSharingName_throwsConfigurationException() {
        assertThatThrownBy(() -> BeaconConfig.builder().keySource(KEY)
                .addStandardBeacon(StandardBeacon.of("email", 8))
                .addStandardBeacon(StandardBeacon.builder().name("email").attribute("customer").bits(8).build()).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("two beacons are named 'email'");
        assertThatThrownBy(() -> BeaconConfig.builder().keySource(KEY)
                .addStandardBeacon(StandardBeacon.of("email", 8))
                .addCompoundBeacon(CompoundBeacon.builder().name("email").addSignedPart("D-", "day").build()).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'email'");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 64, 256})
    void build_bitsOutOfRange_throwsConfigurationException(int bits) {
        assertThatThrownBy(() -> StandardBeacon.of("email", bits)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("from 1 to 63").hasMessageContaining("beacon-length");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 5, 32, 63})
    void encrypt_anyLength_storesCeilBitsOver4HexDigitsWithinRange(int bits) {
        ItemEncryptor enc = ItemEncryptor.create(orders().beacons(BeaconConfig.builder().keySource(KEY)
                .addStandardBeacon(StandardBeacon.of("email", bits)).build()).build());

        String v = enc.encrypt(order("1", "alice@example.com", "c", "d")).get("coffer_b_email").s();

        assertThat(v).hasSize((bits + 3) / 4);
        assertThat(Long.parseUnsignedLong(v, 16) >>> bits).as("no bit above the length").isZero();
    }

    @Test
    void build_compoundPartUnconfigured_throwsConfigurationException() {
        assertThatThrownBy(() -> BeaconConfig.builder().keySource(KEY)
                .addCompoundBeacon(CompoundBeacon.builder().name("cd").addEncryptedPart("C-", "customer").build()).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'customer'")
                .hasMessageContaining("not configured");
    }

    @Test
    void build_signedPartOnEncryptedAttribute_throwsConfigurationException() {
        assertThatThrownBy(() -> orders().beacons(BeaconConfig.builder().keySource(KEY)
                .addCompoundBeacon(CompoundBeacon.builder().name("cd").addSignedPart("E-", "email").build()).build()).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'email'")
                .hasMessageContaining("ENCRYPT_AND_SIGN");
    }

    @Test
    void build_compoundPrefixesOverlapOrHoldSplit_throwsConfigurationException() {
        assertThatThrownBy(() -> CompoundBeacon.builder().name("x").addSignedPart("D", "a").addSignedPart("D-", "b").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("prefixes");
        assertThatThrownBy(() -> CompoundBeacon.builder().name("x").addSignedPart("D.", "a").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("split");
        assertThatThrownBy(() -> CompoundBeacon.builder().name("x").split('a').addSignedPart("D", "a").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("hex digit");
    }

    @Test
    void build_noKeySource_throwsConfigurationException() {
        assertThatThrownBy(() -> BeaconConfig.builder().addStandardBeacon(StandardBeacon.of("email", 8)).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("keySource");
    }

    @Test
    void build_attributeOrPrefixInBeaconNamespace_throwsConfigurationException() {
        assertThatThrownBy(() -> orders().action("coffer_b_x", CryptoAction.SIGN_ONLY).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("reserved for beacons");
        assertThatThrownBy(() -> orders().allowedUnsignedPrefix("coffer_b").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("beacon prefix");
    }

    @Test
    void local_keyOfWrongLength_throwsConfigurationException() {
        assertThatThrownBy(() -> BeaconKeySource.local(SecretBytes.random(16)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("32 bytes");
    }

    @Test
    void query_toString_hidesValues() {
        assertThat(BeaconQuery.equalTo("email", "alice@example.com").toString()).doesNotContain("alice");
        assertThat(encryptor().beaconCondition(BeaconQuery.equalTo("email", "alice@example.com")).toString())
                .doesNotContain("alice");
    }
}
