package dev.coffer;

import static dev.coffer.testing.Items.n;
import static dev.coffer.testing.Items.s;
import static dev.coffer.testing.Tamper.HEADER;
import static dev.coffer.testing.Tamper.SIGNATURE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.internal.format.Header;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.SignatureKeyPair;
import dev.coffer.materials.StaticProvider;
import dev.coffer.materials.WrappedProvider;
import dev.coffer.materials.WrappingKey;
import dev.coffer.testing.Tamper;
import dev.coffer.testing.TestKeys;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The asymmetric suite (0x02) with local keys: writers hold an ECDSA key pair, readers the public
 * key only. A reader has the data and HMAC keys, so it can decrypt and could compute the HMAC of
 * an item it makes up; the tests show such a forgery is accepted under suite 0x01 and refused under
 * suite 0x02, that downgrades and other public keys are refused, and the tamper matrix of the new
 * signature.
 */
class AsymmetricSuiteTest {
    private static final AlgorithmSuite ECDSA = AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256;
    private static final SignatureKeyPair WRITER = SignatureKeyPair.generate();
    private static final SignatureKeyPair OTHER = SignatureKeyPair.generate();
    /** The order n of P-256's base point. */
    private static final BigInteger N = WRITER.publicKey().getParams().getOrder();

    private static StaticProvider.Builder staticKeys() {
        return StaticProvider.builder().keyId("app-1").dataKey(TestKeys.secret(32, 0)).signingKey(TestKeys.secret(32, 100));
    }

    private static final StaticProvider WRITER_PROVIDER = staticKeys().signatureKeyPair(WRITER).build();
    private static final StaticProvider READER_PROVIDER = staticKeys().verificationKey(WRITER.publicKey()).build();

    private static ItemEncryptor orders(MaterialsProvider p, AlgorithmSuite suite) {
        return ItemEncryptor.create(config(p, suite).build());
    }

    private static TableConfig.Builder config(MaterialsProvider p, AlgorithmSuite suite) {
        return TableConfig.builder().tableName("orders").partitionKey("pk").sortKey("sk")
                .action("status", CryptoAction.SIGN_ONLY).action("note", CryptoAction.DO_NOTHING)
                .materialsProvider(p).algorithmSuite(suite);
    }

    private static Map<String, AttributeValue> order(String pk) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("pk", s(pk));
        m.put("sk", n("1"));
        m.put("card", s("4111-1111-1111-1111"));
        m.put("total", n("12.5"));
        m.put("status", s("PAID"));
        m.put("note", s("unsigned"));
        return m;
    }

    private static Map<String, AttributeValue> encrypted(String pk) {
        return orders(WRITER_PROVIDER, ECDSA).encrypt(order(pk));
    }

    // ------------------------------------------------------------------------------------------ round trips

    @Test
    void encrypt_ecdsaSuite_readerWithPublicKeyOnly_decrypts() {
        Map<String, AttributeValue> stored = encrypted("alice");

        assertThat(orders(READER_PROVIDER, ECDSA).decrypt(stored)).isEqualTo(order("alice"));
        assertThat(Header.decode(Tamper.bytes(stored, HEADER)).suite()).isEqualTo(0x02);
        assertThat(Tamper.bytes(stored, SIGNATURE)).hasSize(16 + 32 + 64);
    }

    @Test
    void encrypt_ecdsaSuiteWithoutEncryptedAttributes_sigIs96Bytes_andDecrypts() {
        Map<String, AttributeValue> item = Map.of("pk", s("a"), "sk", n("2"), "status", s("x"));
        Map<String, AttributeValue> stored = ItemEncryptor.create(config(WRITER_PROVIDER, ECDSA)
                .defaultAction(CryptoAction.SIGN_ONLY).build()).encrypt(item);

        assertThat(Tamper.bytes(stored, SIGNATURE)).hasSize(32 + 64);
        assertThat(orders(READER_PROVIDER, ECDSA).decrypt(stored)).isEqualTo(item);
    }

    @Test
    void decrypt_ecdsaItem_byReaderConfiguredForHmacSuite_verifiesEcdsaToo() {
        Map<String, AttributeValue> stored = encrypted("alice");
        StaticProvider otherKey = staticKeys().verificationKey(OTHER.publicKey()).build();

        assertThat(orders(READER_PROVIDER, AlgorithmSuite.AES_GCM_HMAC_SHA256).decrypt(stored)).isEqualTo(order("alice"));
        assertThatThrownBy(() -> orders(otherKey, AlgorithmSuite.AES_GCM_HMAC_SHA256).decrypt(stored))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("ECDSA signature does not verify");
    }

    @Test
    void wrappedProvider_ecdsaSuite_roundTripsAndNamesTheKeyId() {
        WrappingKey wk = WrappingKey.aes("wk-1", TestKeys.secret(32, 50));
        WrappedProvider writer = WrappedProvider.builder().addWrappingKey(wk).addSigningKey("sk-1", TestKeys.secret(32, 9))
                .addSignatureKeyPair("ec-1", WRITER).build();
        WrappedProvider reader = WrappedProvider.builder().addWrappingKey(wk).addSigningKey("sk-1", TestKeys.secret(32, 9))
                .addVerificationKey("ec-1", WRITER.publicKey()).build();
        WrappedProvider stranger = WrappedProvider.builder().addWrappingKey(wk).addSigningKey("sk-1", TestKeys.secret(32, 9))
                .addVerificationKey("ec-2", WRITER.publicKey()).build();

        Map<String, AttributeValue> stored = orders(writer, ECDSA).encrypt(order("bob"));

        assertThat(Header.decode(Tamper.bytes(stored, HEADER)).description().parameter("vk")).contains("ec-1");
        assertThat(orders(reader, ECDSA).decrypt(stored)).isEqualTo(order("bob"));
        assertThatThrownBy(() -> orders(stranger, ECDSA).decrypt(stored)).isInstanceOf(MaterialsException.class)
                .hasMessageContaining("'ec-1'").hasMessageContaining("addVerificationKey");
        assertThatThrownBy(() -> orders(reader, ECDSA).encrypt(order("bob"))).isInstanceOf(MaterialsException.class)
                .hasMessageContaining("only public keys: it is a reader");
    }

    // ------------------------------------------------------------------------------------------ forgery

    /** What a reader can do with its own keys: sign an item of its choice with the HMAC key it holds. */
    private static Map<String, AttributeValue> forgedByReader(AlgorithmSuite suite) {
        // The reader holds the data key and HMAC key; for suite 0x02 it can only add a key pair of its own.
        StaticProvider forger = staticKeys().signatureKeyPair(SignatureKeyPair.generate()).build();
        Map<String, AttributeValue> item = order("mallory");
        item.put("total", n("1000000"));
        return orders(forger, suite).encrypt(item);
    }

    @Test
    void forgeryByReader_hmacSuite_isAccepted_ecdsaSuite_isRefused() {
        StaticProvider hmacReader = staticKeys().build();

        assertThat(orders(hmacReader, AlgorithmSuite.AES_GCM_HMAC_SHA256)
                .decrypt(forgedByReader(AlgorithmSuite.AES_GCM_HMAC_SHA256)))
                .as("suite 0x01: whoever can decrypt can forge").containsEntry("total", n("1000000"));
        assertThatThrownBy(() -> orders(READER_PROVIDER, ECDSA).decrypt(forgedByReader(ECDSA)))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("ECDSA signature does not verify")
                .hasMessageNotContaining("1000000");
    }

    @Test
    void downgrade_hmacOnlyItem_isRefusedByEcdsaReader_unlessMigrationWindowIsOpen() {
        Map<String, AttributeValue> forged = forgedByReader(AlgorithmSuite.AES_GCM_HMAC_SHA256);

        assertThatThrownBy(() -> orders(READER_PROVIDER, ECDSA).decrypt(forged))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("HMAC only").hasMessageContaining("acceptHmacOnlyItems");
        ItemEncryptor window = ItemEncryptor.create(config(READER_PROVIDER, ECDSA).acceptHmacOnlyItems(true).build());
        assertThat(window.decrypt(forged)).containsEntry("total", n("1000000"));
    }

    @Test
    void downgrade_ecdsaItemRelabelledAsSuite1_isRefused_byEveryReader() {
        Map<String, AttributeValue> stored = encrypted("alice");
        byte[] header = Tamper.bytes(stored, HEADER);
        header[1] = 0x01;
        byte[] sig = Tamper.bytes(stored, SIGNATURE);
        Map<String, AttributeValue> relabelled = Tamper.with(Tamper.with(stored, HEADER, Tamper.binary(header)),
                SIGNATURE, Tamper.binary(Arrays.copyOf(sig, 48)));
        ItemEncryptor window = ItemEncryptor.create(config(READER_PROVIDER, ECDSA).acceptHmacOnlyItems(true).build());

        assertThatThrownBy(() -> orders(READER_PROVIDER, ECDSA).decrypt(relabelled)).isInstanceOf(IntegrityException.class);
        assertThatThrownBy(() -> window.decrypt(relabelled)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("key commitment");
    }

    @Test
    void swappedPublicKey_inReaderConfiguration_isRefused() {
        Map<String, AttributeValue> stored = encrypted("alice");
        StaticProvider wrongKey = staticKeys().verificationKey(OTHER.publicKey()).build();

        assertThatThrownBy(() -> orders(wrongKey, ECDSA).decrypt(stored)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining(OTHER.publicKeyText());
    }

    @Test
    void configuration_withoutTheNeededKeys_isAMaterialsError() {
        Map<String, AttributeValue> stored = encrypted("alice");

        assertThatThrownBy(() -> orders(READER_PROVIDER, ECDSA).encrypt(order("a"))).isInstanceOf(MaterialsException.class)
                .hasMessageContaining("signatureKeyPair");
        assertThatThrownBy(() -> orders(staticKeys().build(), ECDSA).decrypt(stored))
                .isInstanceOf(MaterialsException.class).hasMessageContaining("verificationKey");
        assertThatThrownBy(() -> config(READER_PROVIDER, AlgorithmSuite.AES_GCM_HMAC_SHA256).acceptHmacOnlyItems(true)
                .build()).isInstanceOf(ConfigurationException.class).hasMessageContaining("acceptHmacOnlyItems");
        assertThatThrownBy(() -> staticKeys().signatureKeyPair(WRITER).verificationKey(OTHER.publicKey()).build())
                .isInstanceOf(ConfigurationException.class);
    }

    // ------------------------------------------------------------------------------------------ tamper matrix

    static IntStream ecdsaBits() {
        // Bits of r (bytes 48..79 of coffer_sig) and s (80..111): first, middle and last byte of each.
        return IntStream.of(48, 63, 79, 80, 95, 111).flatMap(byteAt -> IntStream.of(byteAt * 8, byteAt * 8 + 7));
    }

    @ParameterizedTest
    @MethodSource("ecdsaBits")
    void decrypt_flippedEcdsaSignatureBit_throwsIntegrityException(int bit) {
        Map<String, AttributeValue> tampered = Tamper.flipBit(encrypted("alice"), SIGNATURE, bit);

        assertThatThrownBy(() -> orders(READER_PROVIDER, ECDSA).decrypt(tampered)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("ECDSA signature does not verify");
    }

    @ParameterizedTest
    @ValueSource(strings = {"r=0", "s=0", "r=n", "s=n", "all-ff", "all-00", "swap-r-s"})
    void decrypt_malformedEcdsaSignature_throwsIntegrityException(String change) {
        Map<String, AttributeValue> stored = encrypted("alice");
        byte[] sig = Tamper.bytes(stored, SIGNATURE);
        byte[] r = Arrays.copyOfRange(sig, 48, 80);
        byte[] sv = Arrays.copyOfRange(sig, 80, 112);
        byte[] n = fixed(N);
        switch (change) {
            case "r=0" -> Arrays.fill(sig, 48, 80, (byte) 0);
            case "s=0" -> Arrays.fill(sig, 80, 112, (byte) 0);
            case "r=n" -> System.arraycopy(n, 0, sig, 48, 32);
            case "s=n" -> System.arraycopy(n, 0, sig, 80, 32);
            case "all-ff" -> Arrays.fill(sig, 48, 112, (byte) 0xFF);
            case "all-00" -> Arrays.fill(sig, 48, 112, (byte) 0);
            case "swap-r-s" -> {
                System.arraycopy(sv, 0, sig, 48, 32);
                System.arraycopy(r, 0, sig, 80, 32);
            }
            default -> throw new IllegalArgumentException(change);
        }
        Map<String, AttributeValue> tampered = Tamper.with(stored, SIGNATURE, Tamper.binary(sig));

        assertThatThrownBy(() -> orders(READER_PROVIDER, ECDSA).decrypt(tampered)).isInstanceOf(IntegrityException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 64, 65})
    void decrypt_truncatedOrExtendedSignatureAttribute_throwsIntegrityException(int bytes) {
        Map<String, AttributeValue> stored = encrypted("alice");
        byte[] sig = Tamper.bytes(stored, SIGNATURE);

        assertThatThrownBy(() -> orders(READER_PROVIDER, ECDSA).decrypt(Tamper.truncate(stored, SIGNATURE, bytes)))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("bytes, not 112");
        assertThatThrownBy(() -> orders(READER_PROVIDER, ECDSA).decrypt(Tamper.with(stored, SIGNATURE,
                Tamper.binary(Arrays.copyOf(sig, sig.length + bytes))))).isInstanceOf(IntegrityException.class);
    }

    @Test
    void decrypt_ecdsaSignatureOfAnotherItem_throwsIntegrityException() {
        Map<String, AttributeValue> a = encrypted("alice");
        Map<String, AttributeValue> b = encrypted("alice");
        byte[] sig = Tamper.bytes(a, SIGNATURE);
        System.arraycopy(Tamper.bytes(b, SIGNATURE), 48, sig, 48, 64);

        assertThatThrownBy(() -> orders(READER_PROVIDER, ECDSA).decrypt(Tamper.with(a, SIGNATURE, Tamper.binary(sig))))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("ECDSA");
    }

    /**
     * ECDSA signatures are malleable: (r, n - s) verifies whenever (r, s) does. It changes no signed
     * byte, so the item is the same item; docs/FORMAT.md says not to use coffer_sig as an identifier.
     */
    @Test
    void decrypt_negatedS_verifies_sameItem() {
        Map<String, AttributeValue> stored = encrypted("alice");
        byte[] sig = Tamper.bytes(stored, SIGNATURE);
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 80, 112));
        System.arraycopy(fixed(N.subtract(s)), 0, sig, 80, 32);

        assertThat(orders(READER_PROVIDER, ECDSA).decrypt(Tamper.with(stored, SIGNATURE, Tamper.binary(sig))))
                .isEqualTo(order("alice"));
    }

    private static byte[] fixed(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int len = Math.min(b.length, 32);
        System.arraycopy(b, b.length - len, out, 32 - len, len);
        return out;
    }
}
