package dev.coffer.enhanced.testing;

import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.StaticProvider;
import dev.coffer.materials.WrappedProvider;
import dev.coffer.materials.WrappingKey;

/** Deterministic test keys for this module's tests. */
public final class Keys {
    private Keys() {
    }

    private static SecretBytes counting(int n, int start) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (start + i);
        }
        return SecretBytes.copyOf(b);
    }

    public static StaticProvider staticProvider() {
        return StaticProvider.builder().keyId("enhanced-test").dataKey(counting(32, 1)).signingKey(counting(32, 101)).build();
    }

    /** A static provider with other key bytes under the same key id: items of one fail under the other. */
    public static StaticProvider otherStaticProvider() {
        return StaticProvider.builder().keyId("enhanced-test").dataKey(counting(32, 7)).signingKey(counting(32, 107)).build();
    }

    public static WrappedProvider wrappedProvider() {
        return WrappedProvider.builder()
                .addWrappingKey(WrappingKey.aes("wk-enhanced", counting(32, 51)))
                .addSigningKey("sk-enhanced", counting(32, 151))
                .build();
    }
}
