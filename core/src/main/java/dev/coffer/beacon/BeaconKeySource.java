package dev.coffer.beacon;

import dev.coffer.ConfigurationException;
import dev.coffer.materials.SecretBytes;

/**
 * Where a table's beacon key comes from: one long-lived 32-byte secret per table, from which the
 * HMAC key of every beacon is derived (docs/FORMAT.md, "Beacons"). Beacons must stay comparable
 * across every item and every data-key rotation, so the beacon key is never a per-item key, and it
 * changes only through an explicit migration (docs/searchable-encryption.md, "Rotating the beacon
 * key").
 *
 * <p>Two sources ship with Coffer: {@link #local(SecretBytes)} (tests and simple set-ups; you keep
 * the secret) and {@code MetaStoreBeaconKey} in {@code coffer-most-recent} (a random key kept in the
 * meta-store table, encrypted under KMS, unwrapped once per process).
 *
 * <pre>{@code
 * BeaconKeySource key = BeaconKeySource.local(SecretBytes.copyOf(secret32));
 * }</pre>
 *
 * <p>Thread-safety: implementations must be safe to call from any thread; Coffer calls
 * {@link #beaconKey()} until it first succeeds and keeps the keys it derives from the result.
 */
public interface BeaconKeySource {
    /** The beacon key, 32 bytes. The caller may destroy the returned copy. */
    SecretBytes beaconKey();

    /**
     * A source that always returns {@code key} (32 bytes). Keep the secret as you would a data key:
     * whoever has it can compute the beacon of any guess and test it against the table.
     *
     * @throws ConfigurationException if {@code key} is null or not 32 bytes
     */
    static BeaconKeySource local(SecretBytes key) {
        if (key == null || key.length() != 32) {
            throw new ConfigurationException("beacon key: a local beacon key must be 32 bytes, got "
                    + (key == null ? "none" : key.length() + " bytes") + "; generate one with SecretBytes.random(32) "
                    + "and keep it with your other secrets");
        }
        byte[] raw = key.toByteArray();
        SecretBytes copy = SecretBytes.copyOf(raw);
        java.util.Arrays.fill(raw, (byte) 0);
        return new BeaconKeySource() {
            @Override
            public SecretBytes beaconKey() {
                byte[] b = copy.toByteArray();
                try {
                    return SecretBytes.copyOf(b);
                } finally {
                    java.util.Arrays.fill(b, (byte) 0);
                }
            }

            @Override
            public String toString() {
                return "BeaconKeySource.local";
            }
        };
    }
}
