package dev.coffer.materials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.ConfigurationException;
import dev.coffer.IntegrityException;
import dev.coffer.ItemEncryptor;
import dev.coffer.MaterialsException;
import dev.coffer.materials.spi.DecryptionMaterials;
import dev.coffer.materials.spi.EncryptionContext;
import dev.coffer.materials.spi.EncryptionMaterials;
import dev.coffer.materials.spi.MaterialsDescription;
import dev.coffer.testfixtures.FakeTicker;
import dev.coffer.testing.Items;
import dev.coffer.testing.TestKeys;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class CachingProviderTest {
    private final RecordingProvider inner = new RecordingProvider();
    private final FakeTicker clock = new FakeTicker();

    private CachingProvider cache(Duration maxAge, long maxItems, int maxEntries) {
        return CachingProvider.builder().provider(inner).maxAge(maxAge).maxItemsPerKey(maxItems).maxEntries(maxEntries)
                .ticker(clock::read).build();
    }

    private CachingProvider cache() {
        return cache(Duration.ofMinutes(5), 1_000, 100);
    }

    static EncryptionContext item(String table, String pk) {
        return EncryptionContext.builder().tableName(table).partitionKey("pk", AttributeValue.fromS(pk)).build();
    }

    @Test
    void encrypt_manyItemsOfOneTable_callsProviderOnceAndSharesTheDataKey() {
        CachingProvider c = cache();

        EncryptionMaterials first = c.encryptionMaterials(item("orders", "a"));
        EncryptionMaterials second = c.encryptionMaterials(item("orders", "b"));

        assertThat(second.dataKey().equalsSecret(first.dataKey())).isTrue();
        assertThat(second.description()).isEqualTo(first.description());
        assertThat(inner.encryptCalls).hasValue(1);
        assertThat(c.stats().loads()).isEqualTo(1);
        assertThat(c.stats().misses()).isEqualTo(1);
        assertThat(c.stats().hits()).isEqualTo(1);
    }

    @Test
    void encrypt_passesOnlyTheTableScopedContext() {
        cache().encryptionMaterials(item("orders", "a"));

        assertThat(inner.contexts).singleElement().satisfies(ctx -> {
            assertThat(ctx.isItemScoped()).isFalse();
            assertThat(ctx.tableName()).isEqualTo("orders");
            assertThat(ctx.partitionKeyName()).isEqualTo("pk");
        });
    }

    @Test
    void encrypt_differentTablesOrKeyNames_neverShareADataKey() {
        CachingProvider c = cache();
        EncryptionContext otherKeyName = EncryptionContext.builder().tableName("orders")
                .partitionKey("id", AttributeValue.fromS("a")).build();
        EncryptionContext withSortKey = item("orders", "a").toBuilder().sortKey("sk", AttributeValue.fromN("1")).build();

        SecretBytes orders = c.encryptionMaterials(item("orders", "a")).dataKey();
        SecretBytes users = c.encryptionMaterials(item("users", "a")).dataKey();
        SecretBytes renamed = c.encryptionMaterials(otherKeyName).dataKey();
        SecretBytes sorted = c.encryptionMaterials(withSortKey).dataKey();

        assertThat(inner.encryptCalls).hasValue(4);
        assertThat(users.equalsSecret(orders)).isFalse();
        assertThat(renamed.equalsSecret(orders)).isFalse();
        assertThat(sorted.equalsSecret(orders)).isFalse();
        assertThat(c.cachedEntries()).isEqualTo(4);
    }

    @Test
    void encrypt_pastMaxItemsPerKey_loadsAFreshDataKey() {
        CachingProvider c = cache(Duration.ofMinutes(5), 3, 100);
        Map<String, Integer> usesPerKey = new HashMap<>();

        for (int i = 0; i < 7; i++) {
            usesPerKey.merge(c.encryptionMaterials(item("orders", "i" + i)).description().keyId(), 1, Integer::sum);
        }

        assertThat(inner.encryptCalls).hasValue(3);
        assertThat(usesPerKey).containsEntry("k-1", 3).containsEntry("k-2", 3).containsEntry("k-3", 1);
    }

    @Test
    void encrypt_atMaxAge_loadsAFreshDataKeyButNotBefore() {
        CachingProvider c = cache(Duration.ofSeconds(60), 1_000, 100);
        String first = c.encryptionMaterials(item("orders", "a")).description().keyId();

        clock.advance(Duration.ofSeconds(59));
        String justBefore = c.encryptionMaterials(item("orders", "b")).description().keyId();
        clock.advance(Duration.ofSeconds(1));
        String atMaxAge = c.encryptionMaterials(item("orders", "c")).description().keyId();

        assertThat(justBefore).isEqualTo(first);
        assertThat(atMaxAge).isNotEqualTo(first);
        assertThat(inner.encryptCalls).hasValue(2);
    }

    @Test
    void decrypt_sameDescription_callsProviderOnceWithTheItemsFullContext() {
        CachingProvider c = cache();
        MaterialsDescription d = c.encryptionMaterials(item("orders", "a")).description();
        inner.contexts.clear();

        DecryptionMaterials a = c.decryptionMaterials(item("orders", "a"), d);
        DecryptionMaterials b = c.decryptionMaterials(item("orders", "b"), d);

        assertThat(b.dataKey().equalsSecret(a.dataKey())).isTrue();
        assertThat(inner.decryptCalls).hasValue(1);
        assertThat(inner.contexts).containsExactly(item("orders", "a"));
    }

    @Test
    void decrypt_differentDescriptionOrTable_callsProviderAgain() {
        CachingProvider c = cache(Duration.ofMinutes(5), 1, 100);
        MaterialsDescription d1 = c.encryptionMaterials(item("orders", "a")).description();
        MaterialsDescription d2 = c.encryptionMaterials(item("orders", "b")).description();

        c.decryptionMaterials(item("orders", "a"), d1);
        c.decryptionMaterials(item("orders", "b"), d2);
        c.decryptionMaterials(item("users", "a"), d1);

        assertThat(inner.decryptCalls).hasValue(3);
    }

    @Test
    void decrypt_isNotLimitedByMaxItemsButExpiresAtMaxAge() {
        CachingProvider c = cache(Duration.ofSeconds(10), 1, 100);
        MaterialsDescription d = c.encryptionMaterials(item("orders", "a")).description();

        for (int i = 0; i < 5; i++) {
            c.decryptionMaterials(item("orders", "x" + i), d);
        }
        clock.advance(Duration.ofSeconds(10));
        c.decryptionMaterials(item("orders", "y"), d);

        assertThat(inner.decryptCalls).hasValue(2);
    }

    @Test
    void maxEntries_newEntryOverTheBound_evictsTheOldest() {
        CachingProvider c = cache(Duration.ofMinutes(5), 1_000, 2);
        c.encryptionMaterials(item("t1", "a"));
        clock.advance(Duration.ofSeconds(1));
        c.encryptionMaterials(item("t2", "a"));
        clock.advance(Duration.ofSeconds(1));
        c.encryptionMaterials(item("t3", "a"));

        assertThat(c.cachedEntries()).isEqualTo(2);
        c.encryptionMaterials(item("t3", "b"));
        c.encryptionMaterials(item("t2", "b"));
        assertThat(inner.encryptCalls).hasValue(3);
        c.encryptionMaterials(item("t1", "b"));
        assertThat(inner.encryptCalls).hasValue(4);
    }

    @Test
    void maxEntries_dropsUsedUpEntriesBeforeOlderLiveOnes() {
        CachingProvider c = cache(Duration.ofMinutes(5), 2, 2);
        c.encryptionMaterials(item("t1", "a"));
        clock.advance(Duration.ofSeconds(1));
        c.encryptionMaterials(item("t2", "a"));
        c.encryptionMaterials(item("t2", "b"));
        clock.advance(Duration.ofSeconds(1));

        c.encryptionMaterials(item("t3", "a"));
        c.encryptionMaterials(item("t1", "b"));

        // t2's entry had served its 2 items, so it went instead of the older t1 entry.
        assertThat(c.cachedEntries()).isEqualTo(2);
        assertThat(inner.encryptCalls).hasValue(3);
    }

    @Test
    void providerFailure_propagatesAndIsNotCached() {
        CachingProvider c = cache();
        inner.failure = RecordingProvider.kmsDown();

        assertThatThrownBy(() -> c.encryptionMaterials(item("orders", "a"))).isSameAs(inner.failure);
        inner.failure = null;
        c.encryptionMaterials(item("orders", "a"));

        assertThat(inner.encryptCalls).hasValue(2);
        assertThat(c.cachedEntries()).isEqualTo(1);
        assertThat(c.stats().loads()).isEqualTo(2);
    }

    @Test
    void providerReturningNull_throwsMaterialsExceptionAndCachesNothing() {
        CachingProvider c = CachingProvider.builder().provider(new MaterialsProvider() {
            @Override
            public EncryptionMaterials encryptionMaterials(EncryptionContext context) {
                return null;
            }

            @Override
            public DecryptionMaterials decryptionMaterials(EncryptionContext context, MaterialsDescription description) {
                return null;
            }
        }).build();

        assertThatThrownBy(() -> c.encryptionMaterials(item("orders", "a"))).isInstanceOf(MaterialsException.class)
                .hasMessageContaining("returned no materials");
        assertThat(c.cachedEntries()).isZero();
    }

    @Test
    void invalidateAll_nextCallLoadsAgain() {
        CachingProvider c = cache();
        c.encryptionMaterials(item("orders", "a"));

        c.invalidateAll();
        c.encryptionMaterials(item("orders", "b"));

        assertThat(inner.encryptCalls).hasValue(2);
    }

    @Test
    void build_invalidLimits_throwConfigurationException() {
        assertThatThrownBy(() -> CachingProvider.builder().build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("provider(");
        assertThatThrownBy(() -> CachingProvider.builder().provider(inner).maxAge(Duration.ZERO).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxAge");
        assertThatThrownBy(() -> CachingProvider.builder().provider(inner).maxItemsPerKey(0).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxItemsPerKey");
        assertThatThrownBy(() -> CachingProvider.builder().provider(inner).maxEntries(0).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxEntries");
        assertThatThrownBy(() -> CachingProvider.builder().provider(cache()).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("nesting");
    }

    @Test
    void toBuilder_keepsTheSettings() {
        CachingProvider c = cache(Duration.ofSeconds(7), 3, 9);

        assertThat(c.toBuilder().build().toString()).isEqualTo(c.toString()).contains("PT7S", "maxItemsPerKey=3", "maxEntries=9");
    }

    @Test
    void itemEncryptor_throughCache_roundTripsManyItemsWithOneProviderCallEachWay() {
        CachingProvider c = CachingProvider.builder().provider(TestKeys.wrappedProvider()).build();
        ItemEncryptor enc = ItemEncryptor.create(TestKeys.config(c));
        Map<String, AttributeValue> item = Items.everyType();

        for (int i = 0; i < 20; i++) {
            item.put("pk", AttributeValue.fromS("customer#" + i));
            Map<String, AttributeValue> stored = enc.encrypt(item);
            assertThat(enc.decrypt(stored).get("card")).isEqualTo(item.get("card"));
        }

        assertThat(c.stats().loads()).isEqualTo(2);
        assertThat(c.stats().hits()).isEqualTo(38);
    }

    @Test
    void itemEncryptor_cachedHeaderCopiedToAnotherItem_failsVerification() {
        CachingProvider c = CachingProvider.builder().provider(TestKeys.wrappedProvider()).build();
        ItemEncryptor enc = ItemEncryptor.create(TestKeys.config(c));
        Map<String, AttributeValue> a = Items.everyType();
        Map<String, AttributeValue> stored = new HashMap<>(enc.encrypt(a));
        enc.decrypt(stored);

        stored.put("pk", AttributeValue.fromS("customer#other"));

        assertThatThrownBy(() -> enc.decrypt(stored)).isInstanceOf(IntegrityException.class);
        assertThat(c.stats().hits()).isEqualTo(1);
    }
}
