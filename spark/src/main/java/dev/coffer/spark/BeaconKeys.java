package dev.coffer.spark;

import dev.coffer.ConfigurationException;
import dev.coffer.MaterialsException;
import dev.coffer.beacon.BeaconKeySource;
import dev.coffer.materials.SecretBytes;
import dev.coffer.spark.internal.JobFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;

/**
 * A table's beacon key (searchable encryption, docs/searchable-encryption.md) as an
 * {@link ExecutorResource}, read on each executor from a file holding the 32-byte key in base64 (one
 * line): only the path travels with the job. Ship the file with {@code spark-submit --files} and
 * name it by its file name, as with {@link KeyringFile}. For a beacon key kept in a meta-store
 * ({@code MetaStoreBeaconKey}), write an {@link ExecutorResource} that builds it from the meta-store's
 * names, as {@link MostRecentKeys} does for a provider.
 *
 * <pre>{@code
 * BeaconKeys beaconKey = BeaconKeys.file("orders-beacon.key");
 * (table, executor) -> table.partitionKey("id").beacons(BeaconConfig.builder()
 *         .keySource(executor.get(beaconKey)).addStandardBeacon(StandardBeacon.of("email", 16)).build())
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public final class BeaconKeys implements ExecutorResource<BeaconKeySource> {
    private static final long serialVersionUID = 1L;

    private final String path;

    private BeaconKeys(String path) {
        this.path = path;
    }

    /** The beacon key file at {@code path} on each executor, or the job file of that name. */
    public static BeaconKeys file(String path) {
        if (path == null || path.isEmpty()) {
            throw new ConfigurationException("BeaconKeys: the path must name a beacon key file");
        }
        return new BeaconKeys(path);
    }

    @Override
    public BeaconKeySource create() {
        Path file = JobFiles.resolve(path);
        byte[] text;
        try {
            text = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new MaterialsException("beacon key file '" + path + "': cannot be read on this executor ("
                    + e.getClass().getSimpleName() + "); ship it with spark-submit --files", e);
        }
        byte[] key = null;
        try {
            key = Base64.getDecoder().decode(new String(text, StandardCharsets.US_ASCII).trim());
            return BeaconKeySource.local(SecretBytes.copyOf(key));
        } catch (IllegalArgumentException e) {
            throw new MaterialsException("beacon key file '" + path + "': not a base64 key");
        } catch (ConfigurationException e) {
            throw new MaterialsException("beacon key file '" + path + "': " + e.getMessage());
        } finally {
            Arrays.fill(text, (byte) 0);
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BeaconKeys && ((BeaconKeys) o).path.equals(path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    @Override
    public String toString() {
        return "BeaconKeys{" + path + "}";
    }
}
