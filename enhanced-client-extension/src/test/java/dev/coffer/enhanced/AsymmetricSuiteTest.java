package dev.coffer.enhanced;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.AlgorithmSuite;
import dev.coffer.IntegrityException;
import dev.coffer.enhanced.testing.LocalDynamo;
import dev.coffer.enhanced.testing.Session;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.SignatureKeyPair;
import dev.coffer.materials.StaticProvider;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ECDSA suite through the Enhanced Client, sync and async: writers sign with the key pair,
 * readers hold only the public key; an item a reader forges with the keys it holds (HMAC suite, or
 * ECDSA with a key pair of its own) is refused, and opening the migration window accepts the
 * HMAC-only one.
 */
class AsymmetricSuiteTest {
    @RegisterExtension
    static final LocalDynamo DYNAMO = new LocalDynamo();

    private static final AlgorithmSuite ECDSA = AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256;
    private static final SignatureKeyPair WRITER_KEYS = SignatureKeyPair.generate();

    static Stream<Named<BiFunction<CofferExtension, String, SessionStore>>> clients() {
        return Stream.of(
                Named.of("sync", (e, t) -> new SessionStore.Sync(DYNAMO.enhanced(e), t)),
                Named.of("async", (e, t) -> new SessionStore.Async(DYNAMO.enhancedAsync(e), t)));
    }

    private static StaticProvider.Builder keys() {
        byte[] dk = new byte[32];
        byte[] hk = new byte[32];
        for (int i = 0; i < 32; i++) {
            dk[i] = (byte) i;
            hk[i] = (byte) (100 + i);
        }
        return StaticProvider.builder().keyId("asym").dataKey(SecretBytes.copyOf(dk)).signingKey(SecretBytes.copyOf(hk));
    }

    private static CofferExtension extension(MaterialsProvider p, String table, AlgorithmSuite suite, boolean window) {
        return CofferExtension.builder().materialsProvider(p)
                .table(table, t -> t.algorithmSuite(suite).acceptHmacOnlyItems(window)).build();
    }

    @ParameterizedTest
    @MethodSource("clients")
    void ecdsaSuite_writerSigns_publicKeyReaderReads_forgeriesRefused(BiFunction<CofferExtension, String, SessionStore> c) {
        String table = LocalDynamo.uniqueName("asym");
        SessionStore writer = c.apply(extension(keys().signatureKeyPair(WRITER_KEYS).build(), table, ECDSA, false), table);
        StaticProvider readerKeys = keys().verificationKey(WRITER_KEYS.publicKey()).build();
        SessionStore reader = c.apply(extension(readerKeys, table, ECDSA, false), table);
        writer.createTable();
        Session alice = Session.sample("alice", "s1");
        writer.put(alice);
        writer.update(Session.sample("alice", "s2"), false);

        assertThat(reader.get("alice", "s1")).isEqualTo(alice);
        assertThat(reader.queryPages("alice", 10).stream().flatMap(List::stream).toList()).hasSize(2);

        // What a reader can write with the keys it holds.
        SessionStore hmacForger = c.apply(extension(keys().build(), table, AlgorithmSuite.AES_GCM_HMAC_SHA256, false),
                table);
        SessionStore ecdsaForger = c.apply(extension(keys().signatureKeyPair(SignatureKeyPair.generate()).build(),
                table, ECDSA, false), table);
        Session m1 = Session.sample("mallory", "m1");
        hmacForger.put(m1);
        ecdsaForger.put(Session.sample("mallory", "m2"));

        assertThatThrownBy(() -> reader.get("mallory", "m1")).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("HMAC only");
        assertThatThrownBy(() -> reader.get("mallory", "m2")).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("ECDSA signature does not verify");
        SessionStore window = c.apply(extension(readerKeys, table, ECDSA, true), table);
        assertThat(window.get("mallory", "m1")).isEqualTo(m1);
    }
}
