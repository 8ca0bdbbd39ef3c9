package dev.coffer.benchmarks;

import com.amazonaws.services.dynamodbv2.datamodeling.encryption.DynamoDBEncryptor;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.EncryptionContext;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.EncryptionFlags;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.providers.SymmetricStaticProvider;
import com.amazonaws.services.dynamodbv2.model.AttributeValue;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cold start of the legacy DynamoDB Encryption Client, side by side with {@link ColdStartCoffer}: in
 * a fresh JVM, build the same S item in the SDK v1 model the client works on (no SDK v2 class is
 * loaded), build a {@code DynamoDBEncryptor} with a {@code SymmetricStaticProvider} (configured as
 * {@link Fixtures#legacy} does), encrypt and decrypt the item, and print the elapsed times as one
 * line for {@code benchmarks/cold-start.sh} ({@link ColdStartProbe#line}).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.coffer.benchmarks.ColdStartLegacy}
 *
 * <p>Thread-safety: a command-line program.
 */
public final class ColdStartLegacy {
    private ColdStartLegacy() {
    }

    public static void main(String[] args) throws GeneralSecurityException {
        long main = System.nanoTime();
        long mainWall = System.currentTimeMillis();
        Map<String, AttributeValue> item = item();
        long built = System.nanoTime();

        DynamoDBEncryptor encryptor = DynamoDBEncryptor.getInstance(new SymmetricStaticProvider(
                new SecretKeySpec(ColdStartProbe.key(5), "AES"), new SecretKeySpec(ColdStartProbe.key(6), "HmacSHA256")));
        EncryptionContext context = new EncryptionContext.Builder().withTableName("bench_orders")
                .withHashKeyName(Shape.PK).withRangeKeyName(Shape.SK).build();
        Map<String, Set<EncryptionFlags>> flags = new LinkedHashMap<>();
        for (String name : item.keySet()) {
            flags.put(name, name.equals(Shape.PK) || name.equals(Shape.SK) ? EnumSet.of(EncryptionFlags.SIGN)
                    : EnumSet.of(EncryptionFlags.ENCRYPT, EncryptionFlags.SIGN));
        }
        long ready = System.nanoTime();
        Map<String, AttributeValue> stored = encryptor.encryptRecord(item, flags, context);
        long encrypted = System.nanoTime();
        Map<String, AttributeValue> back = encryptor.decryptRecord(stored, flags, context);
        long decrypted = System.nanoTime();
        long endWall = System.currentTimeMillis();

        boolean ok = item().equals(back);
        System.out.println(ColdStartProbe.line("legacy", mainWall, endWall, main, built, ready, encrypted, decrypted, ok));
        if (!ok) {
            System.exit(1);
        }
    }

    /** The S item of {@link Shape#S} in the SDK v1 model. */
    static Map<String, AttributeValue> item() {
        TypicalValues v = new TypicalValues(new SplittableRandom(TypicalValues.S_SEED));
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(Shape.PK, new AttributeValue().withS(TypicalValues.partitionKey(0)));
        item.put(Shape.SK, new AttributeValue().withN(TypicalValues.sortKey(0)));
        item.put("name", new AttributeValue().withS(v.name));
        item.put("address", new AttributeValue().withS(v.address));
        item.put("note", new AttributeValue().withS(v.note));
        item.put("description", new AttributeValue().withS(v.description));
        item.put("total", new AttributeValue().withN(v.total));
        item.put("thumbnail", new AttributeValue().withB(ByteBuffer.wrap(v.thumbnail.clone())));
        Map<String, AttributeValue> prefs = new LinkedHashMap<>();
        for (int i = 0; i < TypicalValues.PREFERENCE_KEYS.length; i++) {
            prefs.put(TypicalValues.PREFERENCE_KEYS[i], new AttributeValue().withS(v.preferences[i]));
        }
        item.put("preferences", new AttributeValue().withM(prefs));
        List<AttributeValue> scores = new ArrayList<>();
        for (String n : v.scores) {
            scores.add(new AttributeValue().withN(n));
        }
        item.put("scores", new AttributeValue().withL(scores));
        return item;
    }
}
