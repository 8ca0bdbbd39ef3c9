package dev.coffer.legacy.internal;

import dev.coffer.IntegrityException;
import dev.coffer.InvalidItemException;
import dev.coffer.MaterialsException;
import dev.coffer.telemetry.CofferTelemetry;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * The legacy direct-KMS provider: each item's material description holds a KMS-encrypted 256-bit
 * secret; KMS {@code Decrypt} (under the encryption context below) returns it, and HKDF-SHA-256
 * derives the AES key (info {@code Encryption}) and the HMAC key (info {@code Signing}) from it.
 *
 * <p>The encryption context is the legacy one: {@code *amzn-ddb-env-alg*} and
 * {@code *amzn-ddb-sig-alg*} (from the description), the partition and sort key names with their
 * values ({@code S} and {@code N} as stored, {@code B} in base64), and {@code *aws-kms-table*} with
 * the table name. KMS refuses the secret under any other context, which binds the (unsigned)
 * description to the item.
 *
 * <p>Key pinning: every {@code Decrypt} names one of the configured key ARNs, so KMS refuses an
 * item written under any other key (tried in order on {@code IncorrectKeyException}); the key ARN
 * KMS answers with must be that key.
 *
 * <p>Thread-safety: immutable; the SDK's {@link KmsClient} is thread-safe.
 */
public final class KmsSource implements KeySource {
    static final String SIGNING_KEY_ALG = "amzn-ddb-sig-alg";
    static final String TABLE_CONTEXT_KEY = "*aws-kms-table*";
    private static final Set<String> HMACS = Set.of("HmacSHA256", "HmacSHA384", "HmacSHA512");

    private final KmsClient kms;
    private final List<String> keyArns;

    public KmsSource(KmsClient kms, List<String> keyArns) {
        this.kms = kms;
        this.keyArns = List.copyOf(keyArns);
    }

    @Override
    public Materials materials(ItemContext item) {
        Map<String, String> d = item.description();
        String where = item.where();
        String encAlg = required(item, LegacyCrypto.CONTENT_KEY_ALG);
        String sigAlg = required(item, SIGNING_KEY_ALG);
        String envelope = required(item, LegacyCrypto.ENVELOPE_KEY);
        String[] enc = encAlg.split("/", 2);
        String[] sig = sigAlg.split("/", 2);
        int encBits = bits(item, enc, LegacyCrypto.CONTENT_KEY_ALG);
        int sigBits = bits(item, sig, SIGNING_KEY_ALG);
        if (!enc[0].equals("AES") || (encBits != 128 && encBits != 192 && encBits != 256)) {
            throw new InvalidItemException(where + "content key algorithm '" + encAlg + "' is not supported (AES/128, AES/192 or AES/256)");
        }
        if (!HMACS.contains(sig[0]) || sigBits < 128 || sigBits > 512 || sigBits % 8 != 0) {
            throw new InvalidItemException(where + "signing key algorithm '" + sigAlg + "' is not supported (HmacSHA256/256 and the like)");
        }
        byte[] blob;
        try {
            blob = LegacyCrypto.base64(envelope);
        } catch (IllegalArgumentException e) {
            throw new InvalidItemException(where + "material description entry '" + LegacyCrypto.ENVELOPE_KEY + "' is not base64");
        }
        Map<String, String> context = new HashMap<>();
        context.put("*" + LegacyCrypto.CONTENT_KEY_ALG + "*", encAlg);
        context.put("*" + SIGNING_KEY_ALG + "*", sigAlg);
        context.put(item.partitionKeyName(), keyValue(item, item.partitionKeyName()));
        item.sortKeyName().ifPresent(s -> context.put(s, keyValue(item, s)));
        context.put(TABLE_CONTEXT_KEY, item.tableName());

        byte[] secret = decrypt(item, blob, context);
        try {
            SecretKey aes = new SecretKeySpec(Hkdf.derive(secret, bytes("Encryption"), encBits / 8), "AES");
            SecretKey mac = new SecretKeySpec(Hkdf.derive(secret, bytes("Signing"), sigBits / 8), sig[0]);
            return new Materials(mac, () -> aes);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private byte[] decrypt(ItemContext item, byte[] blob, Map<String, String> context) {
        String where = item.where();
        for (String keyArn : keyArns) {
            DecryptResponse r;
            try {
                r = CofferTelemetry.kmsCall("Decrypt", item.tableName(), "LegacyItemReader", () -> kms.decrypt(b -> b
                        .keyId(keyArn).ciphertextBlob(SdkBytes.fromByteArray(blob)).encryptionContext(context)));
            } catch (IncorrectKeyException e) {
                continue;
            } catch (InvalidCiphertextException e) {
                throw new IntegrityException(where + "KMS refused the item's data key under key " + keyArn
                        + " (InvalidCiphertextException): its key values, table name or material description differ "
                        + "from those it was written with", e);
            } catch (KmsException e) {
                throw new MaterialsException(where + "KMS Decrypt with key " + keyArn + " failed ("
                        + (e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : e.statusCode()) + "): "
                        + "check the key's state and this principal's kms:Decrypt permission", e);
            } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
                throw new MaterialsException(where + "KMS Decrypt with key " + keyArn + " could not be sent: " + e.getMessage(), e);
            }
            if (r.keyId() == null || !r.keyId().equals(keyArn)) {
                throw new MaterialsException(where + "KMS answered with key " + r.keyId() + ", not the pinned key " + keyArn);
            }
            return r.plaintext().asByteArray();
        }
        throw new MaterialsException(where + "the item's data key was not encrypted under any of the configured KMS keys "
                + keyArns + "; add the key it was written with to LegacyKeys.directKms(...)");
    }

    private static String required(ItemContext item, String entry) {
        String v = item.description().get(entry);
        if (v == null) {
            throw new InvalidItemException(item.where() + "material description has no '" + entry
                    + "' (not written by the direct-KMS provider; configure the legacy keys the table was written with)");
        }
        return v;
    }

    private static int bits(ItemContext item, String[] parts, String entry) {
        if (parts.length < 2) {
            return 256;
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new InvalidItemException(item.where() + "material description entry '" + entry + "' has no valid key length");
        }
    }

    private static String keyValue(ItemContext item, String name) {
        AttributeValue v = item.item().get(name);
        if (v == null) {
            throw new InvalidItemException(item.where() + "key attribute '" + name + "' is missing");
        }
        return switch (v.type()) {
            case S -> v.s();
            case N -> v.n();
            case B -> Base64.getEncoder().encodeToString(v.b().asByteArrayUnsafe());
            default -> throw new InvalidItemException(item.where() + "key attribute '" + name + "' is " + v.type()
                    + ", not S, N or B");
        };
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String describe() {
        return "direct KMS " + keyArns;
    }
}
