package dev.coffer.testing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A generator of test values: a plain function of a {@link Random}, so the same seed always gives
 * the same value (see {@link Property}). The combinators lean towards edge cases, as property-testing
 * libraries do: an integer is one of its range's edges (the bounds, one inside each bound, and 0, 1
 * and -1 where they are in range) about one time in sixteen; a size is its minimum one time in
 * eight, its maximum one time in eight, and otherwise uniform in between.
 *
 * <p>Generators built here hold no state and are safe to share between threads; a {@link Random}
 * is not, and each try of a property gets its own.
 *
 * @param <T> the type of the values generated
 */
@FunctionalInterface
public interface Gen<T> {

    /** The next value, drawn from {@code random} only. */
    T next(Random random);

    // ---------------------------------------------------------------------------------------------
    // Combinators
    // ---------------------------------------------------------------------------------------------

    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return r -> f.apply(next(r));
    }

    /** Values that pass {@code accept}; fails loudly if 1000 values in a row do not. */
    default Gen<T> filter(Predicate<? super T> accept) {
        return r -> {
            for (int i = 0; i < 1000; i++) {
                T t = next(r);
                if (accept.test(t)) {
                    return t;
                }
            }
            throw new IllegalStateException("a filter rejected 1000 generated values in a row; generate fewer misses");
        };
    }

    /** Lists of {@code minSize} to {@code maxSize} values (see {@link #size}). */
    default Gen<List<T>> list(int minSize, int maxSize) {
        return r -> {
            int n = size(r, minSize, maxSize);
            List<T> l = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                l.add(next(r));
            }
            return l;
        };
    }

    /** Lists of {@code minSize} to {@code maxSize} values no two of which have the same {@code key}. */
    default Gen<List<T>> uniqueList(int minSize, int maxSize, Function<? super T, ?> key) {
        return r -> {
            int n = size(r, minSize, maxSize);
            List<T> l = new ArrayList<>(n);
            Set<Object> keys = new HashSet<>();
            for (int misses = 0; l.size() < n; ) {
                T t = next(r);
                if (keys.add(key.apply(t))) {
                    l.add(t);
                } else if (++misses > 100 + 10 * n) {
                    if (l.size() >= minSize) {
                        break;
                    }
                    throw new IllegalStateException("could not generate " + minSize + " distinct values");
                }
            }
            return l;
        };
    }

    /** Lists without equal elements. */
    default Gen<List<T>> uniqueList(int minSize, int maxSize) {
        return uniqueList(minSize, maxSize, Function.identity());
    }

    // ---------------------------------------------------------------------------------------------
    // Choices
    // ---------------------------------------------------------------------------------------------

    static <T> Gen<T> constant(T value) {
        return r -> value;
    }

    /** One of {@code values}, each as likely. */
    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        List<T> copy = new ArrayList<>();
        for (T v : values) {
            copy.add(v);
        }
        return r -> copy.get(r.nextInt(copy.size()));
    }

    /** One of the constants of {@code type}, each as likely. */
    static <E extends Enum<E>> Gen<E> of(Class<E> type) {
        return of(type.getEnumConstants());
    }

    /** A value from one of {@code gens}, each as likely. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        List<Gen<? extends T>> copy = new ArrayList<>();
        for (Gen<? extends T> g : gens) {
            copy.add(g);
        }
        return r -> copy.get(r.nextInt(copy.size())).next(r);
    }

    /** A generator and how often it is picked relative to the others of a {@link #frequency}. */
    record Weighted<T>(int weight, Gen<? extends T> gen) {
    }

    static <T> Weighted<T> weight(int weight, Gen<? extends T> gen) {
        return new Weighted<>(weight, gen);
    }

    /** A value from one of {@code choices}, picked in proportion to its weight. */
    @SafeVarargs
    static <T> Gen<T> frequency(Weighted<T>... choices) {
        List<Weighted<T>> copy = new ArrayList<>();
        for (Weighted<T> w : choices) {
            copy.add(w);
        }
        int total = copy.stream().mapToInt(Weighted::weight).sum();
        return r -> {
            int pick = r.nextInt(total);
            for (Weighted<T> w : copy) {
                pick -= w.weight();
                if (pick < 0) {
                    return w.gen().next(r);
                }
            }
            throw new AssertionError("unreachable");
        };
    }

    // ---------------------------------------------------------------------------------------------
    // Numbers, sizes, characters
    // ---------------------------------------------------------------------------------------------

    static Gen<Boolean> booleans() {
        return Random::nextBoolean;
    }

    /** Integers from {@code min} to {@code max} inclusive, leaning towards the edges of the range. */
    static Gen<Integer> ints(int min, int max) {
        if (min > max) {
            throw new IllegalArgumentException("min " + min + " > max " + max);
        }
        return r -> intBetween(r, min, max);
    }

    /** Any long: uniform, with 0, 1, -1, {@code Long.MIN_VALUE} and {@code Long.MAX_VALUE} more often. */
    static Gen<Long> longs() {
        return r -> r.nextInt(16) == 0
                ? new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE}[r.nextInt(5)]
                : r.nextLong();
    }

    /** Characters from {@code first} to {@code last}, leaning towards both. */
    static Gen<Character> chars(char first, char last) {
        return r -> (char) intBetween(r, first, last);
    }

    /** Strings of {@code minLength} to {@code maxLength} ASCII digits. */
    static Gen<String> digits(int minLength, int maxLength) {
        return r -> {
            int n = size(r, minLength, maxLength);
            StringBuilder b = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                b.append((char) ('0' + intBetween(r, 0, 9)));
            }
            return b.toString();
        };
    }

    /** Arrays of {@code minLength} to {@code maxLength} bytes, each leaning towards 0, 1, -1, -128 and 127. */
    static Gen<byte[]> bytes(int minLength, int maxLength) {
        return r -> {
            byte[] b = new byte[size(r, minLength, maxLength)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) intBetween(r, Byte.MIN_VALUE, Byte.MAX_VALUE);
            }
            return b;
        };
    }

    /** A size from {@code min} to {@code max}: {@code min} one time in eight, {@code max} one time in eight, else uniform. */
    static int size(Random r, int min, int max) {
        if (min > max) {
            throw new IllegalArgumentException("min " + min + " > max " + max);
        }
        if (min == max) {
            return min;
        }
        int pick = r.nextInt(8);
        if (pick == 0) {
            return min;
        }
        if (pick == 1) {
            return max;
        }
        return intBetween(r, min, max);
    }

    /** An integer from {@code min} to {@code max}: one of the range's edges one time in sixteen, else uniform. */
    static int intBetween(Random r, int min, int max) {
        if (r.nextInt(16) == 0) {
            long[] edges = {min, max, (long) min + 1, (long) max - 1, 0, 1, -1};
            // Edges outside the range are skipped by drawing again among the ones inside.
            for (int i = 0; i < 8; i++) {
                long e = edges[r.nextInt(edges.length)];
                if (e >= min && e <= max) {
                    return (int) e;
                }
            }
            return r.nextBoolean() ? min : max;
        }
        long range = (long) max - min + 1;
        return (int) (min + (range <= Integer.MAX_VALUE ? r.nextInt((int) range) : Math.floorMod(r.nextLong(), range)));
    }
}
