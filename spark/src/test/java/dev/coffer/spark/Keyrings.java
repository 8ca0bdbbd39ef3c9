package dev.coffer.spark;

import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.WrappedProvider;
import dev.coffer.materials.WrappingKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/** Keyring files in {@code coffer keygen}'s format, and the same keys as a provider for the test side. */
final class Keyrings {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One generation of keys: a wrapping key and a signing key. */
    static final class Generation {
        final String wrappingId;
        final byte[] wrapping = new byte[32];
        final String signingId;
        final byte[] signing = new byte[32];

        Generation(String suffix) {
            this.wrappingId = "wk-" + suffix;
            this.signingId = "sk-" + suffix;
            RANDOM.nextBytes(wrapping);
            RANDOM.nextBytes(signing);
        }
    }

    private Keyrings() {
    }

    /** Writes a keyring holding {@code generations}, the last one current. */
    static Path write(Path file, List<Generation> generations) {
        StringBuilder w = new StringBuilder();
        StringBuilder s = new StringBuilder();
        for (Generation g : generations) {
            w.append(w.length() == 0 ? "" : ",").append("{\"id\":\"").append(g.wrappingId)
                    .append("\",\"alg\":\"AES-256\",\"key\":\"").append(Base64.getEncoder().encodeToString(g.wrapping))
                    .append("\"}");
            s.append(s.length() == 0 ? "" : ",").append("{\"id\":\"").append(g.signingId).append("\",\"key\":\"")
                    .append(Base64.getEncoder().encodeToString(g.signing)).append("\"}");
        }
        Generation current = generations.get(generations.size() - 1);
        String json = "{\"format\":\"coffer-keyring-1\",\"wrapping_keys\":[" + w + "],\"signing_keys\":[" + s
                + "],\"current_wrapping_key\":\"" + current.wrappingId + "\",\"current_signing_key\":\""
                + current.signingId + "\"}";
        try {
            Files.writeString(file, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The provider of {@code generations}, the last one current (what a keyring file of them gives). */
    static WrappedProvider provider(List<Generation> generations) {
        WrappedProvider.Builder b = WrappedProvider.builder();
        for (Generation g : generations) {
            b.addWrappingKey(WrappingKey.aes(g.wrappingId, SecretBytes.copyOf(g.wrapping)));
            b.addSigningKey(g.signingId, SecretBytes.copyOf(g.signing));
        }
        Generation current = generations.get(generations.size() - 1);
        return b.currentWrappingKey(current.wrappingId).currentSigningKey(current.signingId).build();
    }
}
