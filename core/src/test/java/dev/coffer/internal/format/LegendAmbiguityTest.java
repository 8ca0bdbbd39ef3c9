package dev.coffer.internal.format;

import static dev.coffer.testing.Items.n;
import static dev.coffer.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.CryptoAction;
import dev.coffer.IntegrityException;
import dev.coffer.InvalidItemException;
import dev.coffer.TableConfig;
import dev.coffer.internal.crypto.Primitives;
import dev.coffer.internal.crypto.RandomSource;
import dev.coffer.testing.TestKeys;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Fingerprint collisions (docs/FORMAT.md, "Legend"): the writer redraws the item id when two of
 * the item's names collide, and the reader settles an ambiguous legend by verifying each reading,
 * up to a bound. Collisions are made on purpose: for names with hashes h1 and h2 whose difference d
 * is odd, the fingerprint key a = d^-1 mod 2^64 gives a * h1 = a * h2 + 1, so both names have the
 * same high 32 bits (unless a carry crosses bit 32, which the test checks does not happen).
 */
class LegendAmbiguityTest {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private static long hash(String name) {
        return Primitives.get().sha256Prefix64(name.getBytes(StandardCharsets.UTF_8));
    }

    /** An added name (prefix + counter) that collides with {@code signed} under some key, and that key's item id. */
    private static Object[] collision(String signed, String prefix) {
        for (int i = 0;; i++) {
            String other = prefix + i;
            BigInteger d = BigInteger.valueOf(hash(signed)).subtract(BigInteger.valueOf(hash(other))).mod(TWO_64);
            if (!d.testBit(0)) {
                continue;
            }
            long a = d.modInverse(TWO_64).longValue();
            byte[] id = new byte[32];
            for (int k = 0; k < 8; k++) {
                id[k] = (byte) (a >>> (56 - 8 * k));
            }
            id[31] = (byte) i;
            if (Fingerprints.of(Fingerprints.key(id), hash(signed)) == Fingerprints.of(Fingerprints.key(id), hash(other))) {
                return new Object[] {other, id};
            }
        }
    }

    private static TableConfig config(String unsignedPrefix, String... allowedUnsigned) {
        TableConfig.Builder b = TestKeys.config(TestKeys.staticProvider()).toBuilder()
                .action("status", CryptoAction.SIGN_ONLY)
                .allowedUnsignedPrefix(unsignedPrefix);
        if (allowedUnsigned.length > 0) {
            b.allowedUnsignedAttributes(List.of(allowedUnsigned));
        }
        return b.build();
    }

    private static Map<String, AttributeValue> item() {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("pk", s("customer#1"));
        m.put("sk", n("7"));
        m.put("card", s("4111-1111"));
        m.put("status", s("ACTIVE"));
        return m;
    }

    @Test
    void fingerprintKeyFromOddInverse_makesTwoNamesCollide() {
        Object[] c = collision("card", "x_");
        byte[] id = (byte[]) c[1];
        assertThat(Fingerprints.of(Fingerprints.key(id), hash("card")))
                .isEqualTo(Fingerprints.of(Fingerprints.key(id), hash((String) c[0])));
    }

    @Test
    void encrypt_twoNamesCollideOnEveryDraw_refusesNamingBoth() {
        Object[] c = collision("card", "x_");
        byte[] id = (byte[]) c[1];
        RandomSource same = out -> System.arraycopy(id, 0, out, 0, out.length);
        ItemCodec codec = new ItemCodec(config("x_"), same);
        Map<String, AttributeValue> m = item();
        m.put((String) c[0], s("unsigned"));

        assertThatThrownBy(() -> codec.encrypt(m)).isInstanceOf(InvalidItemException.class)
                .hasMessageContaining("'card'").hasMessageContaining("'" + c[0] + "'");
    }

    @Test
    void encrypt_namesCollideOnFirstDraw_drawsAgainAndRoundTrips() {
        Object[] c = collision("card", "x_");
        byte[] id = (byte[]) c[1];
        int[] draws = {0};
        RandomSource firstCollides = out -> {
            System.arraycopy(id, 0, out, 0, out.length);
            out[8] = (byte) draws[0]++;
            if (draws[0] > 1) {
                out[0] ^= 0x40;
            }
        };
        ItemCodec codec = new ItemCodec(config("x_"), firstCollides);
        Map<String, AttributeValue> m = item();
        m.put((String) c[0], s("unsigned"));

        Map<String, AttributeValue> stored = codec.encrypt(m);

        assertThat(draws[0]).isEqualTo(2);
        assertThat(codec.decrypt(stored)).isEqualTo(m);
    }

    @Test
    void decrypt_addedAttributeSharesAnEncryptedFingerprint_readingsFilteredThenVerified() {
        Object[] c = collision("card", "x_");
        byte[] id = (byte[]) c[1];
        ItemCodec codec = new ItemCodec(config("x_"), out -> System.arraycopy(id, 0, out, 0, out.length));
        Map<String, AttributeValue> stored = codec.encrypt(item());
        Map<String, AttributeValue> added = new HashMap<>(stored);
        // Added later, under the accepted unsigned prefix, binary like a ciphertext slice.
        added.put((String) c[0], AttributeValue.fromB(SdkBytes.fromUtf8String("planted")));

        Map<String, AttributeValue> back = codec.decrypt(added);

        assertThat(back).containsEntry("card", s("4111-1111")).containsKey((String) c[0]);
    }

    @Test
    void decrypt_addedAttributeSharesASignOnlyFingerprint_bothReadingsVerifiedOneAccepted() {
        // status is signed in this item, and (migration) also accepted unsigned: both readings pass
        // the structural checks, so the signature decides.
        Object[] c = collision("status", "x_");
        byte[] id = (byte[]) c[1];
        TableConfig config = config("x_", "status");
        ItemCodec codec = new ItemCodec(config, out -> System.arraycopy(id, 0, out, 0, out.length));
        Map<String, AttributeValue> stored = codec.encrypt(item());
        Map<String, AttributeValue> added = new HashMap<>(stored);
        added.put((String) c[0], s("ACTIVE"));

        assertThat(codec.decrypt(added)).containsEntry("status", s("ACTIVE")).containsEntry((String) c[0], s("ACTIVE"));

        // Changing the signed value is still caught, whichever reading is tried.
        Map<String, AttributeValue> tampered = new HashMap<>(added);
        tampered.put("status", s("REVOKED"));
        assertThatThrownBy(() -> codec.decrypt(tampered)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("signature does not verify");
    }

    @Test
    void resolve_moreReadingsThanTheBound_isTooAmbiguous() {
        int[] legend = {5, 9};
        int[] attrs = {5, 5, 5, 9, 9, 9};
        Legend l = Legend.resolve(legend, attrs, attrs.length, 8);
        assertThat(l.tooAmbiguous).isTrue();
        assertThat(l.readings(8)).isEmpty();

        Legend within = Legend.resolve(legend, new int[] {5, 5, 9, 9}, 4, 8);
        assertThat(within.tooAmbiguous).isFalse();
        assertThat(within.readings(8)).hasSize(4);
    }

    @Test
    void resolve_entryWithoutAttribute_isMissing() {
        Legend l = Legend.resolve(new int[] {1, 2, 3}, new int[] {3, 1}, 2, 8);
        assertThat(l.missing).isEqualTo(1);
    }

    @Test
    void decrypt_plantedItemWithFortyThousandLegendEntries_isRefusedAsMissingAttributes() {
        // Finding 4 of the security review: a crafted legend listing 40,000 signed attributes. The
        // legend is matched by sorting fingerprints once, so this costs O(n log n), not O(n^2).
        ItemCodec codec = new ItemCodec(config("x_"), RandomSource.system());
        Map<String, AttributeValue> stored = new HashMap<>(codec.encrypt(item()));
        Header h = Forge.header(stored);
        int n = 40_000;
        ByteBuf b = new ByteBuf(n * 4 + 512);
        int[] fps = new int[n];
        for (int i = 0; i < n; i++) {
            fps[i] = i * 3 + 1;
        }
        Header.writeBody(b, h.itemIdUnsafe(), h.description(), fps, n, 0);
        b.bytes(h.commitmentUnsafe());
        stored.put(Format.HEADER_ATTRIBUTE, AttributeValue.fromB(SdkBytes.fromByteArray(b.toByteArray())));
        stored.put(Format.SIGNATURE_ATTRIBUTE, AttributeValue.fromB(SdkBytes.fromByteArray(new byte[32])));
        for (int i = 0; i < n; i++) {
            stored.put("x_" + i, s("v"));
        }

        assertThatThrownBy(() -> codec.decrypt(stored)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("missing");
    }
}
