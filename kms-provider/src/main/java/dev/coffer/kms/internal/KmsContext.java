package dev.coffer.kms.internal;

import dev.coffer.DynamoDbValues;
import dev.coffer.ItemEncryptor;
import dev.coffer.materials.spi.EncryptionContext;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The KMS encryption context the direct KMS provider sends with {@code GenerateDataKey} and
 * {@code Decrypt}, built from Coffer's {@link EncryptionContext}. Specified in docs/kms.md; changing
 * it makes existing items unreadable. Not API.
 */
public final class KmsContext {
    public static final String VERSION = "coffer:version";
    public static final String TABLE = "coffer:table";
    public static final String PARTITION_KEY = "coffer:pk";
    public static final String PARTITION_KEY_VALUE = "coffer:pk-value";
    public static final String SORT_KEY = "coffer:sk";
    public static final String SORT_KEY_VALUE = "coffer:sk-value";
    /** The ECDSA P-256 public key of the asymmetric suite, compressed, base64 (docs/kms.md). */
    public static final String PUBLIC_KEY = "coffer:public-key";

    private KmsContext() {
    }

    /**
     * The KMS encryption context for {@code context}: table and key names always, key values only
     * when {@code context} is item-scoped.
     *
     * @throws IllegalArgumentException if a key value is not S, N or B (never for items Coffer accepts)
     */
    public static Map<String, String> of(EncryptionContext context) {
        return of(context, null);
    }

    /**
     * As {@link #of(EncryptionContext)}, plus {@code coffer:public-key} when {@code publicKey} is not
     * null (the asymmetric suite): binding the key that verifies items to the data key.
     */
    public static Map<String, String> of(EncryptionContext context, String publicKey) {
        Map<String, String> m = new TreeMap<>();
        if (publicKey != null) {
            m.put(PUBLIC_KEY, publicKey);
        }
        m.put(VERSION, Integer.toString(ItemEncryptor.FORMAT_VERSION));
        m.put(TABLE, context.tableName());
        m.put(PARTITION_KEY, context.partitionKeyName());
        context.partitionKeyValue().ifPresent(v -> m.put(PARTITION_KEY_VALUE, value(v, "partition")));
        context.sortKeyName().ifPresent(n -> m.put(SORT_KEY, n));
        context.sortKeyValue().ifPresent(v -> m.put(SORT_KEY_VALUE, value(v, "sort")));
        return Collections.unmodifiableMap(m);
    }

    /** S as is, N in DynamoDB's canonical form, B as standard base64 with padding. */
    static String value(AttributeValue v, String role) {
        switch (v.type()) {
            case S:
                return v.s();
            case N:
                return DynamoDbValues.canonicalNumber(v.n());
            case B:
                return Base64.getEncoder().encodeToString(v.b().asByteArrayUnsafe());
            default:
                throw new IllegalArgumentException("the " + role + " key has type " + v.type()
                        + "; DynamoDB keys are S, N or B");
        }
    }
}
