package dev.coffer;

import static dev.coffer.testing.Items.n;
import static dev.coffer.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.materials.spi.DecryptionMaterials;
import dev.coffer.materials.spi.EncryptionContext;
import dev.coffer.materials.spi.EncryptionMaterials;
import dev.coffer.materials.spi.MaterialsDescription;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.testing.Tamper;
import dev.coffer.testing.TestKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** encryptAll and decryptAll: in order, all or nothing, the failing index named. */
class ItemEncryptorBatchTest {
    private static final String SECRET = "batch-secret-";

    private final ItemEncryptor encryptor = ItemEncryptor.create(TestKeys.config(TestKeys.staticProvider()));

    private static List<Map<String, AttributeValue>> items(int count) {
        List<Map<String, AttributeValue>> l = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            l.add(Map.of("pk", s("customer#" + i), "sk", n(Integer.toString(i)), "card", s(SECRET + i)));
        }
        return l;
    }

    @Test
    void encryptAllThenDecryptAll_returnsItemsInOrder() {
        List<Map<String, AttributeValue>> plain = items(10);

        List<Map<String, AttributeValue>> stored = encryptor.encryptAll(plain);
        List<Map<String, AttributeValue>> back = encryptor.decryptAll(stored);

        assertThat(stored).hasSize(10);
        assertThat(back).isEqualTo(plain);
        assertThatThrownBy(() -> stored.add(Map.of())).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void encryptAll_emptyCollection_returnsEmptyList() {
        assertThat(encryptor.encryptAll(List.of())).isEmpty();
        assertThat(encryptor.decryptAll(List.of())).isEmpty();
    }

    @Test
    void encryptAll_invalidItemInTheMiddle_throwsNamingItsIndexAndStopsThere() {
        List<Map<String, AttributeValue>> plain = new ArrayList<>(items(5));
        plain.set(2, Map.of("pk", s("customer#2"), "card", s(SECRET + 2)));
        CountingProvider counting = new CountingProvider(TestKeys.staticProvider());
        ItemEncryptor enc = ItemEncryptor.create(TestKeys.config(counting));

        assertThatThrownBy(() -> enc.encryptAll(plain))
                .isInstanceOf(InvalidItemException.class)
                .hasMessageStartingWith("item 2: table 'orders': attribute 'sk'")
                .hasMessageContaining("missing")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        assertThat(counting.encryptions.get()).as("items after the bad one are not encrypted").isEqualTo(2);
    }

    @Test
    void decryptAll_tamperedItemInTheMiddle_throwsNamingItsIndexAndReturnsNothing() {
        List<Map<String, AttributeValue>> stored = new ArrayList<>(encryptor.encryptAll(items(5)));
        stored.set(3, Tamper.with(stored.get(3), "card", stored.get(4).get("card")));

        assertThatThrownBy(() -> encryptor.decryptAll(stored))
                .isInstanceOf(IntegrityException.class)
                .hasMessageStartingWith("item 3: table 'orders': ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void decryptAll_itemWithUnknownKey_throwsMaterialsExceptionNamingItsIndex() {
        ItemEncryptor other = ItemEncryptor.create(TestKeys.config(TestKeys.wrappedProvider()));
        List<Map<String, AttributeValue>> stored = new ArrayList<>(encryptor.encryptAll(items(3)));
        stored.set(1, other.encrypt(items(2).get(1)));

        assertThatThrownBy(() -> encryptor.decryptAll(stored))
                .isInstanceOf(MaterialsException.class)
                .hasMessageStartingWith("item 1: static provider: table 'orders'");
    }

    @Test
    void decryptAllSkipping_tamperedAndForeignItems_returnsTheOthersInOrderAndReportsEach() {
        ItemEncryptor other = ItemEncryptor.create(TestKeys.config(TestKeys.wrappedProvider()));
        List<Map<String, AttributeValue>> plain = items(10);
        List<Map<String, AttributeValue>> stored = new ArrayList<>(encryptor.encryptAll(plain));
        stored.set(4, Tamper.with(stored.get(4), "card", stored.get(5).get("card")));
        stored.set(7, other.encrypt(plain.get(7)));
        List<SkippedItem> skipped = new ArrayList<>();

        List<Map<String, AttributeValue>> back = encryptor.decryptAll(stored, skipped::add);

        List<Map<String, AttributeValue>> expected = new ArrayList<>(plain);
        expected.remove(7);
        expected.remove(4);
        assertThat(back).isEqualTo(expected);
        assertThat(skipped).hasSize(2);
        assertThat(skipped.get(0).tableName()).isEqualTo("orders");
        assertThat(skipped.get(0).indexName()).isEmpty();
        assertThat(skipped.get(0).primaryKey()).isEqualTo(Map.of("pk", s("customer#4"), "sk", n("4")));
        assertThat(skipped.get(0).reason()).isInstanceOf(IntegrityException.class)
                .hasMessageStartingWith("item 4: table 'orders': ");
        assertThat(skipped.get(1).primaryKey()).isEqualTo(Map.of("pk", s("customer#7"), "sk", n("7")));
        assertThat(skipped.get(1).reason()).isInstanceOf(MaterialsException.class)
                .hasMessageStartingWith("item 7: static provider: table 'orders'");
        assertThat(skipped.toString()).doesNotContain(SECRET);
    }

    @Test
    void decryptAllSkipping_itemMissingItsKey_reportsTheKeyItHas() {
        List<Map<String, AttributeValue>> stored = new ArrayList<>(encryptor.encryptAll(items(2)));
        stored.set(1, Tamper.without(stored.get(1), "sk"));
        List<SkippedItem> skipped = new ArrayList<>();

        assertThat(encryptor.decryptAll(stored, skipped::add)).hasSize(1);
        assertThat(skipped).singleElement().satisfies(x -> assertThat(x.primaryKey()).containsOnlyKeys("pk"));
    }

    @Test
    void decryptAllSkipping_listenerThrows_returnsNothingAndPropagates() {
        List<Map<String, AttributeValue>> stored = new ArrayList<>(encryptor.encryptAll(items(3)));
        stored.set(1, Tamper.with(stored.get(1), "card", stored.get(2).get("card")));

        assertThatThrownBy(() -> encryptor.decryptAll(stored, x -> {
            throw x.reason();
        })).isInstanceOf(IntegrityException.class).hasMessageStartingWith("item 1: ");
    }

    @Test
    void decryptAllSkipping_nullItem_stillFailsTheCall() {
        List<Map<String, AttributeValue>> stored = new ArrayList<>(encryptor.encryptAll(items(2)));
        stored.add(null);
        List<SkippedItem> skipped = new ArrayList<>();

        assertThatThrownBy(() -> encryptor.decryptAll(stored, skipped::add)).isInstanceOf(InvalidItemException.class)
                .hasMessageStartingWith("item 2: ");
        assertThat(skipped).isEmpty();
    }

    @Test
    void decryptAllSkipping_nothingWrong_callsNoListener() {
        List<Map<String, AttributeValue>> plain = items(3);

        assertThat(encryptor.decryptAll(encryptor.encryptAll(plain), x -> {
            throw new AssertionError("no item should be skipped: " + x);
        })).isEqualTo(plain);
    }

    @Test
    void encryptAll_nullItem_throwsNamingItsIndex() {
        List<Map<String, AttributeValue>> plain = new ArrayList<>(items(2));
        plain.add(null);

        assertThatThrownBy(() -> encryptor.encryptAll(plain)).isInstanceOf(InvalidItemException.class)
                .hasMessageStartingWith("item 2: table 'orders': item is null");
    }

    @Test
    void encrypt_providerThrowingUncheckedException_throwsMaterialsExceptionWithCause() {
        MaterialsProvider failing = new MaterialsProvider() {
            @Override
            public EncryptionMaterials encryptionMaterials(EncryptionContext context) {
                throw new IllegalStateException("key service down");
            }

            @Override
            public DecryptionMaterials decryptionMaterials(EncryptionContext context, MaterialsDescription description) {
                throw new IllegalStateException("key service down");
            }
        };
        ItemEncryptor enc = ItemEncryptor.create(TestKeys.config(failing));
        Map<String, AttributeValue> stored = encryptor.encrypt(items(1).get(0));

        assertThatThrownBy(() -> enc.encryptAll(items(1))).isInstanceOf(MaterialsException.class)
                .hasMessageStartingWith("item 0: table 'orders': the materials provider failed")
                .hasMessageContaining("IllegalStateException").hasRootCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> enc.decrypt(stored)).isInstanceOf(MaterialsException.class)
                .hasMessageContaining("failed to supply decryption keys for provider 'static' key 'test-static'");
    }

    @Test
    void encrypt_providerReturningNothing_throwsMaterialsException() {
        MaterialsProvider empty = new MaterialsProvider() {
            @Override
            public EncryptionMaterials encryptionMaterials(EncryptionContext context) {
                return null;
            }

            @Override
            public DecryptionMaterials decryptionMaterials(EncryptionContext context, MaterialsDescription description) {
                return null;
            }
        };
        ItemEncryptor enc = ItemEncryptor.create(TestKeys.config(empty));

        assertThatThrownBy(() -> enc.encrypt(items(1).get(0))).isInstanceOf(MaterialsException.class)
                .hasMessageContaining("returned no encryption materials");
        assertThatThrownBy(() -> enc.decrypt(encryptor.encrypt(items(1).get(0)))).isInstanceOf(MaterialsException.class)
                .hasMessageContaining("returned no decryption materials");
    }

    /** Counts encryption calls, to see where a batch stopped. */
    private static final class CountingProvider implements MaterialsProvider {
        final AtomicInteger encryptions = new AtomicInteger();
        private final MaterialsProvider delegate;

        CountingProvider(MaterialsProvider delegate) {
            this.delegate = delegate;
        }

        @Override
        public EncryptionMaterials encryptionMaterials(EncryptionContext context) {
            encryptions.incrementAndGet();
            return delegate.encryptionMaterials(context);
        }

        @Override
        public DecryptionMaterials decryptionMaterials(EncryptionContext context, MaterialsDescription description) {
            return delegate.decryptionMaterials(context, description);
        }
    }
}
