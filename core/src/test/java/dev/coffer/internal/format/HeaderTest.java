package dev.coffer.internal.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.IntegrityException;
import dev.coffer.ItemEncryptor;
import dev.coffer.testing.Items;
import dev.coffer.testing.TestKeys;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@link Header#parse} accepts exactly the layout of docs/FORMAT.md section 3 and nothing else. */
class HeaderTest {

    /** A header assembled field by field from FORMAT.md, so each test can break one field. */
    static final class Bytes {
        int version = 2;
        int suite = 1;
        byte[] itemId = TestKeys.counting(32, 0xA0);
        String providerId = "wrapped";
        List<Object[]> keys = new ArrayList<>(List.<Object[]>of(new Object[] {utf8("wk-1"), TestKeys.counting(40, 1)}));
        List<byte[][]> params = new ArrayList<>(List.of(new byte[][] {utf8("alg"), utf8("AES-KWP")},
                new byte[][] {utf8("sk"), utf8("sk-1")}));
        int[] encrypted = {0x10, 0x7FFF0000, 0x80000001};
        int[] signOnly = {0x01, 0x20, 0xF0000000};
        Integer encryptedCount;
        byte[] commitment = TestKeys.counting(32, 0x10);
        byte[] trailing = new byte[0];

        byte[] build() {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.write(version);
            o.write(suite);
            o.writeBytes(itemId);
            o.write(providerId.length());
            o.writeBytes(utf8(providerId));
            o.write(keys.size());
            for (Object[] k : keys) {
                lpv(o, (byte[]) k[0]);
                lpv(o, (byte[]) k[1]);
            }
            o.write(params.size());
            for (byte[][] p : params) {
                o.write(p[0].length);
                o.writeBytes(p[0]);
                lpv(o, p[1]);
            }
            varint(o, encryptedCount != null ? encryptedCount : encrypted.length);
            varint(o, signOnly.length);
            for (int f : encrypted) {
                u32(o, f);
            }
            for (int f : signOnly) {
                u32(o, f);
            }
            o.writeBytes(commitment);
            o.writeBytes(trailing);
            return o.toByteArray();
        }

        static byte[] utf8(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }

        static void varint(ByteArrayOutputStream o, int v) {
            while ((v & ~0x7F) != 0) {
                o.write((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            o.write(v);
        }

        private static void lpv(ByteArrayOutputStream o, byte[] b) {
            varint(o, b.length);
            o.writeBytes(b);
        }

        private static void u32(ByteArrayOutputStream o, int v) {
            o.writeBytes(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
        }
    }

    private static void assertMalformed(Bytes b, String reason) {
        byte[] h = b.build();
        assertThatThrownBy(() -> Header.parse(h)).isInstanceOf(ByteReader.Malformed.class).hasMessageContaining(reason);
    }

    @Test
    void parse_wellFormedHeader_readsEveryField() {
        Header h = Header.parse(new Bytes().build());

        assertThat(h.version()).isEqualTo(2);
        assertThat(h.suite()).isEqualTo(1);
        assertThat(h.itemId()).isEqualTo(TestKeys.counting(32, 0xA0));
        assertThat(h.description().providerId()).isEqualTo("wrapped");
        assertThat(h.description().keyId()).isEqualTo("wk-1");
        assertThat(h.description().wrappedKey()).isEqualTo(TestKeys.counting(40, 1));
        assertThat(h.description().parameters()).containsExactly(Map.entry("alg", "AES-KWP"), Map.entry("sk", "sk-1"));
        assertThat(h.legendSize()).isEqualTo(6);
        assertThat(h.encryptedCount()).isEqualTo(3);
        assertThat(h.fingerprint(1)).isEqualTo(0x7FFF0000);
        assertThat(h.fingerprint(5)).isEqualTo(0xF0000000);
        assertThat(h.commitmentHex()).isEqualTo(java.util.HexFormat.of().formatHex(TestKeys.counting(32, 0x10)));
        assertThat(h.encodedLength()).isEqualTo(new Bytes().build().length);
    }

    @Test
    void parse_severalKeyEntries_keepsThemInOrder() {
        Bytes b = new Bytes();
        b.keys.add(new Object[] {Bytes.utf8("wk-2"), TestKeys.counting(40, 9)});

        Header h = Header.parse(b.build());

        assertThat(h.description().keyCount()).isEqualTo(2);
        assertThat(h.description().keyId(1)).isEqualTo("wk-2");
        assertThat(h.description().wrappedKey(1)).isEqualTo(TestKeys.counting(40, 9));
    }

    @Test
    void parse_headerWrittenByEncrypt_listsEncryptedThenSignOnlyFingerprintsAscending() {
        Map<String, AttributeValue> stored = ItemEncryptor.create(TestKeys.config(TestKeys.staticProvider()))
                .encrypt(Items.everyType());

        Header h = Forge.header(stored);
        List<String> names = Forge.legendNames(stored);

        assertThat(names).doesNotContain("note").contains("pk", "sk", "status", "card").doesNotContainNull();
        assertThat(names.subList(h.encryptedCount(), names.size())).contains("pk", "sk", "status");
        for (int i = 1; i < h.legendSize(); i++) {
            if (i != h.encryptedCount()) {
                assertThat(Integer.compareUnsigned(h.fingerprint(i - 1), h.fingerprint(i))).isNegative();
            }
        }
    }

    @Test
    void parse_everyTruncation_throwsMalformed() {
        byte[] full = new Bytes().build();
        List<Integer> accepted = new ArrayList<>();

        for (int len = 0; len < full.length; len++) {
            try {
                Header.parse(java.util.Arrays.copyOf(full, len));
                accepted.add(len);
            } catch (ByteReader.Malformed | Header.UnknownVersion expected) {
                // the point
            }
        }

        assertThat(accepted).isEmpty();
    }

    @Test
    void parse_trailingByte_throwsMalformed() {
        Bytes b = new Bytes();
        b.trailing = new byte[] {0};
        assertMalformed(b, "trailing");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 0x7F, 0xFF})
    void parse_unknownVersion_throwsUnknownVersion(int version) {
        Bytes b = new Bytes();
        b.version = version;
        byte[] h = b.build();

        assertThatThrownBy(() -> Header.parse(h)).isInstanceOf(Header.UnknownVersion.class);
        assertThatThrownBy(() -> Header.decode(h)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("format version " + version).hasMessageContaining("upgrade");
    }

    @Test
    void parse_preReleaseDraftVersion_isRefusedByName() {
        Bytes b = new Bytes();
        b.version = 1;
        byte[] h = b.build();

        assertThatThrownBy(() -> Header.decode(h)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("pre-release").hasMessageContaining("not supported");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 0xFF})
    void parse_unknownSuite_throwsMalformed(int suite) {
        Bytes b = new Bytes();
        b.suite = suite;
        assertMalformed(b, "unknown algorithm suite");
    }

    @Test
    void parse_ecdsaSuite_isRead() {
        Bytes b = new Bytes();
        b.suite = 2;

        assertThat(Header.decode(b.build()).suite()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Wrapped", "-kms", "a b"})
    void parse_invalidProviderId_throwsMalformed(String providerId) {
        Bytes b = new Bytes();
        b.providerId = providerId;
        assertMalformed(b, "materials description");
    }

    @Test
    void parse_noKeyEntry_throwsMalformed() {
        Bytes b = new Bytes();
        b.keys.clear();
        assertMalformed(b, "no key entry");
    }

    @Test
    void parse_keyIdWithInvalidUtf8_throwsMalformed() {
        // C0 80 is an overlong NUL; 61 FE and 61 FF would both decode leniently to "a\uFFFD".
        for (byte[] bad : new byte[][] {{(byte) 0xC0, (byte) 0x80}, {0x61, (byte) 0xFE}, {0x61, (byte) 0xFF},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}}) {
            Bytes b = new Bytes();
            b.keys.set(0, new Object[] {bad, new byte[0]});
            assertMalformed(b, "not valid UTF-8");
        }
    }

    @Test
    void parse_parameterValueWithInvalidUtf8OrControlCharacter_throwsMalformed() {
        Bytes b = new Bytes();
        b.params.set(1, new byte[][] {Bytes.utf8("sk"), {0x61, (byte) 0xC0}});
        assertMalformed(b, "not valid UTF-8");

        Bytes c = new Bytes();
        c.params.set(1, new byte[][] {Bytes.utf8("sk"), Bytes.utf8("line\nforged")});
        assertMalformed(c, "control character");
    }

    @Test
    void parse_parametersOutOfOrderOrDuplicated_throwsMalformed() {
        Bytes b = new Bytes();
        b.params = List.of(new byte[][] {Bytes.utf8("sk"), Bytes.utf8("x")}, new byte[][] {Bytes.utf8("alg"), Bytes.utf8("y")});
        assertMalformed(b, "strictly ascending");

        Bytes c = new Bytes();
        c.params = List.of(new byte[][] {Bytes.utf8("sk"), Bytes.utf8("x")}, new byte[][] {Bytes.utf8("sk"), Bytes.utf8("y")});
        assertMalformed(c, "strictly ascending");
    }

    @Test
    void parse_fingerprintsOutOfOrderDuplicatedOrInBothRuns_throwsMalformed() {
        Bytes unordered = new Bytes();
        unordered.encrypted = new int[] {0x20, 0x10};
        assertMalformed(unordered, "not strictly ascending");

        Bytes duplicated = new Bytes();
        duplicated.signOnly = new int[] {0x01, 0x01};
        assertMalformed(duplicated, "not strictly ascending");

        Bytes signedUnsigned = new Bytes();
        signedUnsigned.encrypted = new int[] {0x05, 0xFFFFFFFF};
        signedUnsigned.signOnly = new int[] {0x04, 0xFFFFFFFF};
        assertMalformed(signedUnsigned, "both encrypted and sign-only");
    }

    @Test
    void parse_legendCountBeyondTheHeader_throwsMalformedBeforeAllocating() {
        Bytes b = new Bytes();
        b.encryptedCount = Integer.MAX_VALUE;
        assertMalformed(b, "exceeds the header");
    }

    @Test
    void parse_varintNotInShortestForm_throwsMalformed() {
        byte[] good = new Bytes().build();
        // The key id length (4) sits after version, suite, id, provider id and key count.
        int at = 2 + 32 + 1 + "wrapped".length() + 1;
        assertThat(good[at]).isEqualTo((byte) 4);
        byte[] bad = new byte[good.length + 1];
        System.arraycopy(good, 0, bad, 0, at);
        bad[at] = (byte) 0x84;
        bad[at + 1] = 0x00;
        System.arraycopy(good, at + 1, bad, at + 2, good.length - at - 1);

        assertThatThrownBy(() -> Header.parse(bad)).isInstanceOf(ByteReader.Malformed.class)
                .hasMessageContaining("shortest form");
    }

    @Test
    void parse_emptyLegendAndEmptyDescriptionFields_areWellFormed() {
        // Structure only: an item needs its keys in the legend, which the codec checks, not the parser.
        Bytes b = new Bytes();
        b.encrypted = new int[0];
        b.signOnly = new int[0];
        b.keys.set(0, new Object[] {new byte[0], new byte[0]});
        b.params = List.of();

        Header h = Header.parse(b.build());

        assertThat(h.legendSize()).isZero();
        assertThat(h.description().keyId()).isEmpty();
        assertThat(h.description().parameters()).isEmpty();
    }
}
