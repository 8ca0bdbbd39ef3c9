package dev.coffer.benchmarks;

import java.util.SplittableRandom;

/**
 * The values of the S item's non-key attributes as plain Java values, drawn from the shape's random
 * sequence in a fixed order. {@link Shape} builds SDK v2 items from them; the cold-start mains build
 * their own library's item type from them, so a cold start loads no other SDK than its library's.
 *
 * <p>Thread-safety: immutable once constructed; the static methods are stateless.
 */
final class TypicalValues {
    static final String[] PREFERENCE_KEYS = {"language", "timezone", "theme"};
    /** The seed of {@link Shape#S}'s random sequence. */
    static final long S_SEED = 0xC0FFEE;

    final String name;
    final String address;
    final String note;
    final String description;
    final String total = "129.95";
    final byte[] thumbnail;
    final String[] preferences = new String[PREFERENCE_KEYS.length];
    final String[] scores = new String[5];

    /** Draws the values from {@code r}: four 100-character strings, 256 bytes, three 40-character strings, five numbers. */
    TypicalValues(SplittableRandom r) {
        name = text(r, 100);
        address = text(r, 100);
        note = text(r, 100);
        description = text(r, 100);
        thumbnail = bytes(r, 256);
        for (int i = 0; i < preferences.length; i++) {
            preferences[i] = text(r, 40);
        }
        for (int i = 0; i < scores.length; i++) {
            scores[i] = Integer.toString(r.nextInt(100_000));
        }
    }

    static String partitionKey(int index) {
        return String.format("customer#%08d", index);
    }

    static String sortKey(int index) {
        return Long.toString(1_700_000_000L + index);
    }

    static String text(SplittableRandom r, int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789.,-";
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    static byte[] bytes(SplittableRandom r, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) r.nextInt();
        }
        return b;
    }
}
