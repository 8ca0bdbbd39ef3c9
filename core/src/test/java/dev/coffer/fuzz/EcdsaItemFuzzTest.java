package dev.coffer.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.coffer.AlgorithmSuite;
import dev.coffer.CryptoAction;
import dev.coffer.IntegrityException;
import dev.coffer.ItemEncryptor;
import dev.coffer.MaterialsException;
import dev.coffer.TableConfig;
import dev.coffer.materials.SignatureKeyPair;
import dev.coffer.materials.StaticProvider;
import dev.coffer.testing.TestKeys;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Fuzz target for what suite 0x02 adds to reading an item: the ECDSA part of {@code coffer_sig}
 * (decoded as r || s and verified) and the suite byte that decides whether there is one. Genuine
 * items of a table on the ECDSA suite get their signature bytes overwritten, XORed, cut or extended,
 * or their suite byte changed, from the input.
 *
 * <p>Invariant: a read either throws {@link IntegrityException} or {@link MaterialsException}, or
 * returns exactly the genuine plaintext (possible only when the signature bytes are unchanged or
 * the other valid encoding (r, n - s) of the same signature, docs/FORMAT.md section 6a); never
 * another exception, never other values. Without {@code JAZZER_FUZZ} the target replays its
 * corpus ({@code EcdsaItemFuzzTestInputs/mutatedSignature/}).
 */
class EcdsaItemFuzzTest {
    private static final SignatureKeyPair WRITER = SignatureKeyPair.generate();
    private static final String SIG = ItemEncryptor.SIGNATURE_ATTRIBUTE;
    private static final String HEAD = ItemEncryptor.HEADER_ATTRIBUTE;

    private static TableConfig config(StaticProvider p) {
        return TableConfig.builder().tableName("orders").partitionKey("pk").sortKey("sk")
                .action("status", CryptoAction.SIGN_ONLY)
                .algorithmSuite(AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256).materialsProvider(p).build();
    }

    private static StaticProvider.Builder keys() {
        return StaticProvider.builder().keyId("fuzz").dataKey(TestKeys.secret(32, 0)).signingKey(TestKeys.secret(32, 100));
    }

    private static final ItemEncryptor READER = ItemEncryptor.create(config(keys().verificationKey(WRITER.publicKey()).build()));
    private static final List<Map<String, AttributeValue>> PLAIN;
    private static final List<Map<String, AttributeValue>> STORED;

    static {
        Map<String, AttributeValue> encrypted = new LinkedHashMap<>();
        encrypted.put("pk", AttributeValue.fromS("a"));
        encrypted.put("sk", AttributeValue.fromN("1"));
        encrypted.put("card", AttributeValue.fromS("4111"));
        encrypted.put("status", AttributeValue.fromS("OPEN"));
        Map<String, AttributeValue> signOnly = new LinkedHashMap<>();
        signOnly.put("pk", AttributeValue.fromS("b"));
        signOnly.put("sk", AttributeValue.fromN("2"));
        signOnly.put("status", AttributeValue.fromS("SHUT"));
        PLAIN = List.of(encrypted, signOnly);
        ItemEncryptor writer = ItemEncryptor.create(config(keys().signatureKeyPair(WRITER).build()));
        STORED = List.of(writer.encrypt(encrypted), writer.encrypt(signOnly));
    }

    @FuzzTest
    void mutatedSignature(byte[] data) {
        if (data.length < 2) {
            return;
        }
        int base = (data[0] & 0xFF) % STORED.size();
        int mode = (data[1] & 0xFF) % 5;
        byte[] rest = Arrays.copyOfRange(data, 2, data.length);
        Map<String, AttributeValue> item = new LinkedHashMap<>(STORED.get(base));
        byte[] sig = item.get(SIG).b().asByteArray();
        int at = sig.length - 64;
        switch (mode) {
            case 0 -> System.arraycopy(rest, 0, sig, at, Math.min(64, rest.length));
            case 1 -> {
                for (int i = 0; i < Math.min(64, rest.length); i++) {
                    sig[at + i] ^= rest[i];
                }
            }
            case 2 -> sig = rest;
            case 3 -> {
                byte[] head = item.get(HEAD).b().asByteArray();
                head[1] = rest.length == 0 ? 0 : rest[0];
                item.put(HEAD, AttributeValue.fromB(SdkBytes.fromByteArray(head)));
                if (rest.length > 1 && (rest[1] & 1) == 1) {
                    sig = Arrays.copyOf(sig, at);
                }
            }
            default -> sig = Arrays.copyOf(sig, Math.max(0, sig.length + (rest.length == 0 ? -1 : rest[0])));
        }
        item.put(SIG, AttributeValue.fromB(SdkBytes.fromByteArray(sig)));
        Map<String, AttributeValue> out;
        try {
            out = READER.decrypt(item);
        } catch (IntegrityException | MaterialsException refused) {
            return;
        }
        assertThat(out).isEqualTo(PLAIN.get(base));
    }
}
