package dev.coffer.internal.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.CryptoAction;
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

    /** A header assembled field by field, so each test can break one field. */
    static final class Bytes {
        int version = 1;
        int suite = 1;
        byte[] itemId = TestKeys.counting(32, 0xA0);
        String providerId = "wrapped";
        String keyId = "wk-1";
        byte[] wrapped = TestKeys.counting(40, 1);
        List<String[]> params = new ArrayList<>(List.of(new String[] {"alg", "AES-KWP"}, new String[] {"sk", "sk-1"}));
        Integer legendCount;
        List<Object[]> legend = new ArrayList<>(List.of(new Object[] {2, "pk"}, new Object[] {1, "secret"},
                new Object[] {2, "sk"}));
        byte[] commitment = TestKeys.counting(32, 0x10);
        byte[] trailing = new byte[0];

        byte[] build() {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.write(version);
            u16(o, suite);
            o.writeBytes(itemId);
            lp16(o, utf8(providerId));
            lp16(o, utf8(keyId));
            lp16(o, wrapped);
            o.write(params.size());
            for (String[] p : params) {
                lp16(o, utf8(p[0]));
                lp16(o, utf8(p[1]));
            }
            int n = legendCount != null ? legendCount : legend.size();
            o.writeBytes(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
            for (Object[] e : legend) {
                o.write((Integer) e[0]);
                lp16(o, e[1] instanceof byte[] ? (byte[]) e[1] : utf8((String) e[1]));
            }
            o.writeBytes(commitment);
            o.writeBytes(trailing);
            return o.toByteArray();
        }

        private static byte[] utf8(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }

        private static void u16(ByteArrayOutputStream o, int v) {
            o.write(v >>> 8);
            o.write(v);
        }

        private static void lp16(ByteArrayOutputStream o, byte[] b) {
            u16(o, b.length);
            o.writeBytes(b);
        }
    }

    private static void assertMalformed(Bytes b, String reason) {
        byte[] h = b.build();
        assertThatThrownBy(() -> Header.parse(h)).isInstanceOf(ByteReader.Malformed.class).hasMessageContaining(reason);
    }

    @Test
    void parse_wellFormedHeader_readsEveryField() {
        Header h = Header.parse(new Bytes().build());

        assertThat(h.version()).isEqualTo(1);
        assertThat(h.suite()).isEqualTo(1);
        assertThat(h.itemId()).isEqualTo(TestKeys.counting(32, 0xA0));
        assertThat(h.description().providerId()).isEqualTo("wrapped");
        assertThat(h.description().keyId()).isEqualTo("wk-1");
        assertThat(h.description().wrappedKey()).isEqualTo(TestKeys.counting(40, 1));
        assertThat(h.description().parameters()).containsExactly(Map.entry("alg", "AES-KWP"), Map.entry("sk", "sk-1"));
        assertThat(h.legend()).extracting(Header.Entry::name).containsExactly("pk", "secret", "sk");
        assertThat(h.legend()).extracting(Header.Entry::action)
                .containsExactly(CryptoAction.SIGN_ONLY, CryptoAction.ENCRYPT_AND_SIGN, CryptoAction.SIGN_ONLY);
        assertThat(h.commitmentHex()).isEqualTo(java.util.HexFormat.of().formatHex(TestKeys.counting(32, 0x10)));
        assertThat(h.encodedLength()).isEqualTo(new Bytes().build().length);
    }

    @Test
    void parse_headerWrittenByEncrypt_listsSignedAttributesInUtf8Order() {
        Map<String, AttributeValue> stored = ItemEncryptor.create(TestKeys.config(TestKeys.staticProvider()))
                .encrypt(Items.everyType());

        Header h = Forge.header(stored);

        List<String> names = new ArrayList<>();
        h.legend().forEach(e -> names.add(e.name()));
        assertThat(names).doesNotContain("note").contains("pk", "sk", "status", "card");
        assertThat(names).isSortedAccordingTo((a, b) -> java.util.Arrays.compareUnsigned(Bytes.utf8(a), Bytes.utf8(b)));
        assertThat(h.legend()).filteredOn(e -> e.name().equals("status")).extracting(Header.Entry::action)
                .containsExactly(CryptoAction.SIGN_ONLY);
    }

    @Test
    void parse_everyTruncation_throwsMalformed() {
        byte[] full = new Bytes().build();
        List<Integer> accepted = new ArrayList<>();

        for (int len = 0; len < full.length; len++) {
            try {
                Header.parse(java.util.Arrays.copyOf(full, len));
                accepted.add(len);
            } catch (ByteReader.Malformed expected) {
                // the point
            }
        }

        assertThat(accepted).isEmpty();
    }

    @Test
    void parse_trailingByte_throwsMalformed() {
        Bytes b = new Bytes();
        b.trailing = new byte[] {0};

        assertMalformed(b, "1 trailing bytes after the key commitment");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 0x7F, 0xFF})
    void parse_unknownVersion_throwsUnknownVersion(int version) {
        Bytes b = new Bytes();
        b.version = version;
        byte[] h = b.build();

        assertThatThrownBy(() -> Header.parse(h)).isInstanceOf(Header.UnknownVersion.class)
                .satisfies(e -> assertThat(((Header.UnknownVersion) e).version).isEqualTo(version));
        assertThatThrownBy(() -> Header.decode(h)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("format version " + version);
    }

    @Test
    void parse_unknownVersionWithGarbageAfter_reportsTheVersionFirst() {
        byte[] h = {2, (byte) 0xFF};

        assertThatThrownBy(() -> Header.parse(h)).isInstanceOf(Header.UnknownVersion.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 0x100, 0xFFFF})
    void parse_unknownSuite_throwsMalformed(int suite) {
        Bytes b = new Bytes();
        b.suite = suite;

        assertMalformed(b, "unknown algorithm suite");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Wrapped", "-x", "a b"})
    void parse_invalidProviderId_throwsMalformed(String providerId) {
        Bytes b = new Bytes();
        b.providerId = providerId;

        assertMalformed(b, "materials description");
    }

    @Test
    void parse_parametersOutOfOrderOrDuplicated_throwsMalformed() {
        Bytes outOfOrder = new Bytes();
        outOfOrder.params = List.of(new String[] {"sk", "sk-1"}, new String[] {"alg", "AES-KWP"});
        Bytes duplicated = new Bytes();
        duplicated.params = List.of(new String[] {"alg", "AES-KWP"}, new String[] {"alg", "RSA"});
        Bytes badName = new Bytes();
        badName.params = List.<String[]>of(new String[] {"a g", "x"});

        assertMalformed(outOfOrder, "not sorted");
        assertMalformed(duplicated, "not sorted");
        assertMalformed(badName, "materials description");
    }

    @Test
    void parse_legendOutOfOrderOrDuplicated_throwsMalformed() {
        Bytes outOfOrder = new Bytes();
        outOfOrder.legend = List.of(new Object[] {2, "sk"}, new Object[] {2, "pk"});
        Bytes duplicated = new Bytes();
        duplicated.legend = List.of(new Object[] {2, "pk"}, new Object[] {1, "pk"});
        // UTF-16 order, not UTF-8 order: U+FF61 before U+1F600 in UTF-8 only.
        Bytes utf16Order = new Bytes();
        utf16Order.legend = List.of(new Object[] {2, "\uD83D\uDE00"}, new Object[] {2, "\uFF61"});

        assertMalformed(outOfOrder, "strictly ascending");
        assertMalformed(duplicated, "strictly ascending");
        assertMalformed(utf16Order, "strictly ascending");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 4, 0x11, 0xFF})
    void parse_unknownLegendAction_throwsMalformed(int action) {
        Bytes b = new Bytes();
        b.legend = List.<Object[]>of(new Object[] {action, "pk"});

        assertMalformed(b, "unknown legend action " + action);
    }

    @Test
    void parse_emptyLegendName_throwsMalformed() {
        Bytes b = new Bytes();
        b.legend = List.<Object[]>of(new Object[] {2, ""});

        assertMalformed(b, "empty attribute name");
    }

    @Test
    void parse_legendCountBeyondTheHeader_throwsMalformed() {
        Bytes huge = new Bytes();
        huge.legendCount = Integer.MAX_VALUE;
        Bytes oneMore = new Bytes();
        oneMore.legendCount = oneMore.legend.size() + 1;
        Bytes negative = new Bytes();
        negative.legendCount = -1;

        assertMalformed(huge, "exceeds the header");
        assertThatThrownBy(() -> Header.parse(oneMore.build())).isInstanceOf(ByteReader.Malformed.class);
        assertMalformed(negative, "out of range");
    }

    @Test
    void parse_emptyLegendAndEmptyDescriptionFields_areWellFormed() {
        // Structure only: an item needs its keys in the legend, which the codec checks, not the parser.
        Bytes b = new Bytes();
        b.legend = List.of();
        b.keyId = "";
        b.wrapped = new byte[0];
        b.params = List.of();

        Header h = Header.parse(b.build());

        assertThat(h.legend()).isEmpty();
        assertThat(h.description().keyId()).isEmpty();
        assertThat(h.description().parameters()).isEmpty();
    }
}
