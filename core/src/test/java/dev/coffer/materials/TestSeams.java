package dev.coffer.materials;

import dev.coffer.internal.crypto.RandomSource;

/** Test-only access to package-private seams of the providers. */
public final class TestSeams {
    private TestSeams() {
    }

    /** A wrapped-provider builder whose data keys come from {@code random}. */
    public static WrappedProvider.Builder wrappedWithRandom(RandomSource random) {
        return WrappedProvider.builder().randomSource(random);
    }
}
