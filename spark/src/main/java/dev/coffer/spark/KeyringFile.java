package dev.coffer.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.ConfigurationException;
import dev.coffer.MaterialsException;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.WrappedProvider;
import dev.coffer.materials.WrappingKey;
import dev.coffer.spark.internal.JobFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;

/**
 * A local keyring file ({@code coffer keygen}'s format, docs/cli.md) read on each executor into a
 * {@link dev.coffer.materials.WrappedProvider}. Only the path travels with the job; the keys are read
 * from the executor's own file system. Ship the file with {@code spark-submit --files keyring.json}
 * and name it by its file name: a path that does not exist on the executor is looked up among the
 * job's files ({@code SparkFiles.get}). Meant for tests and small set-ups; use {@link KmsKeys} in
 * production.
 *
 * <pre>{@code
 * KeySource keys = KeyringFile.of("keyring.json");
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public final class KeyringFile implements KeySource {
    private static final long serialVersionUID = 1L;

    private final String path;

    private KeyringFile(String path) {
        this.path = path;
    }

    /** The keyring at {@code path} on each executor, or the job file of that name. */
    public static KeyringFile of(String path) {
        if (path == null || path.isEmpty()) {
            throw new ConfigurationException("KeyringFile: the path must name a keyring file");
        }
        return new KeyringFile(path);
    }

    /** The path as given. */
    public String path() {
        return path;
    }

    @Override
    public MaterialsProvider createProvider() {
        Path file = JobFiles.resolve(path);
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new MaterialsException("keyring file '" + path + "': cannot be read on this executor ("
                    + e.getClass().getSimpleName() + "); ship it with spark-submit --files or give a path every"
                    + " executor can read", e);
        }
        if (root == null || !"coffer-keyring-1".equals(root.path("format").asText())) {
            throw new MaterialsException("keyring file '" + path + "': not a Coffer keyring (format must be"
                    + " coffer-keyring-1; make one with coffer keygen)");
        }
        WrappedProvider.Builder b = WrappedProvider.builder();
        for (JsonNode w : root.path("wrapping_keys")) {
            byte[] key = decode(w, "wrapping key");
            try {
                b.addWrappingKey(WrappingKey.aes(w.path("id").asText(), SecretBytes.copyOf(key)));
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
        for (JsonNode s : root.path("signing_keys")) {
            byte[] key = decode(s, "signing key");
            try {
                b.addSigningKey(s.path("id").asText(), SecretBytes.copyOf(key));
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
        if (root.hasNonNull("current_wrapping_key")) {
            b.currentWrappingKey(root.get("current_wrapping_key").asText());
        }
        if (root.hasNonNull("current_signing_key")) {
            b.currentSigningKey(root.get("current_signing_key").asText());
        }
        return b.build();
    }

    private byte[] decode(JsonNode entry, String what) {
        try {
            return Base64.getDecoder().decode(entry.path("key").asText());
        } catch (IllegalArgumentException e) {
            throw new MaterialsException("keyring file '" + path + "': " + what + " '" + entry.path("id").asText()
                    + "' is not base64");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyringFile && ((KeyringFile) o).path.equals(path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    @Override
    public String toString() {
        return "KeyringFile{" + path + "}";
    }
}
