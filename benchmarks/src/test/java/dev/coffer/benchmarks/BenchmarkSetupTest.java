package dev.coffer.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.ItemEncryptor;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.AlgorithmSuiteInfo;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * Runs every benchmark's {@code @Setup} (which checks decrypt(encrypt(x)) equals x) and one timed
 * method once, so a broken path fails the build instead of being timed. No timing here.
 */
class BenchmarkSetupTest {

    @ParameterizedTest
    @EnumSource(Shape.class)
    void cofferSetup_everyProvider_roundTrips(Shape shape) {
        for (Fixtures.Provider provider : Fixtures.Provider.values()) {
            CofferBenchmark b = new CofferBenchmark();
            b.shape = shape;
            b.provider = provider;
            b.setUp();
            assertThat(b.encrypt()).containsKeys(ItemEncryptor.HEADER_ATTRIBUTE, ItemEncryptor.SIGNATURE_ATTRIBUTE);
            assertThat(Canonical.equal(shape.item(), b.decrypt())).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void legacySetup_roundTrips(Shape shape) throws Exception {
        LegacyClientBenchmark b = new LegacyClientBenchmark();
        b.shape = shape;
        b.setUp();
        assertThat(Canonical.equal(shape.item(), V1Items.toV2(b.decrypt()))).isTrue();
        assertThat(b.encrypt()).containsKeys(Shape.PK, Shape.SK).hasSizeGreaterThan(shape.item().size());
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void dbEsdkSetup_bothSuites_roundTrip(Shape shape) {
        for (Fixtures.EsdkSuite suite : Fixtures.EsdkSuite.values()) {
            DbEsdkBenchmark b = new DbEsdkBenchmark();
            b.shape = shape;
            b.suite = suite;
            b.setUp();
            assertThat(Canonical.equal(shape.item(), b.decrypt())).isTrue();
            assertThat(b.encrypt()).hasSizeGreaterThan(shape.item().size());
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void ceilingSetup_processesCoffersByteCounts(Shape shape) throws Exception {
        CeilingBenchmark b = new CeilingBenchmark();
        b.shape = shape;
        b.setUp();
        int[] lengths = CeilingBenchmark.lengths(shape);
        assertThat(b.decrypt()).hasSize(lengths[0]);
        assertThat(lengths[1]).isGreaterThan(lengths[0]);
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void formatFloorSetup_roundTrips(Shape shape) throws Exception {
        for (FormatFloorBenchmark.Variant variant : FormatFloorBenchmark.Variant.values()) {
            FormatFloorBenchmark b = new FormatFloorBenchmark();
            b.shape = shape;
            b.variant = variant;
            b.setUp();
            assertThat(b.encrypt()).isNotEmpty();
            assertThat(b.decrypt()).isNotEmpty();
        }
    }

    @Test
    void gcmCallPatternSetup_roundTrips() throws Exception {
        GcmCallPatternBenchmark b = new GcmCallPatternBenchmark();
        b.aad = 480;
        b.value = 100;
        b.setUp();
        assertThat(b.decryptNewArray()).hasSize(100);
        assertThat(b.oneCallNewArray()).hasSize(116);
    }

    @Test
    void bulkSetup_roundTripsEveryItem() {
        BulkBenchmark b = new BulkBenchmark();
        b.shape = Shape.S;
        b.provider = Fixtures.Provider.STATIC;
        b.setUp();
        assertThat(b.encryptAll1()).hasSize(BulkBenchmark.ITEMS);
        assertThat(b.decryptAll1()).hasSize(BulkBenchmark.ITEMS);
    }

    @Test
    void esdkSuites_haveTheDocumentedBinaryIds() {
        MaterialProviders mpl = MaterialProviders.builder()
                .MaterialProvidersConfig(MaterialProvidersConfig.builder().build()).build();
        AlgorithmSuiteInfo hmac = mpl.GetAlgorithmSuiteInfo(ByteBuffer.wrap(new byte[] {0x67, 0x00}));
        AlgorithmSuiteInfo ecdsa = mpl.GetAlgorithmSuiteInfo(ByteBuffer.wrap(new byte[] {0x67, 0x01}));
        assertThat(hmac.id().DBE()).isEqualTo(Fixtures.EsdkSuite.HMAC.id);
        assertThat(ecdsa.id().DBE()).isEqualTo(Fixtures.EsdkSuite.ECDSA.id);
    }

    @Test
    void shapes_haveTheSpecifiedSizes() {
        assertThat(dynamoSize(Shape.S.item())).isBetween(900L, 1200L);
        assertThat(dynamoSize(Shape.L.item()) - dynamoSize(Shape.S.item())).isBetween(64 * 1024L, 64 * 1024L + 32);
        assertThat(Shape.MANY.item()).hasSize(102);
        assertThat(depth(Shape.NESTED.item().get("document"))).isEqualTo(5);
        assertThat(Shape.S.items(3)).extracting(i -> i.get(Shape.PK).s()).doesNotHaveDuplicates();
    }

    @Test
    void canonical_numbersBySpellingAndSetsByOrder_equalButValuesDiffer() {
        Map<String, AttributeValue> a = new LinkedHashMap<>();
        a.put("n", AttributeValue.fromN("1.50"));
        a.put("ns", AttributeValue.fromNs(List.of("1", "2E1")));
        Map<String, AttributeValue> b = new LinkedHashMap<>();
        b.put("n", AttributeValue.fromN("1.5"));
        b.put("ns", AttributeValue.fromNs(List.of("20", "1")));
        assertThat(Canonical.equal(a, b)).isTrue();
        b.put("n", AttributeValue.fromN("1.51"));
        assertThat(Canonical.equal(a, b)).isFalse();
        assertThatThrownBy(() -> Canonical.check("x", a, b)).isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("1.51");
    }

    private static long dynamoSize(Map<String, AttributeValue> item) {
        return dev.coffer.internal.format.ItemSize.of(item);
    }

    /** Map levels from {@code v} down to its deepest map. */
    private static int depth(AttributeValue v) {
        if (v.hasM()) {
            int deepest = 0;
            for (AttributeValue c : v.m().values()) {
                deepest = Math.max(deepest, depth(c));
            }
            return 1 + deepest;
        }
        if (v.hasL()) {
            int deepest = 0;
            for (AttributeValue c : v.l()) {
                deepest = Math.max(deepest, depth(c));
            }
            return deepest;
        }
        return 0;
    }
}
