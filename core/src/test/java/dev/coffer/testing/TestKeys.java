package dev.coffer.testing;

import dev.coffer.CryptoAction;
import dev.coffer.TableConfig;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.StaticProvider;
import dev.coffer.materials.WrappedProvider;
import dev.coffer.materials.WrappingKey;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

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

    /** A 2048-bit RSA key pair, generated once per test JVM. */
    public static KeyPair rsaKeyPair() {
        return Rsa.PAIR;
    }

    /** A fresh RSA key pair of {@code bits} bits. */
    public static KeyPair newRsaKeyPair(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An RSA wrapping key over {@link #rsaKeyPair()}. */
    public static WrappingKey rsaWrappingKey(String id) {
        KeyPair pair = rsaKeyPair();
        return WrappingKey.rsa(id, (RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate());
    }

    /** A wrapped provider with the RSA-OAEP wrapping key "rsa-1" and the signing key "sk-1". */
    public static WrappedProvider wrappedRsaProvider() {
        return WrappedProvider.builder()
                .addWrappingKey(rsaWrappingKey("rsa-1"))
                .addSigningKey("sk-1", secret(32, 150))
                .build();
    }

    /** The three local providers, named for test reports: static, wrapped AES-KWP, wrapped RSA-OAEP. */
    public static Stream<Named<MaterialsProvider>> providers() {
        return Stream.of(
                Named.of("static", staticProvider()),
                Named.of("wrapped-aes", wrappedProvider()),
                Named.of("wrapped-rsa", wrappedRsaProvider()));
    }

    private static final class Rsa {
        static final KeyPair PAIR = newRsaKeyPair(2048);
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
