package dev.coffer.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.ItemEncryptor;
import dev.coffer.internal.format.Canonical;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The frozen format v1 vectors: decrypted by every release forever, reproduced byte for byte where
 * the provider is deterministic, and checked against {@link SpecReference}, an independent reading
 * of docs/FORMAT.md. A failure here means the wire format changed: that is never a test to update.
 */
class VectorsTest {

    static Stream<Vector> vectors() {
        return Vector.FILES.stream().map(Vector::load);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decrypt_frozenVector_returnsPlaintext(Vector v) {
        Map<String, AttributeValue> out = ItemEncryptor.create(v.config(v.provider())).decrypt(v.encrypted());

        assertThat(Canonical.normalize(out)).isEqualTo(Canonical.normalize(v.plaintext()));
        assertThat(out).isEqualTo(v.decrypted());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void encrypt_fixedItemIdAndKeys_reproducesVectorByteForByte(Vector v) {
        org.junit.jupiter.api.Assumptions.assumeTrue(v.reproducible(), "randomized wrapping (RSA-OAEP): decrypt-only");

        Map<String, AttributeValue> again = v.codec().encrypt(v.plaintext());

        assertThat(again).isEqualTo(v.encrypted());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void vector_matchesIndependentReadingOfFormatSpec(Vector v) {
        Map<String, AttributeValue> stored = v.encrypted();
        byte[] header = stored.get("coffer_head").b().asByteArray();
        SpecReference.ParsedHeader h = SpecReference.parseHeader(header);
        byte[] dataKey = Vector.HEX.parseHex(v.json.get("provider").get("data_key").asText());
        List<String> problems = new ArrayList<>();

        check(problems, h.version == 1, "version byte is 1");
        check(problems, h.suite == 1, "suite is 0x0001");
        check(problems, java.util.Arrays.equals(h.itemId, v.itemId()), "item id is the vector's");
        check(problems, Vector.HEX.formatHex(header).equals(v.intermediate("header")), "header hex");
        byte[] encKey = SpecReference.derive(dataKey, h.itemId, "coffer/v1/enc");
        byte[] commitment = SpecReference.derive(dataKey, h.itemId, "coffer/v1/commit");
        check(problems, Vector.HEX.formatHex(encKey).equals(v.intermediate("encryption_key")), "encryption key");
        check(problems, java.util.Arrays.equals(commitment, h.commitment), "commitment in header");
        check(problems, Vector.HEX.formatHex(commitment).equals(v.intermediate("commitment")), "commitment");

        String logical = v.json.get("config").hasNonNull("logical_table")
                ? v.json.get("config").get("logical_table").asText() : v.json.get("config").get("table").asText();
        byte[] sigInput = SpecReference.signatureInput(logical, header, stored);
        check(problems, Vector.HEX.formatHex(sigInput).equals(v.intermediate("signature_input")), "signature input");
        byte[] signature = SpecReference.hmac(Vector.HEX.parseHex(v.intermediate("signing_key")), sigInput);
        check(problems, java.util.Arrays.equals(signature, stored.get("coffer_sig").b().asByteArray()), "signature");

        Map<String, AttributeValue> plain = v.plaintext();
        List<String> legend = new ArrayList<>();
        for (int i = 0; i < h.names.size(); i++) {
            String name = h.names.get(i);
            legend.add(name);
            if (h.actions.get(i) == 1) {
                byte[] pt = SpecReference.gcm(Cipher.DECRYPT_MODE, encKey, i, name, header,
                        stored.get(name).b().asByteArray());
                check(problems, java.util.Arrays.equals(pt, SpecReference.canonical(plain.get(name))),
                        "attribute '" + name + "' decrypts to its canonical encoding");
            } else {
                check(problems, h.actions.get(i) == 2, "attribute '" + name + "' action byte is 1 or 2");
                check(problems, stored.get(name).equals(plain.get(name)), "sign-only '" + name + "' stored as is");
            }
        }
        List<String> sorted = new ArrayList<>(legend);
        sorted.sort((a, b) -> java.util.Arrays.compareUnsigned(SpecReference.utf8(a), SpecReference.utf8(b)));
        check(problems, legend.equals(sorted), "legend in UTF-8 byte order");

        assertThat(problems).as("disagreements with docs/FORMAT.md").isEmpty();
    }

    private static void check(List<String> problems, boolean ok, String what) {
        if (!ok) {
            problems.add(what);
        }
    }
}
