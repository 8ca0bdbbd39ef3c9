package dev.coffer.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Seeded property checks for JUnit 5 tests: a property runs a number of tries, each on values drawn
 * from its own {@code java.util.Random}, and a failure names the try's seed and the command that
 * replays it.
 *
 * <pre>{@code
 * @Test
 * void canonical_ofAnySpelling_isTheDynamoDbForm() {
 *     Property.forAll(1000, ItemGen.numberSpellings(), n -> assertThat(Numbers.canonical(n.text)).isEqualTo(n.dynamoDbForm()));
 * }
 * }</pre>
 *
 * <p>Seeds. The first try's seed is random for every property in every run, unless the system
 * property {@value #SEED_PROPERTY} (or else the environment variable {@value #SEED_ENV}) gives it,
 * as a decimal {@code long}; each next try's seed is a SplitMix64 step from the one before. So a
 * failing try's seed, given back as {@code -Dcoffer.seed=...}, makes that very try the first one of
 * the property, with the same values, and the tries after it follow as in the failing run. The
 * failure is an {@link AssertionError} whose message holds the property, the try, the seed, the
 * generated values (cut to {@value #SAMPLE_CHARS} characters, controls escaped) and the command
 * {@code ./mvnw -B -o test -pl <module> -Dtest=Class#method -Dcoffer.seed=<seed>}; the original
 * failure is its cause. There is no shrinking.
 *
 * <p>The class and method named in the command are those that call {@code forAll} (or hold the
 * lambda that does): call it from the {@code @Test} method. Thread-safe: it keeps no state.
 */
public final class Property {
    /** System property that fixes the first try's seed. */
    public static final String SEED_PROPERTY = "coffer.seed";
    /** Environment variable read when {@value #SEED_PROPERTY} is not set. */
    public static final String SEED_ENV = "COFFER_SEED";

    static final int SAMPLE_CHARS = 2000;

    private static final Object NOT_GENERATED = new Object() {
        @Override
        public String toString() {
            return "(the generator failed)";
        }
    };

    private Property() {
    }

    /** One try of a property of one value. */
    @FunctionalInterface
    public interface Check1<A> {
        void check(A a) throws Exception;
    }

    /** One try of a property of two values. */
    @FunctionalInterface
    public interface Check2<A, B> {
        void check(A a, B b) throws Exception;
    }

    /** One try of a property of three values. */
    @FunctionalInterface
    public interface Check3<A, B, C> {
        void check(A a, B b, C c) throws Exception;
    }

    /** Runs {@code check} on {@code tries} values of {@code a}. */
    public static <A> void forAll(int tries, Gen<A> a, Check1<? super A> check) {
        run(tries, caller(), fixedSeed(), a::next, check::check);
    }

    /** Runs {@code check} on {@code tries} pairs of values, drawn from {@code a} then {@code b}. */
    public static <A, B> void forAll(int tries, Gen<A> a, Gen<B> b, Check2<? super A, ? super B> check) {
        run(tries, caller(), fixedSeed(), r -> new Two<>(a.next(r), b.next(r)), s -> check.check(s.a(), s.b()));
    }

    /** Runs {@code check} on {@code tries} triples of values, drawn from {@code a}, {@code b}, then {@code c}. */
    public static <A, B, C> void forAll(int tries, Gen<A> a, Gen<B> b, Gen<C> c,
            Check3<? super A, ? super B, ? super C> check) {
        run(tries, caller(), fixedSeed(), r -> new Three<>(a.next(r), b.next(r), c.next(r)),
                s -> check.check(s.a(), s.b(), s.c()));
    }

    private record Two<A, B>(A a, B b) {
        @Override
        public String toString() {
            return a + ", " + b;
        }
    }

    private record Three<A, B, C>(A a, B b, C c) {
        @Override
        public String toString() {
            return a + ", " + b + ", " + c;
        }
    }

    /**
     * The loop behind {@code forAll}: {@code test} is "Class#method"; {@code fixedSeed} is the first
     * try's seed as given by the user, or null for a random one.
     */
    static <S> void run(int tries, String test, String fixedSeed, Gen<S> gen, Check1<S> check) {
        if (tries < 1) {
            throw new IllegalArgumentException("tries must be at least 1, not " + tries);
        }
        long seed = fixedSeed != null ? parseSeed(fixedSeed) : ThreadLocalRandom.current().nextLong();
        for (int i = 1; i <= tries; i++, seed = next(seed)) {
            Object sample = NOT_GENERATED;
            try {
                S s = gen.next(new Random(seed));
                sample = s;
                check.check(s);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable t) {
                throw new AssertionError(failure(test, i, tries, seed, fixedSeed != null, sample, t), t);
            }
        }
    }

    /** The next try's seed: one SplitMix64 step (a bijection, so a seed never repeats soon). */
    static long next(long seed) {
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static String fixedSeed() {
        String p = System.getProperty(SEED_PROPERTY);
        if (p != null && !p.isBlank()) {
            return p.trim();
        }
        String e = System.getenv(SEED_ENV);
        return e != null && !e.isBlank() ? e.trim() : null;
    }

    private static long parseSeed(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + SEED_PROPERTY + " (or " + SEED_ENV + ") must be a decimal long, "
                    + "as printed by a failing property, not '" + s + "'", e);
        }
    }

    /** "Class#method" of the method that called {@code forAll}. */
    private static String caller() {
        StackWalker.StackFrame f = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(frames -> frames.filter(x -> x.getDeclaringClass() != Property.class).findFirst())
                .orElseThrow();
        String className = f.getClassName();
        // Called from a lambda in the test method: javac names it lambda$<method>$<n>.
        String method = f.getMethodName().replaceFirst("^lambda\\$(.+)\\$\\d+$", "$1");
        return className.substring(className.lastIndexOf('.') + 1) + "#" + method;
    }

    /**
     * {@code value} as text for a failure message: cut to {@value #SAMPLE_CHARS} characters, control
     * characters (line breaks too, unless {@code keepLines}) written as Java unicode escapes.
     */
    static String describe(Object value, boolean keepLines) {
        String s = String.valueOf(value);
        StringBuilder b = new StringBuilder(Math.min(s.length(), SAMPLE_CHARS) + 32);
        for (int i = 0; i < s.length() && i < SAMPLE_CHARS; i++) {
            char c = s.charAt(i);
            if (c == '\n' && keepLines) {
                b.append("\n    ");
            } else if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        return s.length() <= SAMPLE_CHARS ? b.toString() : b + "... (" + s.length() + " characters)";
    }

    static String failure(String test, int attempt, int tries, long seed, boolean fixed, Object sample, Throwable cause) {
        return "Property " + test + " failed on try " + attempt + " of " + tries + " with seed " + seed
                + (fixed ? " (first seed from -D" + SEED_PROPERTY + "/" + SEED_ENV + ")" : "") + "\n"
                + "  reproduce: ./mvnw -B -o test" + module() + " -Dtest=" + test + " -D" + SEED_PROPERTY + "=" + seed + "\n"
                + "  generated: " + describe(sample, false) + "\n"
                + "  failure:   " + describe(cause, true);
    }

    /** " -pl <module>" when the tests run in a module directory of a multi-module build (as Surefire does). */
    private static String module() {
        String dir = System.getProperty("basedir", System.getProperty("user.dir"));
        if (dir == null) {
            return "";
        }
        Path base = Path.of(dir).toAbsolutePath();
        Path parent = base.getParent();
        return parent != null && Files.exists(parent.resolve("pom.xml")) && Files.exists(base.resolve("pom.xml"))
                ? " -pl " + base.getFileName()
                : "";
    }
}
