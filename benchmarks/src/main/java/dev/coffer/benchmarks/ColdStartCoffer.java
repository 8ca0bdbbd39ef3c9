package dev.coffer.benchmarks;

import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.StaticProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Cold start of Coffer, what an AWS Lambda function pays on its first request: in a fresh JVM,
 * build the S item (SDK v2), build an {@link ItemEncryptor} with the static provider (configured as
 * {@link Fixtures} does, without loading it: it references the other libraries), encrypt the item
 * and decrypt it, and print the elapsed times as one line for {@code benchmarks/cold-start.sh}
 * ({@link ColdStartProbe#line}). The round trip is checked after the clock stops.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.coffer.benchmarks.ColdStartCoffer}
 *
 * <p>Thread-safety: a command-line program.
 */
public final class ColdStartCoffer {
    private ColdStartCoffer() {
    }

    public static void main(String[] args) {
        long main = System.nanoTime();
        long mainWall = System.currentTimeMillis();
        Map<String, AttributeValue> item = item();
        long built = System.nanoTime();

        ItemEncryptor encryptor = ItemEncryptor.create(TableConfig.builder()
                .tableName("bench_orders")
                .partitionKey(Shape.PK)
                .sortKey(Shape.SK)
                .materialsProvider(StaticProvider.builder().keyId("bench-static")
                        .dataKey(SecretBytes.copyOf(ColdStartProbe.key(1)))
                        .signingKey(SecretBytes.copyOf(ColdStartProbe.key(2))).build())
                .build());
        long ready = System.nanoTime();
        Map<String, AttributeValue> stored = encryptor.encrypt(item);
        long encrypted = System.nanoTime();
        Map<String, AttributeValue> back = encryptor.decrypt(stored);
        long decrypted = System.nanoTime();
        long endWall = System.currentTimeMillis();

        boolean ok = item.equals(back);
        System.out.println(ColdStartProbe.line("coffer", mainWall, endWall, main, built, ready, encrypted, decrypted, ok));
        if (!ok) {
            System.exit(1);
        }
    }

    /** The S item of {@link Shape#S}, built from its plain values. */
    static Map<String, AttributeValue> item() {
        TypicalValues v = new TypicalValues(new SplittableRandom(TypicalValues.S_SEED));
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(Shape.PK, AttributeValue.fromS(TypicalValues.partitionKey(0)));
        item.put(Shape.SK, AttributeValue.fromN(TypicalValues.sortKey(0)));
        item.put("name", AttributeValue.fromS(v.name));
        item.put("address", AttributeValue.fromS(v.address));
        item.put("note", AttributeValue.fromS(v.note));
        item.put("description", AttributeValue.fromS(v.description));
        item.put("total", AttributeValue.fromN(v.total));
        item.put("thumbnail", AttributeValue.fromB(SdkBytes.fromByteArray(v.thumbnail)));
        Map<String, AttributeValue> prefs = new LinkedHashMap<>();
        for (int i = 0; i < TypicalValues.PREFERENCE_KEYS.length; i++) {
            prefs.put(TypicalValues.PREFERENCE_KEYS[i], AttributeValue.fromS(v.preferences[i]));
        }
        item.put("preferences", AttributeValue.fromM(prefs));
        List<AttributeValue> scores = new ArrayList<>();
        for (String n : v.scores) {
            scores.add(AttributeValue.fromN(n));
        }
        item.put("scores", AttributeValue.fromL(scores));
        return item;
    }
}
