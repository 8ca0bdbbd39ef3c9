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
import software.amazon.awssdk.core.SdkBytes;
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
            assertDecryptsInTurn(shape, b::decrypt);
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1, 3})
    void beaconSetup_zeroOneThreeBeacons_roundTripsWithThatManyBeacons(int beacons) {
        BeaconBenchmark b = new BeaconBenchmark();
        b.beacons = beacons;
        b.setUp();
        assertThat(b.encrypt().keySet().stream().filter(n -> n.startsWith("coffer_b_")).count()).isEqualTo(beacons);
    }

    /** A decrypt benchmark goes through the stored items 1, 2, ..., 0 in turn. */
    private static void assertDecryptsInTurn(Shape shape, java.util.function.Supplier<Map<String, AttributeValue>> decrypt) {
        for (int i = 1; i <= Fixtures.DECRYPT_ITEMS; i++) {
            assertThat(Canonical.equal(shape.item(i % Fixtures.DECRYPT_ITEMS), decrypt.get())).as("item %d", i).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void legacySetup_roundTrips(Shape shape) throws Exception {
        LegacyClientBenchmark b = new LegacyClientBenchmark();
        b.shape = shape;
        b.setUp();
        assertDecryptsInTurn(shape, () -> {
            try {
                return SdkV1Items.toV2(b.decrypt());
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
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
            assertDecryptsInTurn(shape, b::decrypt);
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
    void formatFloorSetup_reproducesCoffersItem(Shape shape) throws Exception {
        FormatFloorBenchmark b = new FormatFloorBenchmark();
        b.shape = shape;
        b.setUp();
        assertThat(b.encrypt()).hasSize(32);
        assertThat(b.decrypt()).hasSize(CeilingBenchmark.lengths(shape)[0]).containsOnly(0);
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void sdkFloorSetup_buildsBothOutputs(Shape shape) {
        SdkFloorBenchmark b = new SdkFloorBenchmark();
        b.shape = shape;
        b.setUp();
        assertThat(Canonical.equal(shape.item(), b.decryptOutput())).isTrue();
        assertThat(b.encryptOutput()).containsKeys(ItemEncryptor.HEADER_ATTRIBUTE, ItemEncryptor.SIGNATURE_ATTRIBUTE)
                .hasSize(shape.item().size() + 2);
    }

    @Test
    void floorPartsSetup_everyPartRuns() throws Exception {
        FloorPartsBenchmark b = new FloorPartsBenchmark();
        b.shape = Shape.S;
        b.setUp();
        assertThat(b.gcmDecrypt()).containsOnly(0);
        assertThat(b.itemIdWithInput()).hasSize(32);
        assertThat(b.itemIdWithoutInput()).hasSize(32);
        assertThat(b.keys()).isNotEmpty();
        byte[] underOneKey = b.gcmEncrypt().clone();
        assertThat(b.gcmEncrypt()).isNotEqualTo(underOneKey);
        assertThat(b.signature()).hasSize(32);
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void formatLayout_coffersItem_verifiesAgainstTheSpec(Shape shape) throws Exception {
        Map<String, AttributeValue> item = shape.item();
        Map<String, AttributeValue> stored = Fixtures.coffer(Fixtures.Provider.STATIC).encrypt(item);
        FormatLayout layout = new FormatLayout(item, stored, Fixtures.TABLE);
        byte[] plain = layout.verify(Fixtures.bytes(32, Fixtures.STATIC_DATA_KEY),
                Fixtures.bytes(32, Fixtures.STATIC_SIGNING_KEY));
        assertThat(plain).hasSize(layout.plaintextBytes());
        assertThat(layout.encryptedCount).isEqualTo(item.size() - 2);
        assertThat(layout.legendOrder.subList(layout.encryptedCount, item.size())).containsExactlyInAnyOrder(Shape.PK,
                Shape.SK);
    }

    @Test
    void formatLayout_flippedSliceBit_failsVerification() {
        Map<String, AttributeValue> item = Shape.S.item();
        Map<String, AttributeValue> stored = new LinkedHashMap<>(Fixtures.coffer(Fixtures.Provider.STATIC).encrypt(item));
        byte[] note = stored.get("note").b().asByteArray();
        note[3] ^= 1;
        stored.put("note", AttributeValue.fromB(SdkBytes.fromByteArray(note)));
        FormatLayout layout = new FormatLayout(item, stored, Fixtures.TABLE);
        assertThatThrownBy(() -> layout.verify(Fixtures.bytes(32, Fixtures.STATIC_DATA_KEY),
                Fixtures.bytes(32, Fixtures.STATIC_SIGNING_KEY))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("signature");
    }

    @Test
    void dynamoSize_numbers_countBase100DigitsAlignedOnThePoint() {
        assertThat(DynamoSize.number("0")).isEqualTo(1);
        assertThat(DynamoSize.number("-0.00")).isEqualTo(1);
        assertThat(DynamoSize.number("1.5")).isEqualTo(3);
        assertThat(DynamoSize.number("-1")).isEqualTo(3);
        assertThat(DynamoSize.number("1E+100")).isEqualTo(2);
        assertThat(DynamoSize.number("0.001")).isEqualTo(2);
        assertThat(DynamoSize.number("129.95")).isEqualTo(4);
        assertThat(DynamoSize.number("1700000000")).isEqualTo(2);
        assertThat(DynamoSize.writeUnits(1024)).isEqualTo(1);
        assertThat(DynamoSize.writeUnits(1025)).isEqualTo(2);
        assertThat(DynamoSize.readUnits(4097)).isEqualTo(2);
    }

    @Test
    void storedSize_everyLibraryEveryShape_agreesWithCoresCountAndAddsUp() throws Exception {
        StoredSize.Results r = StoredSize.measure();
        assertThat(r.sizes).hasSize(Shape.values().length * StoredSize.Library.values().length);
        for (StoredSize.Size s : r.sizes) {
            assertThat(s.plaintext).isEqualTo(dev.coffer.DynamoDbValues.itemSize(s.shape.item()));
            assertThat(s.min).isGreaterThan(s.plaintext).isLessThanOrEqualTo(s.max);
        }
        for (Shape shape : Shape.values()) {
            Map<String, AttributeValue> stored = Fixtures.coffer(Fixtures.Provider.WRAPPED).encrypt(shape.item());
            assertThat(DynamoSize.of(stored)).isEqualTo(dev.coffer.DynamoDbValues.itemSize(stored))
                    .isEqualTo(r.size(shape, StoredSize.Library.COFFER_WRAPPED).max);
            StoredSize.Overhead o = r.overhead(shape, Fixtures.Provider.STATIC);
            assertThat(o.values).isEqualTo(shape.item().size() - 2);
            assertThat(o.legendEntries).isEqualTo(shape.item().size());
        }
        java.nio.file.Path tsv = java.nio.file.Files.createTempFile("stored-size", ".tsv");
        r.write(tsv);
        StoredSize.Results back = StoredSize.Results.read(tsv);
        assertThat(back.overhead(Shape.S, Fixtures.Provider.WRAPPED).fixed())
                .isEqualTo(r.overhead(Shape.S, Fixtures.Provider.WRAPPED).fixed());
        java.nio.file.Files.delete(tsv);
    }

    @Test
    void coldStartMains_buildTheSItem_andRoundTrip() throws Exception {
        assertThat(ColdStartCoffer.item()).isEqualTo(Shape.S.item());
        assertThat(Canonical.equal(SdkV1Items.toV2(ColdStartLegacy.item()), Shape.S.item())).isTrue();
        ColdStartCoffer.main(new String[0]);
        ColdStartLegacy.main(new String[0]);
        String line = ColdStartProbe.line("coffer", 10, 20, 0, 1_000_000, 2_000_000, 3_000_000, 4_000_000, true);
        ColdStart.Run run = new ColdStart.Run(("1\t" + line + "\t25").split("\t"));
        assertThat(run.library).isEqualTo("coffer");
        assertThat(run.encrypt).isEqualTo(1.0);
        assertThat(run.wall).isEqualTo(25.0);
        assertThat(ColdStart.median(ColdStart.sorted(3, 1, 2, 10))).isEqualTo(2.5);
    }

    @Test
    void gcmCallPatternSetup_roundTrips() throws Exception {
        GcmCallPatternBenchmark b = new GcmCallPatternBenchmark();
        b.aad = 250;
        b.value = 900;
        b.setUp();
        assertThat(b.decryptNewArray()).hasSize(900);
        assertThat(b.oneCallNewArray()).hasSize(916);
        assertThat(b.freshKeyReusedArray()).hasSize(916);
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
        return dev.coffer.DynamoDbValues.itemSize(item);
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
