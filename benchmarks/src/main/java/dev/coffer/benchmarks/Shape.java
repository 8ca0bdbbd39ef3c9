package dev.coffer.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The item shapes every benchmark runs over. Items are deterministic (a fixed seed), so each library
 * sees the same bytes in every run. Every item has a string partition key {@value #PK} and a number
 * sort key {@value #SK}; everything else is encrypted and signed.
 *
 * <ul>
 *   <li>{@link #S}: a typical ~1 KB item: the two keys, four ~100-character strings, a number, a
 *       256-byte binary, a map of three strings and a list of five numbers.</li>
 *   <li>{@link #L}: {@code S} plus one 64 KB binary.</li>
 *   <li>{@link #MANY}: the two keys plus 100 small attributes (short strings, numbers, booleans and
 *       8-byte binaries in turn).</li>
 *   <li>{@link #NESTED}: the two keys plus a document of maps and lists five levels deep.</li>
 * </ul>
 *
 * <p>Thread-safety: the enum is immutable; each call returns a new, unmodifiable item.
 */
public enum Shape {
    S, L, MANY, NESTED;

    /** The partition key attribute (a string). */
    public static final String PK = "pk";
    /** The sort key attribute (a number). */
    public static final String SK = "sk";

    /** The item of this shape with index 0. */
    public Map<String, AttributeValue> item() {
        return item(0);
    }

    /**
     * The item of this shape whose keys carry {@code index}: items with different indexes differ in
     * their keys only, as rows of one table do in a bulk job.
     */
    public Map<String, AttributeValue> item(int index) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put(PK, AttributeValue.fromS(TypicalValues.partitionKey(index)));
        m.put(SK, AttributeValue.fromN(TypicalValues.sortKey(index)));
        SplittableRandom r = new SplittableRandom(TypicalValues.S_SEED + ordinal());
        switch (this) {
            case S:
                typical(m, r);
                break;
            case L:
                typical(m, r);
                m.put("attachment", bytes(r, 64 * 1024));
                break;
            case MANY:
                for (int i = 0; i < 100; i++) {
                    String name = String.format("a%03d", i);
                    switch (i % 4) {
                        case 0:
                            m.put(name, AttributeValue.fromS(text(r, 12)));
                            break;
                        case 1:
                            m.put(name, AttributeValue.fromN(Integer.toString(r.nextInt(1_000_000))));
                            break;
                        case 2:
                            m.put(name, AttributeValue.fromBool(r.nextBoolean()));
                            break;
                        default:
                            m.put(name, bytes(r, 8));
                            break;
                    }
                }
                break;
            case NESTED:
                m.put("document", tree(r, 1, 5));
                break;
            default:
                throw new AssertionError(this);
        }
        return Collections.unmodifiableMap(m);
    }

    /** {@code count} items of this shape, indexes 0 to count - 1. */
    public List<Map<String, AttributeValue>> items(int count) {
        List<Map<String, AttributeValue>> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(item(i));
        }
        return Collections.unmodifiableList(out);
    }

    private static void typical(Map<String, AttributeValue> m, SplittableRandom r) {
        TypicalValues t = new TypicalValues(r);
        m.put("name", AttributeValue.fromS(t.name));
        m.put("address", AttributeValue.fromS(t.address));
        m.put("note", AttributeValue.fromS(t.note));
        m.put("description", AttributeValue.fromS(t.description));
        m.put("total", AttributeValue.fromN(t.total));
        m.put("thumbnail", AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(t.thumbnail)));
        Map<String, AttributeValue> prefs = new LinkedHashMap<>();
        for (int i = 0; i < TypicalValues.PREFERENCE_KEYS.length; i++) {
            prefs.put(TypicalValues.PREFERENCE_KEYS[i], AttributeValue.fromS(t.preferences[i]));
        }
        m.put("preferences", AttributeValue.fromM(prefs));
        List<AttributeValue> scores = new ArrayList<>();
        for (String n : t.scores) {
            scores.add(AttributeValue.fromN(n));
        }
        m.put("scores", AttributeValue.fromL(scores));
    }

    /**
     * A map at {@code level} holding a few leaves and, above the last level, a list of two maps of
     * the next level: maps and lists alternate, {@code depth} maps from top to bottom.
     */
    private static AttributeValue tree(SplittableRandom r, int level, int depth) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("id", AttributeValue.fromS(text(r, 16)));
        m.put("rank", AttributeValue.fromN(Integer.toString(r.nextInt(10_000))));
        m.put("open", AttributeValue.fromBool(r.nextBoolean()));
        if (level < depth) {
            List<AttributeValue> children = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                children.add(tree(r, level + 1, depth));
            }
            m.put("children", AttributeValue.fromL(children));
        }
        return AttributeValue.fromM(m);
    }

    private static String text(SplittableRandom r, int length) {
        return TypicalValues.text(r, length);
    }

    private static AttributeValue bytes(SplittableRandom r, int length) {
        return AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(TypicalValues.bytes(r, length)));
    }
}
