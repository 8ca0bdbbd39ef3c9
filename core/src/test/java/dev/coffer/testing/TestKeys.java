package dev.coffer.testing;

import dev.coffer.CryptoAction;
import dev.coffer.TableConfig;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.StaticProvider;
import dev.coffer.materials.WrappedProvider;
import dev.coffer.materials.WrappingKey;
import java.util.Arrays;

/** Deterministic keys and configurations shared by the core tests. */
public final class TestKeys {
    private TestKeys() {
    }

    /** {@code n} bytes counting up from {@code start}. */
    public static byte[] counting(int n, int start) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (start + i);
        }
        return b;
    }

    public static SecretBytes secret(int n, int start) {
        return SecretBytes.copyOf(counting(n, start));
    }

    public static StaticProvider staticProvider() {
        return StaticProvider.builder().keyId("test-static").dataKey(secret(32, 0)).signingKey(secret(32, 100)).build();
    }

    public static WrappedProvider wrappedProvider() {
        return WrappedProvider.builder()
                .addWrappingKey(WrappingKey.aes("wk-1", secret(32, 50)))
                .addSigningKey("sk-1", secret(32, 150))
                .build();
    }

    /** Table "orders": pk "pk" (S), sk "sk" (N), "status" sign-only, "note" do-nothing. */
    public static TableConfig config(MaterialsProvider provider) {
        return TableConfig.builder()
                .tableName("orders")
                .partitionKey("pk")
                .sortKey("sk")
                .action("status", CryptoAction.SIGN_ONLY)
                .action("note", CryptoAction.DO_NOTHING)
                .materialsProvider(provider)
                .build();
    }

    public static byte[] copy(byte[] b) {
        return Arrays.copyOf(b, b.length);
    }
}
