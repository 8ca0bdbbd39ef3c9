package dev.coffer.spark;

import dev.coffer.ConfigurationException;
import dev.coffer.MaterialsException;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.spark.internal.JobFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A local keyring file ({@code coffer keygen}'s format, docs/cli.md) read on each executor into a
 * {@link dev.coffer.materials.WrappedProvider} by coffer-keyring (ECDSA key pairs included). Only the path travels with the job; the keys are read
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

    /**
     * Reads the keyring on this executor with coffer-keyring, as the CLI reads it (signature key
     * pairs included, so tables on the ECDSA suite work). A file other users may read or change is
     * accepted here, without a warning (unlike the CLI and the Spring starter): Spark sets the mode of
     * the files it ships ({@code --files}) in the application's own work directory, so group and other
     * bits say little on an executor; protect the file where it is kept.
     */
    @Override
    public MaterialsProvider createProvider() {
        Path file = JobFiles.resolve(path);
        if (!Files.isRegularFile(file)) {
            throw new MaterialsException("keyring file '" + path + "': not found on this executor; ship it with "
                    + "spark-submit --files or give a path every executor can read");
        }
        try {
            return dev.coffer.keyring.KeyringFile.read(file, null, acceptedOnExecutors -> { }).toProvider();
        } catch (ConfigurationException e) {
            throw new MaterialsException("keyring file '" + path + "' on this executor: " + e.getMessage(), e);
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
